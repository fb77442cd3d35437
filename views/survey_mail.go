package views

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/views/mail"
)

// Sending an enkät's invitations and reminders by e-mail (mailing.go does
// the sending): a page for the editor with an address per unit, and the
// same operations in the API.

// mailInput is what a client sends to mail invitations: the units (as
// for the links, see inviteSelection) and an address per unit. A unit
// without an address here takes the one its invitation already has.
// Naming only addresses selects those units.
type mailInput struct {
	Units        []string          `json:"units,omitempty"`
	Municipality string            `json:"municipality,omitempty"`
	Organisation string            `json:"organisation,omitempty"`
	All          bool              `json:"all,omitempty"`
	Expires      string            `json:"expires,omitempty"`
	Emails       map[string]string `json:"emails,omitempty"`
}

// remindInput narrows a reminder to some units; empty means every unit
// that has not answered.
type remindInput struct {
	Units []string `json:"units,omitempty"`
}

// mailTargets checks a mailing: the units, the links' last day, and an
// address for every unit, as field errors named after the unit
// (emails.<unit>), all at once.
func (s *Server) mailTargets(l *lookup, sv survey.Survey, in mailInput, invs []survey.Invitation) ([]mailTarget, error) {
	if len(in.Emails) > maxInviteUnits {
		return nil, kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "emails", Message: fmt.Sprintf("Högst %d adresser åt gången.", maxInviteUnits)}})
	}
	sel := inviteSelection{Units: in.Units, Municipality: in.Municipality, Organisation: in.Organisation, All: in.All, Expires: in.Expires}
	var fields []kartlaggning.FieldError
	for id := range in.Emails {
		if l.unit(id) == nil {
			fields = append(fields, kartlaggning.FieldError{Path: "emails." + truncate(id, 64),
				Message: fmt.Sprintf("Det finns ingen enhet med id %q.", truncate(id, 64))})
		}
	}
	if len(sel.Units) == 0 && sel.Municipality == "" && sel.Organisation == "" && !sel.All {
		for id := range in.Emails {
			if l.unit(id) != nil {
				sel.Units = append(sel.Units, id)
			}
		}
		if len(fields) > 0 && len(sel.Units) == 0 {
			return nil, kartlaggning.Invalid(fields)
		}
		slices.Sort(sel.Units)
	}
	units, err := resolveInvitees(l, sel)
	expires, expErr := inviteExpiry(sel.Expires, sv.Closes, s.now())
	if err := joinInvalid(err, expErr, kartlaggning.Invalid(fields)); err != nil {
		return nil, err
	}
	old := map[string]*survey.Invitation{}
	for i := range invs {
		old[invs[i].Unit] = &invs[i]
	}
	targets := make([]mailTarget, 0, len(units))
	for _, id := range units {
		addr, given := in.Emails[id]
		if !given && old[id] != nil {
			addr = old[id].Email
		}
		name := id
		if u := l.unit(id); u != nil {
			name = l.label(u)
		}
		clean, err := mail.Address(addr)
		if err != nil {
			msg := fmt.Sprintf("%s: %s.", name, err.Error())
			if strings.TrimSpace(addr) == "" {
				msg = fmt.Sprintf("Skriv en e-postadress till %s.", name)
			}
			fields = append(fields, kartlaggning.FieldError{Path: "emails." + id, Message: msg})
			continue
		}
		targets = append(targets, mailTarget{Unit: id, Email: clean, Old: old[id], Expires: expires})
	}
	if err := kartlaggning.Invalid(fields); err != nil {
		return nil, err
	}
	return targets, nil
}

// surveyForMail loads what every handler that sends mail needs, once
// it knows mail can be sent: the enkät and its invitations.
func (s *Server) surveyForMail(c echo.Context) (*enkat, []survey.Invitation, error) {
	if _, err := s.mailer(); err != nil {
		return nil, nil, err
	}
	e, err := s.loadEnkat(c)
	if err != nil {
		return nil, nil, err
	}
	invs, err := e.invitations()
	return e, invs, err
}

