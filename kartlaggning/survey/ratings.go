package survey

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinAnswers is the fewest answers that may stand behind a figure shown
// of the personal's answers or of ratings: fewer would let a reader
// guess who answered what.
const MinAnswers = 3

// Cell is one pair of the ratings matrix: the organisation (or unit)
// whose respondents rated, and the organisation rated. N counts the
// ratings; an average is nil when fewer than the matrix's minimum of
// answers stand behind it.
type Cell struct {
	From  string   `json:"from"`
	To    string   `json:"to"`
	N     int      `json:"n"`
	Level *float64 `json:"level,omitempty"`
	Value *float64 `json:"value,omitempty"`
	Trust *float64 `json:"trust,omitempty"`
}

// Matrix is how samverkan is experienced, party × party: Cells has a
// row per respondents' organisation (From) and a column per rated
// organisation (To); ByUnit has the same with the respondents' unit as
// From. Both are sorted by From, then To, and hold only pairs with a
// rating.
type Matrix struct {
	MinN   int      `json:"min_n"`
	Rows   []string `json:"rows"`
	Cols   []string `json:"cols"`
	Cells  []Cell   `json:"cells"`
	ByUnit []Cell   `json:"by_unit"`
}

// Cell returns the organisations' cell; ok is false when no respondent
// of from rated to.
func (m Matrix) Cell(from, to string) (Cell, bool) {
	i, ok := slices.BinarySearchFunc(m.Cells, [2]string{from, to}, func(c Cell, k [2]string) int {
		return cmp.Or(cmp.Compare(c.From, k[0]), cmp.Compare(c.To, k[1]))
	})
	if !ok {
		return Cell{}, false
	}
	return m.Cells[i], true
}

type sums struct {
	n                      int
	level, value, trust    int
	nLevel, nValue, nTrust int
}

func (s *sums) add(r Rating) {
	s.n++
	if r.Level > 0 {
		s.level += r.Level
		s.nLevel++
	}
	if r.Value > 0 {
		s.value += r.Value
		s.nValue++
	}
	if r.Trust > 0 {
		s.trust += r.Trust
		s.nTrust++
	}
}

func mean(sum, n, minN int) *float64 {
	if n < minN || n == 0 {
		return nil
	}
	v := float64(sum) / float64(n)
	return &v
}

func cells(m map[[2]string]*sums, minN int) []Cell {
	out := make([]Cell, 0, len(m))
	for k, s := range m {
		c := Cell{From: k[0], To: k[1], N: s.n}
		if s.n >= minN {
			// Each average needs minN answers of its own: a cell of three
			// ratings where one respondent alone gave a trust would show
			// that respondent's trust.
			c.Level, c.Value, c.Trust = mean(s.level, s.nLevel, minN), mean(s.value, s.nValue, minN), mean(s.trust, s.nTrust, minN)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Cell) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) })
	return out
}

// RatingMatrix averages the ratings of the submitted answers: per pair
// of the respondent's organisation (unitOrg of the answer's unit) and
// the rated organisation, and per unit and rated organisation. Cells
// with fewer than minN ratings (at least 1; MinAnswers in the report)
// carry their N but no averages. Answers whose unit has no organisation
// are left out of the organisations' matrix.
func RatingMatrix(rs []Response, unitOrg func(unit string) string, minN int) Matrix {
	minN = max(minN, 1)
	byOrg := map[[2]string]*sums{}
	byUnit := map[[2]string]*sums{}
	get := func(m map[[2]string]*sums, k [2]string) *sums {
		s := m[k]
		if s == nil {
			s = &sums{}
			m[k] = s
		}
		return s
	}
	for _, r := range rs {
		if r.Status != Submitted {
			continue
		}
		org := unitOrg(r.Unit)
		for _, rt := range r.Answer.Ratings {
			if rt.Organisation == "" {
				continue
			}
			get(byUnit, [2]string{r.Unit, rt.Organisation}).add(rt)
			if org != "" {
				get(byOrg, [2]string{org, rt.Organisation}).add(rt)
			}
		}
	}
	m := Matrix{MinN: minN, Cells: cells(byOrg, minN), ByUnit: cells(byUnit, minN), Rows: []string{}, Cols: []string{}}
	for _, c := range m.Cells {
		if !slices.Contains(m.Rows, c.From) {
			m.Rows = append(m.Rows, c.From)
		}
		if !slices.Contains(m.Cols, c.To) {
			m.Cols = append(m.Cols, c.To)
		}
	}
	slices.Sort(m.Cols)
	return m
}

// Summary is what the personal of one unit answered, for the editor
// writing the unit's text. Responses says how many answers stand behind
// it: show it outside the editor's view only from MinAnswers.
type Summary struct {
	Unit      string `json:"unit"`
	Responses int    `json:"responses"`
	// Parties are the organisations collaborated with, most often first.
	Parties []PartySummary `json:"parties"`
	// Forms counts the collaborations per form (sip, arendeforum …).
	Forms map[string]int `json:"forms"`
	// Works is the mean of "how well it works" (1–4) over WorksN answers.
	Works  *float64 `json:"works,omitempty"`
	WorksN int      `json:"works_n"`
	// Themes are the words and pairs of words most answers use in their
	// free texts (obstacles, ideas, notes), with how many answers use them.
	Themes []Theme `json:"themes"`
}

