package views

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

type analysisIndexPage struct {
	page
	Year      int
	Summaries []link
}

func (s *Server) handleAnalysisIndex(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		p, year, err := s.editionPage(c, "Analys", crumb{Label: "Analys"})
		if err != nil {
			return "", nil, err
		}
		l, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		x := l.x
		data := analysisIndexPage{page: p, Year: year}
		for _, m := range x.Doc.Municipalities {
			data.Summaries = append(data.Summaries, link{Label: m.Name, URL: joinPath("editions", year, "municipalities", m.ID, "summary")})
		}
		sortedLinks(data.Summaries)
		return "analysis_index", data, nil
	})
}

// maxOverlapRows bounds the overlaps page; the API has them all.
const maxOverlapRows = 500

type overlapRow struct {
	A, B         link
	Jaccard      string
	Percent      string
	Shared       []link
	TargetGroups []string
	SameLevel    bool
	Levels       string
}

// overlapGroupRow is one group of forums with nearly the same members,
// with the pairs that make it for the page's <details>.
type overlapGroupRow struct {
	Number       int
	Forums       []link
	Size         string
	Shared       []link
	MinPercent   string
	SameLevel    bool
	Levels       string
	TargetGroups []string
	Pairs        []overlapRow
}

type overlapsPage struct {
	page
	Year           int
	Group          bool // groups of forums (the default) rather than pairs
	Min            string
	MinError       string
	Municipality   string
	Municipalities []kartlaggning.Option
	Rows           []overlapRow
	Groups         []overlapGroupRow
	Total          string
	Shown          string
	Truncated      bool
	APIURL         string
}

func (s *Server) handleOverlapsPage(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		year, err := yearParam(c)
		if err != nil {
			return "", nil, err
		}
		// The page shows groups unless asked for pairs; the API the other
		// way round, as it did before groups existed.
		group := true
		if c.QueryParam("group") != "" {
			if group, err = boolParam(c, "group"); err != nil {
				return "", nil, err
			}
		}
		def := defaultOverlapMin
		if group {
			def = kartlaggning.DefaultGroupMin
		}
		p, _, err := s.editionPage(c, "Överlappande forum", analysisCrumb(year), crumb{Label: "Överlappande forum"})
		if err != nil {
			return "", nil, err
		}
		l, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		x := l.x
		municipality := c.QueryParam("municipality")
		data := overlapsPage{page: p, Year: year, Group: group, Municipality: municipality, Min: shortDecimal(def)}
		for _, m := range x.Doc.Municipalities {
			data.Municipalities = append(data.Municipalities, kartlaggning.Option{Value: m.ID, Label: m.Name})
		}
		sortOptions(data.Municipalities)

		threshold, err := overlapMinOr(c, def)
		if err != nil {
			// The form again, with the message beside the field.
			e, _ := kartlaggning.AsError(err)
			data.Min, data.MinError = c.QueryParam("min"), e.Message
			return "", nil, c.Render(http.StatusBadRequest, "analysis_overlaps", data)
		}
		if c.QueryParam("min") != "" {
			data.Min = shortDecimal(threshold)
		}
		data.APIURL = "/api/v1" + joinPath("editions", year, "overlaps") + "?min=" + strings.Replace(data.Min, ",", ".", 1)
		if group {
			data.APIURL += "&group=true"
		}
		if municipality != "" {
			data.APIURL += "&municipality=" + url.QueryEscape(municipality)
		}
		levels := func(a, b *kartlaggning.Forum) string {
			if a.Level == b.Level {
				return kartlaggning.OptionLabel(kartlaggning.Levels, a.Level)
			}
			return kartlaggning.OptionLabel(kartlaggning.Levels, a.Level) + " / " + kartlaggning.OptionLabel(kartlaggning.Levels, b.Level)
		}
		pairRow := func(o kartlaggning.Overlap) overlapRow {
			row := overlapRow{A: l.forumLink(o.A), B: l.forumLink(o.B), Jaccard: swedishDecimal(o.Jaccard, 2), Percent: swedishPercent(o.Jaccard),
				TargetGroups: o.SharedTargetGroups, SameLevel: o.SameLevel, Levels: levels(x.Forums[o.A], x.Forums[o.B])}
			for _, k := range o.Shared {
				row.Shared = append(row.Shared, l.memberKey(k))
			}
			sortedLinks(row.Shared)
			return row
		}
		if group {
			groups, err := x.OverlapGroups(threshold, municipality)
			if err != nil {
				return "", nil, err
			}
			// The pairs of every group, found over the whole edition as the
			// groups are.
			pairs, err := x.Overlaps(threshold, "")
			if err != nil {
				return "", nil, err
			}
			at := map[string]int{}
			data.Total, data.Truncated = swedishNumber(len(groups)), len(groups) > maxOverlapRows
			for i, g := range groups[:min(len(groups), maxOverlapRows)] {
				row := overlapGroupRow{Number: i + 1, Forums: l.links(kartlaggning.Forums, g.Forums), Size: swedishNumber(len(g.Forums)),
					MinPercent: swedishPercent(g.MinJaccard), SameLevel: g.SameLevel, TargetGroups: g.SharedTargetGroups}
				if g.SameLevel {
					row.Levels = kartlaggning.OptionLabel(kartlaggning.Levels, x.Forums[g.Forums[0]].Level)
				}
				for _, k := range g.Shared {
					row.Shared = append(row.Shared, l.memberKey(k))
				}
				sortedLinks(row.Shared)
				for _, id := range g.Forums {
					at[id] = len(data.Groups)
				}
				data.Groups = append(data.Groups, row)
			}
			for _, o := range pairs {
				if i, ok := at[o.A]; ok {
					data.Groups[i].Pairs = append(data.Groups[i].Pairs, pairRow(o))
				}
			}
			data.Shown = swedishNumber(len(data.Groups))
			return "analysis_overlaps", data, nil
		}
		list, err := overlapsFor(x, threshold, municipality)
		if err != nil {
			return "", nil, err
		}
		data.Total, data.Truncated = swedishNumber(len(list)), len(list) > maxOverlapRows
		for _, o := range list[:min(len(list), maxOverlapRows)] {
			data.Rows = append(data.Rows, pairRow(o))
		}
		data.Shown = swedishNumber(len(data.Rows))
		return "analysis_overlaps", data, nil
	})
}

