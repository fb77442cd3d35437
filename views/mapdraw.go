package views

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

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
		x, rev, err := s.index(c.Request().Context(), side.year)
		if err != nil {
			return diffMapQuery{}, err
		}
		s.forgetStaleMaps(side.year, rev)
		*side.q = mapQuery{year: side.year, revision: rev, index: x, req: kartlaggning.MapRequest{View: kartlaggning.MapOverview,
			OnlyChanges: c.QueryParam("andringar") == "bara"}}
	}
	return m, nil
}

// group is the cache group of the edition drawn, so that a write to it
// drops its comparison maps at once; after a write to the other edition
// the key no longer matches and the old map ages out of the cache.
func (m diffMapQuery) group() string { return q(m.to.year, m.to.revision) }

func (m diffMapQuery) key(format string) string {
	return strings.Join([]string{q(m.to.year, m.to.revision), "diff", q(m.from.year, m.from.revision), fmt.Sprint(m.to.req.OnlyChanges), format}, "|")
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

// mapTypes are the files a map comes as.
var mapTypes = map[string]string{
	"svg": "image/svg+xml",
	"png": "image/png",
	"dot": "text/vnd.graphviz; charset=utf-8",
}

// sendMapFile answers with a drawn map: an ETag from its cache key (the
// key names the revision, so it changes with the data), 304 when the
// client has it, and a file name when it is a download.
func sendMapFile(c echo.Context, key, ext, filename string, data []byte) error {
	h := c.Response().Header()
	sum := sha256.Sum256([]byte(key))
	tag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h.Set("ETag", tag)
	h.Set("Cache-Control", "no-cache")
	if c.Request().Header.Get("If-None-Match") == tag {
		return c.NoContent(http.StatusNotModified)
	}
	if c.QueryParam("download") != "" {
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	}
	return c.Blob(http.StatusOK, mapTypes[ext], data)
}

// mapFileName is what a downloaded map is saved as:
// samverkanskarta-2019-municipality-mullsjo.svg.
func mapFileName(m mapQuery, ext string) string {
	parts := []string{"samverkanskarta", fmt.Sprint(m.year), string(m.req.View)}
	for _, p := range []string{m.req.ID, m.req.Municipality} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if m.req.Filter.Level != "" {
		parts = append(parts, m.req.Filter.Level)
	}
	if m.req.Parts > 1 {
		parts = append(parts, fmt.Sprintf("del-%d-av-%d", m.req.Part+1, m.req.Parts))
	}
	if m.a4 {
		parts = append(parts, "a4")
	}
	return strings.Join(parts, "-") + "." + ext
}

// mapCacheBytes bounds the rendered maps kept in memory.
const mapCacheBytes = 32 << 20

func (s *Server) mapCache() *maps.Cache { return s.mapState.Cache }

func (s *Server) mapRenderer() maps.Renderer { return s.maps }

// mapQuery is one map: its edition and revision, what to draw, and the
// snapshot to draw it from.
type mapQuery struct {
	year     int
	revision uint64
	index    *kartlaggning.Index
	req      kartlaggning.MapRequest
	// print draws the map for paper (maps.Options.Print).
	print bool
	// a4 sizes a downloaded SVG or PNG for an A4 page (mapa4.go); it
	// draws the map for paper too.
	a4 bool
	// screen draws the map for the map page, without the key inside it
	// (maps.Options.NoLegend): the page writes the key in HTML.
	screen bool
}

// readMapQuery reads the year, the filters and the view's id or
// municipality, and takes the edition's snapshot.
func (s *Server) readMapQuery(c echo.Context, view kartlaggning.MapView, id string) (mapQuery, error) {
	year, err := yearParam(c)
	if err != nil {
		return mapQuery{}, err
	}
	filter, err := kartlaggning.ParseMapFilter(c.QueryParam("level"), c.QueryParam("kind"), c.QueryParam("scope"), c.QueryParam("formal"))
	if err != nil {
		return mapQuery{}, err
	}
	req := kartlaggning.MapRequest{View: view, ID: id, Filter: filter}
	if req.Wishes, err = kartlaggning.ParseMapWishes(c.QueryParam("wishes")); err != nil {
		return mapQuery{}, err
	}
	if req.MinForums, err = kartlaggning.ParseMapMinForums(c.QueryParam("minforum")); err != nil {
		return mapQuery{}, err
	}
	if view == kartlaggning.MapUnits {
		req.Municipality = c.QueryParam("municipality")
	}
	a4, err := parseA4(c.QueryParam("a4"))
	if err != nil {
		return mapQuery{}, err
	}
	if req.Part, req.Parts, err = parseMapPart(c.QueryParam("del")); err != nil {
		return mapQuery{}, err
	}
	index, rev, err := s.index(c.Request().Context(), year)
	if err != nil {
		return mapQuery{}, err
	}
	s.forgetStaleMaps(year, rev)
	return mapQuery{year: year, revision: rev, index: index, req: req, print: a4, a4: a4}, nil
}

// forgetStaleMaps drops an edition's maps of older revisions.
func (s *Server) forgetStaleMaps(year int, rev uint64) { s.mapState.advance(year, rev) }

// key names the map and format in the cache, without building anything.
func (m mapQuery) key(format string) string {
	f := m.req.Filter
	formal := ""
	if f.Formal != nil {
		formal = fmt.Sprint(*f.Formal)
	}
	return strings.Join([]string{q(m.year, m.revision), string(m.req.View), m.req.ID, m.req.Municipality,
		f.Level, f.Kind, f.Scope, formal, fmt.Sprint(m.req.ShowWishes()), fmt.Sprint(m.req.MinForums), fmt.Sprint(m.print), fmt.Sprint(m.screen), fmt.Sprint(m.a4), fmt.Sprint(m.req.Part, "/", m.req.Parts), format}, "|")
}

// graph builds the domain graph (ENOTFOUND for an unknown id).
func (m mapQuery) graph() (*kartlaggning.MapGraph, error) { return m.index.Map(m.req) }

// dot returns the map's DOT, from the cache when it can.
func (s *Server) mapDOT(m mapQuery) ([]byte, error) {
	return s.mapCache().Get(q(m.year, m.revision), m.key("dot"), m.dot)
}

// dot writes the map's DOT.
func (m mapQuery) dot() ([]byte, error) {
	g, err := m.graph()
	if err != nil {
		return nil, err
	}
	return maps.DOT(g, maps.Options{Caption: mapCaption(m.year, g), Link: mapLinker(m.year, g), Print: m.print, NoLegend: m.screen}), nil
}

// mapImage returns the map drawn as SVG or PNG, from the cache when it
// can.
func (s *Server) mapImage(ctx context.Context, m mapQuery, format maps.Format) ([]byte, error) {
	return s.mapCache().Get(q(m.year, m.revision), m.key(string(format)), func() ([]byte, error) {
		// The DOT is written again rather than kept: it takes a few
		// milliseconds, and kept beside every drawing it filled half the
		// cache, so that the large report's maps pushed out each other.
		dot, err := m.dot()
		if err != nil {
			return nil, err
		}
		// A render finishes for the cache even if its request goes away.
		out, err := s.mapRenderer().Render(context.WithoutCancel(ctx), dot, format)
		return out, mapRenderError(err)
	})
}

// mapRenderError turns the renderer's failures into messages a user can
// act on.
func mapRenderError(err error) error {
	var slow *maps.TimeoutError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, maps.ErrTooLarge) && errors.As(err, &slow):
		return kartlaggning.Errorf(kartlaggning.ETOOLARGE,
			"Kartan är för stor för att ritas inom %d sekunder, så ritningen avbröts. Välj ett filter, en kommun eller en enhet för att få en mindre karta.",
			int(slow.Limit.Seconds()+0.5))
	case errors.Is(err, maps.ErrTimeout), errors.Is(err, maps.ErrWorkerFailed):
		return &kartlaggning.Error{Code: kartlaggning.EUNAVAILABLE, Message: "Kartan tog för lång tid att rita. Försök igen om en stund."}
	case errors.Is(err, maps.ErrNoWorkers), errors.Is(err, maps.ErrClosed):
		return &kartlaggning.Error{Code: kartlaggning.EINTERNAL, Message: "Kartor kan inte ritas just nu: tjänstens ritprocesser är inte igång."}
	}
	return fmt.Errorf("rendering a map: %w", err)
}

