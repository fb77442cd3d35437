package views

import (
	"context"
	"fmt"
	"html/template"

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
	Info           kartlaggning.Edition
	Draft          bool
	Contents       []tocEntry
	Background     template.HTML
	Purpose        template.HTML
	Method         template.HTML
	Reflection     template.HTML
	Closing        template.HTML
	Municipalities []reportMunicipality
	Matrix         matrixPage
	Register       []registerRow
	Numbers        map[string]string // chapter numbers by anchor
}

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
		data, err := s.reportData(c.Request().Context(), p, l)
		if err != nil {
			return "", nil, err
		}
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
	for i, m := range x.Doc.Municipalities {
		sum, err := x.Summarise(m.ID)
		if err != nil {
			return r, err
		}
		rm := reportMunicipality{Number: fmt.Sprintf("%d.%d", chapter, i+1), Anchor: "kommun-" + m.ID,
			Summary: summaryData(page{}, l, sum)}
		// A unit that serves several municipalities appears under each:
		// its anchors must differ.
		for j := range rm.Summary.Units {
			rm.Summary.Units[j].Anchor = rm.Anchor + "-" + rm.Summary.Units[j].Anchor
		}
		if rm.Maps, err = s.reportMaps(ctx, l, m.ID); err != nil {
			return r, err
		}
		r.Municipalities = append(r.Municipalities, rm)
		r.Contents = append(r.Contents, tocEntry{Number: rm.Number, Title: m.Name, Anchor: rm.Anchor, Sub: true})
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
	return s.printMaps(ctx, mapQuery{year: l.year, revision: l.revision, index: l.x,
		req: kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: municipality}})
}
