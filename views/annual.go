package views

import "github.com/labstack/echo/v4"

// annualRoutes registers the pages of the yearly cycle: next edition,
// publishing, comparisons, exports.
func (s *Server) annualRoutes(g *echo.Group) {}

// annualAPIRoutes registers the same under /api/v1.
func (s *Server) annualAPIRoutes(g *echo.Group) {}
