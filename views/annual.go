package views

import "github.com/labstack/echo/v4"

// annualRoutes registers the pages of the yearly cycle: next edition,
// publishing, comparisons, exports.
func (s *Server) annualRoutes(g *echo.Group) {
	g.POST("/editions/:year/next", s.handleEditionNext)
	g.POST("/editions/:year/publish", s.handleEditionPublish)
	g.POST("/editions/:year/reopen", s.handleEditionReopen)
	g.GET("/editions/:year/diff", s.handleDiffChoose)
	g.GET("/editions/:year/diff/:other", s.handleDiffShow)
}

// annualAPIRoutes registers the same under /api/v1. The exports have file
// names for paths, so that a saved download is named after what it is.
func (s *Server) annualAPIRoutes(g *echo.Group) {
	g.POST("/editions/:year/next", s.handleAPIEditionNext)
	g.POST("/editions/:year/publish", s.handleAPIEditionPublish)
	g.POST("/editions/:year/reopen", s.handleAPIEditionReopen)
	g.GET("/editions/:year/diff/:other", s.handleAPIDiff)
	g.GET("/editions/:year/diff/:other/:file", s.handleDiffMapFile)
	g.GET("/editions/:year/export.xlsx", s.handleAPIExportXLSX)
	g.GET("/editions/:year/export.graphml", s.handleAPIExportGraphML)
	g.GET("/editions/:year/export.gexf", s.handleAPIExportGEXF)
	g.GET("/editions/:year/export/:table", s.handleAPIExportCSV)
}
