package views

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"sync"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/docx"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// The report's outline and content, shared by the printable page
// (report.go) and the Word document (report_docx.go).

type tocEntry struct {
	Number string
	Title  string
	Anchor string
	Depth  int // 0 a chapter, 1 a municipality or organisation, 2 a unit
}

// The report of a national edition (290 municipalities, 5,146 units) is
// a book of a hundred megabytes: it draws no maps past reportMapsMax
// municipalities (the map pages draw them on demand), and past
// reportStreamFrom units it is written to the browser as it is rendered,
// one such report at a time, rather than held in memory and in the page
// cache.
const (
	reportMapsMax    = 40
	reportStreamFrom = 1000 // units
)

// reportSection is one part of the results chapter: a municipality with
// its kommun's units, an organisation with its units, or one of the
// förbund's own insatser, printed once.
type reportSection struct {
	Number         string
	Anchor         string
	Title          string
	Municipality   *summaryPage // the municipality's figures, nil for an organisation
	MunicipalityID string
	Maps           []reportMapFigure // the municipality's maps for print (mapprint.go), none without a renderer
	// MapsURL is where the page fetches the maps once it is shown
	// (mapsLater), and MapsInline the report with them drawn in.
	MapsURL, MapsInline string
	Units               []summaryUnit
	Insats              *summaryUnit // a förbund's insats is a section of its own
	SeeAlso             []seeAlso    // units serving the municipality that are printed elsewhere
	Empty               string
}

// seeAlso points to a unit printed in another section ("se 4.7 ENTER").
type seeAlso struct {
	Number string
	Title  string
	Anchor string
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
	Sections   []reportSection
	Matrix     matrixPage
	Register   []registerRow
	Numbers    map[string]string // chapter numbers by anchor
	// Surveys are the edition's enkäter (report_survey.go), nil without.
	Surveys *reportSurveys
	// RegisterTitle is the register's appendix heading: numbered after
	// the questionnaires when there are any.
	RegisterTitle string
	// Pages says when the browser lays the report out into numbered
	// pages (report-pages.js): "auto" at once, "manual" on request, ""
	// never.
	Pages string
	// MapsLater is set when the page fetches its maps once shown.
	MapsLater bool
}

// reportMapsMode says how a report carries its municipalities' maps.
type reportMapsMode int

const (
	mapsNone   reportMapsMode = iota // none: the Word document draws its own
	mapsInline                       // drawn into the page before it is sent
	mapsLater                        // fetched by the page once it is shown (report-maps.js)
)

