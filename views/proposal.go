package views

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// The proposals page: per unit and answer, what the chef's answer says
// beside what the edition says today, in Swedish words, with a decision
// per row and "Godkänn alla" per unit. It works without JavaScript:
// every decision is a form that posts and comes back here
// (post/redirect/get). Managers read their own units' proposals.

// proposalRow is one proposal as the page shows it.
type proposalRow struct {
	ID     string
	What   string   // "Lägg till Habo AME som ledamot i ARENA Habo"
	Before []string // "I kartläggningen i dag", one line each
	After  []string // "Enligt enkätsvaret"
	Target link
	// State is applicable, applied or conflict (open proposals only);
	// Why says what changed, for a conflict.
	State string
	Why   string
	// Match is the existing forum a free-text forum name resembles.
	Match   link
	MatchID string
	Status  string
	Decided string // "Godkänt av x 30 november 2026"
}

type proposalAnswer struct {
	Title     string
	Submitted time.Time
	Open      []proposalRow
	Decided   []proposalRow
}

type proposalUnit struct {
	ID      string
	Unit    link
	URL     string // the unit's own proposals page
	Answers []proposalAnswer
	Open    int
	// Bulk are the proposals "Godkänn alla" accepts: the open ones that
	// are neither conflicts nor free-text forums with a similar existing
	// forum (those need the editor's answer to "Är det samma som …?").
	Bulk []string
}

type proposalPage struct {
	page
	Year   int
	UnitID string // the unit of ?enhet=, when the page is about one
	Units  []proposalUnit
	Decide bool // the reader decides (an editor); a manager only reads
	// Personal summarises the personal's answers of the page's unit, for
	// the editor writing its text (nil on the page of all units).
	Personal *personalView
}

// personalView is the personal's answers of one unit in figures: shown
// only from survey.MinAnswers answers, so that no one answer can be read
// out of them.
type personalView struct {
	Answers int
	Shown   bool // at least survey.MinAnswers answers
	Works   string
	WorksN  int
	Parties []personalParty
	Forms   []countRow
	Themes  []countRow
}

type personalParty struct {
	Party  link
	N      int
	Forms  string
	Works  string
	WorksN int
}

func (s *Server) handleProposalPage(c echo.Context) error {
	unit := strings.TrimSpace(c.QueryParam("enhet"))
	crumbs := []crumb{{Label: "Förslag från enkätsvar"}}
	if unit != "" {
		crumbs[0].URL = joinPath("editions", c.Param("year"), "forslag")
	}
	p, year, err := s.editionPage(c, "Förslag från enkätsvar", crumbs...)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	units, err := proposalUnits(principal(c), unit)
	if err != nil {
		return err
	}
	l, err := s.edition(ctx, year)
	if err != nil {
		return err
	}
	if unit != "" {
		u := l.unit(unit)
		if u == nil {
			return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen enhet med id %q.", unit)
		}
		p.Title = "Förslag från enkätsvar: " + u.Name
		p.Crumbs = append(p.Crumbs, crumb{Label: u.Name})
	}
	cp, err := s.compileProposals(ctx, year, units)
	if err != nil {
		return err
	}
	p.ExtraCSS = []string{"css/proposals.css"}
	// A published edition is locked: the page then only shows (the
	// layout says why and how to reopen it).
	published := p.Edition != nil && p.Edition.Status == "published"
	data := proposalPage{page: p, Year: year, UnitID: unit, Decide: mayDecide(principal(c)) && !published}
	data.Units = proposalUnitsOf(l, cp, year)
	if unit != "" && mayDecide(principal(c)) {
		if data.Personal, err = s.personalSummary(ctx, l, year, unit); err != nil {
			return err
		}
	}
	return c.Render(http.StatusOK, "proposal", data)
}

