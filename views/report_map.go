package views

import (
	"context"
	"html/template"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// reportMap returns the municipality's map for the report; "" until a map
// renderer is wired in.
func (s *Server) reportMap(ctx context.Context, x *kartlaggning.Index, municipality string) (template.HTML, error) {
	return "", nil
}
