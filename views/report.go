package views

import (
	"github.com/labstack/echo/v4"
)

// The printable report: the annual kartläggning as a document, with the
// structure of the seed kartläggning. It is one HTML page styled for A4
// (assets/css/report.css); the browser prints it to PDF. Its outline is
// built in report_outline.go, shared with the Word document.

func (s *Server) handleReport(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		year, err := yearParam(c)
		if err != nil {
			return "", nil, err
		}
		l, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		ed := l.x.Doc.Edition
		p, _, err := s.editionPage(c, ed.Title, crumb{Label: "Rapport"})
		if err != nil {
			return "", nil, err
		}
		p.BodyClass = "report"
		p.ExtraCSS = []string{"css/report.css"}
		data, err := s.reportData(c.Request().Context(), p, l, true)
		if err != nil {
			return "", nil, err
		}
		return "report", data, nil
	})
}
