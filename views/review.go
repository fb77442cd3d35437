package views

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The påseende: the editor sends units their section of the report; a
// manager reads it as it will print, and confirms it or asks for changes.
// The state lives in the unit's review field, so it exports and imports.

type reviewRow struct {
	ID      string
	Unit    link
	Org     link
	Status  string
	Comment string
	At      string
	URL     string
}

type reviewDashboardPage struct {
	page
	Year   int
	Rows   []reviewRow
	Counts []countRow
}

func (s *Server) handleReviewDashboard(c echo.Context) error {
	p, year, err := s.editionPage(c, "Påseende", crumb{Label: "Påseende"})
	if err != nil {
		return err
	}
	l, err := s.edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	x := l.x
	counts := map[string]int{}
	data := reviewDashboardPage{page: p, Year: year}
	for i := range x.Doc.Units {
		u := &x.Doc.Units[i]
		row := reviewRow{ID: u.ID, Unit: l.unitLink(u.ID).plain(), Org: l.organisationLink(u.Organisation), Status: "not-sent",
			URL: joinPath("editions", year, "units", u.ID, "review")}
		if u.Review != nil {
			row.Status, row.Comment, row.At = u.Review.Status, u.Review.Comment, u.Review.At
		}
		counts[row.Status]++
		data.Rows = append(data.Rows, row)
	}
	for _, o := range kartlaggning.ReviewStatuses {
		data.Counts = append(data.Counts, countRow{Label: o.Label, Count: swedishNumber(counts[o.Value])})
	}
	return c.Render(http.StatusOK, "review_dashboard", data)
}

func (s *Server) handleReviewSend(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	params, _ := c.FormParams()
	ids := params["units"]
	if c.FormValue("all") == "true" {
		x, _, err := s.index(c.Request().Context(), year)
		if err != nil {
			return err
		}
		ids = nil
		for _, u := range x.Doc.Units {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) == 0 {
		return redirectWithFlash(c, joinPath("editions", year, "review"), "Välj minst en enhet att skicka.")
	}
	r := kartlaggning.Review{Status: "sent", At: s.now().Format(time.RFC3339)}
	if err := s.Store.SetReviews(c.Request().Context(), year, ids, r); err != nil {
		return err
	}
	msg := fmt.Sprintf("%d avsnitt är skickade för påseende.", len(ids))
	if len(ids) == 1 {
		msg = "1 avsnitt är skickat för påseende."
	}
	return redirectWithFlash(c, joinPath("editions", year, "review"), msg)
}

type unitReviewPage struct {
	page
	Year    int
	Unit    summaryUnit
	Review  *kartlaggning.Review
	Version int64
	EditURL string
	Form    *form
}

func (s *Server) handleUnitReview(c echo.Context) error {
	return s.renderUnitReview(c, http.StatusOK, nil)
}

func (s *Server) renderUnitReview(c echo.Context, status int, f *form) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := s.Store.Get(ctx, year, kartlaggning.Units, c.Param("id"))
	if err != nil {
		return err
	}
	u := v.Entity.(*kartlaggning.Unit)
	p, _, err := s.editionPage(c, "Påseende: "+u.Name, crumb{Label: "Enheter", URL: joinPath("editions", year, "units")},
		crumb{Label: u.Name, URL: entityURL(year, kartlaggning.Units, u.ID)}, crumb{Label: "Påseende"})
	if err != nil {
		return err
	}
	l, err := s.edition(ctx, year)
	if err != nil {
		return err
	}
	x := l.x
	if x.Units[u.ID] == nil {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen enhet med id %q.", u.ID)
	}
	// The section as the report prints it.
	section := summaryUnitData(l, x.UnitSummary(u.ID))
	if f == nil {
		f = newForm(joinPath("editions", year, "units", u.ID, "review"))
		f.add("comment", "", label("Kommentar"), hint("Vad ska ändras? Skriv gärna hur det ska stå."))
	}
	return c.Render(status, "unit_review", unitReviewPage{page: p, Year: year, Unit: section, Review: u.Review,
		Version: v.Version, EditURL: entityURL(year, kartlaggning.Units, u.ID) + "/edit", Form: f})
}

func (s *Server) handleUnitReviewAnswer(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	r := &formReader{c: c}
	status := map[string]string{"confirm": "confirmed", "changes": "changes-requested"}[c.FormValue("action")]
	comment := r.raw("comment")
	if status == "" {
		return &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Välj att bekräfta eller att begära ändringar.",
			Fields: []kartlaggning.FieldError{{Path: "action", Message: "Välj confirm eller changes."}}}
	}
	if status == "changes-requested" && comment == "" {
		f := newForm(joinPath("editions", year, "units", c.Param("id"), "review"))
		f.add("comment", comment, label("Kommentar"), hint("Vad ska ändras? Skriv gärna hur det ska stå."))
		f.setErrors(&kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Kommentar saknas.",
			Fields: []kartlaggning.FieldError{{Path: "comment", Message: "Skriv vad som behöver ändras."}}})
		return s.renderUnitReview(c, http.StatusUnprocessableEntity, f)
	}
	ctx := c.Request().Context()
	v, err := s.Store.Get(ctx, year, kartlaggning.Units, c.Param("id"))
	if err != nil {
		return err
	}
	u := *v.Entity.(*kartlaggning.Unit)
	u.Review = &kartlaggning.Review{Status: status, Comment: comment, At: s.now().Format(time.RFC3339)}
	if _, err := s.Store.Update(ctx, year, &u, r.version()); err != nil {
		if kartlaggning.ErrorCode(err) == kartlaggning.EPRECONDITION {
			p, _, _ := s.editionPage(c, "")
			return s.renderConflict(c, p, joinPath("editions", year, "units", u.ID, "review"))
		}
		return err
	}
	msg := "Tack! Avsnittet är bekräftat."
	if status == "changes-requested" {
		msg = "Tack! Processutvecklaren ser din begäran om ändringar."
	}
	return redirectWithFlash(c, joinPath("editions", year, "units", u.ID, "review"), msg)
}