func (s *Server) handleAPIInvitationMail(c echo.Context) error {
	e, invs, err := s.surveyForMail(c)
	if err != nil {
		return err
	}
	l, sv := e.l, e.sv
	var in mailInput
	if err := decodeBody(c, surveyBodyLimit, &in); err != nil {
		return err
	}
	targets, err := s.mailTargets(l, sv, in, invs)
	if err != nil {
		return err
	}
	report, err := s.sendInvitations(c.Request().Context(), l, linkBase(c), sv, targets, false, principal(c).Email)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, report)
}

func (s *Server) handleAPIInvitationRemind(c echo.Context) error {
	report, err := s.remind(c, func() (map[string]bool, error) {
		if c.Request().ContentLength == 0 {
			return nil, nil
		}
		var in remindInput
		if err := decodeBody(c, surveyBodyLimit, &in); err != nil {
			return nil, err
		}
		return unitSet(in.Units), nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, report)
}

func unitSet(ids []string) map[string]bool {
	if len(ids) == 0 {
		return nil
	}
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// remind mails a new link to every invited unit that has not answered
// (or to those of only, if it names any).
func (s *Server) remind(c echo.Context, only func() (map[string]bool, error)) (mailReport, error) {
	e, invs, err := s.surveyForMail(c)
	if err != nil {
		return mailReport{}, err
	}
	l, sv := e.l, e.sv
	set, err := only()
	if err != nil {
		return mailReport{}, err
	}
	if len(set) > maxInviteUnits {
		return mailReport{}, kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "units", Message: fmt.Sprintf("Högst %d enheter åt gången.", maxInviteUnits)}})
	}
	rs, err := e.responses()
	if err != nil {
		return mailReport{}, err
	}
	targets, skipped, failed := remindTargets(l.x, sv, invs, rs, s.now(), set)
	report, err := s.sendInvitations(c.Request().Context(), l, linkBase(c), sv, targets, true, principal(c).Email)
	if err != nil {
		return mailReport{}, err
	}
	report.Failed = append(report.Failed, failed...)
	report.Skipped = skipped
	for _, list := range [][]mailResult{report.Failed, report.Skipped} {
		for i := range list {
			if u := l.unit(list[i].Unit); u != nil {
				list[i].Name = u.Name
			}
		}
	}
	return report, nil
}

// The page.

type surveyMailRow struct {
	ID, Label, Status, StatusLabel string
	Email, Sent                    string
	Checked                        bool
	Error                          string
}

// summaryError is one line of the error summary, linked to its field.
type summaryError struct{ ID, Message string }

type surveyMailPage struct {
	page
	Year       int
	Survey     survey.Survey
	Closes     string
	Configured bool
	Rows       []surveyMailRow
	// Remind is how many units a reminder would reach; NoEmail how many
	// of the rest lack an address.
	Remind, NoEmail int
	Errors          []summaryError
	Action          string
	RemindAction    string
}

func (s *Server) surveyMailPage(c echo.Context, e *enkat, invs []survey.Invitation, rs []survey.Response) (surveyMailPage, error) {
	l, sv := e.l, e.sv
	p, year, err := s.editionPage(c, "Skicka enkäten med e-post: "+sv.Title,
		e.crumbs(crumb{Label: "Inbjudningar", URL: e.url("inbjudningar")}, crumb{Label: "E-post"})...)
	if err != nil {
		return surveyMailPage{}, err
	}
	p.ExtraCSS = []string{"css/enkater.css", "css/enkat-mail.css"}
	pg := surveyMailPage{page: p, Year: year, Survey: sv, Closes: dayText(sv.Closes), Configured: s.Mailer != nil,
		Action: e.url("epost"), RemindAction: e.url("paminn")}
	byUnit := map[string]invitationStatus{}
	email := map[string]string{}
	for i, st := range invitationStatuses(invs, rs, s.now()) {
		byUnit[st.Unit] = st
		email[st.Unit] = invs[i].Email
	}
	targets, skipped, _ := remindTargets(l.x, sv, invs, rs, s.now(), nil)
	pg.Remind, pg.NoEmail = len(targets), len(skipped)
	for _, e := range l.sortedKind(kartlaggning.Units) {
		u := e.(*kartlaggning.Unit)
		row := surveyMailRow{ID: u.ID, Label: l.label(u), Status: inviteNone, Email: email[u.ID]}
		if st, ok := byUnit[u.ID]; ok {
			row.Status = st.Status
			if !st.Sent.IsZero() {
				row.Sent = swedishDate(st.Sent)
			}
		}
		row.StatusLabel = inviteStatusLabels[row.Status]
		pg.Rows = append(pg.Rows, row)
	}
	return pg, nil
}

