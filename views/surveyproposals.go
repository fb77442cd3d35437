package views

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// Proposals compiled from the chefs' answers, shared by the proposals
// page, its API and the unit page's notice. Compiling happens here, when
// proposals are read, rather than when an answer is submitted: the
// respondent's form then never touches the edition, and an answer is
// compiled against the edition as the editor sees it.

// maxBulkProposals bounds one "accept all": a unit's answer makes at most
// a few hundred proposals (200 forums), so this is never a real limit.
const maxBulkProposals = 1000

// errNoSurveys answers when the store keeps no enkäter.
func errNoSurveys() error {
	return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Enkäter finns inte i den här installationen.")
}

// mayDecide says whether the principal decides on proposals (an editor)
// rather than only reading their own units' ones (a manager).
func mayDecide(p kartlaggning.Principal) bool { return p.Allows(kartlaggning.Edit, "") }

// proposalUnits returns the units whose proposals the principal may read:
// nil for all (an editor), the manager's own, or a 403 for anyone else.
// unit narrows it to one unit, which a manager must manage.
func proposalUnits(p kartlaggning.Principal, unit string) ([]string, error) {
	switch {
	case mayDecide(p):
		if unit != "" {
			return []string{unit}, nil
		}
		return nil, nil
	case p.Role == kartlaggning.RoleManager:
		if unit != "" {
			if !slices.Contains(p.Units, unit) {
				return nil, kartlaggning.Forbidden("se förslagen för den här enheten")
			}
			return []string{unit}, nil
		}
		if len(p.Units) == 0 {
			return []string{}, nil
		}
		return p.Units, nil
	}
	return nil, kartlaggning.Forbidden("se förslag från enkätsvar")
}

// compiled is what the proposals page and API show: the proposals of the
// units asked for, each with its state against the edition as it is now,
// and the answers and surveys they come from.
type compiled struct {
	x         *kartlaggning.Index
	proposals []survey.Proposal
	states    map[string]string // proposal id → state
	responses map[string]survey.Response
	surveys   map[string]survey.Survey
}

// compileProposals brings the stored proposals up to date and returns
// those of units (nil for all). A submitted chef answer is compiled when
// it has no proposals yet or only ones older than its submission (it was
// reopened and sent again). Compiling is pure and deterministic (a
// proposal's id is the same every time), so two requests doing it at
// once store the same thing.
func (s *Server) compileProposals(ctx context.Context, year int, units []string) (*compiled, error) {
	if s.Surveys == nil {
		return nil, errNoSurveys()
	}
	x, _, err := s.Snapshot(ctx, year)
	if err != nil {
		return nil, err
	}
	surveys, err := s.Surveys.Surveys(ctx, year)
	if err != nil {
		return nil, err
	}
	out := &compiled{x: x, states: map[string]string{}, responses: map[string]survey.Response{}, surveys: map[string]survey.Survey{}}
	for _, sv := range surveys {
		out.surveys[sv.ID] = sv
	}
	wanted := func(unit string) bool { return units == nil || slices.Contains(units, unit) }
	responses, err := s.Surveys.Responses(ctx, year, "")
	if err != nil {
		return nil, err
	}
	stored, err := s.listProposals(ctx, year, units)
	if err != nil {
		return nil, err
	}
	made := map[string]time.Time{} // response → its newest proposal's time
	for _, p := range stored {
		if p.Made.After(made[p.Response]) {
			made[p.Response] = p.Made
		}
	}
	var stale []survey.Response
	for _, r := range responses {
		if r.Status != survey.Submitted || out.surveys[r.Survey].Kind != survey.Chef || !wanted(r.Unit) {
			continue
		}
		out.responses[r.ID] = r
		if last, ok := made[r.ID]; ok && !last.Before(r.Submitted) {
			continue
		}
		stale = append(stale, r)
	}
	// CompileAll shares the forum names' trigrams between the answers.
	fresh := survey.CompileAll(x, stale, s.now())
	var save []survey.Response
	for _, r := range stale {
		// A proposal the editor already decided keeps its decision: the
		// store keeps decided ones when it replaces an answer's proposals.
		if _, had := made[r.ID]; len(fresh[r.ID]) > 0 || had {
			save = append(save, r) // else nothing to propose, and nothing stored to replace
		}
	}
	saved, err := s.saveProposals(ctx, year, save, fresh)
	if err != nil {
		return nil, err
	}
	if len(saved) > 0 {
		s.proposalCounts.forget(year)
		// The saved answers' proposals as the store now keeps them (the
		// new ones and the decided ones it kept), after the others.
		stored = slices.DeleteFunc(stored, func(p survey.Proposal) bool { _, ok := saved[p.Response]; return ok })
		for _, r := range save {
			stored = append(stored, saved[r.ID]...)
		}
	}
	for _, p := range stored {
		if _, ok := out.responses[p.Response]; !ok {
			// An answer reopened by the editor (or gone): its proposals
			// wait until it is sent again.
			continue
		}
		out.proposals = append(out.proposals, p)
		if p.Status == survey.Open {
			out.states[p.ID] = survey.State(p, x)
		}
	}
	return out, nil
}

