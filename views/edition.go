package views

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func (s *Server) handleEditionPublish(c echo.Context) error {
	return s.setStatusAndRedirect(c, "published", "Kartläggningen för %d är publicerad och låst för ändringar.")
}

func (s *Server) handleEditionReopen(c echo.Context) error {
	return s.setStatusAndRedirect(c, "draft", "Kartläggningen för %d är öppen för ändringar igen.")
}

func (s *Server) setStatusAndRedirect(c echo.Context, status, done string) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	if _, err := s.Store.SetEditionStatus(c.Request().Context(), year, status, kartlaggning.AnyVersion); err != nil {
		return err
	}
	return redirectWithFlash(c, joinPath("editions", year), fmt.Sprintf(done, year))
}

type editionIndexPage struct {
	page
	Editions []kartlaggning.EditionInfo
	Import   *form
	Pending  []pendingReview // a manager's sections sent for review
}

// pendingReview is a unit's section that waits for its manager.
type pendingReview struct {
	Year int
	Name string
	URL  string
}

func (s *Server) handleEditionIndex(c echo.Context) error {
	return s.renderEditionIndex(c, http.StatusOK, newForm("/editions/import"))
}

func (s *Server) renderEditionIndex(c echo.Context, status int, f *form) error {
	list, err := s.Store.Editions(c.Request().Context())
	if err != nil {
		return err
	}
	list = visibleEditions(c, list)
	// The upload's error, if any, stays beside the input.
	prev := f.Fields["file"]
	fl := f.add("file", "", label("Fil i formatet kartlaggning/v1 (JSON) eller en Excel-arbetsbok (.xlsx)"))
	if prev != nil {
		fl.Error = prev.Error
	}
	f.add("replace", "", label("Ersätt en befintlig kartläggning för samma år"))
	pending, err := s.pendingReviews(c, list)
	if err != nil {
		return err
	}
	return c.Render(status, "edition_index", editionIndexPage{page: s.basePage(c, "Kartläggningar"), Editions: list, Import: f,
		Pending: pending})
}

// pendingReviews lists, for a manager, the sections of their units that
// the editor has sent for review: signing in lands on this page, and
// the request should not wait unseen behind a year's link.
func (s *Server) pendingReviews(c echo.Context, list []kartlaggning.EditionInfo) ([]pendingReview, error) {
	p := principal(c)
	if p.Role != kartlaggning.RoleManager || len(p.Units) == 0 {
		return nil, nil
	}
	var out []pendingReview
	for _, e := range list {
		if e.Status == "published" {
			continue // a published edition is locked: nothing to review
		}
		l, err := s.edition(c.Request().Context(), e.Year)
		if err != nil {
			return nil, err
		}
		for _, id := range p.Units {
			if u := l.x.Units[id]; u != nil && u.Review != nil && u.Review.Status == "sent" {
				out = append(out, pendingReview{Year: e.Year, Name: u.Name, URL: joinPath("editions", e.Year, "units", id, "review")})
			}
		}
	}
	return out, nil
}

// handleEditionImport takes an uploaded kartlaggning/v1 file.
func (s *Server) handleEditionImport(c echo.Context) error {
	f := newForm("/editions/import")
	fh, err := c.FormFile("file")
	if err != nil {
		f.Errors = append(f.Errors, formError{ID: fieldID("file"), Message: "Välj en fil att importera."})
		return s.renderEditionIndex(c, http.StatusUnprocessableEntity, f)
	}
	if fh.Size > importBodyLimit {
		return kartlaggning.Errorf(kartlaggning.ETOOLARGE, "Filen är större än %d MiB.", importBodyLimit>>20)
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	doc, err := decodeUpload(fh.Filename, data)
	if err == nil {
		_, err = s.Store.Import(c.Request().Context(), doc, c.FormValue("replace") == "true")
	}
	if err != nil {
		e, ok := kartlaggning.AsError(err)
		if !ok {
			return err
		}
		// The file is not a form: list its problems with their paths.
		f.Errors = append(f.Errors, formError{ID: fieldID("file"), Message: fh.Filename + ": " + e.Message})
		for _, fe := range e.Fields {
			f.Errors = append(f.Errors, formError{Message: fe.Path + ": " + fe.Message})
		}
		f.add("file", "").Error = e.Message
		return s.renderEditionIndex(c, formStatus(err), f)
	}
	return redirectWithFlash(c, joinPath("editions", doc.Edition.Year), fmt.Sprintf("Kartläggningen för %d är importerad.", doc.Edition.Year))
}

type editionShowPage struct {
	page
	Info    kartlaggning.Edition
	Version int64
	Counts  map[kartlaggning.Kind]int
	Kinds   []kartlaggning.Kind
}

func (s *Server) handleEditionShow(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		p, year, err := s.editionPage(c, "")
		if err != nil {
			return "", nil, err
		}
		ctx := c.Request().Context()
		ed, version, err := s.Store.Edition(ctx, year)
		if err != nil {
			return "", nil, err
		}
		// The counts come from the cached snapshot: reading every entity of
		// a large edition for four numbers would make the page slow.
		x, _, err := s.index(ctx, year)
		if err != nil {
			return "", nil, err
		}
		counts := map[kartlaggning.Kind]int{}
		for _, k := range kartlaggning.Kinds {
			counts[k] = len(x.Doc.Entities(k))
		}
		p.Title = ed.Title
		return "edition_show", editionShowPage{page: p, Info: ed, Version: version, Counts: counts, Kinds: kartlaggning.Kinds}, nil
	})
}