// reportData builds the report; mode says how it carries the maps
// (the Word document draws PNGs of its own).
func (s *Server) reportData(ctx context.Context, p page, l *lookup, mode reportMapsMode) (reportPage, error) {
	x := l.x
	ed := x.Doc.Edition
	r := reportPage{page: p, Info: ed, Draft: ed.Status != "published", Background: markdown(ed.Background),
		Purpose: markdown(ed.Purpose), Method: markdown(ed.Method), Reflection: markdown(ed.Reflection),
		Closing: markdown(ed.Closing), Numbers: map[string]string{}, Pages: reportPages(len(x.Doc.Units))}
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
	sections, err := s.reportSections(ctx, l, fmt.Sprint(chapter), mode)
	if err != nil {
		return r, err
	}
	for _, sec := range sections {
		r.MapsLater = r.MapsLater || sec.MapsURL != ""
		r.Sections = append(r.Sections, sec)
		r.Contents = append(r.Contents, tocEntry{Number: sec.Number, Title: sec.Title, Anchor: sec.Anchor, Depth: 1})
		for _, u := range sec.Units {
			r.Contents = append(r.Contents, tocEntry{Number: u.Number, Title: u.Link.Label, Anchor: u.Anchor, Depth: 2})
		}
	}
	add("partnermatris", "Parternas gemensamma forum")
	r.Matrix = matrixData(page{}, l, l.Matrix())
	add("reflektion", "Sammanfattande reflektion")
	add("avslutning", "Avslutande kommentar")
	if r.Surveys, err = s.reportSurveyData(ctx, l); err != nil {
		return r, err
	}
	r.RegisterTitle = "Bilaga: Register över samverkansforum"
	if r.Surveys != nil {
		for _, a := range r.Surveys.Appendices {
			r.Contents = append(r.Contents, tocEntry{Number: a.Number, Title: a.Title, Anchor: a.Anchor})
		}
		n := fmt.Sprintf("Bilaga %d", len(r.Surveys.Appendices)+1)
		r.RegisterTitle = n + ": Register över samverkansforum"
		r.Contents = append(r.Contents, tocEntry{Number: n, Title: "Register över samverkansforum", Anchor: "register"})
	} else {
		r.Contents = append(r.Contents, tocEntry{Number: "Bilaga", Title: "Register över samverkansforum", Anchor: "register"})
	}

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

// reportSections lays out the results chapter the way the seed
// kartläggning does: each municipality (in the edition's order) with the
// units of its kommun, then each other organisation that has units (the
// region first, then the agencies that are parties, then the rest), then
// the förbund's own insatser, each a section of its own. Every unit is
// printed exactly once; a municipality refers to the units that serve it
// but are printed elsewhere, so that a manager who confirms a section on
// the påseende page confirms text that is printed.
func (s *Server) reportSections(ctx context.Context, l *lookup, chapter string, mode reportMapsMode) ([]reportSection, error) {
	x := l.x
	home := map[string][]*kartlaggning.Unit{} // printed under a municipality, by municipality id
	byOrg := map[string][]*kartlaggning.Unit{}
	printedIn := map[string]string{} // unit id -> section anchor
	for i := range x.Doc.Units {
		u := &x.Doc.Units[i]
		o := x.Organisations[u.Organisation]
		if o != nil && o.Kind == "kommun" && x.Municipalities[o.Municipality] != nil {
			home[o.Municipality] = append(home[o.Municipality], u)
			continue
		}
		byOrg[u.Organisation] = append(byOrg[u.Organisation], u)
	}
	var out []reportSection
	number := func() string { return fmt.Sprintf("%s.%d", chapter, len(out)+1) }
	unitView := func(u *kartlaggning.Unit, n string, level int) summaryUnit {
		v := summaryUnitData(l, x.UnitSummary(u.ID))
		v.Number, v.Level = n, level
		v.ForumProse = forumProse(v.Forums.Rows)
		return v
	}
	for _, m := range x.Doc.Municipalities {
		sum, err := x.Summarise(m.ID)
		if err != nil {
			return nil, err
		}
		figures := summaryData(page{}, l, sum)
		figures.Units = nil
		sec := reportSection{Number: number(), Anchor: "kommun-" + m.ID, Title: m.Name, Municipality: &figures, MunicipalityID: m.ID,
			Empty: "Kartläggningen har ännu inga enheter i " + m.Name + "."}
		for i, u := range home[m.ID] {
			sec.Units = append(sec.Units, unitView(u, fmt.Sprintf("%s.%d", sec.Number, i+1), 4))
		}
		out = append(out, sec)
	}
	switch {
	case mode == mapsInline:
		// The maps are drawn by the render workers, several at a time:
		// one municipality after the other, the large report waited for
		// every render in turn.
		err := eachParallel(len(out), func(i int) error {
			var err error
			out[i].Maps, err = s.reportMaps(ctx, l, out[i].MunicipalityID)
			return err
		})
		if err != nil {
			return nil, err
		}
	case mode == mapsLater && len(x.Doc.Municipalities) <= reportMapsMax:
		for i := range out {
			out[i].MapsURL = fmt.Sprintf("/editions/%d/rapport/kartor/%s", l.year, url.PathEscape(out[i].MunicipalityID))
			out[i].MapsInline = fmt.Sprintf("/editions/%d/rapport?kartor=med#%s", l.year, out[i].Anchor)
		}
	}
	// The organisations with units of their own, in the seed's order.
	rank := func(o *kartlaggning.Organisation) int {
		switch {
		case o.Kind == "region":
			return 0
		case o.Kind == "myndighet" && o.Party:
			return 1
		case o.Kind == "samordningsforbund":
			return 3
		}
		return 2
	}
	var orgs []*kartlaggning.Organisation
	for i := range x.Doc.Organisations {
		if o := &x.Doc.Organisations[i]; len(byOrg[o.ID]) > 0 {
			orgs = append(orgs, o)
		}
	}
	// A unit whose organisation is missing from the edition is still printed.
	for i := range x.Doc.Units {
		if id := x.Doc.Units[i].Organisation; x.Organisations[id] == nil && len(byOrg[id]) > 0 {
			orgs = append(orgs, &kartlaggning.Organisation{ID: id, Name: id, Kind: "annan"})
		}
	}
	slices.SortStableFunc(orgs, func(a, b *kartlaggning.Organisation) int { return rank(a) - rank(b) })
	seen := map[string]bool{}
	for _, o := range orgs {
		if seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		if rank(o) == 3 {
			for _, u := range byOrg[o.ID] {
				n := number()
				v := unitView(u, n, 3)
				sec := reportSection{Number: n, Anchor: v.Anchor, Title: u.Name, Insats: &v}
				out = append(out, sec)
			}
			continue
		}
		sec := reportSection{Number: number(), Anchor: "organisation-" + o.ID, Title: o.Name}
		for i, u := range byOrg[o.ID] {
			sec.Units = append(sec.Units, unitView(u, fmt.Sprintf("%s.%d", sec.Number, i+1), 4))
		}
		out = append(out, sec)
	}
	// Where each unit is printed, for the references.
	where := map[string]seeAlso{}
	for _, sec := range out {
		if sec.Insats != nil {
			where[sec.Insats.ID] = seeAlso{Number: sec.Number, Title: sec.Title, Anchor: sec.Anchor}
		}
		for _, u := range sec.Units {
			where[u.ID] = seeAlso{Number: u.Number, Title: u.Link.Label, Anchor: u.Anchor}
			printedIn[u.ID] = sec.Anchor
		}
	}
	for i := range out {
		sec := &out[i]
		if sec.Municipality == nil {
			continue
		}
		for _, u := range x.UnitsIn(sec.MunicipalityID) {
			if printedIn[u.ID] == sec.Anchor {
				continue
			}
			sec.SeeAlso = append(sec.SeeAlso, where[u.ID])
		}
	}
	return out, nil
}

// reportMaps returns the municipality's maps for the report (see
// printMaps), from the same cache as the map pages. A map too large to
// draw in time is left out (the summary table still stands) rather than
// failing the whole report, and an edition of more municipalities than
// reportMapsMax gets none (see handleReport).
func (s *Server) reportMaps(ctx context.Context, l *lookup, municipality string) ([]reportMapFigure, error) {
	if len(l.x.Doc.Municipalities) > reportMapsMax {
		return nil, nil
	}
	figs, err := s.printMaps(ctx, mapQuery{year: l.year, revision: l.revision, index: l.x,
		req: kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: municipality}})
	return printSheets(figs), err
}