// proposalUnitsOf groups the proposals per unit (in Swedish order) and
// answer, open ones in the order the answer made them.
func proposalUnitsOf(l *lookup, cp *compiled, year int) []proposalUnit {
	byUnit := map[string]*proposalUnit{}
	answerAt := map[string]int{} // response → its index in its unit's Answers
	var order []string
	for _, p := range cp.proposals {
		pu := byUnit[p.Unit]
		if pu == nil {
			pu = &proposalUnit{ID: p.Unit, Unit: l.unitLink(p.Unit),
				URL: joinPath("editions", year, "forslag") + "?enhet=" + url.QueryEscape(p.Unit)}
			byUnit[p.Unit] = pu
			order = append(order, p.Unit)
		}
		i, ok := answerAt[p.Response]
		if !ok {
			r := cp.responses[p.Response]
			title := "Enkätsvar"
			if sv, ok := cp.surveys[r.Survey]; ok {
				title = sv.Title
			}
			pu.Answers = append(pu.Answers, proposalAnswer{Title: title, Submitted: r.Submitted})
			i = len(pu.Answers) - 1
			answerAt[p.Response] = i
		}
		a := &pu.Answers[i]
		row := describeProposal(l, p)
		row.State = cp.states[p.ID]
		if row.State == survey.StateConflict {
			row.Why = conflictReason(p, cp.x)
		}
		if p.Status != survey.Open {
			a.Decided = append(a.Decided, row)
			continue
		}
		a.Open = append(a.Open, row)
		pu.Open++
		if row.State != survey.StateConflict && row.MatchID == "" {
			pu.Bulk = append(pu.Bulk, p.ID)
		}
	}
	slices.SortStableFunc(order, func(a, b string) int {
		return compareSwedish(byUnit[a].Unit.Label, byUnit[b].Unit.Label)
	})
	out := make([]proposalUnit, 0, len(order))
	for _, id := range order {
		out = append(out, *byUnit[id])
	}
	return out
}

// describeProposal says a proposal in Swedish words: what accepting it
// does, and the edition's value beside the answer's.
func describeProposal(l *lookup, p survey.Proposal) proposalRow {
	row := proposalRow{ID: p.ID, Status: p.Status, Target: l.link(p.Target)}
	unitName := p.Unit
	if u := l.unit(p.Unit); u != nil {
		unitName = u.Name
	}
	forumName := p.Target.ID
	if f := l.forum(p.Target.ID); f != nil {
		forumName = f.Name
	}
	switch p.Op {
	case survey.OpAddMember:
		var m kartlaggning.Member
		decodeValue(p.After, &m)
		roleWord := "deltagare"
		if m.Role != "" {
			roleWord = strings.ToLower(kartlaggning.OptionLabel(kartlaggning.Roles, m.Role))
		}
		row.What = fmt.Sprintf("Lägg till %s som %s i %s", unitName, roleWord, forumName)
		row.Before = []string{unitName + " är inte med i forumet"}
		row.After = []string{unitName + " deltar som " + roleWord}
	case survey.OpRemoveMember:
		row.What = fmt.Sprintf("Ta bort %s ur %s", unitName, forumName)
		row.Before = []string{unitName + " deltar i forumet"}
		row.After = []string{"Enheten deltar inte längre (”Stämmer detta fortfarande?” besvarat med nej)"}
	case survey.OpSetRole:
		row.What = fmt.Sprintf("Ändra %ss roll i %s", unitName, forumName)
		row.Before = []string{roleText(p.Before)}
		row.After = []string{roleText(p.After)}
	case survey.OpSetFrequency:
		row.What = fmt.Sprintf("Ändra hur ofta %s träffas", forumName)
		var before, after *kartlaggning.Frequency
		decodeValue(p.Before, &before)
		decodeValue(p.After, &after)
		row.Before, row.After = []string{frequencyText(before)}, []string{frequencyText(after)}
	case survey.OpSetLevel:
		row.What = fmt.Sprintf("Ändra nivå för %s", forumName)
		row.Before = []string{optionText(kartlaggning.Levels, p.Before)}
		row.After = []string{optionText(kartlaggning.Levels, p.After)}
	case survey.OpSetKind:
		row.What = fmt.Sprintf("Ändra typ av forum för %s", forumName)
		row.Before = []string{optionText(kartlaggning.ForumKinds, p.Before)}
		row.After = []string{optionText(kartlaggning.ForumKinds, p.After)}
	case survey.OpSetUnitField:
		row.What = fmt.Sprintf("Ändra ”%s” för %s", kartlaggning.Label(p.Field), unitName)
		row.Before, row.After = textLines(p.Before), textLines(p.After)
	case survey.OpAddWish:
		var w kartlaggning.Wish
		decodeValue(p.After, &w)
		row.What = fmt.Sprintf("Lägg till ett önskemål om samverkan för %s", unitName)
		row.Before = []string{"Inte med bland enhetens önskemål"}
		row.After = []string{w.Text}
		for _, r := range []kartlaggning.Ref{{Kind: kartlaggning.Organisations, ID: w.Organisation}, {Kind: kartlaggning.Units, ID: w.Unit}} {
			if r.ID != "" {
				row.After = append(row.After, "Gäller: "+l.link(r).Label)
			}
		}
	case survey.OpAddForum:
		var f kartlaggning.Forum
		decodeValue(p.After, &f)
		row.What = fmt.Sprintf("Lägg till det nya forumet %s med %s som deltagare", f.Name, unitName)
		row.Target = link{Label: f.Name}
		row.Before = []string{"Finns inte i kartläggningen"}
		row.After = forumLines(l, &f)
		if p.Match != "" {
			if m := l.forum(p.Match); m != nil {
				row.Match, row.MatchID = l.forumLink(p.Match), p.Match
			}
		}
	default:
		row.What = p.Op
		row.Before, row.After = textLines(p.Before), textLines(p.After)
	}
	if p.Status != survey.Open {
		word := "Godkänt"
		if p.Status == survey.Rejected {
			word = "Avvisat"
		}
		row.Decided = word
		if p.By != "" {
			row.Decided += " av " + p.By
		}
		if !p.Decided.IsZero() {
			row.Decided += " " + swedishDate(p.Decided)
		}
	}
	return row
}

