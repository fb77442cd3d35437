package views

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// The comparison map: the overview of the edition compared to, with what
// is new since the other edition marked and what is gone drawn faded
// (kartlaggning.CompareMap). It lives beside the comparison page and in
// the API as /editions/{a}/diff/{b}/map.{svg|png|dot}.

// diffMapQuery is one comparison map: both editions at their revisions.
type diffMapQuery struct {
	from, to mapQuery
}

// readDiffMapQuery takes the snapshots of :year (compared from) and
// :other (drawn).
func (s *Server) readDiffMapQuery(c echo.Context) (diffMapQuery, error) {
	a, err := yearParam(c)
	if err != nil {
		return diffMapQuery{}, err
	}
	b, err := otherYearParam(c)
	if err != nil {
		return diffMapQuery{}, err
	}
	var m diffMapQuery
	for _, side := range []struct {
		year int
		q    *mapQuery
	}{{a, &m.from}, {b, &m.to}} {
		x, rev, err := s.Snapshot(c.Request().Context(), side.year)
		if err != nil {
			return diffMapQuery{}, err
		}
		s.forgetStaleMaps(side.year, rev)
		*side.q = mapQuery{year: side.year, revision: rev, index: x, req: kartlaggning.MapRequest{View: kartlaggning.MapOverview}}
	}
	return m, nil
}

// group is the cache group of the edition drawn, so that a write to it
// drops its comparison maps at once; after a write to the other edition
// the key no longer matches and the old map ages out of the cache.
func (m diffMapQuery) group() string { return q(m.to.year, m.to.revision) }

func (m diffMapQuery) key(format string) string {
	return strings.Join([]string{q(m.to.year, m.to.revision), "diff", q(m.from.year, m.from.revision), format}, "|")
}

func (m diffMapQuery) graph() (*kartlaggning.MapGraph, error) {
	return m.to.index.CompareMap(m.from.index, m.to.req)
}

func (s *Server) diffMapDOT(m diffMapQuery) ([]byte, error) {
	return s.mapCache().Get(m.group(), m.key("dot"), func() ([]byte, error) {
		g, err := m.graph()
		if err != nil {
			return nil, err
		}
		return maps.DOT(g, maps.Options{Caption: diffMapCaption(g), Link: m.linker()}), nil
	})
}

func (s *Server) diffMapImage(ctx context.Context, m diffMapQuery, format maps.Format) ([]byte, error) {
	return s.mapCache().Get(m.group(), m.key(string(format)), func() ([]byte, error) {
		dot, err := s.diffMapDOT(m)
		if err != nil {
			return nil, err
		}
		out, err := s.mapRenderer().Render(context.WithoutCancel(ctx), dot, format)
		return out, mapRenderError(err)
	})
}

// linker links what the edition drawn has to its page there, and what is
// gone to its page in the edition that had it.
func (m diffMapQuery) linker() maps.Linker {
	return func(n *kartlaggning.MapNode) string {
		switch {
		case !m.to.index.Has(n.Ref):
			return entityURL(m.from.year, n.Ref.Kind, n.Ref.ID)
		case n.Expand != nil:
			return mapPageURL(m.to.year, *n.Expand)
		}
		return entityURL(m.to.year, n.Ref.Kind, n.Ref.ID)
	}
}

// diffMapCaption is printed above the map.
func diffMapCaption(g *kartlaggning.MapGraph) string {
	c := fmt.Sprintf("Samverkanskarta %d jämförd med %d – översikt", g.Compared.To, g.Compared.From)
	if g.Aggregated {
		c += " – organisationer"
	}
	return c
}

// handleDiffMapFile serves /api/v1/editions/{a}/diff/{b}/map.{svg|png|dot}.
// Echo cannot match a parameter and a suffix in one segment, so the file
// name is split here.
func (s *Server) handleDiffMapFile(c echo.Context) error {
	name, ext, _ := strings.Cut(c.Param("file"), ".")
	if name != "map" {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND,
			"Det finns ingen fil %q här: jämförelsens karta heter map.svg, map.png eller map.dot.", c.Param("file"))
	}
	if _, ok := mapTypes[ext]; !ok {
		return &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: fmt.Sprintf("Okänt kartformat %q.", ext),
			Fields: []kartlaggning.FieldError{{Path: "file", Message: "Ange map.svg, map.png eller map.dot."}}}
	}
	m, err := s.readDiffMapQuery(c)
	if err != nil {
		return err
	}
	var data []byte
	if ext == "dot" {
		data, err = s.diffMapDOT(m)
	} else {
		data, err = s.diffMapImage(c.Request().Context(), m, maps.Format(ext))
	}
	if err != nil {
		return err
	}
	return sendMapFile(c, m.key(ext), ext, fmt.Sprintf("samverkanskarta-%d-jamford-med-%d.%s", m.to.year, m.from.year, ext), data)
}

// diffMapFigure is the map on the comparison page.
type diffMapFigure struct {
	SVG         template.HTML
	RenderError string
	Aggregated  bool
	Downloads   []link
}

// diffMap draws the comparison map for the page. A map that cannot be
// drawn leaves a message, not a failed page: the tables say it all too.
func (s *Server) diffMap(c echo.Context) (diffMapFigure, error) {
	m, err := s.readDiffMapQuery(c)
	if err != nil {
		return diffMapFigure{}, err
	}
	// Whether the map shows organisations is kept beside it, so that a
	// page whose map is cached does not build the graph again.
	aggregated, err := s.mapCache().Get(m.group(), m.key("aggregated"), func() ([]byte, error) {
		g, err := m.graph()
		if err != nil {
			return nil, err
		}
		return strconv.AppendBool(nil, g.Aggregated), nil
	})
	if err != nil {
		return diffMapFigure{}, err
	}
	fig := diffMapFigure{Aggregated: string(aggregated) == "true"}
	svg, err := s.diffMapImage(c.Request().Context(), m, maps.SVG)
	if e, ok := kartlaggning.AsError(err); ok && (e.Code == kartlaggning.ETOOLARGE || e.Code == kartlaggning.EINTERNAL) {
		fig.RenderError, err = e.Message, nil
	}
	if err != nil {
		return diffMapFigure{}, err
	}
	// Graphviz escapes every text it writes, and every link is one the
	// service built (linker).
	fig.SVG = template.HTML(maps.InlineSVG(svg))
	base := joinPath("api", "v1", "editions", m.from.year, "diff", m.to.year)
	for _, f := range []struct{ label, ext string }{{"SVG (skalbar bild)", "svg"}, {"PNG (bild)", "png"}} {
		fig.Downloads = append(fig.Downloads, link{Label: f.label, URL: base + "/map." + f.ext + "?download=1"})
	}
	return fig, nil
}