func (s *Server) handleSurveyMailShow(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	invs, rs, err := e.progress()
	if err != nil {
		return err
	}
	pg, err := s.surveyMailPage(c, e, invs, rs)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "survey_mail", pg)
}

// handleSurveyMail sends the invitations of the ticked units, each to the
// address beside it; a missing or wrong address shows the page again
// with the message beside that unit's field, and nothing is sent.
func (s *Server) handleSurveyMail(c echo.Context) error {
	e, invs, err := s.surveyForMail(c)
	if err != nil {
		return err
	}
	l, sv := e.l, e.sv
	params, err := c.FormParams()
	if err != nil {
		return kartlaggning.Errorf(kartlaggning.EMALFORMED, "Formuläret gick inte att läsa.")
	}
	in := mailInput{Emails: map[string]string{}}
	in.Units = params["units"]
	if len(in.Units) > maxInviteUnits {
		return kartlaggning.Errorf(kartlaggning.ETOOLARGE, "Högst %d enheter åt gången.", maxInviteUnits)
	}
	for _, id := range in.Units {
		in.Emails[id] = strings.TrimSpace(c.FormValue("email-" + id))
	}
	back := e.url("epost")
	if len(in.Units) == 0 {
		return redirectWithFlash(c, back, "Markera de enheter som ska få en inbjudan.")
	}
	targets, err := s.mailTargets(l, sv, in, invs)
	if err != nil {
		invalid, ok := kartlaggning.AsError(err)
		if !ok || invalid.Code != kartlaggning.EINVALID {
			return err
		}
		rs, rerr := e.responses()
		if rerr != nil {
			return rerr
		}
		pg, perr := s.surveyMailPage(c, e, invs, rs)
		if perr != nil {
			return perr
		}
		// The page again as the editor left it, each problem beside its
		// unit's address.
		for _, f := range invalid.Fields {
			id := ""
			if u, ok := strings.CutPrefix(f.Path, "emails."); ok && l.unit(u) != nil {
				id = "email-" + u
			}
			pg.Errors = append(pg.Errors, summaryError{ID: id, Message: f.Message})
		}
		for i := range pg.Rows {
			r := &pg.Rows[i]
			if v, ok := in.Emails[r.ID]; ok {
				r.Email, r.Checked = v, true
			}
			for _, f := range invalid.Fields {
				if f.Path == "emails."+r.ID {
					r.Error = f.Message
				}
			}
		}
		return c.Render(formStatus(err), "survey_mail", pg)
	}
	report, err := s.sendInvitations(c.Request().Context(), l, linkBase(c), sv, targets, false, principal(c).Email)
	if err != nil {
		return err
	}
	return redirectWithFlash(c, back, mailSummary(report, false))
}

func (s *Server) handleSurveyRemind(c echo.Context) error {
	report, err := s.remind(c, func() (map[string]bool, error) { return nil, nil })
	if err != nil {
		return err
	}
	year, _ := yearParam(c)
	return redirectWithFlash(c, surveyURL(year, c.Param("id"), "epost"), mailSummary(report, true))
}