func (s *Server) handleMatrixPage(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		switch c.QueryParam("format") {
		case "", "html":
		case "csv":
			return "", nil, s.handleMatrixCSV(c)
		default:
			return "", nil, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Okänt format: välj csv eller ingenting (sidan).",
				Fields: []kartlaggning.FieldError{{Path: "format", Message: "Formatet kan vara csv."}}}
		}
		year, err := yearParam(c)
		if err != nil {
			return "", nil, err
		}
		p, _, err := s.editionPage(c, "Partnermatris", analysisCrumb(year), crumb{Label: "Partnermatris"})
		if err != nil {
			return "", nil, err
		}
		l, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		return "analysis_matrix", matrixData(p, l, l.Matrix()), nil
	})
}

type metricRow struct {
	Rank        int
	Unit        link
	Partners    string
	Forums      string
	Betweenness string
	Bar         int // betweenness as a share of the highest, in tenths, for the bar
}

type metricsPage struct {
	page
	Year      int
	Rows      []metricRow
	Units     string
	Isolated  string
	APIURL    string
	Shown     string
	Truncated bool
}

// maxMetricRows bounds the nyckeltal page; the API has every unit.
const maxMetricRows = 500

func (s *Server) handleMetricsPage(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		year, err := yearParam(c)
		if err != nil {
			return "", nil, err
		}
		p, _, err := s.editionPage(c, "Nyckeltal", analysisCrumb(year), crumb{Label: "Nyckeltal"})
		if err != nil {
			return "", nil, err
		}
		l, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		metrics := l.Metrics()
		data := metricsPage{page: p, Year: year, Units: swedishNumber(len(metrics)), APIURL: "/api/v1" + joinPath("editions", year, "metrics")}
		top := 0.0
		if len(metrics) > 0 {
			top = metrics[0].Betweenness
		}
		isolated := 0
		for i, m := range metrics {
			if m.Partners == 0 {
				isolated++
			}
			if i >= maxMetricRows {
				data.Truncated = true
				continue
			}
			row := metricRow{Rank: i + 1, Unit: l.member(m.Ref()), Partners: swedishNumber(m.Partners), Forums: swedishNumber(m.Forums),
				Betweenness: swedishDecimal(m.Betweenness, 3)}
			if top > 0 {
				row.Bar = int(m.Betweenness/top*10 + 0.5)
			}
			data.Rows = append(data.Rows, row)
		}
		data.Isolated, data.Shown = swedishNumber(isolated), swedishNumber(len(data.Rows))
		return "analysis_metrics", data, nil
	})
}

func (s *Server) handleMatrixCSV(c echo.Context) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	return writeMatrixCSV(c, l.Matrix())
}
