package exports

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// Namer gives the display name of an entity of the edition (its id when
// unknown); *kartlaggning.Index is one.
type Namer interface {
	Name(kartlaggning.Ref) string
}

// The sheets of an answers workbook.
const (
	answersSheet        = "Svar"
	answerForumsSheet   = "Forum"
	collaborationsSheet = "Samverkan"
	ratingsSheet        = "Skattningar"
	aboutSheet          = "Om exporten"
)

// WriteResponsesXLSX writes a survey's answers as a workbook for the
// editor: one row per answer on the first sheet, then one row per forum
// (chefsenkät) or collaboration (personalenkät) and per rating, each
// naming its unit.
//
// The personal's answers are anonymous, and the workbook keeps them so:
// no answer ids, no times finer than the day, and rows sorted by unit and
// then by their own content, so that neither the order of rows nor a
// shared key between sheets tells who answered when or which forum rows
// belong to which answer.
func WriteResponsesXLSX(w io.Writer, sv survey.Survey, rs []survey.Response, names Namer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	unit := func(id string) string { return names.Name(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id}) }
	org := func(id string) string {
		if id == "" {
			return ""
		}
		return names.Name(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: id})
	}
	custom := customColumns(sv, rs)

	// Units of different organisations share names ("Försörjningsstöd"),
	// so every sheet names the unit's organisation beside it.
	x, _ := names.(*kartlaggning.Index)
	unitOrg := func(id string) string {
		if x == nil {
			return ""
		}
		if u := x.Units[id]; u != nil {
			return org(u.Organisation)
		}
		return ""
	}
	var main, detail, ratings table
	main.cols = []tcol{{"Enhet", 30, false}, {"Enhetens organisation", 24, false}}
	if sv.Kind == survey.Chef {
		main.cols = append(main.cols, tcol{"Uppdrag", 50, true}, tcol{"Målgrupper", 30, true},
			tcol{"Vad fungerar bra idag?", 50, true}, tcol{"Vad behöver utvecklas?", 50, true},
			tcol{"Vill möta men möter inte", 40, true})
		detail = table{name: answerForumsSheet, cols: []tcol{{"Enhet", 30, false}, {"Enhetens organisation", 24, false}, {"Forum", 30, true},
			{"Typ", 18, false}, {"Nivå", 12, false}, {"Hur ofta", 18, false}, {"Sammankallande", 25, false},
			{"Andra parter", 40, true}, {"Enhetens roll", 16, false}, {"Stämmer fortfarande", 12, false}, {"Kommentar", 40, true}}}
	} else {
		main.cols = append(main.cols, tcol{"Samverkar kring enskilda med", 50, true},
			tcol{"Hinder", 50, true}, tcol{"Idéer", 50, true})
		detail = table{name: collaborationsSheet, cols: []tcol{{"Enhet", 30, false}, {"Enhetens organisation", 24, false}, {"Organisation", 30, false},
			{"Former", 30, true}, {"Hur väl det fungerar", 18, false}, {"Kommentar", 50, true}}}
	}
	for _, q := range custom {
		main.cols = append(main.cols, tcol{q.header, 40, true})
	}
	// Status and day come last: rows are sorted by their cells in order,
	// and the day must not be what orders them.
	main.cols = append(main.cols, tcol{"Status", 12, false}, tcol{"Datum", 12, false})
	main.name = answersSheet
	ratings = table{name: ratingsSheet, cols: []tcol{{"Enhet", 30, false}, {"Enhetens organisation", 24, false}, {"Organisation", 30, false},
		{"Samverkansnivå", 22, false}, {"Hur värdefull (1–4)", 12, false}, {"Hur stor tillit (1–4)", 12, false}}}
	scale := sv.Scale
	if len(scale) != 4 {
		scale = survey.DefaultScale
	}

	submitted := 0
	for i := range rs {
		r := &rs[i]
		a := &r.Answer
		status, day := "Utkast", r.Updated
		if r.Status == survey.Submitted {
			status, day = "Inskickad", r.Submitted
			submitted++
		}
		u, uo := unit(r.Unit), unitOrg(r.Unit)
		row := []string{u, uo}
		if sv.Kind == survey.Chef {
			var wishes []string
			for _, wsh := range a.Wishes {
				who := org(wsh.Organisation)
				if wsh.Unit != "" {
					who = unit(wsh.Unit)
				}
				wishes = append(wishes, joinNonEmpty(": ", who, wsh.Text))
			}
			row = append(row, a.Description, strings.Join(a.TargetGroups, "\n"), a.WorksWell, a.NeedsDevelopment,
				strings.Join(wishes, "\n"))
			for _, fa := range a.Forums {
				name := fa.Name
				if fa.Forum != "" {
					name = names.Name(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: fa.Forum})
				}
				var parties []string
				for _, p := range fa.Parties {
					parties = append(parties, org(p))
				}
				freq := ""
				if fa.Frequency != nil {
					freq = fa.Frequency.Text
				}
				detail.rows = append(detail.rows, []string{u, uo, name,
					kartlaggning.OptionLabel(kartlaggning.ForumKinds, fa.Kind), kartlaggning.OptionLabel(kartlaggning.Levels, fa.Level),
					freq, org(fa.Convener), strings.Join(parties, "\n"), kartlaggning.OptionLabel(kartlaggning.Roles, fa.Role),
					stillText(fa.Still), fa.Note})
			}
		} else {
			var with []string
			for _, c := range a.Collaborations {
				with = append(with, org(c.Organisation))
				detail.rows = append(detail.rows, []string{u, uo, org(c.Organisation), formsText(c.Forms), worksText(c.Works), c.Note})
			}
			row = append(row, strings.Join(with, "\n"), a.Obstacles, a.Ideas)
		}
		for _, q := range custom {
			row = append(row, a.Custom[q.id])
		}
		main.rows = append(main.rows, append(row, status, dayOf(day)))
		for _, rt := range a.Ratings {
			level := ""
			if rt.Level >= 1 && rt.Level <= 4 {
				level = scale[rt.Level-1]
			}
			ratings.rows = append(ratings.rows, []string{u, uo, org(rt.Organisation), level, score(rt.Value), score(rt.Trust)})
		}
	}
	// Sorting every sheet by its cells, unit first, is what keeps the
	// personal's answers anonymous (and it is the order an editor reads
	// in anyway).
	for _, t := range []*table{&main, &detail, &ratings} {
		slices.SortStableFunc(t.rows, func(a, b []string) int {
			for i := range a {
				if c := cmp.Compare(a[i], b[i]); c != 0 {
					return c
				}
			}
			return 0
		})
	}

	if err := f.SetSheetName("Sheet1", answersSheet); err != nil {
		return err
	}
	tables := []*table{&main, &detail}
	if sv.Ratings || len(ratings.rows) > 0 {
		tables = append(tables, &ratings)
	}
	for i, t := range tables {
		if i > 0 {
			if _, err := f.NewSheet(t.name); err != nil {
				return err
			}
		}
		if err := writeTable(f, st, t); err != nil {
			return err
		}
	}
	kind := "Chefsenkät"
	note := "Chefernas svar, ett per enhet."
	if sv.Kind == survey.Personal {
		kind = "Personalenkät"
		note = "Personalens svar är anonyma: exporten har inga svars-id, bara dagen för svaret, och raderna är sorterade efter enhet och innehåll så att ordningen inte avslöjar vem som svarade när."
	}
	about := table{name: aboutSheet, cols: []tcol{{"Uppgift", 24, false}, {"Värde", 90, true}}, rows: [][]string{
		{"Enkät", sv.Title}, {"Typ", kind}, {"Sista svarsdag", sv.Closes},
		{"Antal svar", strconv.Itoa(len(rs))}, {"Varav inskickade", strconv.Itoa(submitted)}, {"Om svaren", note},
	}}
	if _, err := f.NewSheet(about.name); err != nil {
		return err
	}
	if err := writeTable(f, st, &about); err != nil {
		return err
	}
	return f.Write(w)
}

