package survey

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func init() {
	// The long texts a respondent or the editor writes in a textarea; every
	// other string of a questionnaire is one line. A wish's text is long
	// here too because it becomes the edition's Wish.text, which is.
	kartlaggning.RegisterMultiline(reflect.TypeFor[Survey](), "intro")
	kartlaggning.RegisterMultiline(reflect.TypeFor[Question](), "help")
	kartlaggning.RegisterMultiline(reflect.TypeFor[Answer](), "description", "works_well", "needs_development", "obstacles", "ideas")
	kartlaggning.RegisterMultiline(reflect.TypeFor[ForumAnswer](), "note")
	kartlaggning.RegisterMultiline(reflect.TypeFor[Collaboration](), "note")
	kartlaggning.RegisterMultiline(reflect.TypeFor[WishAnswer](), "text")
	kartlaggning.RegisterLabels(map[string]string{
		"intro": "Inledning (informationsblad)", "closes": "Sista svarsdag", "off": "Avstängda standardfrågor",
		"questions": "Egna frågor", "ratings": "Bedömning av samverkan", "scale": "Skala för samverkansnivå",
		"help": "Hjälptext", "forums": "Forum", "parties": "Övriga parter", "still": "Stämmer detta fortfarande?",
		"collaborations": "Samverkan kring enskilda", "forms": "Former för samverkan",
		"works": "Hur väl samverkan fungerar", "obstacles": "Hinder", "ideas": "Idéer",
		"value": "Värde", "trust": "Förtroende", "custom": "Svar", "answer": "Svar",
		"expires": "Sista giltighetsdag", "survey": "Enkät",
	})
}

// Limits beyond the tags: one answer may not be larger than this in
// total, so that 200 answers of the maximum size still fit in memory
// when an edition's answers are compiled at once.
const (
	// MaxAnswerText bounds the sum of all texts of one answer, in characters.
	MaxAnswerText = 200_000
)

var slugPattern = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// ValidateSurvey checks a questionnaire: the tags, and that it switches
// off only standard questions of its kind, that the editor's own
// questions have unique ids that are not a standard question's, and that
// it closes on a real date.
func ValidateSurvey(s Survey) error {
	fields := kartlaggning.Check(&s, "")
	bad := badPaths(fields)
	std := map[string]bool{}
	for _, q := range Standard(s.Kind) {
		std[q.ID] = true
	}
	seenOff := map[string]int{}
	for i, id := range s.Off {
		path := fmt.Sprintf("off[%d]", i)
		if bad[path] {
			continue
		}
		if !std[id] {
			fields = append(fields, kartlaggning.FieldError{Path: path,
				Message: fmt.Sprintf("%q är inte en standardfråga i %s.", id, kindPhrase(s.Kind))})
			continue
		}
		if j, dup := seenOff[id]; dup {
			fields = append(fields, kartlaggning.FieldError{Path: path,
				Message: fmt.Sprintf("Frågan %q är redan avstängd (off[%d]).", id, j)})
			continue
		}
		seenOff[id] = i
	}
	allStd := standardIDs()
	seenQ := map[string]int{}
	for i, q := range s.Questions {
		path := fmt.Sprintf("questions[%d].id", i)
		if bad[path] {
			continue
		}
		if allStd[q.ID] {
			fields = append(fields, kartlaggning.FieldError{Path: path,
				Message: fmt.Sprintf("Id %q är en standardfråga: välj ett annat id för en egen fråga.", q.ID)})
			continue
		}
		if j, dup := seenQ[q.ID]; dup {
			fields = append(fields, kartlaggning.FieldError{Path: path,
				Message: fmt.Sprintf("Id %q används redan av questions[%d].", q.ID, j)})
			continue
		}
		seenQ[q.ID] = i
	}
	if !bad["closes"] {
		if d, err := time.Parse(time.DateOnly, s.Closes); err == nil && (d.Year() < 2000 || d.Year() > 2100) {
			fields = append(fields, kartlaggning.FieldError{Path: "closes",
				Message: "Sista svarsdag ska ligga mellan år 2000 och 2100."})
		}
	}
	return kartlaggning.Invalid(fields)
}

