package views

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// overlapsFor finds the overlaps of an edition, for one municipality if
// it is given; an unknown municipality is ENOTFOUND naming the parameter.
func overlapsFor(x *kartlaggning.Index, min float64, municipality string) ([]kartlaggning.Overlap, error) {
	list, err := x.Overlaps(min, municipality)
	if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
		e, _ := kartlaggning.AsError(err)
		return nil, &kartlaggning.Error{Code: e.Code, Message: e.Message,
			Fields: []kartlaggning.FieldError{{Path: "municipality", Message: e.Message}}}
	}
	return list, err
}

// analysisCrumb is the trail's step to the analysis hub.
func analysisCrumb(year int) crumb {
	return crumb{Label: "Analys", URL: joinPath("editions", year, "analysis")}
}

// heatLevels is how many shades the matrix uses besides "none".
const heatLevels = 4

type matrixHead struct {
	Label string
	Name  string
}

type matrixCellView struct {
	Forums   string
	Meetings string
	Unknown  int
	Heat     int
	Diagonal bool
}

type matrixRowView struct {
	Party link
	Cells []matrixCellView
}

type matrixPage struct {
	page
	Year     int
	Count    string
	Narrowed bool // only some parties are columns; the files have all
	Parties  []matrixHead
	Rows     []matrixRowView
	CSVURL   string
	APIURL   string
	Legend   []string
}

// matrixData builds the heat-map table of the partner matrix, for its page
// and for the report.
func matrixData(p page, l *lookup, m *kartlaggning.Matrix) matrixPage {
	year, x := l.year, l.x
	data := matrixPage{page: p, Year: year, CSVURL: joinPath("editions", year, "analysis", "matrix.csv"),
		APIURL: "/api/v1" + joinPath("editions", year, "matrix"), Count: swedishNumber(len(m.Parties))}
	columns := matrixColumns(x, m)
	data.Narrowed = len(columns) < len(m.Parties)
	most := 0
	for i := range m.Cells {
		for _, j := range columns {
			if i != j {
				most = max(most, m.Cells[i][j].Forums)
			}
		}
	}
	for _, j := range columns {
		data.Parties = append(data.Parties, matrixHead{Label: partyLabel(m.Parties[j]), Name: m.Parties[j].Name})
	}
	for i, p := range m.Parties {
		row := matrixRowView{Party: l.organisationLink(p.ID)}
		for _, j := range columns {
			cell := m.Cells[i][j]
			v := matrixCellView{Forums: swedishNumber(cell.Forums), Unknown: cell.MeetingsPerYear.Unknown, Diagonal: i == j}
			if cell.Forums > cell.MeetingsPerYear.Unknown {
				v.Meetings = meetingsPerYear(cell.MeetingsPerYear.Min, cell.MeetingsPerYear.Max)
			}
			if !v.Diagonal && cell.Forums > 0 {
				v.Heat = (cell.Forums*heatLevels + most - 1) / most // 1..heatLevels
			}
			row.Cells = append(row.Cells, v)
		}
		data.Rows = append(data.Rows, row)
	}
	for h := 1; h <= heatLevels && most > 0; h++ {
		lo, hi := (h-1)*most/heatLevels+1, h*most/heatLevels
		if lo > hi {
			continue
		}
		data.Legend = append(data.Legend, forumsRange(lo, hi))
	}
	return data
}

// maxMatrixColumns is how many parties fit side by side on a page (and on
// a printed page in landscape).
const maxMatrixColumns = 24

// matrixColumns picks the parties that are the page's columns: all of
// them when they fit, else the ones that are not kommuner (the agencies
// and the region every kommun meets), else the first that fit. Every
// party is still a row, and the CSV and JSON have the whole matrix.
func matrixColumns(x *kartlaggning.Index, m *kartlaggning.Matrix) []int {
	all := make([]int, len(m.Parties))
	for i := range all {
		all[i] = i
	}
	if len(all) <= maxMatrixColumns {
		return all
	}
	var others []int
	for i, p := range m.Parties {
		if o := x.Organisations[p.ID]; o != nil && o.Kind != "kommun" {
			others = append(others, i)
		}
	}
	if len(others) == 0 || len(others) > maxMatrixColumns {
		return all[:maxMatrixColumns]
	}
	return others
}

