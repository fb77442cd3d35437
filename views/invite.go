package views

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// Invitations: the links that let a unit's chef or personal answer an
// enkät without an account. The token in a link is shown once, when it
// is made (on a page, in a CSV for mail merge, or in a mail); the store
// keeps only its hash, so a lost link is replaced, never recovered.
// The editor's pages and API (survey.go, survey_api.go) and the mailer
// issue links through here.

// maxInviteUnits bounds one request's list of units: more than any
// förbund has, few enough that a stranger's list costs nothing.
const maxInviteUnits = 5000

// maxInviteDays is how far ahead a link may be valid: an enkät runs for
// weeks, and a link that works for years is a link that leaks.
const maxInviteDays = 400

// inviteSelection says which units to invite: the listed ones, those
// serving a municipality, those of an organisation, or all of them
// (the selectors add up).
type inviteSelection struct {
	Units        []string `json:"units,omitempty"`
	Municipality string   `json:"municipality,omitempty"`
	Organisation string   `json:"organisation,omitempty"`
	All          bool     `json:"all,omitempty"`
	// Expires is the last day the links work (YYYY-MM-DD); empty means
	// the enkät's closing date.
	Expires string `json:"expires,omitempty"`
}

// issuedLink is one new invitation as the editor sees it, once.
type issuedLink struct {
	Unit         string `json:"unit"`
	URL          string `json:"url"`
	Expires      string `json:"expires"`
	Name         string `json:"-"`
	Organisation string `json:"-"`
	Municipality string `json:"-"`
	// Token is the secret itself, for the CSV download of the same links.
	Token string `json:"-"`
}

// enkater returns the survey store, or the answer that this installation
// keeps no enkäter.
func (s *Server) enkater() (survey.Store, error) {
	if s.Surveys == nil {
		return nil, kartlaggning.Errorf(kartlaggning.EUNAVAILABLE, "Enkäter finns inte i den här installationen.")
	}
	return s.Surveys, nil
}

// resolveInvitees turns a selection into unit ids in the edition's
// order, each once. Unknown ids and names are field errors.
func resolveInvitees(l *lookup, sel inviteSelection) ([]string, error) {
	var fields []kartlaggning.FieldError
	if len(sel.Units) > maxInviteUnits {
		return nil, kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "units",
			Message: fmt.Sprintf("Högst %d enheter åt gången.", maxInviteUnits)}})
	}
	want := map[string]bool{}
	for i, id := range sel.Units {
		if l.unit(id) == nil {
			fields = append(fields, kartlaggning.FieldError{Path: fmt.Sprintf("units[%d]", i),
				Message: fmt.Sprintf("Det finns ingen enhet med id %q.", truncate(id, 64))})
			continue
		}
		want[id] = true
	}
	if m := sel.Municipality; m != "" {
		if l.x.Municipalities[m] == nil {
			fields = append(fields, kartlaggning.FieldError{Path: "municipality",
				Message: fmt.Sprintf("Det finns ingen kommun med id %q.", truncate(m, 64))})
		}
		for _, u := range l.x.UnitsIn(m) {
			want[u.ID] = true
		}
	}
	if o := sel.Organisation; o != "" {
		if l.organisation(o) == nil {
			fields = append(fields, kartlaggning.FieldError{Path: "organisation",
				Message: fmt.Sprintf("Det finns ingen organisation med id %q.", truncate(o, 64))})
		}
	}
	var out []string
	for _, u := range l.x.Doc.Units {
		if sel.All || want[u.ID] || (sel.Organisation != "" && u.Organisation == sel.Organisation) {
			out = append(out, u.ID)
		}
	}
	if len(fields) > 0 {
		return nil, kartlaggning.Invalid(fields)
	}
	if len(out) == 0 {
		return nil, kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "units", Message: "Välj minst en enhet att bjuda in."}})
	}
	return out, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// inviteExpiry checks the last day a link works: empty means the
// enkät's closing date; never before today, never far ahead.
func inviteExpiry(v, closes string, now time.Time) (string, error) {
	if v == "" {
		v = closes
	}
	day, err := time.ParseInLocation(time.DateOnly, v, survey.Stockholm)
	if err != nil {
		return "", kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "expires",
			Message: "Giltig till ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-12-31."}})
	}
	now = now.In(survey.Stockholm)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, survey.Stockholm)
	switch {
	case day.Before(today):
		return "", kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "expires",
			Message: "Giltig till har redan passerat: välj i dag eller ett senare datum."}})
	case day.After(today.AddDate(0, 0, maxInviteDays)):
		return "", kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "expires",
			Message: fmt.Sprintf("Giltig till får ligga högst %d dagar fram i tiden.", maxInviteDays)}})
	}
	return v, nil
}

// linkBase is the address the links start with, as the editor reached
// the service (behind a proxy, the proxy's scheme).
func linkBase(c echo.Context) string {
	return c.Scheme() + "://" + c.Request().Host
}

// inviteURL is the respondent's address of a token.
func inviteURL(base, token string) string { return base + "/enkat/" + token }

