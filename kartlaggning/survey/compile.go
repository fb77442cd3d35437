package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Proposal states, as State reports them against the edition now.
const (
	// StateApplicable: the edition still says Before; accepting applies After.
	StateApplicable = "applicable"
	// StateApplied: the edition already says After (someone made the
	// change by hand, or another proposal did).
	StateApplied = "applied"
	// StateConflict: the target changed since the proposal was made (it
	// says neither Before nor After) or is gone; it is never applied.
	StateConflict = "conflict"
)

// Compile compares a chef's answer with the edition and returns the
// changes it suggests, field by field; what already agrees gives no
// proposal, so compiling again after every proposal is accepted gives
// none. Proposal ids depend on the response, the operation, the target
// and the content only, so compiling the same answer again gives the
// same ids. A unit that is not in the edition gives no proposals.
func Compile(x *kartlaggning.Index, r Response, now time.Time) []Proposal {
	return compile(x, nil, r, now)
}

// CompileAll compiles many answers against one edition, sharing the
// forum names' trigrams between them; the map is keyed by response id.
func CompileAll(x *kartlaggning.Index, rs []Response, now time.Time) map[string][]Proposal {
	m := matcherOf(x)
	out := make(map[string][]Proposal, len(rs))
	for _, r := range rs {
		out[r.ID] = compile(x, m, r, now)
	}
	return out
}

type compiler struct {
	x   *kartlaggning.Index
	r   Response
	u   *kartlaggning.Unit
	now time.Time
	out []Proposal
	// newIDs are the forum ids given to new forums in this answer.
	newIDs map[string]bool
}

func (c *compiler) add(op string, target kartlaggning.Ref, field, key string, before, after any, match string) {
	c.out = append(c.out, Proposal{
		ID:   proposalID(c.r.ID, op, target, field, key),
		Year: c.r.Year, Unit: c.r.Unit, Response: c.r.ID,
		Op: op, Target: target, Field: field, Before: before, After: after, Match: match,
		Status: Open, Made: c.now,
	})
}

// proposalID is a hash of what makes a proposal itself, so that the
// store can tell a recompiled proposal from a new one.
func proposalID(response, op string, target kartlaggning.Ref, field, key string) string {
	h := sha256.New()
	for _, s := range []string{response, op, target.String(), field, key} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

func compile(x *kartlaggning.Index, m *matcher, r Response, now time.Time) []Proposal {
	u := x.Units[r.Unit]
	if u == nil {
		return nil
	}
	c := &compiler{x: x, r: r, u: u, now: now, newIDs: map[string]bool{}}
	a := r.Answer
	unitRef := kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.ID}

	listed := map[string]bool{} // forums the answer names by id
	for _, fa := range a.Forums {
		if fa.Forum != "" && x.Forums[fa.Forum] != nil {
			listed[fa.Forum] = true
		}
	}
	named := map[string]bool{} // free-text names already proposed
	done := map[string]bool{}  // validation refuses a forum twice; Compile is safe without it
	for _, fa := range a.Forums {
		if f := x.Forums[fa.Forum]; f != nil {
			if !done[f.ID] {
				done[f.ID] = true
				c.knownForum(f, fa)
			}
			continue
		}
		name := strings.TrimSpace(fa.Name)
		if name == "" || fa.Still == "nej" {
			continue
		}
		key := strings.Join(normalWords(name), " ")
		if named[key] {
			continue
		}
		named[key] = true
		if m == nil {
			// Most answers pick their forums from the list: the names'
			// trigrams are made only for one that does not.
			m = matcherOf(x)
		}
		match, member := m.matchMember(name, func(f *kartlaggning.Forum) bool {
			return listed[f.ID] || memberIndex(f, u.ID) >= 0
		})
		if member {
			continue // the forum the name stands for already has the unit
		}
		f := c.newForum(fa, name)
		c.add(OpAddForum, kartlaggning.Ref{Kind: kartlaggning.Forums, ID: f.ID}, "", key, nil, f, match)
	}

	for _, tf := range []struct{ field, now, answer string }{
		{"description", u.Description, a.Description},
		{"works_well", u.WorksWell, a.WorksWell},
		{"needs_development", u.NeedsDevelopment, a.NeedsDevelopment},
	} {
		answer := normText(tf.answer)
		if answer != "" && answer != normText(tf.now) {
			c.add(OpSetUnitField, unitRef, tf.field, "", tf.now, answer, "")
		}
	}
	if groups := cleanList(a.TargetGroups); len(groups) > 0 && !sameSet(groups, u.TargetGroups) {
		c.add(OpSetUnitField, unitRef, "target_groups", "", slices.Clone(u.TargetGroups), groups, "")
	}

	var wishes []kartlaggning.Wish // those recorded plus those proposed
	wishes = append(wishes, u.Wishes...)
	for _, wa := range a.Wishes {
		w := kartlaggning.Wish{Organisation: wa.Organisation, Unit: wa.Unit, Text: normText(wa.Text)}
		if w.Text == "" || wishRecorded(wishes, w) {
			continue
		}
		wishes = append(wishes, w)
		c.add(OpAddWish, unitRef, "wishes", w.Organisation+"\x00"+w.Unit+"\x00"+w.Text, nil, w, "")
	}
	return c.out
}