// reportMapPicture draws the municipality's map as a PNG picture for
// the Word document, nil when it is too large to draw in time. It is
// the printed report's whole map (printMap), so that a Word document
// asked for after the page finds its layout in the cache, rasterised
// here at the size the document places it at.
func (s *Server) reportMapPicture(ctx context.Context, l *lookup, municipality string) ([]byte, error) {
	if len(l.x.Doc.Municipalities) > reportMapsMax {
		return nil, nil
	}
	m := printQuery(mapQuery{year: l.year, revision: l.revision, index: l.x,
		req: kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: municipality}})
	p, err := s.printMap(ctx, m)
	if p == nil || err != nil {
		return nil, err
	}
	return maps.RasteriseWithin([]byte(p.svg), docxMapPixels(docx.MaxImageWidthMM), docxMapPixels(docx.MaxImageHeightMM))
}

// docxMapDPI is the resolution of a map's picture in the Word document
// at the size it is placed at: sharp on paper, and drawn in a third of
// the time the rasteriser's own 2 pixels a point took for the large
// edition's kommun maps (8 million pixels each).
const docxMapDPI = 200

func docxMapPixels(mm int) int { return mm * docxMapDPI * 10 / 254 }

// reportDrawers is how many maps the report asks the render workers for
// at once; the pool queues what it cannot start.
const reportDrawers = 4

// eachParallel runs f for 0..n-1, reportDrawers at a time, and returns
// the first error.
func eachParallel(n int, f func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, reportDrawers)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = f(i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func reportPages(units int) string {
	switch {
	case units <= reportPagesAuto:
		return "auto"
	case units < reportStreamFrom:
		return "manual"
	}
	return ""
}
