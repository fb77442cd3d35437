package views

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// analysisCrumb is the trail's step to the analysis hub.
func analysisCrumb(year int) crumb {
	return crumb{Label: "Analys", URL: joinPath("editions", year, "analysis")}
}

type analysisIndexPage struct {
	page
	Year      int
	Summaries []link
}

func (s *Server) handleAnalysisIndex(c echo.Context) error {
	p, year, err := s.editionPage(c, "Analys", crumb{Label: "Analys"})
	if err != nil {
		return err
	}
	x, _, err := s.analysisSnapshot(c.Request().Context(), year)
	if err != nil {
		return err
	}
	data := analysisIndexPage{page: p, Year: year}
	for _, m := range x.Doc.Municipalities {
		data.Summaries = append(data.Summaries, link{Label: m.Name, URL: joinPath("editions", year, "municipalities", m.ID, "summary")})
	}
	sortedLinks(data.Summaries)
	return c.Render(http.StatusOK, "analysis_index", data)
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

type overlapsPage struct {
	page
	Year           int
	Min            string
	MinError       string
	Municipality   string
	Municipalities []kartlaggning.Option
	Rows           []overlapRow
	Total          string
	Shown          string
	Truncated      bool
	APIURL         string
}

func (s *Server) handleOverlapsPage(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	p, _, err := s.editionPage(c, "Överlappande forum", analysisCrumb(year), crumb{Label: "Överlappande forum"})
	if err != nil {
		return err
	}
	x, _, err := s.analysisSnapshot(c.Request().Context(), year)
	if err != nil {
		return err
	}
	municipality := c.QueryParam("municipality")
	data := overlapsPage{page: p, Year: year, Municipality: municipality, Min: shortDecimal(defaultOverlapMin)}
	for _, m := range x.Doc.Municipalities {
		data.Municipalities = append(data.Municipalities, kartlaggning.Option{Value: m.ID, Label: m.Name})
	}
	sortOptions(data.Municipalities)

	threshold, err := overlapMin(c)
	if err != nil {
		// The form again, with the message beside the field.
		e, _ := kartlaggning.AsError(err)
		data.Min, data.MinError = c.QueryParam("min"), e.Message
		return c.Render(http.StatusBadRequest, "analysis_overlaps", data)
	}
	if c.QueryParam("min") != "" {
		data.Min = shortDecimal(threshold)
	}
	list, err := overlapsFor(x, threshold, municipality)
	if err != nil {
		return err
	}
	data.APIURL = "/api/v1" + joinPath("editions", year, "overlaps") + "?min=" + strings.Replace(data.Min, ",", ".", 1)
	if municipality != "" {
		data.APIURL += "&municipality=" + url.QueryEscape(municipality)
	}
	data.Total, data.Truncated = swedishNumber(len(list)), len(list) > maxOverlapRows
	l := snapshotLinks{x: x, year: year}
	for _, o := range list[:min(len(list), maxOverlapRows)] {
		fa, fb := x.Forums[o.A], x.Forums[o.B]
		row := overlapRow{A: l.forum(o.A), B: l.forum(o.B), Jaccard: swedishDecimal(o.Jaccard, 2), Percent: swedishPercent(o.Jaccard),
			TargetGroups: o.SharedTargetGroups, SameLevel: o.SameLevel}
		if o.SameLevel {
			row.Levels = kartlaggning.OptionLabel(kartlaggning.Levels, fa.Level)
		} else {
			row.Levels = kartlaggning.OptionLabel(kartlaggning.Levels, fa.Level) + " / " + kartlaggning.OptionLabel(kartlaggning.Levels, fb.Level)
		}
		for _, k := range o.Shared {
			row.Shared = append(row.Shared, l.memberKey(k))
		}
		sortedLinks(row.Shared)
		data.Rows = append(data.Rows, row)
	}
	data.Shown = swedishNumber(len(data.Rows))
	return c.Render(http.StatusOK, "analysis_overlaps", data)
}

// shortDecimal writes a threshold as briefly as it was typed: 0.5 → "0,5".
func shortDecimal(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(swedishDecimal(x, 4), "0"), ",")
}

func sortOptions(list []kartlaggning.Option) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && compareSwedish(list[j].Label, list[j-1].Label) < 0; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
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

func (s *Server) handleMatrixPage(c echo.Context) error {
	switch c.QueryParam("format") {
	case "", "html":
	case "csv":
		return s.handleMatrixCSV(c)
	default:
		return &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Okänt format: välj csv eller ingenting (sidan).",
			Fields: []kartlaggning.FieldError{{Path: "format", Message: "Formatet kan vara csv."}}}
	}
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	p, _, err := s.editionPage(c, "Partnermatris", analysisCrumb(year), crumb{Label: "Partnermatris"})
	if err != nil {
		return err
	}
	x, d, err := s.analysisSnapshot(c.Request().Context(), year)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "analysis_matrix", matrixData(p, year, x, d.Matrix(x)))
}

// matrixData builds the heat-map table of the partner matrix, for its page
// and for the report.
func matrixData(p page, year int, x *kartlaggning.Index, m *kartlaggning.Matrix) matrixPage {
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
	l := snapshotLinks{x: x, year: year}
	for _, j := range columns {
		data.Parties = append(data.Parties, matrixHead{Label: partyLabel(m.Parties[j]), Name: m.Parties[j].Name})
	}
	for i, p := range m.Parties {
		row := matrixRowView{Party: l.organisation(p.ID)}
		for _, j := range columns {
			cell := m.Cells[i][j]
			v := matrixCellView{Forums: swedishNumber(cell.Forums), Unknown: cell.MeetingsPerYear.Unknown, Diagonal: i == j}
			if cell.Forums > cell.MeetingsPerYear.Unknown {
				v.Meetings = meetingRange(cell.MeetingsPerYear.Min, cell.MeetingsPerYear.Max)
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

func forumsRange(lo, hi int) string {
	if lo == hi {
		return swedishNumber(lo) + " forum"
	}
	return swedishNumber(lo) + "–" + swedishNumber(hi) + " forum"
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
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	p, _, err := s.editionPage(c, "Nyckeltal", analysisCrumb(year), crumb{Label: "Nyckeltal"})
	if err != nil {
		return err
	}
	x, d, err := s.analysisSnapshot(c.Request().Context(), year)
	if err != nil {
		return err
	}
	metrics := d.Metrics(x)
	data := metricsPage{page: p, Year: year, Units: swedishNumber(len(metrics)), APIURL: "/api/v1" + joinPath("editions", year, "metrics")}
	l := snapshotLinks{x: x, year: year}
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
	return c.Render(http.StatusOK, "analysis_metrics", data)
}
