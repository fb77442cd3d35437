package views

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// summaryUnit is one unit of a municipality's summary, written the way
// the kartläggning is: its forums, its answers, its wishes, its gaps.
type summaryUnit struct {
	Anchor           string
	Link             link
	Organisation     link
	Description      string
	Forums           forumTable
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
	Label string
	Count string
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

func (s *Server) handleSummaryPage(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	x, _, err := s.analysisSnapshot(c.Request().Context(), year)
	if err != nil {
		return err
	}
	sum, err := x.Summarise(c.Param("id"))
	if err != nil {
		return err
	}
	m := sum.Municipality
	title := "Sammanställning för " + m.Name
	p, _, err := s.editionPage(c, title, crumb{Label: kartlaggning.Municipalities.Plural(), URL: joinPath("editions", year, kartlaggning.Municipalities)},
		crumb{Label: m.Name, URL: entityURL(year, kartlaggning.Municipalities, m.ID)}, crumb{Label: "Sammanställning"})
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "summary", summaryData(p, x, sum))
}

func summaryData(p page, x *kartlaggning.Index, sum *kartlaggning.Summary) summaryPage {
	l := snapshotLinks{x: x, year: sum.Year}
	data := summaryPage{page: p, Year: sum.Year, Municipality: sum.Municipality.Name,
		UnitCount: swedishNumber(sum.Totals.Units), ForumCount: swedishNumber(sum.Totals.Forums),
		Meetings:    meetingRange(sum.Totals.MeetingsPerYear.Min, sum.Totals.MeetingsPerYear.Max),
		APIURL:      "/api/v1" + joinPath("editions", sum.Year, "municipalities", sum.Municipality.ID, "summary"),
		OverlapsURL: joinPath("editions", sum.Year, "analysis", "overlaps") + "?municipality=" + sum.Municipality.ID}
	for _, o := range kartlaggning.Levels {
		data.Levels = append(data.Levels, countRow{o.Label, swedishNumber(sum.Totals.ByLevel[o.Value])})
	}
	for _, o := range kartlaggning.Scopes {
		data.Scopes = append(data.Scopes, countRow{o.Label, swedishNumber(sum.Totals.ByScope[o.Value])})
	}
	data.Scopes = append(data.Scopes, countRow{"Ej angiven", swedishNumber(sum.Totals.ByScope[kartlaggning.ScopeUnknown])})
	for _, inc := range sum.Incomplete {
		row := incompleteRow{Forum: l.forum(inc.Forum)}
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

func summaryUnitData(l snapshotLinks, us kartlaggning.UnitSummary) summaryUnit {
	u := l.x.Units[us.ID]
	self := kartlaggning.Ref{Kind: kartlaggning.Units, ID: us.ID}
	out := summaryUnit{Anchor: "enhet-" + us.ID, Link: l.unit(us.ID).plain(), Organisation: l.organisation(us.Organisation),
		Description: u.Description, WorksWell: u.WorksWell, NeedsDevelopment: u.NeedsDevelopment,
		Meetings: meetingLoadText(us.MeetingsPerYear, len(us.Forums))}
	out.Forums = forumTable{Caption: "Forum där " + u.Name + " deltar", Role: true, Others: true,
		Empty: "Enheten deltar inte i något forum som kartläggningen känner till."}
	for _, id := range us.Forums {
		f := l.x.Forums[id]
		row := forumRow{Link: l.forum(id), Kind: f.Kind, Level: f.Level, Frequency: f.Frequency, Members: len(f.Members)}
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
		out.PartiesMet = append(out.PartiesMet, l.organisation(id))
	}
	sortedLinks(out.PartiesMet)
	for _, id := range us.PartyGaps {
		out.Gaps = append(out.Gaps, "Ingen gemensam arena med "+l.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: id}).Label+".")
	}
	slices.SortFunc(out.Gaps, compareSwedish)
	for _, id := range us.InternalUnitsMet {
		out.InternalMet = append(out.InternalMet, l.unit(id).plain())
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
