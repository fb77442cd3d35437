package views

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// The enkäter's JSON API for editors: the questionnaires of an edition,
// and the invitations to answer them.

// surveyBodyLimit bounds a questionnaire: its longest field is the
// information sheet (20 000 characters).
const surveyBodyLimit = 256 << 10

// surveyInput is what a client sends to create or replace an enkät.
// Title and intro are pointers so that a missing one takes the default
// on create, and an empty one is an error to show.
type surveyInput struct {
	Kind      string            `json:"kind"`
	Title     *string           `json:"title"`
	Intro     *string           `json:"intro"`
	Questions []survey.Question `json:"questions"`
	Off       []string          `json:"off"`
	Ratings   bool              `json:"ratings"`
	Scale     []string          `json:"scale"`
	Closes    string            `json:"closes"`
}

// apply puts the input's values on sv.
func (in surveyInput) apply(sv *survey.Survey) {
	if in.Title != nil {
		sv.Title = strings.TrimSpace(*in.Title)
	}
	if in.Intro != nil {
		sv.Intro = strings.TrimSpace(*in.Intro)
	}
	if in.Closes != "" {
		sv.Closes = in.Closes
	}
	sv.Questions, sv.Off, sv.Ratings, sv.Scale = in.Questions, in.Off, in.Ratings, in.Scale
	numberQuestions(sv.Questions)
}

func (s *Server) handleAPISurveyIndex(c echo.Context) error {
	e, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	list, err := e.st.Surveys(e.ctx, e.year)
	if err != nil {
		return err
	}
	if list == nil {
		list = []survey.Survey{}
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleAPISurveyCreate(c echo.Context) error {
	e, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	year := e.year
	var in surveyInput
	if err := decodeBody(c, surveyBodyLimit, &in); err != nil {
		return err
	}
	if err := checkSurveyKind(in.Kind); err != nil {
		return err
	}
	sv := newSurvey(year, in.Kind, s.now())
	// The information sheet names the closing day: written for the one
	// asked for, when it can be read.
	if closes, err := time.ParseInLocation(time.DateOnly, in.Closes, survey.Stockholm); err == nil {
		sv = survey.New(in.Kind, year, closes)
	}
	in.apply(&sv)
	sv.Created = s.now()
	sv, err = e.st.CreateSurvey(e.ctx, year, sv)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/editions/%d/surveys/%s", year, sv.ID))
	return c.JSON(http.StatusCreated, map[string]string{"id": sv.ID})
}

func (s *Server) handleAPISurveyShow(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, e.sv)
}

// handleAPISurveyUpdate replaces the editable parts; the kind is fixed
// once made (the answers follow it).
func (s *Server) handleAPISurveyUpdate(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	st, ctx, year, sv := e.st, e.ctx, e.year, e.sv
	var in surveyInput
	if err := decodeBody(c, surveyBodyLimit, &in); err != nil {
		return err
	}
	if in.Kind != "" && in.Kind != sv.Kind {
		return kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "kind",
			Message: "Typ av enkät kan inte ändras; skapa en ny enkät i stället."}})
	}
	in.apply(&sv)
	if err := st.UpdateSurvey(ctx, year, sv); err != nil {
		return err
	}
	sv, err = st.Survey(ctx, year, sv.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sv)
}

func (s *Server) handleAPISurveyDelete(c echo.Context) error {
	e, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	if err := e.st.DeleteSurvey(e.ctx, e.year, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handleAPIInvitationCreate issues links and answers with them, once:
// JSON, or with Accept: text/csv the same links for mail merge.
func (s *Server) handleAPIInvitationCreate(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	var sel inviteSelection
	if err := decodeBody(c, surveyBodyLimit, &sel); err != nil {
		return err
	}
	units, err := resolveInvitees(e.l, sel)
	expires, expErr := inviteExpiry(sel.Expires, e.sv.Closes, s.now())
	if err = joinInvalid(err, expErr); err != nil {
		return err
	}
	sv := e.sv
	links, err := s.issueInvitations(e.ctx, e.l, linkBase(c), sv, units, expires)
	if err != nil {
		return err
	}
	// The links are secrets shown once: no cache may keep them.
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/csv") {
		var buf bytes.Buffer
		if err := writeInviteCSV(&buf, links); err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, inviteCSVName(sv)))
		return c.Blob(http.StatusCreated, "text/csv; charset=utf-8", buf.Bytes())
	}
	return c.JSON(http.StatusCreated, links)
}

func (s *Server) handleAPIInvitationIndex(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	invs, rs, err := e.progress()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, invitationStatuses(invs, rs, s.now()))
}

func (s *Server) handleAPIInvitationRevoke(c echo.Context) error {
	e, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	if err := e.st.Revoke(e.ctx, e.year, c.Param("id"), c.Param("unit")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
