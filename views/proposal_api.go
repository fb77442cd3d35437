package views

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The proposals API: what the chefs' answers suggest for the edition,
// each with its state against the edition now, and the editor's
// decisions. The proposals page (proposal.go) does the same by forms.

// proposalJSON is one proposal as the API lists it.
type proposalJSON struct {
	ID       string           `json:"id"`
	Unit     string           `json:"unit"`
	Response string           `json:"response"`
	Op       string           `json:"op"`
	Target   kartlaggning.Ref `json:"target"`
	Field    string           `json:"field,omitempty"`
	Before   any              `json:"before"`
	After    any              `json:"after"`
	Match    string           `json:"match,omitempty"`
	Status   string           `json:"status"`
	// State is applicable, applied or conflict for an open proposal; a
	// decided one has none.
	State string `json:"state,omitempty"`
}

// proposalBodyLimit bounds a decision's body: a list of ids at most.
const proposalBodyLimit = 64 << 10

func (s *Server) handleAPIProposalIndex(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	units, err := proposalUnits(principal(c), strings.TrimSpace(c.QueryParam("unit")))
	if err != nil {
		return err
	}
	cp, err := s.compileProposals(c.Request().Context(), year, units)
	if err != nil {
		return err
	}
	out := make([]proposalJSON, 0, len(cp.proposals))
	for _, p := range cp.proposals {
		out = append(out, proposalJSON{ID: p.ID, Unit: p.Unit, Response: p.Response, Op: p.Op, Target: p.Target, Field: p.Field,
			Before: p.Before, After: p.After, Match: p.Match, Status: p.Status, State: cp.states[p.ID]})
	}
	return c.JSON(http.StatusOK, out)
}

// acceptBody is the optional body of accepting one proposal.
type acceptBody struct {
	// AsMemberOf accepts a forum named in free text as a membership of
	// this existing forum instead of a new forum.
	AsMemberOf string `json:"as_member_of,omitempty"`
}

func (s *Server) handleAPIProposalAccept(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	var body acceptBody
	if c.Request().ContentLength != 0 {
		if err := decodeBody(c, proposalBodyLimit, &body); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	if err := s.acceptProposal(ctx, year, c.Param("id"), strings.TrimSpace(body.AsMemberOf)); err != nil {
		return err
	}
	return s.proposalStatus(c, year, c.Param("id"))
}

func (s *Server) handleAPIProposalReject(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	if err := s.rejectProposal(c.Request().Context(), year, c.Param("id")); err != nil {
		return err
	}
	return s.proposalStatus(c, year, c.Param("id"))
}

// proposalStatus answers a decision with the proposal as it is now.
func (s *Server) proposalStatus(c echo.Context, year int, id string) error {
	p, err := s.findProposal(c.Request().Context(), year, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, proposalJSON{ID: p.ID, Unit: p.Unit, Response: p.Response, Op: p.Op, Target: p.Target, Field: p.Field,
		Before: p.Before, After: p.After, Match: p.Match, Status: p.Status})
}

// acceptManyBody is the body of accepting several proposals.
type acceptManyBody struct {
	IDs []string `json:"ids"`
}

func (s *Server) handleAPIProposalAcceptMany(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	var body acceptManyBody
	if err := decodeBody(c, proposalBodyLimit, &body); err != nil {
		return err
	}
	if len(body.IDs) == 0 {
		return kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "ids", Message: "Ange minst ett förslag."}})
	}
	if s.Surveys == nil {
		return errNoSurveys()
	}
	res, err := s.acceptProposals(c.Request().Context(), year, body.IDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