// forumLines describes a new forum: its kind, level, frequency, convener
// and members.
func forumLines(l *lookup, f *kartlaggning.Forum) []string {
	out := []string{f.Name}
	if f.Kind != "" {
		out = append(out, "Typ: "+kartlaggning.OptionLabel(kartlaggning.ForumKinds, f.Kind))
	}
	if f.Level != "" {
		out = append(out, "Nivå: "+kartlaggning.OptionLabel(kartlaggning.Levels, f.Level))
	}
	if f.Frequency != nil {
		out = append(out, "Mötesfrekvens: "+frequencyText(f.Frequency))
	}
	if c := f.Convener; c != nil {
		switch {
		case c.Unit != "":
			out = append(out, "Sammankallande: "+l.unitLink(c.Unit).Label)
		case c.Organisation != "":
			out = append(out, "Sammankallande: "+l.organisationLink(c.Organisation).Label)
		}
	}
	var members []string
	for _, m := range f.Members {
		name := l.member(m.Ref()).Label
		if m.Role != "" {
			name += " (" + strings.ToLower(kartlaggning.OptionLabel(kartlaggning.Roles, m.Role)) + ")"
		}
		members = append(members, name)
	}
	if len(members) > 0 {
		out = append(out, "Deltagare: "+strings.Join(members, ", "))
	}
	return out
}

// decodeValue reads a proposal's value into v: the store hands back
// what it decoded from JSON (maps, slices), the domain what it made.
func decodeValue(src, v any) {
	if src == nil {
		return
	}
	raw, err := json.Marshal(src)
	if err != nil {
		return
	}
	_ = json.Unmarshal(raw, v)
}

func roleText(v any) string {
	var s string
	decodeValue(v, &s)
	if s == "" {
		return "Ingen roll angiven"
	}
	return kartlaggning.OptionLabel(kartlaggning.Roles, s)
}

func optionText(opts []kartlaggning.Option, v any) string {
	var s string
	decodeValue(v, &s)
	if s == "" {
		return "Inte angiven"
	}
	return kartlaggning.OptionLabel(opts, s)
}

// textLines shows a text or a list of texts, one line each.
func textLines(v any) []string {
	switch t := v.(type) {
	case nil:
		return []string{"Inte ifyllt"}
	case string:
		if strings.TrimSpace(t) == "" {
			return []string{"Inte ifyllt"}
		}
		return []string{t}
	}
	var list []string
	decodeValue(v, &list)
	if len(list) > 0 {
		return list
	}
	raw, _ := json.Marshal(v)
	return []string{string(raw)}
}

// proposalBack is where a decision returns: the page it came from.
func proposalBack(c echo.Context, year int) string {
	to := joinPath("editions", year, "forslag")
	if unit := strings.TrimSpace(c.FormValue("enhet")); unit != "" {
		to += "?enhet=" + url.QueryEscape(unit)
	}
	return to
}

// decisionFlash turns the refusal of one decision into the message the
// page shows; errors nobody can act on here go to the error page.
func decisionFlash(err error) (string, bool) {
	switch kartlaggning.ErrorCode(err) {
	case kartlaggning.ECONFLICT, kartlaggning.ENOTFOUND, kartlaggning.EINVALID:
		return kartlaggning.ErrorMessage(err), true
	}
	return "", false
}

