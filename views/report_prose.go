package views

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The report writes a unit's forums the way the seed kartläggning does,
// in sentences grouped by level ("På strategisk nivå deltar enheten i 3
// forum. ARENA Mullsjö (nätverk) träffas 1 gång per månad tillsammans
// med …"), not as a table: the table of every forum is the register in
// the appendix. One sentence per forum keeps a unit of twenty forums
// readable, and long lists of participants are cut short.

// proseOthersMax is how many other participants a sentence names before
// it says how many more there are.
const proseOthersMax = 6

// forumProse returns one paragraph per level, nil when the unit takes
// part in no forum.
func forumProse(rows []forumRow) []string {
	var out []string
	levels := append(append([]kartlaggning.Option{}, kartlaggning.Levels...), kartlaggning.Option{Value: ""})
	for _, lv := range levels {
		var sentences []string
		for _, r := range rows {
			if r.Level == lv.Value || (lv.Value == "" && !isOption(kartlaggning.Levels, r.Level)) {
				sentences = append(sentences, forumSentence(r))
			}
		}
		if len(sentences) == 0 {
			continue
		}
		n := plural(len(sentences), "forum", "forum")
		intro := "Utan angiven nivå deltar enheten i " + n + "."
		if lv.Value != "" {
			intro = "På " + kartlaggning.LevelPhrase(lv.Value) + " deltar enheten i " + n + "."
		}
		out = append(out, intro+" "+strings.Join(sentences, " "))
	}
	return out
}

func isOption(options []kartlaggning.Option, v string) bool {
	for _, o := range options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// forumSentence is "Name (kind) träffas how often tillsammans med others;
// enheten är role." The kind is left out where the name says it, the role
// where it is the ordinary ledamot, and how often where it is not known
// (the register in the appendix has every forum's figures).
func forumSentence(r forumRow) string {
	var b strings.Builder
	b.WriteString(r.Link.Label)
	var aside []string
	if kind := lowerLabel(kartlaggning.OptionLabel(kartlaggning.ForumKinds, r.Kind)); r.Kind != "" && r.Kind != "annan" &&
		!strings.Contains(strings.ToLower(r.Link.Label), strings.ToLower(kind)) {
		aside = append(aside, kind)
	}
	often, verb := frequencyPhrase(r.Frequency)
	if often != "" && !verb {
		aside = append(aside, "mötesfrekvens: "+often)
	}
	if len(aside) > 0 {
		b.WriteString(" (" + strings.Join(aside, "; ") + ")")
	}
	if verb {
		b.WriteString(" träffas " + often)
	}
	switch {
	case len(r.Others) > 0 && verb:
		b.WriteString(" tillsammans med " + swedishList(r.Others, proseOthersMax))
	case len(r.Others) > 0:
		b.WriteString(" samlar enheten och " + swedishList(r.Others, proseOthersMax))
	case !verb:
		b.WriteString(" har ingen annan kartlagd deltagare")
	}
	if r.Role != "" && r.Role != "ledamot" {
		b.WriteString("; enheten är " + lowerLabel(kartlaggning.OptionLabel(kartlaggning.Roles, r.Role)))
	}
	b.WriteString(".")
	return b.String()
}

// oftenWords begin a typed frequency that reads after "träffas".
var oftenWords = []string{"en ", "ett ", "var", "vid ", "varje", "regelbundet", "löpande", "dagligen", "sällan", "ibland", "någon", "några", "ca ", "cirka", "minst", "högst", "flera", "två", "tre", "fyra", "fem", "sex"}

// frequencyPhrase is how often a forum meets in running text: the text
// typed ("1 gång per månad", "vid behov") or the number of meetings;
// verb says that it reads after "träffas".
func frequencyPhrase(f *kartlaggning.Frequency) (string, bool) {
	switch {
	case f == nil:
		return "", false
	case strings.TrimSpace(f.Text) != "":
		t := lowerLabel(strings.TrimSpace(f.Text))
		if first, _ := utf8.DecodeRuneInString(t); unicode.IsDigit(first) {
			return t, true
		}
		for _, w := range oftenWords {
			if strings.HasPrefix(t, w) {
				return t, true
			}
		}
		return t, false
	case f.Min != nil && f.Max != nil && *f.Min != *f.Max:
		return fmt.Sprintf("%d–%d gånger per år", *f.Min, *f.Max), true
	case f.Min != nil:
		return plural(*f.Min, "gång per år", "gånger per år"), true
	case f.Max != nil:
		return "högst " + plural(*f.Max, "gång per år", "gånger per år"), true
	}
	return "", false
}

// swedishList is "A, B och C", the names past max counted: "A, B och 5 till".
func swedishList(links []link, max int) string {
	var names []string
	for i, l := range links {
		if i == max && len(links) > max+1 {
			names = append(names, fmt.Sprintf("%d till", len(links)-max))
			break
		}
		// "Arbetsförmedlingen", not "Arbetsförmedlingen (hela organisationen)".
		if l.Note != "" && l.Note != "hela organisationen" {
			names = append(names, l.Label+" ("+l.Note+")")
		} else {
			names = append(names, l.Label)
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " och " + names[len(names)-1]
}

// lowerLabel writes a label inside a sentence: "Nätverk" becomes
// "nätverk", an acronym such as "ARENA-grupp" stays.
func lowerLabel(s string) string {
	first, size := utf8.DecodeRuneInString(s)
	second, _ := utf8.DecodeRuneInString(s[size:])
	if unicode.IsUpper(second) {
		return s
	}
	return string(unicode.ToLower(first)) + s[size:]
}
