package views

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// What the editor's pages and API share about an enkät's editable parts:
// the defaults of a new one and the ids of the editor's own questions.

// surveyKinds are the two questionnaires, for the pages.
var surveyKinds = []kartlaggning.Option{
	{Value: survey.Chef, Label: "Chefsenkät"},
	{Value: survey.Personal, Label: "Personalenkät"},
}

// checkSurveyKind is the field error of an unknown kind.
func checkSurveyKind(kind string) error {
	if kind == survey.Chef || kind == survey.Personal {
		return nil
	}
	return kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "kind",
		Message: "Typ av enkät måste vara chef (chefsenkät) eller personal (personalenkät)."}})
}

// defaultClosesDays is how long a new enkät stays open by default: four
// weeks, the time the hand-made kartläggning gave its questionnaires.
const defaultClosesDays = 28

// newSurvey is a new enkät of a kind with the domain's defaults: the
// title, the information sheet, closing four weeks from now.
func newSurvey(year int, kind string, now time.Time) survey.Survey {
	return survey.New(kind, year, now.In(survey.Stockholm).AddDate(0, 0, defaultClosesDays))
}

// numberQuestions gives the editor's own questions that have no id one
// ("egen-3"), unique within the enkät, so that answers keep pointing at
// the question they answered when others are removed.
func numberQuestions(qs []survey.Question) {
	next := 1
	for _, q := range qs {
		if n, err := strconv.Atoi(strings.TrimPrefix(q.ID, "egen-")); err == nil && strings.HasPrefix(q.ID, "egen-") && n >= next {
			next = n + 1
		}
	}
	for i := range qs {
		if qs[i].ID == "" {
			qs[i].ID = fmt.Sprintf("egen-%d", next)
			next++
		}
	}
}

// dayText writes a YYYY-MM-DD day the Swedish way ("30 november 2026").
func dayText(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return swedishDate(t)
}

// enkat is one enkät as its handlers read it: the store, the edition
// (checked to exist before anything else is read) and, once loaded, the
// enkät named in the path. The invitations and answers are read only by
// the handlers that show them, through its methods.
type enkat struct {
	st   survey.Store
	ctx  context.Context
	year int
	l    *lookup
	sv   survey.Survey
}

// surveyScope checks that enkäter are kept and the edition exists, for
// the handlers that act on the edition's enkäter or on an id as given.
func (s *Server) surveyScope(c echo.Context) (*enkat, error) {
	st, err := s.enkater()
	if err != nil {
		return nil, err
	}
	year, err := yearParam(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	l, err := s.edition(ctx, year)
	if err != nil {
		return nil, err
	}
	return &enkat{st: st, ctx: ctx, year: year, l: l}, nil
}

// loadEnkat is surveyScope and the enkät named by the path's id.
func (s *Server) loadEnkat(c echo.Context) (*enkat, error) {
	e, err := s.surveyScope(c)
	if err != nil {
		return nil, err
	}
	if e.sv, err = e.st.Survey(e.ctx, e.year, c.Param("id")); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *enkat) invitations() ([]survey.Invitation, error) {
	return e.st.Invitations(e.ctx, e.year, e.sv.ID)
}

func (e *enkat) responses() ([]survey.Response, error) {
	return e.st.Responses(e.ctx, e.year, e.sv.ID)
}

// progress reads the invitations and the answers, which the status of
// every unit needs together.
func (e *enkat) progress() ([]survey.Invitation, []survey.Response, error) {
	invs, err := e.invitations()
	if err != nil {
		return nil, nil, err
	}
	rs, err := e.responses()
	if err != nil {
		return nil, nil, err
	}
	return invs, rs, nil
}

// url is the enkät's page, or one below it.
func (e *enkat) url(rest ...any) string { return surveyURL(e.year, e.sv.ID, rest...) }

// unitName is a unit's name for a message, or its id when the edition
// has no such unit.
func (e *enkat) unitName(id string) string {
	if u := e.l.unit(id); u != nil {
		return u.Name
	}
	return id
}

func surveyURL(year int, id string, rest ...any) string {
	return joinPath(append([]any{"editions", year, "enkater", id}, rest...)...)
}

// enkatCrumbs is the trail of a page below the enkät: the list, the
// enkät, then more.
func (e *enkat) crumbs(more ...crumb) []crumb {
	return append([]crumb{{Label: "Enkäter", URL: joinPath("editions", e.year, "enkater")}, {Label: e.sv.Title, URL: e.url()}}, more...)
}

// joinInvalid puts the field errors of several checks into one EINVALID,
// so that the user sees every problem at once; other errors win as they are.
func joinInvalid(errs ...error) error {
	var fields []kartlaggning.FieldError
	for _, err := range errs {
		if err == nil {
			continue
		}
		e, ok := kartlaggning.AsError(err)
		if !ok || e.Code != kartlaggning.EINVALID {
			return err
		}
		fields = append(fields, e.Fields...)
	}
	return kartlaggning.Invalid(fields)
}

// moveClosingDay rewrites the closing day in the information sheet when
// the editor moves it, so that the sheet does not name the old day; a
// sheet that does not name it stays as written.
func moveClosingDay(intro, from, to string) string {
	if from == to {
		return intro
	}
	a, errA := time.Parse(time.DateOnly, from)
	b, errB := time.Parse(time.DateOnly, to)
	if errA != nil || errB != nil {
		return intro
	}
	return strings.ReplaceAll(intro, survey.SwedishDate(a), survey.SwedishDate(b))
}
