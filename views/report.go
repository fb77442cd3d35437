package views

import (
	"context"
	"fmt"
	"html/template"
	"iter"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The printable report: the annual kartläggning as a document, with the
// structure of the seed kartläggning. It is one HTML page styled for A4
// (assets/css/report.css); the browser prints it to PDF.

type tocEntry struct {
	Number string
	Title  string
	Anchor string
	Sub    bool
}

type reportMunicipality struct {
	Number  string
	Anchor  string
	Summary summaryPage
	Maps    []reportMapFigure // the municipality's maps, none without a renderer
}

type registerRow struct {
	Forum     link
	Kind      string
	Level     string
	Frequency *kartlaggning.Frequency
	Convener  []link
	Members   []link
}

type reportPage struct {
	page
	Info       kartlaggning.Edition
	Draft      bool
	Contents   []tocEntry
	Background template.HTML
	Purpose    template.HTML
	Method     template.HTML
	Reflection template.HTML
	Closing    template.HTML
	// Municipalities are made one at a time as the template reaches them,
	// so that a national report never holds all its chapters at once;
	// what went wrong making one is in Err after the rendering.
	Municipalities iter.Seq[reportMunicipality]
	Err            *error
	Matrix         matrixPage
	Register       []registerRow
	Numbers        map[string]string // chapter numbers by anchor
}

// The report of a national edition (290 municipalities, 5,146 units) is
// a book of a hundred megabytes: it draws no maps past reportMapsMax
// municipalities (each map is a page of its own, and the map pages draw
// them on demand), and it is written to the browser as it is rendered
// rather than held in memory and in the page cache.
const (
	reportMapsMax    = 40
	reportStreamFrom = 1000 // units
)

func (s *Server) handleReport(c echo.Context) error {
	if year, err := yearParam(c); err == nil {
		if l, err := s.edition(c.Request().Context(), year); err == nil && len(l.x.Doc.Units) >= reportStreamFrom {
			return s.streamReport(c, l)
		}
	}
	return s.cachedPage(c, func() (string, any, error) {
		l, err := s.editionOf(c)
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
		data, err := s.reportData(c.Request().Context(), p, l)
		if err != nil {
			return "", nil, err
		}
		// A report of this size is made whole before it is shown, so that
		// a failure is an error page, not half a report.
		chapters := slices.Collect(data.Municipalities)
		if *data.Err != nil {
			return "", nil, *data.Err
		}
		data.Municipalities = slices.Values(chapters)
		return "report", data, nil
	})
}

func (s *Server) reportData(ctx context.Context, p page, l *lookup) (reportPage, error) {
	x := l.x
	ed := x.Doc.Edition
	r := reportPage{page: p, Info: ed, Draft: ed.Status != "published", Background: markdown(ed.Background),
		Purpose: markdown(ed.Purpose), Method: markdown(ed.Method), Reflection: markdown(ed.Reflection),
		Closing: markdown(ed.Closing), Numbers: map[string]string{}}
	chapter := 0
	add := func(anchor, title string) {
		chapter++
		n := fmt.Sprint(chapter)
		r.Numbers[anchor] = n
		r.Contents = append(r.Contents, tocEntry{Number: n, Title: title, Anchor: anchor})
	}
	add("bakgrund", "Bakgrund")
	add("syfte", "Syfte")
	add("metod", "Genomförande och metod")
	add("resultat", "Resultat")
	resultChapter := chapter
	for i, m := range x.Doc.Municipalities {
		r.Contents = append(r.Contents, tocEntry{Number: fmt.Sprintf("%d.%d", resultChapter, i+1), Title: m.Name,
			Anchor: "kommun-" + m.ID, Sub: true})
	}
	var failed error
	r.Err = &failed
	r.Municipalities = func(yield func(reportMunicipality) bool) {
		for i, m := range x.Doc.Municipalities {
			sum, err := x.Summarise(m.ID)
			if err != nil {
				failed = err
				return
			}
			rm := reportMunicipality{Number: fmt.Sprintf("%d.%d", resultChapter, i+1), Anchor: "kommun-" + m.ID,
				Summary: summaryData(page{}, l, sum)}
			// A unit that serves several municipalities appears under each:
			// its anchors must differ.
			for j := range rm.Summary.Units {
				rm.Summary.Units[j].Anchor = rm.Anchor + "-" + rm.Summary.Units[j].Anchor
			}
			if rm.Maps, err = s.reportMaps(ctx, l, m.ID); err != nil {
				failed = err
				return
			}
			if !yield(rm) {
				return
			}
		}
	}
	add("partnermatris", "Parternas gemensamma forum")
	r.Matrix = matrixData(page{}, l, l.Matrix())
	add("reflektion", "Sammanfattande reflektion")
	add("avslutning", "Avslutande kommentar")
	r.Contents = append(r.Contents, tocEntry{Number: "Bilaga", Title: "Register över samverkansforum", Anchor: "register"})

	for i := range x.Doc.Forums {
		f := &x.Doc.Forums[i]
		row := registerRow{Forum: l.forumLink(f.ID).plain(), Kind: f.Kind, Level: f.Level, Frequency: f.Frequency}
		if f.Convener != nil {
			if f.Convener.Unit != "" {
				row.Convener = append(row.Convener, l.unitLink(f.Convener.Unit))
			}
			if f.Convener.Organisation != "" {
				row.Convener = append(row.Convener, l.organisationLink(f.Convener.Organisation))
			}
		}
		for _, m := range f.Members {
			row.Members = append(row.Members, l.member(m.Ref()))
		}
		r.Register = append(r.Register, row)
	}
	return r, nil
}

// reportMaps returns the municipality's maps for the report (see
// printMaps), from the same cache as the map pages. A map too large to
// draw in time is left out (the summary table still stands) rather than
// failing the whole report.
func (s *Server) reportMaps(ctx context.Context, l *lookup, municipality string) ([]reportMapFigure, error) {
	if len(l.x.Doc.Municipalities) > reportMapsMax {
		return nil, nil // the chapters say where the maps are instead
	}
	return s.printMaps(ctx, mapQuery{year: l.year, revision: l.revision, index: l.x,
		req: kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: municipality}})
}

// streamReport writes a large report as it is rendered, one at a time:
// it holds hundreds of megabytes while it runs.
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
	data, err := s.reportData(c.Request().Context(), p, l)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(http.StatusOK)
	err = s.pages.stream(c.Response(), "report", data)
	if err == nil {
		err = *data.Err
	}
	if err != nil {
		// The page is half written: all that is left is to say so in the log.
		s.Logger.Error("writing a large report", "year", l.year, "error", err)
	}
	return nil
}