// knownForum compares an answer about one of the edition's forums with it.
func (c *compiler) knownForum(f *kartlaggning.Forum, fa ForumAnswer) {
	ref := kartlaggning.Ref{Kind: kartlaggning.Forums, ID: f.ID}
	i := memberIndex(f, c.u.ID)
	switch {
	case fa.Still == "nej":
		if i >= 0 {
			c.add(OpRemoveMember, ref, "members", "", f.Members[i], nil, "")
		}
		return // the unit has left: the rest of the answer is history
	case i < 0:
		c.add(OpAddMember, ref, "members", "", nil, kartlaggning.Member{Unit: c.u.ID, Role: fa.Role}, "")
	case fa.Role != "" && fa.Role != f.Members[i].Role:
		c.add(OpSetRole, ref, "members", "", f.Members[i].Role, fa.Role, "")
	}
	if !emptyFrequency(fa.Frequency) && !sameFrequency(f.Frequency, fa.Frequency) {
		c.add(OpSetFrequency, ref, "frequency", "", cloneFrequency(f.Frequency), cloneFrequency(fa.Frequency), "")
	}
	if fa.Level != "" && fa.Level != f.Level {
		c.add(OpSetLevel, ref, "level", "", f.Level, fa.Level, "")
	}
	if fa.Kind != "" && fa.Kind != f.Kind {
		c.add(OpSetKind, ref, "kind", "", f.Kind, fa.Kind, "")
	}
}

// newForum makes the whole forum a free-text answer describes, so that
// accepting it writes a valid forum: the unit and the named parties as
// members; what the answer does not say is left out, except the kind
// and level the data model requires, which default to "annan" and the
// level such forums usually work on.
func (c *compiler) newForum(fa ForumAnswer, name string) kartlaggning.Forum {
	f := kartlaggning.Forum{ID: c.freshID(name), Name: name, Kind: fa.Kind, Level: fa.Level, Status: "active"}
	if f.Kind == "" {
		f.Kind = "annan"
	}
	if f.Level == "" {
		f.Level = defaultLevel(f.Kind)
	}
	f.Formal = f.Kind != "kontakt"
	if !emptyFrequency(fa.Frequency) {
		f.Frequency = cloneFrequency(fa.Frequency)
	}
	switch {
	case f.Kind == "kontakt" || (fa.Convener == "" && fa.Role == "sammankallande"):
		// A kontakt forum is the unit's own contacts: it is the hub.
		f.Convener = &kartlaggning.Convener{Unit: c.u.ID}
	case fa.Convener != "":
		f.Convener = &kartlaggning.Convener{Organisation: fa.Convener}
	}
	f.Members = append(f.Members, kartlaggning.Member{Unit: c.u.ID, Role: fa.Role, Note: strings.TrimSpace(fa.Note)})
	seen := map[string]bool{}
	for _, p := range fa.Parties {
		if p != "" && !seen[p] {
			seen[p] = true
			f.Members = append(f.Members, kartlaggning.Member{Organisation: p})
		}
	}
	return f
}