// saveWorkers is how many answers' proposals are saved at once: the
// store commits concurrent saves together, one disk sync for many.
const saveWorkers = 100

// saveProposals stores the proposals of each answer, several at a time:
// after a round of questionnaires hundreds of answers wait, and the
// store commits concurrent saves together, one disk sync for many
// instead of one each. It returns what the store keeps per answer.
func (s *Server) saveProposals(ctx context.Context, year int, rs []survey.Response, ps map[string][]survey.Proposal) (map[string][]survey.Proposal, error) {
	type result struct {
		id  string
		ps  []survey.Proposal
		err error
	}
	next := make(chan survey.Response)
	results := make(chan result)
	workers := min(saveWorkers, len(rs))
	for range workers {
		go func() {
			for r := range next {
				saved, err := s.Surveys.SaveProposals(ctx, year, r.ID, ps[r.ID])
				results <- result{r.ID, saved, err}
			}
		}()
	}
	go func() {
		for _, r := range rs {
			next <- r
		}
		close(next)
	}()
	out := make(map[string][]survey.Proposal, len(rs))
	var err error
	for range rs {
		res := <-results
		if res.err != nil && err == nil {
			err = res.err
		}
		out[res.id] = res.ps
	}
	return out, err
}

// listProposals lists the proposals of units (nil for all).
func (s *Server) listProposals(ctx context.Context, year int, units []string) ([]survey.Proposal, error) {
	if units == nil {
		return s.Surveys.Proposals(ctx, year, "")
	}
	var out []survey.Proposal
	for _, u := range units {
		ps, err := s.Surveys.Proposals(ctx, year, u)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// openProposals counts a unit's open proposals, for the notice on its
// page; 0 when the principal may not see them or there are no enkäter.
func (s *Server) openProposals(ctx context.Context, year int, unit string) int {
	if s.Surveys == nil {
		return 0
	}
	if _, err := proposalUnits(kartlaggning.PrincipalOf(ctx), unit); err != nil {
		return 0
	}
	return s.proposalCounts.get(ctx, s, year)[unit]
}

// countsFresh is how long the units' counts of open proposals are kept.
// Decisions and compiling here forget them at once; a chef's answer sent
// in meanwhile shows on the unit's page at most this late.
const countsFresh = 15 * time.Second

// openCounts keeps, per edition, the number of open proposals of each
// unit: a unit's page asks on every view, and counting means reading
// every answer and proposal of the edition (300 answers: 100 ms a page).
type openCounts struct {
	mu     sync.Mutex
	byYear map[int]countsAt
}

type countsAt struct {
	at    time.Time // when the count began, or when it was forgotten
	open  map[string]int
	valid bool
}

func (oc *openCounts) get(ctx context.Context, s *Server, year int) map[string]int {
	oc.mu.Lock()
	c, ok := oc.byYear[year]
	oc.mu.Unlock()
	if ok && c.valid && time.Since(c.at) < countsFresh {
		return c.open
	}
	at := time.Now()
	cp, err := s.compileProposals(ctx, year, nil)
	if err != nil {
		return nil
	}
	open := map[string]int{}
	for _, p := range cp.proposals {
		if p.Status == survey.Open {
			open[p.Unit]++
		}
	}
	oc.mu.Lock()
	if oc.byYear == nil {
		oc.byYear = map[int]countsAt{}
	}
	// A count made before a forget that came in meanwhile is not kept
	// over the forget.
	if prev, ok := oc.byYear[year]; !ok || !prev.at.After(at) {
		oc.byYear[year] = countsAt{at: at, open: open, valid: true}
	}
	oc.mu.Unlock()
	return open
}

// forget drops an edition's counts after its proposals changed.
func (oc *openCounts) forget(year int) {
	oc.mu.Lock()
	defer oc.mu.Unlock()
	if oc.byYear != nil {
		// Stamped now, so that a count begun before this does not replace
		// it (see get).
		oc.byYear[year] = countsAt{at: time.Now()}
	}
}

// findProposal returns one stored proposal of an edition.
func (s *Server) findProposal(ctx context.Context, year int, id string) (survey.Proposal, error) {
	if s.Surveys == nil {
		return survey.Proposal{}, errNoSurveys()
	}
	ps, err := s.Surveys.Proposals(ctx, year, "")
	if err != nil {
		return survey.Proposal{}, err
	}
	for _, p := range ps {
		if p.ID == id {
			return p, nil
		}
	}
	return survey.Proposal{}, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns inget förslag med id %q.", id)
}

// errProposalConflict is the refusal of a proposal whose target changed
// since the answer came in; why says what changed, when known.
func errProposalConflict(why ...string) error {
	msg := "Ändrat sedan svaret kom in — kontrollera. Förslaget är inte genomfört."
	if len(why) > 0 && why[0] != "" {
		msg += " " + why[0]
	}
	return kartlaggning.Errorf(kartlaggning.ECONFLICT, "%s", msg)
}

// conflictReason says why a proposal is a conflict, in Swedish: Apply
// refuses it with the reason.
func conflictReason(p survey.Proposal, x *kartlaggning.Index) string {
	_, err := survey.Apply(p, x)
	return strings.TrimPrefix(kartlaggning.ErrorMessage(err), "Förslaget kan inte genomföras. ")
}

// errDecided refuses to decide a proposal twice.
func errDecided(p survey.Proposal) error {
	word := "godkänt"
	if p.Status == survey.Rejected {
		word = "avvisat"
	}
	return kartlaggning.Errorf(kartlaggning.ECONFLICT, "Förslaget är redan %s.", word)
}

// checkDraft refuses decisions on a published edition: it is locked, and
// an accepted proposal could not be written.
func (s *Server) checkDraft(ctx context.Context, year int) error {
	ed, _, err := s.Store.Edition(ctx, year)
	if err != nil {
		return err
	}
	if ed.Status == "published" {
		return kartlaggning.Errorf(kartlaggning.ECONFLICT,
			"Kartläggningen för %d är publicerad och kan inte ändras. En administratör kan öppna den för ändringar igen "+
				"med knappen ”Öppna för ändringar igen” på kartläggningens sida.", year)
	}
	return nil
}

// acceptProposal writes an open proposal into the edition through the
// store, like any edit: with the actor of ctx, the answer named as the
// source, the target's version checked and the publish lock applied.
// asMemberOf, for a forum named in free text, accepts it as a
// membership of that existing forum instead of a new forum. A proposal
// whose target changed since it was made is refused, never applied.
func (s *Server) acceptProposal(ctx context.Context, year int, id, asMemberOf string) error {
	p, err := s.findProposal(ctx, year, id)
	if err != nil {
		return err
	}
	if err := s.checkDraft(ctx, year); err != nil {
		return err
	}
	return s.accept(ctx, year, p, asMemberOf)
}

// accept is acceptProposal of a proposal already read, in a draft edition.
func (s *Server) accept(ctx context.Context, year int, p survey.Proposal, asMemberOf string) error {
	if p.Status != survey.Open {
		return errDecided(p)
	}
	id := p.ID
	if asMemberOf != "" {
		if p.Op != survey.OpAddForum {
			return kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "as_member_of",
				Message: "Bara ett nytt forum kan godkännas som deltagande i ett befintligt forum."}})
		}
		if _, err := s.Store.Get(ctx, year, kartlaggning.Forums, asMemberOf); kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
			return kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "as_member_of",
				Message: fmt.Sprintf("Det finns inget forum med id %q.", asMemberOf)}})
		} else if err != nil {
			return err
		}
		p = survey.AsMember(p, asMemberOf)
	}
	// The target's version is read before the edition it is compared
	// with: a write in between makes the update below stale and refused,
	// so a change made meanwhile is never overwritten.
	var target *kartlaggning.Versioned
	if p.Op != survey.OpAddForum {
		v, err := s.Store.Get(ctx, year, p.Target.Kind, p.Target.ID)
		if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
			return errProposalConflict()
		}
		if err != nil {
			return err
		}
		target = &v
	}
	x, _, err := s.Snapshot(ctx, year)
	if err != nil {
		return err
	}
	switch survey.State(p, x) {
	case survey.StateConflict:
		return errProposalConflict(conflictReason(p, x))
	case survey.StateApplicable:
		e, err := survey.Apply(p, x)
		if err != nil {
			return err
		}
		wctx := kartlaggning.WithSource(ctx, s.answerSource(ctx, year, p))
		if target == nil {
			_, err = s.Store.Create(wctx, year, e)
		} else {
			_, err = s.Store.Update(wctx, year, e, target.Version)
		}
		if code := kartlaggning.ErrorCode(err); code == kartlaggning.EPRECONDITION || (target == nil && code == kartlaggning.ECONFLICT && s.checkDraft(ctx, year) == nil) {
			// Changed meanwhile, or a forum of that id made meanwhile.
			return errProposalConflict()
		}
		if err != nil {
			return err
		}
	}
	// An applied proposal (the edition already says so) is only marked.
	defer s.proposalCounts.forget(year)
	return s.Surveys.DecideProposal(ctx, year, id, survey.Accepted, kartlaggning.ActorOf(ctx), s.now())
}