type editionFormPage struct {
	page
	Form  *form
	IsNew bool
}

func editionForm(action string, ed kartlaggning.Edition, isNew bool) *form {
	f := newForm(action)
	year := ""
	if ed.Year != 0 {
		year = strconv.Itoa(ed.Year)
	}
	yf := f.add("year", year, required, hint("Kartläggningens år, t.ex. 2019. Kan inte ändras senare."))
	yf.ReadOnly = !isNew
	f.add("title", ed.Title, required)
	f.add("federation", ed.Federation, hint("Samordningsförbundets namn."))
	f.add("period", ed.Period, hint("T.ex. ”Hösten 2018 – Våren 2019”."))
	f.add("author", ed.Author, hint("En roll, t.ex. Processutvecklare."))
	f.add("status", ed.Status, required, options(kartlaggning.EditionStatuses))
	for _, name := range []string{"background", "purpose", "method", "reflection", "closing"} {
		f.add(name, map[string]string{"background": ed.Background, "purpose": ed.Purpose, "method": ed.Method,
			"reflection": ed.Reflection, "closing": ed.Closing}[name], hint("Stycken skiljs åt med en tom rad. Markdown går bra: **fetstil**, *kursiv*, listor med -."))
	}
	return f
}

func readEditionForm(c echo.Context) (kartlaggning.Edition, *formReader) {
	r := &formReader{c: c}
	ed := kartlaggning.Edition{Title: r.text("title"), Federation: r.text("federation"), Period: r.text("period"),
		Author: r.text("author"), Status: r.text("status"), Background: r.raw("background"), Purpose: r.raw("purpose"),
		Method: r.raw("method"), Reflection: r.raw("reflection"), Closing: r.raw("closing")}
	if y := r.int("year"); y != nil {
		ed.Year = *y
	}
	return ed, r
}

func (s *Server) handleEditionNew(c echo.Context) error {
	p := s.basePage(c, "Ny kartläggning", crumb{"Kartläggningar", "/"}, crumb{"Ny kartläggning", ""})
	return c.Render(http.StatusOK, "edition_form", editionFormPage{page: p, Form: editionForm("/editions", kartlaggning.Edition{Status: "draft"}, true), IsNew: true})
}

func (s *Server) handleEditionCreate(c echo.Context) error {
	ed, r := readEditionForm(c)
	err := r.err()
	if err == nil {
		_, err = s.Store.CreateEdition(c.Request().Context(), ed)
	}
	if err != nil {
		f := editionForm("/editions", ed, true)
		if !f.setErrors(err) {
			return err
		}
		p := s.basePage(c, "Ny kartläggning", crumb{"Kartläggningar", "/"}, crumb{"Ny kartläggning", ""})
		return c.Render(formStatus(err), "edition_form", editionFormPage{page: p, Form: f, IsNew: true})
	}
	return redirectWithFlash(c, joinPath("editions", ed.Year), fmt.Sprintf("Kartläggningen för %d är skapad.", ed.Year))
}

func (s *Server) handleEditionEdit(c echo.Context) error {
	p, year, err := s.editionPage(c, "Redigera kartläggningen", crumb{"Redigera", ""})
	if err != nil {
		return err
	}
	ed, version, err := s.Store.Edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	f := editionForm(joinPath("editions", year), ed, false)
	f.Version = version
	return c.Render(http.StatusOK, "edition_form", editionFormPage{page: p, Form: f})
}

func (s *Server) handleEditionUpdate(c echo.Context) error {
	p, year, err := s.editionPage(c, "Redigera kartläggningen", crumb{"Redigera", ""})
	if err != nil {
		return err
	}
	ed, r := readEditionForm(c)
	ed.Year = year
	version := r.version()
	err = r.err()
	if err == nil {
		_, err = s.Store.UpdateEdition(c.Request().Context(), ed, version)
	}
	if kartlaggning.ErrorCode(err) == kartlaggning.EPRECONDITION {
		return s.renderConflict(c, p, joinPath("editions", year, "edit"))
	}
	if err != nil {
		f := editionForm(joinPath("editions", year), ed, false)
		f.Version = version
		if !f.setErrors(err) {
			return err
		}
		return c.Render(formStatus(err), "edition_form", editionFormPage{page: p, Form: f})
	}
	return redirectWithFlash(c, joinPath("editions", year), "Ändringarna är sparade.")
}

func (s *Server) handleEditionNext(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	next, _, err := kartlaggning.StartNextEdition(c.Request().Context(), s.Store, year)
	if err != nil {
		return err
	}
	return redirectWithFlash(c, joinPath("editions", next), fmt.Sprintf(
		"Kartläggningen för %d är startad från %d, med samma kommuner, organisationer, enheter och forum. "+
			"Påseendena är återställda och hållna möten tomma. Se över titel och period under ”Redigera uppgifter och texter”.", next, year))
}
