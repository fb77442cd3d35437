package views

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// sendExport writes an edition with write into a buffer, so that a failure
// is a clean error rather than half a file, and sends it as a download
// named kartlaggning-YEAR<suffix>.
func (s *Server) sendExport(c echo.Context, contentType, suffix string, write func(io.Writer, *kartlaggning.Document) error) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	x, _, err := s.index(c.Request().Context(), year)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, x.Doc); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="kartlaggning-%d%s"`, year, suffix))
	return c.Blob(http.StatusOK, contentType, buf.Bytes())
}

func (s *Server) handleAPIExportXLSX(c echo.Context) error {
	return s.sendExport(c, exports.XLSXContentType, ".xlsx", exports.WriteXLSX)
}

func (s *Server) handleAPIExportGraphML(c echo.Context) error {
	return s.sendExport(c, exports.GraphMLContentType, ".graphml", exports.WriteGraphML)
}

func (s *Server) handleAPIExportGEXF(c echo.Context) error {
	return s.sendExport(c, exports.GEXFContentType, ".gexf", exports.WriteGEXF)
}

// The actor graph (kartlaggning.ActorGraph) as a file: the network the
// metrics and the network page count, with the organisation-level actors,
// for checking them in networkx or Gephi.
func (s *Server) handleAPIExportActorGraphML(c echo.Context) error {
	return s.sendExport(c, exports.GraphMLContentType, "-aktorer.graphml", exports.WriteActorGraphML)
}

func (s *Server) handleAPIExportActorGEXF(c echo.Context) error {
	return s.sendExport(c, exports.GEXFContentType, "-aktorer.gexf", exports.WriteActorGEXF)
}

// handleAPIExportCSV sends one table, /export/units.csv.
func (s *Server) handleAPIExportCSV(c echo.Context) error {
	table, ok := strings.CutSuffix(c.Param("table"), ".csv")
	file, known := exports.CSVFileName(table)
	if !ok || !known {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen export %q. CSV-filerna är %s.", c.Param("table"),
			strings.Join(csvFiles(), ", "))
	}
	return s.sendExport(c, exports.CSVContentType, "-"+file+".csv", func(w io.Writer, doc *kartlaggning.Document) error {
		return exports.WriteCSV(w, doc, table)
	})
}
