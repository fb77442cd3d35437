package views

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The four-party coverage of the forums (kartlaggning.Coverage): which of
// the förbund's parties sit in each forum, and which are missing.

func (s *Server) handleAPICoverage(c echo.Context) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	list, err := l.x.Coverage(c.QueryParam("municipality"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// coverageSorts are the orders the page offers, the first the default.
var coverageSorts = []kartlaggning.Option{
	{Value: "saknas", Label: "Flest saknade parter först"},
	{Value: "forum", Label: "Forumets namn"},
	{Value: "niva", Label: "Nivå"},
}

// coverageMinPresent is how many parties must already meet in a forum for
// the page to show it by default: a forum inside one organisation is not
// expected to hold the others (on the example only 4 of 85 forums have
// every party, so the unfiltered list is mostly noise).
const coverageMinPresent = 2

type coverageRow struct {
	Forum   link
	Level   string
	Present []link
	Missing []link
}

type coveragePage struct {
	page
	Year      int
	Level     string
	Levels    []kartlaggning.Option
	Sort      string
	Sorts     []kartlaggning.Option
	All       bool
	Rows      []coverageRow
	Forums    string // forums in the edition
	Complete  string // forums with every expected party
	Shown     string
	Parties   []link
	APIURL    string
	NoParties bool
}

func (s *Server) handleCoveragePage(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		year, err := yearParam(c)
		if err != nil {
			return "", nil, err
		}
		all, err := boolParam(c, "all")
		if err != nil {
			return "", nil, err
		}
		level := c.QueryParam("level")
		if level != "" && !slices.ContainsFunc(kartlaggning.Levels, func(o kartlaggning.Option) bool { return o.Value == level }) {
			msg := fmt.Sprintf("Okänd nivå %q: välj strategisk, operativ eller individ.", level)
			return "", nil, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: msg, Fields: []kartlaggning.FieldError{{Path: "level", Message: msg}}}
		}
		order := c.QueryParam("sort")
		if order == "" {
			order = coverageSorts[0].Value
		}
		if !slices.ContainsFunc(coverageSorts, func(o kartlaggning.Option) bool { return o.Value == order }) {
			msg := fmt.Sprintf("Okänd sortering %q: välj saknas, forum eller niva.", order)
			return "", nil, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: msg, Fields: []kartlaggning.FieldError{{Path: "sort", Message: msg}}}
		}
		p, _, err := s.editionPage(c, "Parter som saknas i forumen", analysisCrumb(year), crumb{Label: "Parter som saknas"})
		if err != nil {
			return "", nil, err
		}
		l, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		list, err := l.x.Coverage("")
		if err != nil {
			return "", nil, err
		}
		data := coveragePage{page: p, Year: year, Level: level, Levels: kartlaggning.Levels, Sort: order, Sorts: coverageSorts, All: all,
			Forums: swedishNumber(len(list)), APIURL: "/api/v1" + joinPath("editions", year, "coverage")}
		var parties []string
		for _, o := range l.x.Doc.Organisations {
			if o.Party {
				parties = append(parties, o.ID)
			}
		}
		data.Parties, data.NoParties = l.links(kartlaggning.Organisations, parties), len(parties) == 0
		complete := 0
		type sortable struct {
			row     coverageRow
			missing int
			level   int
		}
		var rows []sortable
		for _, fc := range list {
			if len(fc.Missing) == 0 {
				complete++
				continue
			}
			f := l.forum(fc.Forum)
			if (level != "" && f.Level != level) || (!all && len(fc.Present) < coverageMinPresent) {
				continue
			}
			rows = append(rows, sortable{row: coverageRow{Forum: l.forumLink(f.ID), Level: kartlaggning.OptionLabel(kartlaggning.Levels, f.Level),
				Present: l.links(kartlaggning.Organisations, fc.Present), Missing: l.links(kartlaggning.Organisations, fc.Missing)},
				missing: len(fc.Missing), level: slices.IndexFunc(kartlaggning.Levels, func(o kartlaggning.Option) bool { return o.Value == f.Level })})
		}
		slices.SortStableFunc(rows, func(a, b sortable) int {
			byName := compareSwedish(a.row.Forum.Label, b.row.Forum.Label)
			switch order {
			case "saknas":
				return cmp.Or(cmp.Compare(b.missing, a.missing), byName)
			case "niva":
				return cmp.Or(cmp.Compare(a.level, b.level), byName)
			}
			return byName
		})
		for _, r := range rows {
			data.Rows = append(data.Rows, r.row)
		}
		data.Complete, data.Shown = swedishNumber(complete), swedishNumber(len(data.Rows))
		return "analysis_coverage", data, nil
	})
}
