package survey

import (
	"slices"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// MatchThreshold is the similarity from which a forum named in free text
// is taken to be an existing forum. Chosen on the near-misses in
// match_test.go against the example edition: the same forum written
// otherwise ("ARENA-gruppen Habo" for "ARENA Habo", "Integrationschefs-
// träffar" for "Integrationschefsträffar Habo–Mullsjö–Jönköping") scores
// 0.52 or more; a different forum that shares most words ("Samverkan i
// enskilda ärenden – Försörjningsstöd Vaggeryd" against "… – Mötesplats")
// scores 0.44, a bare kind ("Beredningsgruppen") against a forum that
// has it in its name 0.44 too. A miss costs the editor one click (the
// proposal is a new forum); a false match would hide a new forum.
const MatchThreshold = 0.5

// MatchForum finds the forum among forums whose name is most like name:
// the Jaccard similarity of the names' character trigrams (each word
// padded, as PostgreSQL's pg_trgm does) after lower-casing and turning
// punctuation into spaces; å, ä and ö are kept, so "Råd" is not "Rad".
// Two names that each name a place the forums' municipalities know, and
// not the same one, are different forums however alike the rest is
// ("ARENA Habo", "ARENA Mullsjö"). It returns "" and the best score when
// nothing reaches MatchThreshold; ties go to the first forum.
func MatchForum(name string, forums []kartlaggning.Forum) (id string, score float64) {
	return newMatcher(forums).match(name)
}

// matcher is MatchForum with the forums' trigrams made once, for Compile
// and Carry, which match many names against one edition.
type matcher struct {
	forums []kartlaggning.Forum
	places map[string]bool
	names  []trigramName
}

// matchMember is match for a forum a unit names in its answer: sitting
// in a forum with the same name, or in one of those that match best
// (names tie when several units named the same new forum), the unit
// needs no proposal (member). Otherwise it returns the best match.
func (m *matcher) matchMember(name string, isMember func(f *kartlaggning.Forum) bool) (match string, member bool) {
	q := newTrigramName(name, m.places)
	if len(q.grams) == 0 {
		return "", false
	}
	scores := make([]float64, len(m.names))
	best := 0.0
	for i := range m.names {
		if differentPlaces(q.places, m.names[i].places) {
			continue
		}
		scores[i] = jaccard(q.grams, m.names[i].grams)
		best = max(best, scores[i])
	}
	for i := range m.names {
		same := m.names[i].words == q.words
		if (same || (best >= MatchThreshold && scores[i] == best)) && isMember(&m.forums[i]) {
			return m.forums[i].ID, true
		}
		if match == "" && best >= MatchThreshold && scores[i] == best {
			match = m.forums[i].ID
		}
	}
	return match, false
}

// lastMatcher keeps the matcher of the edition compiled last: answers
// come in one by one against the same read model, and making the
// forums' trigrams again for each would be most of the work.
var lastMatcher atomic.Pointer[struct {
	x *kartlaggning.Index
	m *matcher
}]

func matcherOf(x *kartlaggning.Index) *matcher {
	if c := lastMatcher.Load(); c != nil && c.x == x {
		return c.m
	}
	m := newMatcher(x.Doc.Forums)
	lastMatcher.Store(&struct {
		x *kartlaggning.Index
		m *matcher
	}{x, m})
	return m
}

func newMatcher(forums []kartlaggning.Forum) *matcher {
	m := &matcher{forums: forums, places: forumPlaces(forums), names: make([]trigramName, len(forums))}
	for i := range forums {
		m.names[i] = newTrigramName(forums[i].Name, m.places)
	}
	return m
}

func (m *matcher) match(name string) (string, float64) {
	q := newTrigramName(name, m.places)
	if len(q.grams) == 0 {
		return "", 0
	}
	best, bestID := 0.0, ""
	for i := range m.names {
		if differentPlaces(q.places, m.names[i].places) {
			continue
		}
		if s := jaccard(q.grams, m.names[i].grams); s > best {
			best, bestID = s, m.forums[i].ID
		}
	}
	if best < MatchThreshold {
		return "", best
	}
	return bestID, best
}

// trigramName is a name's trigrams, each packed exactly into a uint64
// (three runes of 21 bits), sorted and unique, so that two names are
// compared by a merge rather than with maps: a year's answers against a
// large edition's forums are a few hundred thousand comparisons.
type trigramName struct {
	words  string // the normalised words, space-separated
	grams  []uint64
	places []string
}

func newTrigramName(name string, places map[string]bool) trigramName {
	words := normalWords(name)
	n := trigramName{words: strings.Join(words, " ")}
	for _, w := range words {
		if p := placeOf(w, places); p != "" {
			n.places = append(n.places, p)
		}
		r := []rune("  " + w + " ")
		for i := 0; i+3 <= len(r); i++ {
			n.grams = append(n.grams, uint64(r[i])<<42|uint64(r[i+1])<<21|uint64(r[i+2]))
		}
	}
	slices.Sort(n.grams)
	n.grams = slices.Compact(n.grams)
	return n
}

// normalWords lower-cases a name and splits it into words at everything
// that is not a letter or a digit ("ARENA-gruppen (Habo)" → arena,
// gruppen, habo). Names are short (max 300 characters), so this is cheap.
func normalWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			both++
			i++
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// forumPlaces are the municipality ids the forums cover: the places a
// name may mention.
func forumPlaces(forums []kartlaggning.Forum) map[string]bool {
	places := map[string]bool{}
	for i := range forums {
		for _, m := range forums[i].Municipalities {
			places[m] = true
		}
	}
	return places
}

// placeOf returns the municipality id a word names: the word folded to
// the ids' ASCII ("Jönköpings" → "jonkopings") is the id or the id with
// a genitive s.
func placeOf(word string, places map[string]bool) string {
	if len(places) == 0 || len(word) < 3 {
		return ""
	}
	f := fold(word)
	if places[f] {
		return f
	}
	if t := strings.TrimSuffix(f, "s"); t != f && places[t] {
		return t
	}
	return ""
}

func differentPlaces(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return false
			}
		}
	}
	return true
}

// fold turns a lower-case Swedish word into the ASCII an id uses.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case 'å', 'ä', 'á', 'à', 'â':
			b.WriteByte('a')
		case 'ö', 'ø', 'ó', 'ò', 'ô':
			b.WriteByte('o')
		case 'é', 'è', 'ê', 'ë':
			b.WriteByte('e')
		case 'ü', 'ú':
			b.WriteByte('u')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slugify makes an id from a name: folded to a–z, 0–9 and hyphens.
func slugify(name string) string {
	var b strings.Builder
	for _, w := range normalWords(name) {
		w = fold(w)
		var clean strings.Builder
		for _, r := range w {
			if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				clean.WriteRune(r)
			}
		}
		if clean.Len() == 0 {
			continue
		}
		if b.Len() > 0 {
			if b.Len()+1+clean.Len() > 56 {
				break
			}
			b.WriteByte('-')
		} else if clean.Len() > 56 {
			return clean.String()[:56]
		}
		b.WriteString(clean.String())
	}
	if b.Len() == 0 {
		return "forum"
	}
	return b.String()
}
