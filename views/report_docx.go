package views

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/docx"
)

// The report as an editable Word document: the same outline as the
// printed report (report_outline.go), with Word's heading styles so that
// Word builds the contents with page numbers, tables as tables and the
// maps as PNG pictures.

func (s *Server) handleReportDOCX(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	l, err := s.edition(ctx, year)
	if err != nil {
		return err
	}
	// The last document built is kept for its revision and the state of
	// the enkäter it prints (their answers make no revision): the map
	// cache cannot hold the large edition's PNGs, and building it again
	// redrew them.
	variant, err := s.reportSurveyVariant(ctx, l)
	if err != nil {
		return err
	}
	key := docxKey{year: year, revision: l.revision, surveys: variant}
	body := s.lastDOCX.get(key)
	if body == nil {
		if body, err = s.reportDOCX(ctx, l); err != nil {
			return err
		}
		s.lastDOCX.put(key, body)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="kartlaggning-%d.docx"`, year))
	return c.Blob(200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body)
}

// docxSlot keeps the one Word document last built, for docxKeep after it
// was last asked for: tens of megabytes for the large edition.
type docxSlot struct {
	mu    sync.Mutex
	key   docxKey
	body  []byte
	timer *time.Timer
}

const docxKeep = 10 * time.Minute

// docxKey is what a Word document shows: an edition at a revision, with
// its enkäter in a state (reportSurveyVariant).
type docxKey struct {
	year     int
	revision uint64
	surveys  string
}

func (d *docxSlot) get(k docxKey) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.body == nil || d.key != k {
		return nil
	}
	d.timer.Reset(docxKeep)
	return d.body
}

func (d *docxSlot) put(k docxKey, body []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.key, d.body = k, body
	if d.timer == nil {
		d.timer = time.AfterFunc(docxKeep, func() {
			d.mu.Lock()
			defer d.mu.Unlock()
			d.body = nil
		})
	}
	d.timer.Reset(docxKeep)
}

// reportDOCX writes the report as a Word document.
func (s *Server) reportDOCX(ctx context.Context, l *lookup) ([]byte, error) {
	r, err := s.reportData(ctx, page{}, l, mapsNone)
	if err != nil {
		return nil, err
	}
	// The maps first, several at a time (see reportSections).
	images := make([][]byte, len(r.Sections))
	err = eachParallel(len(r.Sections), func(i int) error {
		if r.Sections[i].Municipality == nil {
			return nil
		}
		var err error
		images[i], err = s.reportMapPicture(ctx, l, r.Sections[i].MunicipalityID)
		return err
	})
	if err != nil {
		return nil, err
	}
	d := docx.New(r.Info.Title)
	d.Heading(0, r.Info.Title)
	for _, line := range []string{r.Info.Federation, r.Info.Period, r.Info.Author} {
		if line != "" {
			d.Paragraph(line)
		}
	}
	if r.Draft {
		d.Note("Utkast")
	}
	d.PageBreak()
	d.Heading(1, "Innehåll")
	d.Contents("Högerklicka här och välj Uppdatera fält för att se innehållsförteckningen med sidnummer.")
	d.PageBreak()

	text := func(number, title, markdown, empty string) {
		d.Heading(1, number+" "+title)
		markdownParagraphs(d, markdown, empty)
	}
	text(r.Numbers["bakgrund"], "Bakgrund", r.Info.Background, "Ingen bakgrund är skriven ännu.")
	text(r.Numbers["syfte"], "Syfte", r.Info.Purpose, "Inget syfte är skrivet ännu.")
	text(r.Numbers["metod"], "Genomförande och metod", r.Info.Method, "Metoden är inte beskriven ännu.")
	if r.Surveys != nil {
		for _, rate := range r.Surveys.Rates {
			d.Paragraph(rate)
		}
	}

	d.Heading(1, r.Numbers["resultat"]+" Resultat")
	for i, sec := range r.Sections {
		if sec.Insats != nil {
			docxUnit(d, *sec.Insats, 2)
			continue
		}
		d.Heading(2, sec.Number+" "+sec.Title)
		if sec.Municipality != nil {
			if img := images[i]; img != nil {
				d.Image(img, "Samverkanskarta för "+sec.Title+": enheterna och de forum de deltar i.")
			}
			f := sec.Municipality
			rows := [][]string{{"Kartlagda enheter", f.UnitCount}, {"Forum där enheterna deltar", f.ForumCount}, {"Möten per år (kända)", f.Meetings}}
			for _, lv := range f.Levels {
				rows = append(rows, []string{"Forum på " + lv.Phrase, lv.Count})
			}
			d.Table(sec.Title+" i siffror", []string{"", "Antal"}, rows)
		}
		if len(sec.SeeAlso) > 0 {
			var refs []string
			for _, a := range sec.SeeAlso {
				refs = append(refs, "se "+a.Number+" "+a.Title)
			}
			d.Paragraph("Arbetar också här, redovisas i ett eget avsnitt: " + strings.Join(refs, ", ") + ".")
		}
		for _, u := range sec.Units {
			docxUnit(d, u, 3)
		}
		if len(sec.Units) == 0 && len(sec.SeeAlso) == 0 {
			d.Note(sec.Empty)
		}
	}

	d.Heading(1, r.Numbers["partnermatris"]+" Parternas gemensamma forum")
	d.Paragraph("Tabellen visar hur många forum varje par av parter möts i, och hur många möten per år de forumen har tillsammans. På diagonalen står partens egna forum.")
	head := []string{""}
	for _, p := range r.Matrix.Parties {
		head = append(head, p.Label)
	}
	var rows [][]string
	for _, row := range r.Matrix.Rows {
		cells := []string{row.Party.Label}
		for _, c := range row.Cells {
			v := c.Forums
			if c.Meetings != "" {
				v += " (" + c.Meetings + ")"
			}
			cells = append(cells, v)
		}
		rows = append(rows, cells)
	}
	d.Table("Gemensamma forum och möten per år mellan förbundets parter", head, rows)
	if r.Surveys != nil && r.Surveys.Ratings != nil {
		t := r.Surveys.Ratings
		d.Heading(2, "Hur samverkan upplevs")
		d.Paragraph(fmt.Sprintf("Enkätens svar om samverkansnivån med varje part, från 1 (känner till varandra) till 4 (arbetar integrerat): medelvärdet per svarandes organisation (rad) och part (kolumn). Ett medelvärde visas bara där minst %d svar ligger bakom.", t.MinN))
		var rrows [][]string
		for _, row := range t.Rows {
			rrows = append(rrows, append([]string{row.Name}, row.Cells...))
		}
		d.Table("Samverkansnivå, medelvärde och antal svar", append([]string{"Svarande"}, t.Cols...), rrows)
	}

	text(r.Numbers["reflektion"], "Sammanfattande reflektion", r.Info.Reflection, "Ingen reflektion är skriven ännu.")
	text(r.Numbers["avslutning"], "Avslutande kommentar", r.Info.Closing, "Ingen avslutande kommentar är skriven ännu.")

	if r.Surveys != nil {
		for _, a := range r.Surveys.Appendices {
			d.PageBreak()
			d.Heading(1, a.Number+": "+a.Title)
			if strings.TrimSpace(a.Text) != "" {
				markdownParagraphs(d, a.Text, "")
			}
			for i, it := range a.Items {
				d.Paragraph(fmt.Sprintf("%d. %s", i+1, it.Text))
				if it.Help != "" {
					d.Note(it.Help)
				}
				for _, p := range it.Parts {
					t := p.Text
					if len(p.Options) > 0 {
						var labels []string
						for _, o := range p.Options {
							labels = append(labels, o.Label)
						}
						t += ": " + strings.Join(labels, ", ")
					}
					d.Bullet(t)
				}
			}
			if len(a.Scale) > 0 {
				var steps []string
				for i, st := range a.Scale {
					steps = append(steps, fmt.Sprintf("%d %s", i+1, st))
				}
				d.Note("Samverkansnivå: " + strings.Join(steps, ", ") + ".")
			}
		}
	}
	d.PageBreak()
	d.Heading(1, r.RegisterTitle)
	rows = nil
	for _, f := range r.Register {
		rows = append(rows, []string{f.Forum.Label, kartlaggning.OptionLabel(kartlaggning.ForumKinds, f.Kind),
			kartlaggning.OptionLabel(kartlaggning.Levels, f.Level), frequencyText(f.Frequency), linkLabels(f.Convener), linkLabels(f.Members)})
	}
	d.Table(fmt.Sprintf("Alla %d forum i kartläggningen", len(r.Register)),
		[]string{"Forum", "Typ", "Nivå", "Mötesfrekvens", "Sammankallande", "Deltagare"}, rows)

	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// docxUnit writes a unit's section at a heading level, its parts one
// level below, as the printed report does.
func docxUnit(d *docx.Document, u summaryUnit, level int) {
	d.Heading(level, strings.TrimSpace(u.Number+" "+u.Link.Label))
	d.Paragraph(u.Organisation.Label)
	plainParagraphs(d, u.Description, "")
	if len(u.Gaps) > 0 {
		d.Heading(level+1, "Parter som enheten aldrig möter")
		for _, g := range u.Gaps {
			d.Bullet(g)
		}
	} else {
		d.Paragraph("Enheten möter alla parter i minst ett forum.")
	}
	d.Paragraph("Möter parterna: " + linkLabels(u.PartiesMet) + "\nMöter i den egna organisationen: " + linkLabels(u.InternalMet) +
		"\nMötesbelastning: " + u.Meetings)
	d.Heading(level+1, "Forum där enheten deltar")
	if len(u.Forums.Rows) == 0 {
		d.Note(u.Forums.Empty)
	} else if len(u.ForumProse) > 0 {
		for _, p := range u.ForumProse {
			d.Paragraph(p)
		}
	} else {
		var rows [][]string
		for _, f := range u.Forums.Rows {
			role := "–"
			if f.Role != "" {
				role = kartlaggning.OptionLabel(kartlaggning.Roles, f.Role)
			}
			rows = append(rows, []string{f.Link.Label, kartlaggning.OptionLabel(kartlaggning.ForumKinds, f.Kind),
				kartlaggning.OptionLabel(kartlaggning.Levels, f.Level), frequencyText(f.Frequency), role, linkLabels(f.Others)})
		}
		d.Table(u.Forums.Caption, []string{"Forum", "Typ", "Nivå", "Mötesfrekvens", "Roll", "Övriga deltagare"}, rows)
	}
	d.Heading(level+1, "Vad fungerar bra idag?")
	plainParagraphs(d, u.WorksWell, "Inte besvarat.")
	d.Heading(level+1, "Vad behöver utvecklas?")
	plainParagraphs(d, u.NeedsDevelopment, "Inte besvarat.")
	d.Heading(level+1, "Önskad samverkan")
	if len(u.Wishes) == 0 {
		d.Note("Inga önskemål angivna.")
	}
	for _, w := range u.Wishes {
		t := w.Text
		if len(w.Links) > 0 {
			t += " Gäller: " + linkLabels(w.Links)
		}
		d.Bullet(t)
	}
}

// linkLabels is a list of names as the page writes them, notes in
// brackets, "–" for none.
func linkLabels(links []link) string {
	if len(links) == 0 {
		return "–"
	}
	var out []string
	for _, l := range links {
		if l.Note != "" {
			out = append(out, l.Label+" ("+l.Note+")")
		} else {
			out = append(out, l.Label)
		}
	}
	return strings.Join(out, ", ")
}

// plainParagraphs writes text typed into a form: paragraphs split at
// blank lines.
func plainParagraphs(d *docx.Document, text, empty string) {
	if strings.TrimSpace(text) == "" {
		if empty != "" {
			d.Note(empty)
		}
		return
	}
	for _, p := range regexp.MustCompile(`\n\s*\n`).Split(strings.TrimSpace(text), -1) {
		d.Paragraph(strings.TrimSpace(p))
	}
}

var markdownEmphasis = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__|\*([^*]+)\*`)

// markdownParagraphs writes the edition's Markdown texts as Word
// paragraphs: list items as bullets, headings as bold-free paragraphs,
// emphasis markers dropped (Word keeps the words, the writer has no
// inline styles).
func markdownParagraphs(d *docx.Document, text, empty string) {
	if strings.TrimSpace(text) == "" {
		d.Note(empty)
		return
	}
	for _, block := range regexp.MustCompile(`\n\s*\n`).Split(strings.TrimSpace(text), -1) {
		var para []string
		flush := func() {
			if len(para) > 0 {
				d.Paragraph(strings.Join(para, " "))
				para = nil
			}
		}
		for _, line := range strings.Split(block, "\n") {
			line = markdownEmphasis.ReplaceAllString(strings.TrimSpace(line), "$1$2$3")
			switch {
			case strings.HasPrefix(line, "- "), strings.HasPrefix(line, "* "):
				flush()
				d.Bullet(strings.TrimSpace(line[2:]))
			case strings.HasPrefix(line, "#"):
				flush()
				d.Paragraph(strings.TrimSpace(strings.TrimLeft(line, "#")))
			default:
				para = append(para, line)
			}
		}
		flush()
	}
}
