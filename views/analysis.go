package views

import "github.com/labstack/echo/v4"

// analysisRoutes registers the summary and analysis pages.
func (s *Server) analysisRoutes(g *echo.Group) {}

// analysisAPIRoutes registers the summaries and analyses under /api/v1.
func (s *Server) analysisAPIRoutes(g *echo.Group) {}