// ValidateResponse checks a response to survey s: its status and its
// answer (paths "answer.forums[2].name").
func ValidateResponse(s Survey, r Response) error {
	fields := kartlaggning.Check(&responseStatus{r.Status}, "")
	fields = append(fields, answerProblems(s, r.Answer)...)
	return kartlaggning.Invalid(fields)
}

// ValidateAnswer checks an answer to survey s: the tags and the text
// rule, and the rules across fields. Paths start with "answer.".
// Whether the forums and organisations it names exist is CheckRefs'
// question, since that needs the edition.
func ValidateAnswer(s Survey, a Answer) error {
	return kartlaggning.Invalid(answerProblems(s, a))
}

type responseStatus struct {
	Status string `json:"status" validate:"required,oneof=draft submitted"`
}

func answerProblems(s Survey, a Answer) []kartlaggning.FieldError {
	const p = "answer."
	fields := kartlaggning.Check(&a, p)
	bad := badPaths(fields)
	add := func(path, format string, args ...any) {
		fields = append(fields, kartlaggning.FieldError{Path: p + path, Message: fmt.Sprintf(format, args...)})
	}

	// The custom answers are a map, which the text rule's walk does not
	// enter; and only the survey's own questions may be answered.
	own := map[string]bool{}
	for _, q := range s.Questions {
		own[q.ID] = true
	}
	keys := make([]string, 0, len(a.Custom))
	for k := range a.Custom {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slugPattern.MatchString(k) {
			add("custom", "Svaret hör inte till någon fråga i enkäten.")
			continue
		}
		path := p + "custom." + k
		if !own[k] {
			fields = append(fields, kartlaggning.FieldError{Path: path, Message: fmt.Sprintf("Frågan %q finns inte i enkäten.", k)})
			continue
		}
		if fe, ok := kartlaggning.CheckText(path, a.Custom[k], true); !ok && !bad[p+"custom["+k+"]"] {
			fields = append(fields, fe)
		}
	}

	if total := answerTextSize(a); total > MaxAnswerText {
		add("", "Svaret är för långt: högst %d tecken sammanlagt (nu %d).", MaxAnswerText, total)
	}

	seenForum := map[string]int{}
	for i, f := range a.Forums {
		if f.Forum == "" && f.Name == "" {
			add(fmt.Sprintf("forums[%d].name", i), "Välj ett forum i listan eller skriv forumets namn.")
		}
		if f.Forum != "" && !bad[fmt.Sprintf("%sforums[%d].forum", p, i)] {
			if j, dup := seenForum[f.Forum]; dup {
				add(fmt.Sprintf("forums[%d].forum", i), "Forumet finns redan i svaret (forum %d).", j+1)
			} else {
				seenForum[f.Forum] = i
			}
		}
	}
	// An organisation is rated once and named once among the
	// collaborations: a second row points back at the first.
	onceEach := func(list string, n int, org func(i int) string, again string) {
		seen := map[string]int{}
		for i := range n {
			o := org(i)
			if o == "" || bad[fmt.Sprintf("%s%s[%d].organisation", p, list, i)] {
				continue
			}
			if j, dup := seen[o]; dup {
				add(fmt.Sprintf("%s[%d].organisation", list, i), again, j+1)
				continue
			}
			seen[o] = i
		}
	}
	onceEach("ratings", len(a.Ratings), func(i int) string { return a.Ratings[i].Organisation },
		"Organisationen är redan bedömd (bedömning %d).")
	onceEach("collaborations", len(a.Collaborations), func(i int) string { return a.Collaborations[i].Organisation },
		"Organisationen finns redan i svaret (samverkan %d).")
	if len(a.Ratings) > 0 && !s.Ratings {
		add("ratings", "Enkäten frågar inte efter bedömningar av samverkan.")
	}

	// A chef answers the chef's questions and the personal theirs: an
	// answer to the other questionnaire's questions would be compiled or
	// summarised as if it had been asked.
	type part struct {
		path     string
		answered bool
	}
	var foreign []part
	switch s.Kind {
	case Chef:
		foreign = []part{{"collaborations", len(a.Collaborations) > 0}, {"obstacles", a.Obstacles != ""}, {"ideas", a.Ideas != ""}}
	case Personal:
		foreign = []part{{"description", a.Description != ""}, {"target_groups", len(a.TargetGroups) > 0},
			{"forums", len(a.Forums) > 0}, {"works_well", a.WorksWell != ""},
			{"needs_development", a.NeedsDevelopment != ""}, {"wishes", len(a.Wishes) > 0}}
	}
	for _, f := range foreign {
		if f.answered {
			add(f.path, "Frågan finns inte i %s.", kindPhrase(s.Kind))
		}
	}
	for i := range fields {
		if fields[i].Path == "answer." {
			fields[i].Path = "answer"
		}
	}
	return fields
}