// rejectProposal marks an open proposal rejected; the edition stays.
func (s *Server) rejectProposal(ctx context.Context, year int, id string) error {
	p, err := s.findProposal(ctx, year, id)
	if err != nil {
		return err
	}
	if p.Status != survey.Open {
		return errDecided(p)
	}
	if err := s.checkDraft(ctx, year); err != nil {
		return err
	}
	defer s.proposalCounts.forget(year)
	return s.Surveys.DecideProposal(ctx, year, id, survey.Rejected, kartlaggning.ActorOf(ctx), s.now())
}

// answerSource names the answer a proposal comes from, for the change
// log: "enkätsvar: Chefsenkät 2019, AME Vaggeryd".
func (s *Server) answerSource(ctx context.Context, year int, p survey.Proposal) string {
	title, unit := "enkät", p.Unit
	if r, err := s.Surveys.Response(ctx, year, p.Response); err == nil {
		if sv, err := s.Surveys.Survey(ctx, year, r.Survey); err == nil {
			title = sv.Title
		}
	}
	if l, err := s.snapshots.get(ctx, year); err == nil {
		if u := l.unit(p.Unit); u != nil {
			unit = u.Name
		}
	}
	return "enkätsvar: " + title + ", " + unit
}

// bulkResult is the outcome of accepting several proposals: every one is
// accepted or reported with the reason, none is applied blindly.
type bulkResult struct {
	Accepted []string      `json:"accepted"`
	Refused  []bulkRefusal `json:"refused"`
}