func defaultLevel(kind string) string {
	switch kind {
	case "styrgrupp", "ledningsgrupp", "beredningsgrupp", "strategimote", "rad":
		return "strategisk"
	case "arendeforum", "kontakt":
		return "individ"
	}
	return "operativ"
}

// freshID is a slug of the name that no forum of the edition has and no
// other new forum of this answer took.
func (c *compiler) freshID(name string) string {
	base := slugify(name)
	id := base
	for n := 2; c.x.Forums[id] != nil || c.newIDs[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	c.newIDs[id] = true
	return id
}

func memberIndex(f *kartlaggning.Forum, unit string) int {
	if f == nil {
		return -1
	}
	for i, m := range f.Members {
		if m.Unit == unit {
			return i
		}
	}
	return -1
}

// normText is a text as compared: Windows line ends and the space
// around it do not make it another text.
func normText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func cleanList(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// sameSet compares two lists of target groups regardless of order, case
// and surrounding space.
func sameSet(a, b []string) bool {
	key := func(l []string) string {
		k := make([]string, 0, len(l))
		for _, s := range l {
			if s = strings.ToLower(strings.TrimSpace(s)); s != "" && !slices.Contains(k, s) {
				k = append(k, s)
			}
		}
		sort.Strings(k)
		return strings.Join(k, "\x00")
	}
	return key(a) == key(b)
}

// wishRecorded reports whether the unit's wishes already hold w: one
// towards the same organisation or unit, or one with the same text.
func wishRecorded(wishes []kartlaggning.Wish, w kartlaggning.Wish) bool {
	for _, x := range wishes {
		if (w.Organisation != "" || w.Unit != "") && x.Organisation == w.Organisation && x.Unit == w.Unit {
			return true
		}
		if strings.EqualFold(normText(x.Text), normText(w.Text)) {
			return true
		}
	}
	return false
}

func emptyFrequency(f *kartlaggning.Frequency) bool {
	return f == nil || (f.Min == nil && f.Max == nil && strings.TrimSpace(f.Text) == "")
}

// sameFrequency compares meetings per year when both say a number, and
// the wording when neither does: "1 gång per månad" and "en gång i
// månaden" are both 12 and need no proposal.
func sameFrequency(a, b *kartlaggning.Frequency) bool {
	if emptyFrequency(a) || emptyFrequency(b) {
		return emptyFrequency(a) == emptyFrequency(b)
	}
	amin, amax, aok := (&kartlaggning.Forum{Frequency: a}).MeetingsPerYear()
	bmin, bmax, bok := (&kartlaggning.Forum{Frequency: b}).MeetingsPerYear()
	if aok || bok {
		return aok == bok && amin == bmin && amax == bmax
	}
	return strings.EqualFold(strings.TrimSpace(a.Text), strings.TrimSpace(b.Text))
}

func cloneFrequency(f *kartlaggning.Frequency) *kartlaggning.Frequency {
	if f == nil {
		return nil
	}
	out := &kartlaggning.Frequency{Text: f.Text}
	if f.Min != nil {
		v := *f.Min
		out.Min = &v
	}
	if f.Max != nil {
		v := *f.Max
		out.Max = &v
	}
	return out
}

// as reads a proposal's Before or After as T: the value Compile put
// there, or what it became on its way through the store as JSON.
func as[T any](v any) (T, error) {
	if t, ok := v.(T); ok {
		return t, nil
	}
	var t T
	b, err := json.Marshal(v)
	if err != nil {
		return t, err
	}
	err = json.Unmarshal(b, &t)
	return t, err
}

// State says what accepting p would do to the edition as it is now.
func State(p Proposal, x *kartlaggning.Index) string {
	s, _ := state(p, x)
	return s
}

// state is State with the reason of a conflict, in Swedish.
func state(p Proposal, x *kartlaggning.Index) (string, string) {
	conflict := func(format string, args ...any) (string, string) {
		return StateConflict, fmt.Sprintf(format, args...)
	}
	u := x.Units[p.Unit]
	if u == nil {
		return conflict("Enheten %q finns inte längre i kartläggningen.", p.Unit)
	}
	switch p.Op {
	case OpAddForum:
		after, err := as[kartlaggning.Forum](p.After)
		if err != nil {
			return conflict("Förslaget går inte att läsa.")
		}
		if f := x.Forums[after.ID]; f != nil {
			if memberIndex(f, p.Unit) >= 0 {
				return StateApplied, ""
			}
			return conflict("Det finns redan ett forum med id %q: %s.", after.ID, f.Name)
		}
		return StateApplicable, ""
	case OpAddMember, OpRemoveMember, OpSetRole, OpSetFrequency, OpSetLevel, OpSetKind:
		f := x.Forums[p.Target.ID]
		if p.Target.Kind != kartlaggning.Forums || f == nil {
			return conflict("Forumet %q finns inte längre i kartläggningen.", p.Target.ID)
		}
		i := memberIndex(f, p.Unit)
		switch p.Op {
		case OpAddMember:
			if i >= 0 {
				return StateApplied, ""
			}
			return StateApplicable, ""
		case OpRemoveMember:
			if i < 0 {
				return StateApplied, ""
			}
			return StateApplicable, ""
		case OpSetRole:
			if i < 0 {
				return conflict("Enheten är inte längre deltagare i %s.", f.Name)
			}
			return compareStrings(f.Members[i].Role, p, "enhetens roll")
		case OpSetLevel:
			return compareStrings(f.Level, p, "forumets nivå")
		case OpSetKind:
			return compareStrings(f.Kind, p, "forumets typ")
		}
		return compareChange(f.Frequency, p, sameFrequency, func(*kartlaggning.Frequency) string {
			return "Forumets mötesfrekvens har ändrats sedan svaret kom in."
		})
	case OpSetUnitField:
		if p.Target.Kind != kartlaggning.Units || p.Target.ID != p.Unit {
			return conflict("Förslaget går inte att läsa.")
		}
		if p.Field == "target_groups" {
			return compareChange(u.TargetGroups, p, sameSet, func([]string) string {
				return "Enhetens målgrupper har ändrats sedan svaret kom in."
			})
		}
		now, ok := unitText(u, p.Field)
		if !ok {
			return conflict("Förslaget går inte att läsa.")
		}
		return compareTexts(now, p, strings.ToLower(kartlaggning.Label(p.Field)))
	case OpAddWish:
		w, err := as[kartlaggning.Wish](p.After)
		if err != nil {
			return conflict("Förslaget går inte att läsa.")
		}
		if wishRecorded(u.Wishes, w) {
			return StateApplied, ""
		}
		return StateApplicable, ""
	}
	return conflict("Okänd åtgärd %q.", p.Op)
}

// compareChange is the state of a proposal to change a value from
// p.Before to p.After, the value being now: applied when it already is
// After, applicable while it still is Before, and otherwise a conflict
// that changed explains.
func compareChange[T any](now T, p Proposal, same func(a, b T) bool, changed func(before T) string) (string, string) {
	before, err1 := as[T](p.Before)
	after, err2 := as[T](p.After)
	switch {
	case err1 != nil || err2 != nil:
		return StateConflict, "Förslaget går inte att läsa."
	case same(now, after):
		return StateApplied, ""
	case same(now, before):
		return StateApplicable, ""
	}
	return StateConflict, changed(before)
}

func compareStrings(now string, p Proposal, what string) (string, string) {
	return compareChange(now, p, func(a, b string) bool { return a == b }, func(before string) string {
		return fmt.Sprintf("Kartläggningen har ändrats sedan svaret kom in: %s är nu %q, inte %q.", what, now, before)
	})
}

func compareTexts(now string, p Proposal, what string) (string, string) {
	return compareChange(now, p, func(a, b string) bool { return normText(a) == normText(b) }, func(string) string {
		return fmt.Sprintf("Texten under ”%s” har ändrats sedan svaret kom in.", what)
	})
}

func unitText(u *kartlaggning.Unit, field string) (string, bool) {
	switch field {
	case "description":
		return u.Description, true
	case "works_well":
		return u.WorksWell, true
	case "needs_development":
		return u.NeedsDevelopment, true
	}
	return "", false
}

// Apply returns the entity to write when p is accepted: the new forum,
// or a copy of the forum or unit with the change. The entity is
// validated against the edition. A proposal whose target changed since
// it was made is an ECONFLICT error, and so is one the edition already
// says (State tells them apart; the caller may mark that one accepted
// without a write).
func Apply(p Proposal, x *kartlaggning.Index) (kartlaggning.Entity, error) {
	switch s, why := state(p, x); s {
	case StateConflict:
		return nil, kartlaggning.Errorf(kartlaggning.ECONFLICT, "Förslaget kan inte genomföras. %s", why)
	case StateApplied:
		return nil, kartlaggning.Errorf(kartlaggning.ECONFLICT, "Kartläggningen säger redan detta: förslaget behöver inte genomföras.")
	}
	var e kartlaggning.Entity
	switch p.Op {
	case OpAddForum:
		f, _ := as[kartlaggning.Forum](p.After)
		e = &f
	case OpAddMember, OpRemoveMember, OpSetRole, OpSetFrequency, OpSetLevel, OpSetKind:
		f := cloneForum(x.Forums[p.Target.ID])
		i := memberIndex(f, p.Unit)
		switch p.Op {
		case OpAddMember:
			m, err := as[kartlaggning.Member](p.After)
			if err != nil {
				return nil, kartlaggning.Errorf(kartlaggning.EINVALID, "Förslaget går inte att läsa.")
			}
			m.Unit, m.Organisation = p.Unit, ""
			f.Members = append(f.Members, m)
		case OpRemoveMember:
			f.Members = slices.Delete(f.Members, i, i+1)
		case OpSetRole:
			f.Members[i].Role, _ = as[string](p.After)
		case OpSetLevel:
			f.Level, _ = as[string](p.After)
		case OpSetKind:
			f.Kind, _ = as[string](p.After)
		case OpSetFrequency:
			f.Frequency, _ = as[*kartlaggning.Frequency](p.After)
		}
		e = f
	case OpSetUnitField:
		u := cloneUnit(x.Units[p.Unit])
		switch p.Field {
		case "target_groups":
			u.TargetGroups, _ = as[[]string](p.After)
		case "description":
			u.Description, _ = as[string](p.After)
		case "works_well":
			u.WorksWell, _ = as[string](p.After)
		case "needs_development":
			u.NeedsDevelopment, _ = as[string](p.After)
		}
		e = u
	case OpAddWish:
		u := cloneUnit(x.Units[p.Unit])
		w, _ := as[kartlaggning.Wish](p.After)
		u.Wishes = append(u.Wishes, w)
		e = u
	}
	if err := kartlaggning.ValidateEntity(e, x); err != nil {
		return nil, err
	}
	return e, nil
}

// AsMember turns a proposed new forum into the unit joining an existing
// one: what the editor chooses when the name stands for a forum the
// edition has (usually p.Match). The id stays, so deciding it decides
// the original proposal. Any other proposal is returned as it is.
func AsMember(p Proposal, forumID string) Proposal {
	if p.Op != OpAddForum {
		return p
	}
	role := ""
	if f, err := as[kartlaggning.Forum](p.After); err == nil {
		if i := memberIndex(&f, p.Unit); i >= 0 {
			role = f.Members[i].Role
		}
	}
	p.Op = OpAddMember
	p.Target = kartlaggning.Ref{Kind: kartlaggning.Forums, ID: forumID}
	p.Field = "members"
	p.Before = nil
	p.After = kartlaggning.Member{Unit: p.Unit, Role: role}
	p.Match = forumID
	return p
}

func cloneForum(f *kartlaggning.Forum) *kartlaggning.Forum {
	out := *f
	out.Frequency = cloneFrequency(f.Frequency)
	if f.Held != nil {
		h := *f.Held
		out.Held = &h
	}
	if f.Convener != nil {
		c := *f.Convener
		out.Convener = &c
	}
	out.Municipalities = slices.Clone(f.Municipalities)
	out.TargetGroups = slices.Clone(f.TargetGroups)
	out.Members = slices.Clone(f.Members)
	return &out
}

func cloneUnit(u *kartlaggning.Unit) *kartlaggning.Unit {
	out := *u
	out.Municipalities = slices.Clone(u.Municipalities)
	out.TargetGroups = slices.Clone(u.TargetGroups)
	out.Wishes = slices.Clone(u.Wishes)
	if u.Review != nil {
		r := *u.Review
		out.Review = &r
	}
	return &out
}
