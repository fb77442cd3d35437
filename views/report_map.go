package views

import (
	"context"
	"html/template"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// reportMap returns the municipality's map for the report, inline SVG,
// from the same cache as the map pages. A map too large to draw in time
// is left out (the summary table still stands) rather than failing the
// whole report.
func (s *Server) reportMap(ctx context.Context, x *kartlaggning.Index, rev uint64, municipality string) (template.HTML, error) {
	m := mapQuery{year: x.Doc.Edition.Year, revision: rev, index: x,
		req: kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: municipality}}
	svg, err := s.mapImage(ctx, m, maps.SVG)
	if e, ok := kartlaggning.AsError(err); ok && e.Code == kartlaggning.ETOOLARGE {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	// Graphviz escapes the texts it writes and every link is ours.
	return template.HTML(maps.InlineSVG(svg)), nil
}