type bulkRefusal struct {
	ID      string `json:"id"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// acceptProposals accepts each of ids in turn. A published edition
// refuses the whole request (409): nothing could be written.
func (s *Server) acceptProposals(ctx context.Context, year int, ids []string) (bulkResult, error) {
	res := bulkResult{Accepted: []string{}, Refused: []bulkRefusal{}}
	if len(ids) > maxBulkProposals {
		return res, kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "ids",
			Message: fmt.Sprintf("Högst %d förslag åt gången.", maxBulkProposals)}})
	}
	if err := s.checkDraft(ctx, year); err != nil {
		return res, err
	}
	all, err := s.Surveys.Proposals(ctx, year, "")
	if err != nil {
		return res, err
	}
	byID := make(map[string]survey.Proposal, len(all))
	for _, p := range all {
		byID[p.ID] = p
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, ok := byID[id]
		var err error = kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns inget förslag med id %q.", id)
		if ok {
			err = s.accept(ctx, year, p, "")
		}
		if err != nil {
			if kartlaggning.ErrorCode(err) == kartlaggning.EINTERNAL {
				return res, err
			}
			res.Refused = append(res.Refused, bulkRefusal{ID: id, Code: kartlaggning.ErrorCode(err), Message: kartlaggning.ErrorMessage(err)})
			continue
		}
		res.Accepted = append(res.Accepted, id)
	}
	return res, nil
}