// answerTextSize is the sum of the lengths of an answer's texts.
func answerTextSize(a Answer) int {
	n := utf8.RuneCountInString(a.Description) + utf8.RuneCountInString(a.WorksWell) + utf8.RuneCountInString(a.NeedsDevelopment) + utf8.RuneCountInString(a.Obstacles) + utf8.RuneCountInString(a.Ideas)
	for _, t := range a.TargetGroups {
		n += utf8.RuneCountInString(t)
	}
	for _, f := range a.Forums {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Note)
		if f.Frequency != nil {
			n += utf8.RuneCountInString(f.Frequency.Text)
		}
	}
	for _, w := range a.Wishes {
		n += utf8.RuneCountInString(w.Text)
	}
	for _, c := range a.Collaborations {
		n += utf8.RuneCountInString(c.Note)
	}
	for k, v := range a.Custom {
		n += utf8.RuneCountInString(k) + utf8.RuneCountInString(v)
	}
	return n
}

// CheckRefs checks that the forums, organisations and units an answer
// names exist in the edition. Paths start with "answer.".
func CheckRefs(a Answer, x *kartlaggning.Index) []kartlaggning.FieldError {
	var fields []kartlaggning.FieldError
	check := func(path string, kind kartlaggning.Kind, id string) {
		if id == "" || !slugPattern.MatchString(id) {
			return // empty is allowed; malformed is the tags' to report
		}
		var ok bool
		switch kind {
		case kartlaggning.Forums:
			ok = x.Forums[id] != nil
		case kartlaggning.Organisations:
			ok = x.Organisations[id] != nil
		case kartlaggning.Units:
			ok = x.Units[id] != nil
		}
		if !ok {
			fields = append(fields, kartlaggning.FieldError{Path: "answer." + path,
				Message: fmt.Sprintf("Det finns %s med id %q.", kind.Words().None, id)})
		}
	}
	for i, f := range a.Forums {
		check(fmt.Sprintf("forums[%d].forum", i), kartlaggning.Forums, f.Forum)
		check(fmt.Sprintf("forums[%d].convener", i), kartlaggning.Organisations, f.Convener)
		for j, o := range f.Parties {
			check(fmt.Sprintf("forums[%d].parties[%d]", i, j), kartlaggning.Organisations, o)
		}
	}
	for i, w := range a.Wishes {
		check(fmt.Sprintf("wishes[%d].organisation", i), kartlaggning.Organisations, w.Organisation)
		check(fmt.Sprintf("wishes[%d].unit", i), kartlaggning.Units, w.Unit)
	}
	for i, c := range a.Collaborations {
		check(fmt.Sprintf("collaborations[%d].organisation", i), kartlaggning.Organisations, c.Organisation)
	}
	for i, r := range a.Ratings {
		check(fmt.Sprintf("ratings[%d].organisation", i), kartlaggning.Organisations, r.Organisation)
	}
	return fields
}

func badPaths(fields []kartlaggning.FieldError) map[string]bool {
	bad := make(map[string]bool, len(fields))
	for _, f := range fields {
		bad[f.Path] = true
	}
	return bad
}

// kindPhrase names a questionnaire in running text: "chefsenkäten".
func kindPhrase(kind string) string {
	switch kind {
	case Chef:
		return "chefsenkäten"
	case Personal:
		return "personalenkäten"
	}
	return "enkäten"
}