// summaryUnit is one unit of a municipality's summary, written the way
// the kartläggning is: its forums, its answers, its wishes, its gaps.
type summaryUnit struct {
	ID               string
	Anchor           string
	Number           string // its number in the report, "" elsewhere
	Level            int    // its heading's level in the report, 0 elsewhere (h2)
	Link             link
	Organisation     link
	Description      string
	Forums           forumTable
	ForumProse       []string // the forums in sentences by level, in the report only (report_prose.go)
	Meetings         string
	PartiesMet       []link
	Gaps             []string
	InternalMet      []link
	WorksWell        string
	NeedsDevelopment string
	Wishes           []wishView
}

// countRow is one line of a count by category.
type countRow struct {
	Label  string
	Count  string
	Phrase string // the category in running text, where it differs
}

// incompleteRow is a forum the kartläggning knows too little about.
type incompleteRow struct {
	Forum   link
	Missing []string
}

type summaryPage struct {
	page
	Year         int
	Municipality string
	Units        []summaryUnit
	UnitCount    string
	ForumCount   string
	Meetings     string
	Levels       []countRow
	Scopes       []countRow
	Incomplete   []incompleteRow
	APIURL       string
	OverlapsURL  string
}

func summaryData(p page, l *lookup, sum *kartlaggning.Summary) summaryPage {
	data := summaryPage{page: p, Year: sum.Year, Municipality: sum.Municipality.Name,
		UnitCount: swedishNumber(sum.Totals.Units), ForumCount: swedishNumber(sum.Totals.Forums),
		Meetings:    meetingRange(sum.Totals.MeetingsPerYear.Min, sum.Totals.MeetingsPerYear.Max),
		APIURL:      "/api/v1" + joinPath("editions", sum.Year, "municipalities", sum.Municipality.ID, "summary"),
		OverlapsURL: joinPath("editions", sum.Year, "analysis", "overlaps") + "?municipality=" + sum.Municipality.ID}
	for _, o := range kartlaggning.Levels {
		data.Levels = append(data.Levels, countRow{Label: o.Label, Count: swedishNumber(sum.Totals.ByLevel[o.Value]), Phrase: kartlaggning.LevelPhrase(o.Value)})
	}
	for _, o := range kartlaggning.Scopes {
		data.Scopes = append(data.Scopes, countRow{Label: o.Label, Count: swedishNumber(sum.Totals.ByScope[o.Value])})
	}
	data.Scopes = append(data.Scopes, countRow{Label: "Ej angiven", Count: swedishNumber(sum.Totals.ByScope[kartlaggning.ScopeUnknown])})
	for _, inc := range sum.Incomplete {
		row := incompleteRow{Forum: l.forumLink(inc.Forum)}
		for _, m := range inc.Missing {
			row.Missing = append(row.Missing, map[string]string{
				"frequency": "antal möten per år saknas",
				"members":   "färre än två kända deltagare",
			}[m])
		}
		data.Incomplete = append(data.Incomplete, row)
	}
	for _, us := range sum.Units {
		data.Units = append(data.Units, summaryUnitData(l, us))
	}
	return data
}

