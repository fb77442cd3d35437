package views

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// A forum's members are part of the forum: every change below is an update
// of the forum, at the version the form was opened at, so that two people
// changing the same forum cannot overwrite each other.
func (s *Server) memberRoutes(g *echo.Group) {
	base := "/editions/:year/forums/:id/members"
	g.POST(base, s.handleMemberCreate)
	g.GET(base+"/:n/edit", s.handleMemberEdit)
	g.POST(base+"/:n", s.handleMemberUpdate)
	g.POST(base+"/:n/delete", s.handleMemberDelete)
}

func memberForm(d *edition, action string, m kartlaggning.Member, version int64) *form {
	f := newForm(action)
	f.Version = version
	f.add("unit", m.Unit, options(d.options(kartlaggning.Units, "")),
		hint("Välj en enhet, eller en organisation när enheten inte är känd."))
	f.add("organisation", m.Organisation, options(d.options(kartlaggning.Organisations, "")),
		hint("Bara när enheten inte är känd: då räknas hela organisationen som deltagare."))
	f.add("role", m.Role, options(kartlaggning.Roles))
	f.add("representative", m.Representative, hint("Befattning, t.ex. integrationschef. Inga personnamn behövs."))
	f.add("note", m.Note)
	return f
}

func readMember(r *formReader) kartlaggning.Member {
	return kartlaggning.Member{Unit: r.text("unit"), Organisation: r.text("organisation"), Role: r.text("role"),
		Representative: r.text("representative"), Note: r.raw("note")}
}

// setMemberErrors puts the errors of seat n ("members[3].unit") beside the
// member form's inputs ("unit"); the forum's other errors go to the summary.
func setMemberErrors(f *form, err error, n int) {
	e, ok := kartlaggning.AsError(err)
	if !ok {
		f.Errors = append(f.Errors, formError{Message: kartlaggning.ErrorMessage(err)})
		return
	}
	if len(e.Fields) == 0 {
		f.Errors = append(f.Errors, formError{Message: e.Message})
	}
	prefix := fmt.Sprintf("members[%d].", n)
	for _, fe := range e.Fields {
		name, mine := strings.CutPrefix(fe.Path, prefix)
		fl, ok := f.Fields[name]
		if !mine || !ok {
			f.Errors = append(f.Errors, formError{Message: fe.Message})
			continue
		}
		if fl.Error == "" {
			fl.Error = fe.Message
		}
		f.Errors = append(f.Errors, formError{ID: fl.ID, Message: fe.Message})
	}
}

// memberName names a member in a message.
func memberName(d *edition, m kartlaggning.Member) string {
	l := memberLink(d, m)
	if l.Note != "" {
		return l.Label + " (" + l.Note + ")"
	}
	return l.Label
}

// loadSeat loads the forum of a member page and the seat number n.
func (s *Server) loadSeat(c echo.Context, sub string) (entityPage, *edition, *kartlaggning.Forum, int, error) {
	p, d, v, err := s.loadEntity(c, forumResource, sub)
	if err != nil {
		return p, d, nil, 0, err
	}
	f := v.Entity.(*kartlaggning.Forum)
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 0 || n >= len(f.Members) {
		return p, d, f, 0, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Forumet har ingen deltagare nummer %q.", c.Param("n"))
	}
	return p, d, f, n, nil
}

// saveMembers stores the forum with members in place of its members, at
// the version the form carried, and redirects to the forum with flash. A
// stale version gets the conflict page. Either way done is true and err is
// what the handler returns; otherwise err is the store's error for the
// caller to show beside the form.
func (s *Server) saveMembers(c echo.Context, p entityPage, f *kartlaggning.Forum, members []kartlaggning.Member, flash string) (done bool, err error) {
	changed := *f
	changed.Members = members
	_, err = s.Store.Update(c.Request().Context(), p.Year, &changed, formVersion(&formReader{c: c}))
	switch kartlaggning.ErrorCode(err) {
	case "":
		return true, redirectWithFlash(c, p.URL+"#deltagare", flash)
	case kartlaggning.EPRECONDITION:
		return true, s.renderConflict(c, p.page, p.URL)
	case kartlaggning.EINVALID:
		return false, err
	}
	return true, err
}

func (s *Server) handleMemberCreate(c echo.Context) error {
	p, d, v, err := s.loadEntity(c, forumResource, "")
	if err != nil {
		return err
	}
	f := v.Entity.(*kartlaggning.Forum)
	m := readMember(&formReader{c: c})
	flash := fmt.Sprintf("”%s” är tillagd som deltagare.", memberName(d, m))
	done, err := s.saveMembers(c, p, f, append(slices.Clone(f.Members), m), flash)
	if done {
		return err
	}
	mf := memberForm(d, p.URL+"/members", m, p.Version)
	setMemberErrors(mf, err, len(f.Members))
	data := forumShowData(d, p, f, mf)
	if d.err != nil {
		return d.err
	}
	return c.Render(http.StatusUnprocessableEntity, "forum_show", data)
}

type memberFormPage struct {
	entityPage
	Form   *form
	Member link
}

func (s *Server) renderMemberForm(c echo.Context, status int, p entityPage, d *edition, f *kartlaggning.Forum, n int, m kartlaggning.Member, err error) error {
	mf := memberForm(d, joinPath("editions", p.Year, kartlaggning.Forums, p.ID, "members", n), m, p.Version)
	if err != nil {
		setMemberErrors(mf, err, n)
	}
	data := memberFormPage{entityPage: p, Form: mf, Member: memberLink(d, f.Members[n])}
	if d.err != nil {
		return d.err
	}
	return c.Render(status, "member_form", data)
}

func (s *Server) handleMemberEdit(c echo.Context) error {
	p, d, f, n, err := s.loadSeat(c, "Ändra deltagare")
	if err != nil {
		return err
	}
	return s.renderMemberForm(c, http.StatusOK, p, d, f, n, f.Members[n], nil)
}

func (s *Server) handleMemberUpdate(c echo.Context) error {
	p, d, f, n, err := s.loadSeat(c, "Ändra deltagare")
	if err != nil {
		return err
	}
	m := readMember(&formReader{c: c})
	members := slices.Clone(f.Members)
	members[n] = m
	flash := fmt.Sprintf("Deltagaren ”%s” är ändrad.", memberName(d, m))
	done, err := s.saveMembers(c, p, f, members, flash)
	if done {
		return err
	}
	return s.renderMemberForm(c, http.StatusUnprocessableEntity, p, d, f, n, m, err)
}

func (s *Server) handleMemberDelete(c echo.Context) error {
	p, d, f, n, err := s.loadSeat(c, "")
	if err != nil {
		return err
	}
	flash := fmt.Sprintf("”%s” är borttagen ur forumet.", memberName(d, f.Members[n]))
	done, err := s.saveMembers(c, p, f, slices.Delete(slices.Clone(f.Members), n, n+1), flash)
	if done {
		return err
	}
	// Removing a seat can break a rule of the forum (a kontakt forum's
	// convener must stay a member): say so at the top of its page.
	summary := newForm("")
	setMemberErrors(summary, err, -1)
	data := forumShowData(d, p, f, nil)
	data.Errors = summary.Errors
	if d.err != nil {
		return d.err
	}
	return c.Render(http.StatusUnprocessableEntity, "forum_show", data)
}
