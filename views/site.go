package views

import "github.com/labstack/echo/v4"

// siteRoutes registers the pages that belong to no edition.
func (s *Server) siteRoutes(g *echo.Group) {}