// issueInvitations makes one invitation per unit, replacing (and so
// revoking) each unit's earlier one, and returns the links, which exist
// nowhere else afterwards.
func (s *Server) issueInvitations(ctx context.Context, l *lookup, base string, sv survey.Survey, units []string, expires string) ([]issuedLink, error) {
	store, err := s.enkater()
	if err != nil {
		return nil, err
	}
	now := s.now()
	invs := make([]survey.Invitation, 0, len(units))
	out := make([]issuedLink, 0, len(units))
	for _, id := range units {
		token, hash, err := survey.NewToken()
		if err != nil {
			return nil, err
		}
		invs = append(invs, survey.Invitation{Year: sv.Year, Survey: sv.ID, Unit: id, Hash: hash, Expires: expires, Created: now})
		out = append(out, describeInvitee(l, issuedLink{Unit: id, URL: inviteURL(base, token), Expires: expires, Token: token}))
	}
	if err := store.Invite(ctx, invs); err != nil {
		return nil, err
	}
	return out, nil
}

// describeInvitee names a link's unit, its organisation and the
// municipalities it serves, for the page and the CSV.
func describeInvitee(l *lookup, link issuedLink) issuedLink {
	u := l.unit(link.Unit)
	if u == nil {
		link.Name = link.Unit
		return link
	}
	link.Name, link.Organisation = u.Name, l.orgName(u.Organisation)
	var names []string
	for _, m := range l.x.UnitMunicipalities(u) {
		if mm := l.x.Municipalities[m]; mm != nil {
			names = append(names, mm.Name)
		}
	}
	link.Municipality = strings.Join(names, ", ")
	return link
}

// writeInviteCSV writes links for mail merge as Swedish Excel opens them:
// UTF-8 with a byte order mark, semicolons, CRLF.
func writeInviteCSV(w io.Writer, links []issuedLink) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write([]string{"enhet", "organisation", "kommun", "länk", "giltig till"}); err != nil {
		return err
	}
	for _, l := range links {
		if err := cw.Write([]string{spreadsheetText(l.Name), spreadsheetText(l.Organisation), spreadsheetText(l.Municipality), l.URL, l.Expires}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// inviteCSVName names the download after the enkät.
func inviteCSVName(sv survey.Survey) string {
	return fmt.Sprintf("inbjudningar-%s-%d.csv", sv.Kind, sv.Year)
}

// Invitation statuses, furthest first: what a unit's row says.
const (
	inviteNone      = "not-sent"
	inviteInvited   = "invited"
	inviteOpened    = "opened"
	inviteDraft     = "draft"
	inviteSubmitted = "submitted"
	inviteRevoked   = "revoked"
	inviteExpired   = "expired"
)

// inviteStatusLabels are the statuses in Swedish, in the words of the
// response dashboard (survey.ProgressStatuses).
var inviteStatusLabels = map[string]string{
	inviteNone:      "Ej skickad",
	inviteInvited:   "Skickad",
	inviteOpened:    "Öppnad",
	inviteDraft:     "Påbörjad",
	inviteSubmitted: "Inskickad",
	inviteRevoked:   "Återkallad",
	inviteExpired:   "Utgången",
}

// invitationStatus is where one unit stands with one enkät.
type invitationStatus struct {
	Unit      string    `json:"unit"`
	Status    string    `json:"status"`
	Expires   string    `json:"expires,omitempty"`
	Created   time.Time `json:"created,omitempty"`
	Opened    time.Time `json:"opened,omitempty"`
	Sent      time.Time `json:"sent,omitempty"`
	Revoked   bool      `json:"revoked,omitempty"`
	Drafts    int       `json:"drafts"`
	Submitted int       `json:"submitted"`
}

// invitationStatuses combines a survey's invitations and answers into
// one status per invited unit, in the invitations' order. An answer
// outweighs the link: a unit that has submitted has answered, whatever
// became of the link since; a revoked or expired link outweighs a draft,
// since nobody can finish it.
func invitationStatuses(invs []survey.Invitation, rs []survey.Response, now time.Time) []invitationStatus {
	drafts, submitted := map[string]int{}, map[string]int{}
	for _, r := range rs {
		if r.Status == survey.Submitted {
			submitted[r.Unit]++
		} else {
			drafts[r.Unit]++
		}
	}
	out := make([]invitationStatus, 0, len(invs))
	for _, inv := range invs {
		st := invitationStatus{Unit: inv.Unit, Expires: inv.Expires, Created: inv.Created, Opened: inv.Opened, Sent: inv.Sent,
			Revoked: inv.Revoked, Drafts: drafts[inv.Unit], Submitted: submitted[inv.Unit]}
		switch {
		case st.Submitted > 0:
			st.Status = inviteSubmitted
		case inv.Revoked:
			st.Status = inviteRevoked
		case !survey.Usable(inv, now):
			st.Status = inviteExpired
		case st.Drafts > 0:
			st.Status = inviteDraft
		case !inv.Opened.IsZero():
			st.Status = inviteOpened
		default:
			st.Status = inviteInvited
		}
		out = append(out, st)
	}
	return out
}
