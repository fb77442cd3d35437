package views

import (
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

// surveyParams checks that enkäter are kept and the edition exists.
func (s *Server) surveyParams(c echo.Context) (survey.Store, int, error) {
	st, err := s.enkater()
	if err != nil {
		return nil, 0, err
	}
	year, err := yearParam(c)
	if err != nil {
		return nil, 0, err
	}
	if _, err := s.edition(c.Request().Context(), year); err != nil {
		return nil, 0, err
	}
	return st, year, nil
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