type tcol struct {
	header string
	width  float64
	wrap   bool
}

type table struct {
	name string
	cols []tcol
	rows [][]string
}

func writeTable(f *excelize.File, st styles, t *table) error {
	sw, err := f.NewStreamWriter(t.name)
	if err != nil {
		return err
	}
	for i, c := range t.cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(t.cols))
	for i, c := range t.cols {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	values := make([]any, len(t.cols))
	for r, row := range t.rows {
		for i, c := range t.cols {
			if err := checkLength(row[i], t.name, r+2, i+1, c.header); err != nil {
				return err
			}
			style := st.text
			if c.wrap {
				style = st.wrap
			}
			values[i] = excelize.Cell{StyleID: style, Value: row[i]}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

type customColumn struct{ id, header string }

// customColumns are the editor's own questions, in the survey's order,
// then any question answered but since removed from the survey: an
// export loses no answer.
func customColumns(sv survey.Survey, rs []survey.Response) []customColumn {
	var cols []customColumn
	seen := map[string]bool{}
	for _, q := range sv.Questions {
		cols = append(cols, customColumn{q.ID, q.Text})
		seen[q.ID] = true
	}
	var gone []string
	for _, r := range rs {
		for id := range r.Answer.Custom {
			if !seen[id] {
				seen[id] = true
				gone = append(gone, id)
			}
		}
	}
	slices.Sort(gone)
	for _, id := range gone {
		cols = append(cols, customColumn{id, fmt.Sprintf("Borttagen fråga (%s)", id)})
	}
	return cols
}

// dayOf keeps only the day of a time, as the förbund counts days: finer
// times could tell who answered.
func dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(survey.Stockholm).Format("2006-01-02")
}

var formLabels = map[string]string{"sip": "SIP", "arendeforum": "Ärendeforum", "kontakter": "Personliga kontakter", "annat": "Annat"}

func formsText(forms []string) string {
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = cmp.Or(formLabels[f], f)
	}
	return strings.Join(out, ", ")
}

var worksLabels = [...]string{"", "1 – dåligt", "2 – mindre bra", "3 – bra", "4 – mycket bra"}

func worksText(n int) string {
	if n < 1 || n > 4 {
		return ""
	}
	return worksLabels[n]
}

func score(n int) string {
	if n < 1 || n > 4 {
		return ""
	}
	return strconv.Itoa(n)
}

func stillText(s string) string {
	switch s {
	case "ja":
		return "Ja"
	case "nej":
		return "Nej"
	}
	return ""
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
