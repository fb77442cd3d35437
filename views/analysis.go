package views

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"weak"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// analysisRoutes registers the summary and analysis pages.
func (s *Server) analysisRoutes(g *echo.Group) {
	g.GET("/editions/:year/analysis", s.handleAnalysisIndex)
	g.GET("/editions/:year/analysis/overlaps", s.handleOverlapsPage)
	g.GET("/editions/:year/analysis/matrix", s.handleMatrixPage)
	g.GET("/editions/:year/analysis/matrix.csv", s.handleMatrixCSV)
	g.GET("/editions/:year/analysis/metrics", s.handleMetricsPage)
	g.GET("/editions/:year/municipalities/:id/summary", s.handleSummaryPage)
}

// analysisAPIRoutes registers the summaries and analyses under /api/v1.
// The static last segments win over the generic /editions/:year/:kind.
func (s *Server) analysisAPIRoutes(g *echo.Group) {
	g.GET("/editions/:year/municipalities/:id/summary", s.handleAPISummary)
	g.GET("/editions/:year/overlaps", s.handleAPIOverlaps)
	g.GET("/editions/:year/matrix", s.handleAPIMatrix)
	g.GET("/editions/:year/matrix.csv", s.handleMatrixCSV)
	g.GET("/editions/:year/metrics", s.handleAPIMetrics)
}

// analysisOf reads the request's :year and returns that edition's
// snapshot with its derived analyses.
func (s *Server) analysisOf(c echo.Context) (*kartlaggning.Index, *derived, error) {
	year, err := yearParam(c)
	if err != nil {
		return nil, nil, err
	}
	return s.analysisSnapshot(c.Request().Context(), year)
}

// analysisSnapshot returns the edition's shared index and the analyses
// already derived from it.
func (s *Server) analysisSnapshot(ctx context.Context, year int) (*kartlaggning.Index, *derived, error) {
	x, _, err := s.Snapshot(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	return x, derivedOf(x), nil
}

// derived holds the analyses of one snapshot that are too slow to redo
// on every request (the metrics of the national fixture take seconds).
// A snapshot never changes, so neither do they.
type derived struct {
	matrixOnce  sync.Once
	matrix      *kartlaggning.Matrix
	metricsOnce sync.Once
	metrics     []kartlaggning.ActorMetric
}

func (d *derived) Matrix(x *kartlaggning.Index) *kartlaggning.Matrix {
	d.matrixOnce.Do(func() { d.matrix = x.Matrix() })
	return d.matrix
}

func (d *derived) Metrics(x *kartlaggning.Index) []kartlaggning.ActorMetric {
	d.metricsOnce.Do(func() { d.metrics = x.Metrics() })
	return d.metrics
}

// derivedBySnapshot maps a snapshot (weakly) to its derived analyses, so
// that they live exactly as long as the snapshot the server keeps: a
// write makes a new snapshot, and the old one takes its analyses along
// when it is collected.
var derivedBySnapshot sync.Map // weak.Pointer[kartlaggning.Index] → *derived

func derivedOf(x *kartlaggning.Index) *derived {
	key := weak.Make(x)
	if d, ok := derivedBySnapshot.Load(key); ok {
		return d.(*derived)
	}
	d, loaded := derivedBySnapshot.LoadOrStore(key, &derived{})
	if !loaded {
		runtime.AddCleanup(x, func(k weak.Pointer[kartlaggning.Index]) { derivedBySnapshot.Delete(k) }, key)
	}
	return d.(*derived)
}

// defaultOverlapMin is the Jaccard threshold when none is asked for: at
// least half of the two forums' members in common.
const defaultOverlapMin = 0.5

// overlapMin reads the min query parameter: a number from 0 to 1, with a
// decimal point or a Swedish decimal comma.
func overlapMin(c echo.Context) (float64, error) {
	raw := strings.TrimSpace(c.QueryParam("min"))
	if raw == "" {
		return defaultOverlapMin, nil
	}
	v, err := strconv.ParseFloat(strings.Replace(raw, ",", ".", 1), 64)
	if err != nil || v < 0 || v > 1 {
		msg := fmt.Sprintf("Gränsen min måste vara ett tal från 0 till 1, t.ex. 0,5 (fick %q).", raw)
		return 0, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: msg,
			Fields: []kartlaggning.FieldError{{Path: "min", Message: msg}}}
	}
	return v, nil
}

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