func summaryUnitData(l *lookup, us kartlaggning.UnitSummary) summaryUnit {
	u := l.x.Units[us.ID]
	self := kartlaggning.Ref{Kind: kartlaggning.Units, ID: us.ID}
	out := summaryUnit{ID: us.ID, Anchor: "enhet-" + us.ID, Link: l.unitLink(us.ID).plain(), Organisation: l.organisationLink(us.Organisation),
		Description: u.Description, WorksWell: u.WorksWell, NeedsDevelopment: u.NeedsDevelopment,
		Meetings: meetingLoadText(us.MeetingsPerYear, len(us.Forums))}
	out.Forums = forumTable{Caption: "Forum där " + u.Name + " deltar", Role: true, Others: true,
		Empty: "Enheten deltar inte i något forum som kartläggningen känner till."}
	for _, id := range us.Forums {
		f := l.x.Forums[id]
		row := forumRow{Link: l.forumLink(id), Kind: f.Kind, Level: f.Level, Frequency: f.Frequency, Members: len(f.Members)}
		for _, m := range f.Members {
			if m.Ref() == self && row.Role == "" {
				row.Role = m.Role
			}
		}
		for _, other := range f.MetBy(self) {
			row.Others = append(row.Others, l.member(other))
		}
		out.Forums.Rows = append(out.Forums.Rows, row)
	}
	for _, id := range us.PartiesMet {
		out.PartiesMet = append(out.PartiesMet, l.organisationLink(id))
	}
	sortedLinks(out.PartiesMet)
	out.Gaps = l.gapSentences(us.PartyGaps)
	for _, id := range us.InternalUnitsMet {
		out.InternalMet = append(out.InternalMet, l.unitLink(id).plain())
	}
	sortedLinks(out.InternalMet)
	for _, w := range us.Wishes {
		v := wishView{Text: w.Text}
		for _, r := range []kartlaggning.Ref{{Kind: kartlaggning.Organisations, ID: w.Organisation},
			{Kind: kartlaggning.Units, ID: w.Unit}, {Kind: kartlaggning.Forums, ID: w.Forum}} {
			if r.ID != "" {
				v.Links = append(v.Links, l.link(r))
			}
		}
		out.Wishes = append(out.Wishes, v)
	}
	return out
}

// writeMatrixCSV answers with the partner matrix as a file Swedish Excel
// opens as it is: semicolons between fields and UTF-8 with a byte order
// mark (without it Excel reads "Försäkringskassan" as Latin-1). Four
// square blocks follow each other, each with its own heading row: shared
// forums, the sums of their least and most meetings per year, and how
// many of them have no known number of meetings.
func writeMatrixCSV(c echo.Context, m *kartlaggning.Matrix) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="partnermatris-%d.csv"`, m.Year))
	c.Response().WriteHeader(http.StatusOK)
	if _, err := c.Response().Write([]byte("\uFEFF")); err != nil {
		return err
	}
	w := csv.NewWriter(c.Response())
	w.Comma = ';'
	w.UseCRLF = true // what Excel writes and expects
	blocks := []struct {
		title string
		value func(kartlaggning.MatrixCell) int
	}{
		{"Gemensamma forum", func(cell kartlaggning.MatrixCell) int { return cell.Forums }},
		{"Möten per år, minst", func(cell kartlaggning.MatrixCell) int { return cell.MeetingsPerYear.Min }},
		{"Möten per år, högst", func(cell kartlaggning.MatrixCell) int { return cell.MeetingsPerYear.Max }},
		{"Forum med okänt antal möten", func(cell kartlaggning.MatrixCell) int { return cell.MeetingsPerYear.Unknown }},
	}
	for bi, b := range blocks {
		if bi > 0 {
			if err := w.Write([]string{""}); err != nil {
				return err
			}
		}
		head := []string{b.title}
		for _, p := range m.Parties {
			head = append(head, spreadsheetText(partyLabel(p)))
		}
		if err := w.Write(head); err != nil {
			return err
		}
		for i, p := range m.Parties {
			row := []string{spreadsheetText(p.Name)}
			for j := range m.Parties {
				row = append(row, strconv.Itoa(b.value(m.Cells[i][j])))
			}
			if err := w.Write(row); err != nil {
				return err
			}
		}
	}
	w.Flush()
	return w.Error()
}

// spreadsheetText keeps a name from being read as a formula: Excel runs a
// cell that starts with =, +, - or @ (a name is typed by users).
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