// mapTitle names what a map shows.
func mapTitle(g *kartlaggning.MapGraph) string {
	switch g.Request.View {
	case kartlaggning.MapMunicipality:
		return "Kommun: " + g.Title
	case kartlaggning.MapUnit:
		return "Enhet: " + g.Title
	case kartlaggning.MapForum:
		return "Forum: " + g.Title
	case kartlaggning.MapUnits:
		if g.Title != "" {
			return "Vem möter vem: " + g.Title
		}
		return "Vem möter vem"
	}
	return "Översikt"
}

// mapCaption is printed above the map, so that a printout says what it is.
func mapCaption(year int, g *kartlaggning.MapGraph) string {
	c := fmt.Sprintf("Samverkanskarta %d – %s", year, mapTitle(g))
	if d := g.Request.Filter.Describe(); d != "" {
		c += " (" + d + ")"
	}
	if g.Aggregated {
		c += " – organisationer"
	}
	return c
}

// mapLinker links nodes to their pages; on an aggregated map a node that
// can be opened up links to the detailed map.
func mapLinker(year int, g *kartlaggning.MapGraph) maps.Linker {
	return func(n *kartlaggning.MapNode) string {
		if n.Expand != nil {
			return mapPageURL(year, *n.Expand)
		}
		return entityURL(year, n.Ref.Kind, n.Ref.ID)
	}
}