func (s *Server) handleProposalAccept(c echo.Context) error {
	return s.decideProposal(c, "Förslaget är godkänt och infört i kartläggningen.", func(ctx context.Context, year int, id string) error {
		return s.acceptProposal(ctx, year, id, strings.TrimSpace(c.FormValue("as_member_of")))
	})
}

func (s *Server) handleProposalReject(c echo.Context) error {
	return s.decideProposal(c, "Förslaget är avvisat. Kartläggningen är oförändrad.", s.rejectProposal)
}

// decideProposal makes one decision on a draft edition's proposal and
// goes back to the list with done, or with why it could not be made.
func (s *Server) decideProposal(c echo.Context, done string, decide func(ctx context.Context, year int, id string) error) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.checkDraft(ctx, year); err != nil {
		return err
	}
	err = decide(ctx, year, c.Param("id"))
	if msg, ok := decisionFlash(err); ok {
		return redirectWithFlash(c, proposalBack(c, year), msg)
	}
	if err != nil {
		return err
	}
	return redirectWithFlash(c, proposalBack(c, year), done)
}

func (s *Server) handleProposalAcceptMany(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	params, err := c.FormParams()
	if err != nil {
		return kartlaggning.Errorf(kartlaggning.EMALFORMED, "Formuläret gick inte att läsa.")
	}
	ids := params["ids"]
	if len(ids) == 0 {
		return redirectWithFlash(c, proposalBack(c, year), "Det finns inga förslag att godkänna.")
	}
	if s.Surveys == nil {
		return errNoSurveys()
	}
	res, err := s.acceptProposals(c.Request().Context(), year, ids)
	if err != nil {
		return err
	}
	msg := plural(len(res.Accepted), "förslag är godkänt", "förslag är godkända") + "."
	if len(res.Refused) > 0 {
		slices.SortFunc(res.Refused, func(a, b bulkRefusal) int { return cmp.Compare(a.Message, b.Message) })
		msg += " " + plural(len(res.Refused), "förslag kunde inte godkännas", "förslag kunde inte godkännas") + ": " + res.Refused[0].Message
	}
	return redirectWithFlash(c, proposalBack(c, year), msg)
}

// personalSummary summarises the submitted answers of the unit's
// personal (survey.SummarizePersonal); nil when there are none.
func (s *Server) personalSummary(ctx context.Context, l *lookup, year int, unit string) (*personalView, error) {
	surveys, err := s.Surveys.Surveys(ctx, year)
	if err != nil {
		return nil, err
	}
	var answers []survey.Response
	for _, sv := range surveys {
		if sv.Kind != survey.Personal {
			continue
		}
		rs, err := s.Surveys.Responses(ctx, year, sv.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.Unit == unit && r.Status == survey.Submitted {
				answers = append(answers, r)
			}
		}
	}
	sum, ok := survey.SummarizePersonal(answers)[unit]
	if !ok {
		return nil, nil
	}
	v := &personalView{Answers: sum.Responses, Shown: sum.Responses >= survey.MinAnswers}
	if !v.Shown {
		return v, nil
	}
	v.Works, v.WorksN = worksText(sum.Works), sum.WorksN
	for _, p := range sum.Parties {
		v.Parties = append(v.Parties, personalParty{Party: l.organisationLink(p.Organisation), N: p.N,
			Forms: formsText(p.Forms), Works: worksText(p.Works), WorksN: p.WorksN})
	}
	for _, f := range survey.FormLabels {
		if n := sum.Forms[f.Value]; n > 0 {
			v.Forms = append(v.Forms, countRow{Label: f.Label, Count: swedishNumber(n)})
		}
	}
	for _, t := range sum.Themes {
		v.Themes = append(v.Themes, countRow{Label: t.Text, Count: plural(t.N, "svar", "svar")})
	}
	return v, nil
}

// worksText writes a mean of "how well it works" on its scale of 1–4.
func worksText(mean *float64) string {
	if mean == nil {
		return "–"
	}
	return swedishDecimal(*mean, 1) + " av 4"
}

// formsText lists the forms of collaboration with their counts, in the
// questionnaire's order: "SIP 3, ärendeforum 1".
func formsText(counts map[string]int) string {
	var parts []string
	for _, f := range survey.FormLabels {
		if n := counts[f.Value]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", shortFormLabel(f), n))
		}
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

// shortFormLabel is a form's label without its explanation in brackets.
func shortFormLabel(o kartlaggning.Option) string {
	label, _, _ := strings.Cut(o.Label, " (")
	return label
}
