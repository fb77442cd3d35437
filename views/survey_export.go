package views

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// An enkät's answers, as JSON for the API and as an Excel workbook for
// the editor. The personal's answers are anonymous in both: no ids (an
// id is the hash of the respondent's own draft key), no time finer than
// the day, and an order that says nothing about who answered when.

// responsesFor loads a survey and the answers the principal may see:
// an editor all of them, a manager their own units', anyone else none.
func (s *Server) responsesFor(c echo.Context) (survey.Survey, []survey.Response, *lookup, error) {
	e, err := s.loadEnkat(c)
	if err != nil {
		return survey.Survey{}, nil, nil, err
	}
	sv, l := e.sv, e.l
	rs, err := e.responses()
	if err != nil {
		return sv, nil, nil, err
	}
	p := principal(c)
	if !p.Allows(kartlaggning.Edit, "") {
		rs = slices.DeleteFunc(rs, func(r survey.Response) bool { return !p.Allows(kartlaggning.UnitText, r.Unit) })
	}
	return sv, rs, l, nil
}

// anonymous returns the personal's answers as they may be shown: without
// ids, with only the day of each time, sorted by unit and then by
// content. Chef answers are returned as they are: the chef answers for
// the unit, by name.
func anonymous(sv survey.Survey, rs []survey.Response) []survey.Response {
	if sv.Kind != survey.Personal {
		return rs
	}
	day := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		t = t.In(survey.Stockholm)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	type keyed struct {
		r   survey.Response
		key []byte
	}
	out := make([]keyed, len(rs))
	for i, r := range rs {
		r.ID = ""
		r.Started, r.Updated, r.Submitted = day(r.Started), day(r.Updated), day(r.Submitted)
		key, _ := json.Marshal(r.Answer)
		out[i] = keyed{r, key}
	}
	slices.SortStableFunc(out, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.r.Unit, b.r.Unit), cmp.Compare(a.r.Status, b.r.Status), bytes.Compare(a.key, b.key))
	})
	list := make([]survey.Response, len(out))
	for i := range out {
		list[i] = out[i].r
	}
	return list
}

// handleAPIResponses lists a survey's answers. A reader is answered with
// the answers they may see, which are none: the list is filtered by what
// the principal may read, like every list here.
func (s *Server) handleAPIResponses(c echo.Context) error {
	sv, rs, _, err := s.responsesFor(c)
	if err != nil {
		return err
	}
	rs = anonymous(sv, rs)
	if rs == nil {
		rs = []survey.Response{}
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "private, no-store")
	return c.JSON(http.StatusOK, rs)
}

// handleAPIResponsesXLSX sends the answers as a workbook, built in a
// buffer so that a failure is an error rather than half a file.
func (s *Server) handleAPIResponsesXLSX(c echo.Context) error {
	sv, rs, l, err := s.responsesFor(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := exports.WriteResponsesXLSX(&buf, sv, anonymous(sv, rs), l.x); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "private, no-store")
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="svar-%s-%d.xlsx"`, sv.ID, sv.Year))
	return c.Blob(http.StatusOK, exports.XLSXContentType, buf.Bytes())
}
