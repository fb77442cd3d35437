package views

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Trends follow a municipality or a unit through every edition the
// installation holds (kartlaggning.Trends). They span editions, so the
// page is not kept in the page cache, which is keyed by one edition's
// revision: a write to another year would leave it stale.

// minTrendEditions is how many editions a trend needs before the page
// draws it: two years are a comparison (the diff page), not a trend.
const minTrendEditions = 3

// trendEditions returns the lookups of every edition the reader may see
// (a public reader sees the published ones only), oldest first.
func (s *Server) trendEditions(c echo.Context) ([]*lookup, error) {
	ctx := c.Request().Context()
	list, err := s.Store.Editions(ctx)
	if err != nil {
		return nil, err
	}
	var out []*lookup
	for _, e := range visibleEditions(c, list) {
		l, err := s.edition(ctx, e.Year)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// trends computes the trend of scope over the editions. A scope that no
// edition has is a 404 naming the parameter it came from.
func trends(editions []*lookup, scope kartlaggning.Ref, field string) ([]kartlaggning.TrendYear, error) {
	xs := make([]*kartlaggning.Index, len(editions))
	for i, l := range editions {
		xs[i] = l.x
	}
	list, err := kartlaggning.Trends(xs, scope)
	if e, ok := kartlaggning.AsError(err); ok && e.Code == kartlaggning.ENOTFOUND && len(e.Fields) == 0 {
		e.Fields = []kartlaggning.FieldError{{Path: field, Message: e.Message}}
	}
	return list, err
}

// handleAPITrends answers /api/v1/trends?municipality=id or ?unit=id.
func (s *Server) handleAPITrends(c echo.Context) error {
	m, u := strings.TrimSpace(c.QueryParam("municipality")), strings.TrimSpace(c.QueryParam("unit"))
	if (m == "") == (u == "") {
		msg := "Ange antingen municipality eller unit, t.ex. /api/v1/trends?municipality=habo."
		return &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: msg,
			Fields: []kartlaggning.FieldError{{Path: "municipality", Message: msg}, {Path: "unit", Message: msg}}}
	}
	scope, field := kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: m}, "municipality"
	if u != "" {
		scope, field = kartlaggning.Ref{Kind: kartlaggning.Units, ID: u}, "unit"
	}
	editions, err := s.trendEditions(c)
	if err != nil {
		return err
	}
	list, err := trends(editions, scope, field)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

type trendRow struct {
	Year                             int
	Forums, Partners, Meetings, Gaps string
}

type trendChanges struct {
	Year                     int
	Joined, Left             []link
	JoinedForums, LeftForums []link
	Nothing                  bool
}

type trendsPage struct {
	page
	Year     int
	Name     string
	Scope    string // "kommunen" or "enheten"
	Editions string
	Enough   bool
	Need     int
	Charts   []lineChart
	Rows     []trendRow
	Changes  []trendChanges
	APIURL   string
	BackURL  string
}

func (s *Server) handleTrendsPage(c echo.Context, k kartlaggning.Kind) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	year := l.year
	id := c.Param("id")
	scope := kartlaggning.Ref{Kind: k, ID: id}
	e := l.get(scope)
	if e == nil {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen %s med id %q i kartläggningen för %d.", strings.ToLower(k.Singular()), id, year)
	}
	name := l.label(e)
	p, _, err := s.editionPage(c, "Utveckling över åren: "+name, crumb{Label: k.Plural(), URL: joinPath("editions", year, k)},
		crumb{Label: name, URL: entityURL(year, k, id)}, crumb{Label: "Utveckling över åren"})
	if err != nil {
		return err
	}
	editions, err := s.trendEditions(c)
	if err != nil {
		return err
	}
	field, word := "unit", "enheten"
	if k == kartlaggning.Municipalities {
		field, word = "municipality", "kommunen"
	}
	data := trendsPage{page: p, Year: year, Name: name, Scope: word, Editions: swedishNumber(len(editions)), Need: minTrendEditions,
		Enough: len(editions) >= minTrendEditions, APIURL: "/api/v1/trends?" + field + "=" + id, BackURL: entityURL(year, k, id)}
	if !data.Enough {
		return c.Render(http.StatusOK, "trends", data)
	}
	list, err := trends(editions, scope, field)
	if err != nil {
		return err
	}
	byYear := map[int]*lookup{}
	var years []int
	var forums, partners, meetings, gaps []int
	for _, l := range editions {
		byYear[l.year] = l
	}
	for i, ty := range list {
		years = append(years, ty.Year)
		forums, partners, gaps = append(forums, ty.Forums), append(partners, ty.Partners), append(gaps, ty.Gaps)
		meetings = append(meetings, ty.Meetings.Min)
		m := meetingRange(ty.Meetings.Min, ty.Meetings.Max)
		if ty.Meetings.Unknown > 0 {
			m += fmt.Sprintf(" (+%s forum okänt)", swedishNumber(ty.Meetings.Unknown))
		}
		data.Rows = append(data.Rows, trendRow{Year: ty.Year, Forums: swedishNumber(ty.Forums), Partners: swedishNumber(ty.Partners),
			Meetings: m, Gaps: swedishNumber(ty.Gaps)})
		if i == 0 {
			continue
		}
		now, before := byYear[ty.Year], byYear[list[i-1].Year]
		ch := trendChanges{Year: ty.Year}
		ch.Joined, _ = actorLinks(now, ty.Joined.Actors, len(ty.Joined.Actors))
		ch.Left, _ = actorLinks(before, ty.Left.Actors, len(ty.Left.Actors))
		ch.JoinedForums = now.links(kartlaggning.Forums, ty.Joined.Forums)
		ch.LeftForums = before.links(kartlaggning.Forums, ty.Left.Forums)
		ch.Nothing = len(ch.Joined)+len(ch.Left)+len(ch.JoinedForums)+len(ch.LeftForums) == 0
		data.Changes = append(data.Changes, ch)
	}
	data.Charts = []lineChart{
		newLineChart("forum", "Forum", "forum", years, forums),
		newLineChart("parter", "Aktörer som "+word+" möter", "aktörer", years, partners),
		newLineChart("moten", "Möten per år (minst)", "möten", years, meetings),
		newLineChart("luckor", "Parter som aldrig möts", "luckor", years, gaps),
	}
	return c.Render(http.StatusOK, "trends", data)
}
