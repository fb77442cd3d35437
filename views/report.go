package views

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// The printable report: the annual kartläggning as a document, with the
// structure of the seed kartläggning. It is one HTML page styled for A4
// (assets/css/report.css); the browser prints it to PDF. Its outline is
// built in report_outline.go, shared with the Word document.

func (s *Server) handleReport(c echo.Context) error {
	if l, err := s.editionOf(c); err == nil && len(l.x.Doc.Units) >= reportStreamFrom {
		return s.streamReport(c, l)
	}
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

// streamReport writes a large report as it is rendered.
func (s *Server) streamReport(c echo.Context, l *lookup) error {
	release, err := s.acquire(c, s.bigReport)
	if err != nil {
		return err
	}
	defer release()
	ed := l.x.Doc.Edition
	p, _, err := s.editionPage(c, ed.Title, crumb{Label: "Rapport"})
	if err != nil {
		return err
	}
	p.BodyClass = "report"
	p.ExtraCSS = []string{"css/report.css"}
	data, err := s.reportData(c.Request().Context(), p, l, true)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(http.StatusOK)
	if err := s.pages.stream(c.Response(), "report", data); err != nil {
		// The page is half written: all that is left is to say so in the log.
		s.Logger.Error("writing a large report", "year", l.year, "error", err)
	}
	return nil
}
