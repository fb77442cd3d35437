package views

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The printable report: the annual kartläggning as a document, with the
// structure of the seed kartläggning. It is one HTML page styled for A4
// (assets/css/report.css); the browser prints it to PDF. Its outline is
// built in report_outline.go, shared with the Word document.

// reportCSP is the site's policy with one exception for the report page:
// Paged.js (assets/js/report-pages.js), which lays the report out into
// pages so that the contents can carry page numbers, writes the page
// styles it derives from report.css into <style> elements, which
// style-src 'self' refuses. Allowing inline styles here is safe because
// nothing a user typed reaches this page as markup (html/template escapes
// every field and the Markdown renderer drops raw HTML), scripts stay
// 'self' only, and a style cannot send anything anywhere: images, fonts
// and requests still go only to this site.
const reportCSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// reportPagesAuto is the largest report, in units, that the browser
// lays out into numbered pages as soon as it opens (report-pages.js):
// Paged.js needs 0.1–0.3 s a page on a busy machine, and the example's
// 31 units fill 105 pages in 10–15 s. A larger report offers a button
// that does it on request; past reportStreamFrom there is none.
const reportPagesAuto = 60

// reportMapsLaterFrom is the smallest report, in units, whose maps the
// page fetches once it is shown instead of having them drawn in: the
// large edition (334 units, 13 kommuner) has over 400 print maps,
// 15–25 s of drawing before the first byte. ?kartor=med draws them in
// all the same, for a reader without JavaScript.
const reportMapsLaterFrom = reportPagesAuto + 1

// reportMapsFor says how the report asked for carries its maps.
func reportMapsFor(c echo.Context, l *lookup) reportMapsMode {
	if len(l.x.Doc.Units) < reportMapsLaterFrom || c.QueryParam("kartor") == "med" {
		return mapsInline
	}
	return mapsLater
}

func (s *Server) handleReport(c echo.Context) error {
	c.Response().Header().Set("Content-Security-Policy", reportCSP)
	if l, err := s.editionOf(c); err == nil && len(l.x.Doc.Units) >= reportStreamFrom {
		return s.streamReport(c, l)
	}
	build := func() (string, any, error) {
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
		p.ExtraCSS = []string{"css/report.css", "css/report-pages.css"}
		data, err := s.reportData(c.Request().Context(), p, l, reportMapsFor(c, l))
		if err != nil {
			return "", nil, err
		}
		// ?sidnummer=nej is the page Chromium paginates itself, at once:
		// what a reader without JavaScript gets.
		if c.QueryParam("sidnummer") == "nej" {
			data.Pages = ""
		}
		return "report", data, nil
	}
	// Answers to the enkäter make no new revision of the edition: the
	// report that prints their response rate and ratings is kept per
	// state of the enkäter too.
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	variant, err := s.reportSurveyVariant(c.Request().Context(), l)
	if err != nil {
		return err
	}
	return s.cachedPageVariant(c, variant, build)
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
	p.ExtraCSS = []string{"css/report.css", "css/report-pages.css"}
	data, err := s.reportData(c.Request().Context(), p, l, reportMapsFor(c, l))
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

// handleReportMaps is one municipality's maps for a large report's page,
// which fetches them once it is shown (report-maps.js).
func (s *Server) handleReportMaps(c echo.Context) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	m := l.x.Municipalities[c.Param("municipality")]
	if m == nil {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Kartläggningen %d har ingen kommun %q.", l.year, c.Param("municipality"))
	}
	figs, err := s.reportMaps(c.Request().Context(), l, m.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.pages.fragment(&buf, "report", "report-maps", reportSection{Maps: figs}); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}