// PartySummary is one organisation the personal collaborate with.
type PartySummary struct {
	Organisation string         `json:"organisation"`
	N            int            `json:"n"`
	Forms        map[string]int `json:"forms"`
	Works        *float64       `json:"works,omitempty"`
	WorksN       int            `json:"works_n"`
}

// Theme is a word or a pair of words and the number of answers using it.
type Theme struct {
	Text string `json:"text"`
	N    int    `json:"n"`
}

// MaxThemes bounds the themes of a summary.
const MaxThemes = 12

// SummarizePersonal summarises the submitted personal answers per unit.
func SummarizePersonal(rs []Response) map[string]Summary {
	type acc struct {
		s          Summary
		parties    map[string]*PartySummary
		works, wn  int
		partyWorks map[string]int
		themes     map[string]int
	}
	units := map[string]*acc{}
	for _, r := range rs {
		if r.Status != Submitted {
			continue
		}
		a := units[r.Unit]
		if a == nil {
			a = &acc{s: Summary{Unit: r.Unit, Forms: map[string]int{}}, parties: map[string]*PartySummary{},
				partyWorks: map[string]int{}, themes: map[string]int{}}
			units[r.Unit] = a
		}
		a.s.Responses++
		texts := []string{r.Answer.Obstacles, r.Answer.Ideas}
		for _, c := range r.Answer.Collaborations {
			p := a.parties[c.Organisation]
			if p == nil {
				p = &PartySummary{Organisation: c.Organisation, Forms: map[string]int{}}
				a.parties[c.Organisation] = p
			}
			p.N++
			for _, f := range c.Forms {
				p.Forms[f]++
				a.s.Forms[f]++
			}
			if c.Works > 0 {
				p.WorksN++
				a.partyWorks[c.Organisation] += c.Works
				a.wn++
				a.works += c.Works
			}
			texts = append(texts, c.Note)
		}
		for t := range contentTerms(texts) {
			a.themes[t]++ // once per answer: how many say it, not how often
		}
	}
	out := make(map[string]Summary, len(units))
	for unit, a := range units {
		s := a.s
		s.WorksN = a.wn
		s.Works = mean(a.works, a.wn, 1)
		s.Parties = make([]PartySummary, 0, len(a.parties))
		for org, p := range a.parties {
			p.Works = mean(a.partyWorks[org], p.WorksN, 1)
			s.Parties = append(s.Parties, *p)
		}
		slices.SortFunc(s.Parties, func(x, y PartySummary) int {
			return cmp.Or(cmp.Compare(y.N, x.N), cmp.Compare(x.Organisation, y.Organisation))
		})
		s.Themes = themes(a.themes)
		out[unit] = s
	}
	return out
}

// themes picks the terms at least two answers use, most used first; a
// pair of words comes before its words at the same count, and a word is
// left out when a pair holding it is used as often (it says the same).
func themes(counts map[string]int) []Theme {
	all := make([]Theme, 0, len(counts))
	for t, n := range counts {
		if n >= 2 {
			all = append(all, Theme{t, n})
		}
	}
	slices.SortFunc(all, func(a, b Theme) int {
		return cmp.Or(cmp.Compare(b.N, a.N),
			cmp.Compare(strings.Count(b.Text, " "), strings.Count(a.Text, " ")), cmp.Compare(a.Text, b.Text))
	})
	out := []Theme{}
	for _, t := range all {
		covered := false
		if !strings.Contains(t.Text, " ") {
			for _, p := range out {
				if p.N == t.N && slices.Contains(strings.Fields(p.Text), t.Text) {
					covered = true
					break
				}
			}
		}
		if !covered {
			out = append(out, t)
		}
		if len(out) == MaxThemes {
			break
		}
	}
	return out
}

// contentTerms returns the set of content words and of pairs of
// adjacent content words (within a sentence, no stop word between) of
// the texts.
func contentTerms(texts []string) map[string]bool {
	terms := map[string]bool{}
	for _, text := range texts {
		for _, sentence := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return strings.ContainsRune(".!?;:\n", r)
		}) {
			prev := ""
			for _, w := range strings.FieldsFunc(sentence, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if utf8.RuneCountInString(w) < 3 || stopWords[w] {
					prev = ""
					continue
				}
				terms[w] = true
				if prev != "" {
					terms[prev+" "+w] = true
				}
				prev = w
			}
		}
	}
	return terms
}

// stopWords are the Swedish words that say nothing of a theme: function
// words and the verbs and adverbs any answer about samverkan uses.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`och att det som en på är av för med till den har de inte om ett han men var jag
	sig från vi så kan man när år hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara
	hade alla andra mycket än här då sedan över bli blir många även vill två dem denna detta dessa mer mest bara sina
	sitt vår våra vårt dig du ni oss mig min mitt mina hur vad vem vilka vilken vilket samt utan genom inom mellan ibland
	idag ofta etc gör göra gjort haft varit blivit kunna någon något några ingen inget inga hela helt lite väldigt själv
	sådan sådana osv dvs deras dess hans hennes eftersom därför dock både samma annan annat olika ibland alltid aldrig
	behöver behövs skulle kunde borde måste fungerar fungera bra bättre sämre svårt lätt tycker tror upplever känns
	finns fanns också ganska mycket mindre större kring bland emellan exempel ofta tid gånger gång här där nog redan
	samverkan samverka samverkar samarbete`) {
		m[w] = true
	}
	return m
}()
