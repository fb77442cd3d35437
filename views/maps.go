package views

import "github.com/labstack/echo/v4"

// mapRoutes registers the map pages (issue: samverkanskartor).
func (s *Server) mapRoutes(g *echo.Group) {}

// mapAPIRoutes registers the map images under /api/v1.
func (s *Server) mapAPIRoutes(g *echo.Group) {}
