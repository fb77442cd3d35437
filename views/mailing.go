package views

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/views/mail"
)

// Mailing invitations: since the store keeps only a token's hash, a link
// can be mailed only at the moment it is made. Each unit's link is
// therefore issued, mailed and recorded one unit at a time, outside any
// store transaction; a unit whose mail fails gets its earlier link back
// (or, if it had none, the undelivered one is revoked), so that a failed
// send never leaves a unit with a dead link and no new one.

// maxMailsPerRequest bounds one click: more units than most förbund have,
// few enough that one request ends in minutes even with a slow server.
const maxMailsPerRequest = 300

// mailRequestTimeout bounds a whole mailing. Units still waiting when it
// passes are reported as not sent (their links untouched), for the
// editor to send again.
const mailRequestTimeout = 2 * time.Minute

// mailTarget is one unit to mail, and where.
type mailTarget struct {
	Unit  string
	Email string
	// Old is the unit's current invitation, if any: a failed mail
	// restores it.
	Old *survey.Invitation
	// Expires is the new link's last day.
	Expires string
}

// mailResult is what became of one unit's mail.
type mailResult struct {
	Unit    string `json:"unit"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Expires string `json:"expires,omitempty"`
	// Error says, in Swedish, why the unit got no mail; empty when sent.
	Error string `json:"error,omitempty"`
}

// mailReport is the answer to a mailing.
type mailReport struct {
	Sent   []mailResult `json:"sent"`
	Failed []mailResult `json:"failed"`
	// Skipped are units a reminder passed over, with why.
	Skipped []mailResult `json:"skipped,omitempty"`
}

// mailer returns the mail sender, or the answer that none is configured.
func (s *Server) mailer() (mail.Mailer, error) {
	if s.Mailer == nil {
		return nil, kartlaggning.Errorf(kartlaggning.EUNAVAILABLE,
			"E-post är inte inställd i den här installationen: starta tjänsten med --smtp-url (se README). Ladda under tiden ner länkarna som CSV och skicka dem själv.")
	}
	return s.Mailer, nil
}

// letterInfo is what a letter says besides the link.
type letterInfo struct {
	Edition  kartlaggning.Edition
	Survey   survey.Survey
	Unit     string // the unit's name
	Org      string // its organisation's name
	URL      string
	Expires  string
	Reminder bool
	// Sender is who pressed the button (an e-mail address), if known.
	Sender string
}

// invitationLetter writes the mail in Swedish: who sends it and why (the
// kartläggning, the start of the information sheet), the link, the
// closing day, and that the link belongs to the unit.
func invitationLetter(to string, li letterInfo) mail.Message {
	who := li.Edition.Federation
	if who == "" {
		who = "Samordningsförbundet"
	}
	unit := li.Unit
	if li.Org != "" {
		unit += " (" + li.Org + ")"
	}
	subject := fmt.Sprintf("Enkät: %s – %s", li.Survey.Title, li.Unit)
	if li.Reminder {
		subject = "Påminnelse: " + strings.TrimPrefix(subject, "Enkät: ")
	}
	var b strings.Builder
	b.WriteString("Hej!\n\n")
	if li.Reminder {
		b.WriteString("Det här är en påminnelse. Vi har ännu inte fått något inskickat svar på enkäten nedan. " +
			"Brevet har en ny länk: den länk ni fick tidigare fungerar inte längre.\n\n")
	}
	if li.Survey.Kind == survey.Personal {
		fmt.Fprintf(&b, "%s ber er som arbetar på %s att svara på enkäten ”%s”.\n\n", who, unit, li.Survey.Title)
	} else {
		fmt.Fprintf(&b, "%s ber dig som är chef för %s att svara på enkäten ”%s”.\n\n", who, unit, li.Survey.Title)
	}
	if t := li.Edition.Title; t != "" {
		fmt.Fprintf(&b, "Enkäten hör till %s.\n\n", strings.TrimSuffix(lowerFirst(t), "."))
	}
	if intro := firstParagraph(li.Survey.Intro, 700); intro != "" {
		b.WriteString(intro + "\n\n")
	}
	b.WriteString("Svara här:\n" + li.URL + "\n\n")
	if li.Survey.Closes != "" {
		fmt.Fprintf(&b, "Sista dag att svara är %s.", dayText(li.Survey.Closes))
		if li.Expires != "" && li.Expires != li.Survey.Closes {
			fmt.Fprintf(&b, " Länken fungerar till och med %s.", dayText(li.Expires))
		}
		b.WriteString("\n\n")
	}
	if li.Survey.Kind == survey.Personal {
		fmt.Fprintf(&b, "Länken är personlig för %s. Skicka den vidare till enhetens medarbetare, men inte utanför enheten. "+
			"Alla på enheten använder samma länk; varje svar är anonymt och ingen behöver ange sitt namn.\n\n", li.Unit)
	} else {
		fmt.Fprintf(&b, "Länken är personlig för %s: den öppnar bara enhetens egen enkät. Skicka den inte vidare utanför enheten. "+
			"Du kan spara och fortsätta senare; det du redan har sparat finns kvar.\n\n", li.Unit)
	}
	if li.Sender != "" {
		fmt.Fprintf(&b, "Har du frågor, skriv till %s.\n\n", li.Sender)
	}
	b.WriteString("Med vänliga hälsningar\n" + who + "\n")
	if a := li.Edition.Author; a != "" && a != who {
		b.WriteString(a + "\n")
	}
	return mail.Message{To: to, Subject: clipRunes(subject, mail.MaxSubject), Text: b.String()}
}

// firstParagraph is the start of a text up to its first blank line, at
// most max characters, cut at a word.
func firstParagraph(s string, max int) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := string(r[:max])
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && r[0] >= 'A' && r[0] <= 'Z' && (r[1] < 'A' || r[1] > 'Z') {
		r[0] += 'a' - 'A'
	}
	return string(r)
}

// sendInvitations issues, mails and records one link per target, in
// order. It keeps going past a failure, which names the unit. The store
// is written with a context that outlives the mailing's deadline, so that
// a unit whose mail failed always gets its earlier link back.
func (s *Server) sendInvitations(ctx context.Context, l *lookup, base string, sv survey.Survey, targets []mailTarget, reminder bool, sender string) (mailReport, error) {
	st, err := s.enkater()
	if err != nil {
		return mailReport{}, err
	}
	m, err := s.mailer()
	if err != nil {
		return mailReport{}, err
	}
	if len(targets) > maxMailsPerRequest {
		return mailReport{}, kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "units",
			Message: fmt.Sprintf("Högst %d brev åt gången; välj färre enheter.", maxMailsPerRequest)}})
	}
	// One mailing at a time: two editors pressing at once would give
	// each unit two links, the first already dead when it arrives.
	select {
	case s.mailing <- struct{}{}:
		defer func() { <-s.mailing }()
	default:
		return mailReport{}, kartlaggning.Errorf(kartlaggning.EUNAVAILABLE, "Ett annat utskick pågår just nu. Försök igen när det är klart.")
	}
	storeCtx := context.WithoutCancel(ctx)
	limit := s.mailTimeout
	if limit <= 0 {
		limit = mailRequestTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	report := mailReport{Sent: []mailResult{}, Failed: []mailResult{}}
	ed := l.x.Doc.Edition
	for _, t := range targets {
		res := mailResult{Unit: t.Unit, Name: t.Unit, Email: t.Email, Expires: t.Expires}
		var orgName string
		if u := l.unit(t.Unit); u != nil {
			res.Name = u.Name
			if o := l.organisation(u.Organisation); o != nil {
				orgName = o.Name
			}
		}
		if ctx.Err() != nil {
			res.Error = fmt.Sprintf("Skickades inte: ett utskick får ta högst %s. Enhetens länk är oförändrad; skicka igen.", swedishDuration(limit))
			report.Failed = append(report.Failed, res)
			continue
		}
		token, hash, err := survey.NewToken()
		if err != nil {
			return report, err
		}
		inv := survey.Invitation{Year: sv.Year, Survey: sv.ID, Unit: t.Unit, Hash: hash, Expires: t.Expires, Created: s.now(), Email: t.Email}
		if err := st.Invite(storeCtx, []survey.Invitation{inv}); err != nil {
			res.Error = "Länken kunde inte skapas: " + errorText(err)
			report.Failed = append(report.Failed, res)
			continue
		}
		letter := invitationLetter(t.Email, letterInfo{Edition: ed, Survey: sv, Unit: res.Name, Org: orgName,
			URL: inviteURL(base, token), Expires: t.Expires, Reminder: reminder, Sender: sender})
		if err := m.Send(ctx, letter); err != nil {
			res.Error = "Brevet kunde inte skickas: " + err.Error() + "."
			if rerr := s.restoreInvitation(storeCtx, st, inv, t.Old); rerr != nil {
				res.Error += " Den nya länken kunde inte heller tas bort: " + errorText(rerr)
			} else if t.Old != nil {
				res.Error += " Den tidigare länken gäller fortfarande."
			}
			s.Logger.Warn("mailing an invitation", "year", sv.Year, "survey", sv.ID, "unit", t.Unit, "error", err.Error())
			report.Failed = append(report.Failed, res)
			continue
		}
		if err := st.MarkSent(storeCtx, sv.Year, sv.ID, t.Unit, s.now()); err != nil {
			// The mail is out and its link works; only the record of the
			// sending is missing.
			s.Logger.Error("recording a mailed invitation", "year", sv.Year, "survey", sv.ID, "unit", t.Unit, "error", err.Error())
		}
		report.Sent = append(report.Sent, res)
	}
	return report, nil
}

// restoreInvitation undoes the issuing of an undelivered link: the
// unit's earlier invitation comes back as it was (hash, expiry, when it
// was opened and sent), or, if it had none, the new one is revoked.
func (s *Server) restoreInvitation(ctx context.Context, st survey.Store, issued survey.Invitation, old *survey.Invitation) error {
	if old == nil {
		return st.Revoke(ctx, issued.Year, issued.Survey, issued.Unit)
	}
	prev := *old
	if err := st.Invite(ctx, []survey.Invitation{prev}); err != nil {
		return err
	}
	if prev.Revoked {
		if err := st.Revoke(ctx, prev.Year, prev.Survey, prev.Unit); err != nil {
			return err
		}
	}
	if !prev.Opened.IsZero() {
		if err := st.MarkOpened(ctx, prev.Hash, prev.Opened); err != nil {
			return err
		}
	}
	if !prev.Sent.IsZero() {
		return st.MarkSent(ctx, prev.Year, prev.Survey, prev.Unit, prev.Sent)
	}
	return nil
}

// errorText is an error's message for a user: a domain error's own
// Swedish message.
func errorText(err error) string {
	if e, ok := kartlaggning.AsError(err); ok {
		return e.Message
	}
	return err.Error()
}

func swedishDuration(d time.Duration) string {
	switch {
	case d%time.Minute == 0:
		return plural(int(d/time.Minute), "minut", "minuter")
	case d%time.Second == 0:
		return plural(int(d/time.Second), "sekund", "sekunder")
	}
	return d.String()
}

// mailSummary says in one flash message what a mailing did, naming each
// unit that got no mail and why (bounded, as a flash lives in a cookie).
func mailSummary(r mailReport, reminder bool) string {
	what, whats := "inbjudan", "inbjudningar"
	if reminder {
		what, whats = "påminnelse", "påminnelser"
	}
	var b strings.Builder
	switch len(r.Sent) {
	case 0:
		fmt.Fprintf(&b, "Inga %s skickades.", whats)
	case 1:
		fmt.Fprintf(&b, "1 %s skickades.", what)
	default:
		fmt.Fprintf(&b, "%d %s skickades.", len(r.Sent), whats)
	}
	if len(r.Failed) > 0 {
		fmt.Fprintf(&b, " %d kunde inte skickas:", len(r.Failed))
		for i, f := range r.Failed {
			// A cookie holds 4 KiB, and the flash is URL-escaped (å is
			// six bytes there).
			if b.Len() > 700 {
				fmt.Fprintf(&b, " … och %d till.", len(r.Failed)-i)
				break
			}
			fmt.Fprintf(&b, " %s (%s): %s", f.Name, f.Email, f.Error)
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, " %d enheter utan e-postadress fick ingen påminnelse.", len(r.Skipped))
	}
	return b.String()
}

// remindTargets are the units a reminder goes to: the dashboard's list
// of whom to remind (survey.Progress: a link that still works, no answer
// submitted) whose invitation has an e-mail address. Each new link keeps
// the old one's last day, or gets the closing day if that is later.
// Units left out for want of an address come back as skipped.
func remindTargets(x *kartlaggning.Index, sv survey.Survey, invs []survey.Invitation, rs []survey.Response, now time.Time, only map[string]bool) (targets []mailTarget, skipped, failed []mailResult) {
	byUnit := make(map[string]survey.Invitation, len(invs))
	for _, inv := range invs {
		byUnit[inv.Unit] = inv
	}
	for _, unit := range survey.Progress(x, invs, rs, now).Remind {
		inv, ok := byUnit[unit]
		if !ok || only != nil && !only[unit] {
			continue
		}
		if inv.Email == "" {
			skipped = append(skipped, mailResult{Unit: unit, Name: unit, Error: "Enheten har ingen e-postadress."})
			continue
		}
		expires, err := inviteExpiry(max(inv.Expires, sv.Closes), sv.Closes, now)
		if err != nil {
			failed = append(failed, mailResult{Unit: unit, Name: unit, Email: inv.Email, Error: errorText(err)})
			continue
		}
		old := inv
		targets = append(targets, mailTarget{Unit: unit, Email: inv.Email, Old: &old, Expires: expires})
	}
	return targets, skipped, failed
}
