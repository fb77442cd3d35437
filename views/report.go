package views

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/yuin/goldmark"

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
	Map     template.HTML // the municipality's map as inline SVG, "" without a renderer
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

// markdown renders an edition text. Raw HTML in the text is escaped, not
// passed through (goldmark's default), so the text cannot inject markup.
func markdown(src string) template.HTML {
	var buf bytes.Buffer
	if err := goldmark.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String())
}

func (s *Server) handleReport(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	x, rev, err := s.Snapshot(c.Request().Context(), year)
	if err != nil {
		return err
	}
	ed := x.Doc.Edition
	p, _, err := s.editionPage(c, ed.Title, crumb{Label: "Rapport"})
	if err != nil {
		return err
	}
	p.BodyClass = "report"
	p.ExtraCSS = []string{"css/report.css"}
	data, err := s.reportData(c.Request().Context(), p, x, rev)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "report", data)
}

func (s *Server) reportData(ctx context.Context, p page, x *kartlaggning.Index, rev uint64) (reportPage, error) {
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
			Summary: summaryData(page{}, x, sum)}
		// A unit that serves several municipalities appears under each:
		// its anchors must differ.
		for j := range rm.Summary.Units {
			rm.Summary.Units[j].Anchor = rm.Anchor + "-" + rm.Summary.Units[j].Anchor
		}
		if rm.Map, err = s.reportMap(ctx, x, rev, m.ID); err != nil {
			return r, err
		}
		r.Municipalities = append(r.Municipalities, rm)
		r.Contents = append(r.Contents, tocEntry{Number: rm.Number, Title: m.Name, Anchor: rm.Anchor, Sub: true})
	}
	add("partnermatris", "Parternas gemensamma forum")
	r.Matrix = matrixData(page{}, ed.Year, x, x.Matrix())
	add("reflektion", "Sammanfattande reflektion")
	add("avslutning", "Avslutande kommentar")
	r.Contents = append(r.Contents, tocEntry{Number: "Bilaga", Title: "Register över samverkansforum", Anchor: "register"})

	l := snapshotLinks{x: x, year: ed.Year}
	for i := range x.Doc.Forums {
		f := &x.Doc.Forums[i]
		row := registerRow{Forum: l.forum(f.ID).plain(), Kind: f.Kind, Level: f.Level, Frequency: f.Frequency}
		if f.Convener != nil {
			if f.Convener.Unit != "" {
				row.Convener = append(row.Convener, l.unit(f.Convener.Unit))
			}
			if f.Convener.Organisation != "" {
				row.Convener = append(row.Convener, l.organisation(f.Convener.Organisation))
			}
		}
		for _, m := range f.Members {
			row.Members = append(row.Members, l.member(m.Ref()))
		}
		r.Register = append(r.Register, row)
	}
	return r, nil
}