// mapPath is a map's path under /editions/Y/maps (pages) or
// /api/v1/editions/Y/maps (files, with the extension).
func mapPath(year int, req kartlaggning.MapRequest, api bool, ext string) string {
	var p string
	switch req.View {
	case kartlaggning.MapMunicipality, kartlaggning.MapUnit, kartlaggning.MapForum:
		p = joinPath("editions", year, "maps", req.View) + "/" + url.PathEscape(req.ID+ext)
	case kartlaggning.MapUnits:
		p = joinPath("editions", year, "maps", "units"+ext)
	default:
		p = joinPath("editions", year, "maps")
		if api {
			p += "/overview" + ext
		}
	}
	if api {
		p = "/api/v1" + p
	}
	if qs := mapQueryString(req); qs != "" {
		p += "?" + qs
	}
	return p
}

func mapPageURL(year int, req kartlaggning.MapRequest) string { return mapPath(year, req, false, "") }

// mapQueryString carries the filters (and the units map's municipality)
// from one map address to another.
func mapQueryString(req kartlaggning.MapRequest) string {
	v := url.Values{}
	f := req.Filter
	for name, value := range map[string]string{"level": f.Level, "kind": f.Kind, "scope": f.Scope, "municipality": req.Municipality} {
		if value != "" {
			v.Set(name, value)
		}
	}
	if f.Formal != nil {
		v.Set("formal", fmt.Sprint(*f.Formal))
	}
	if req.Wishes != nil {
		v.Set("wishes", fmt.Sprint(*req.Wishes))
	}
	if req.MinForums > 0 {
		v.Set("minforum", fmt.Sprint(req.MinForums))
	}
	if req.Parts > 1 {
		v.Set("del", fmt.Sprintf("%d/%d", req.Part+1, req.Parts))
	}
	return v.Encode()
}
