package views

import "github.com/labstack/echo/v4"

// entityRoutes registers the pages of municipalities, organisations,
// units and forums (with their members).
func (s *Server) entityRoutes(g *echo.Group) {}
