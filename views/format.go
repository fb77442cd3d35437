package views

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// swedishNumber writes a number the Swedish way: "1 234" and "1 234,5",
// with a no-break space between the thousands so that a number never
// breaks over two lines. Floats keep at most one decimal.
func swedishNumber(v any) string {
	switch n := v.(type) {
	case int:
		return swedishDigits(strconv.Itoa(n))
	case int64:
		return swedishDigits(strconv.FormatInt(n, 10))
	case float64:
		return swedishDigits(strings.TrimSuffix(strconv.FormatFloat(n, 'f', 1, 64), ".0"))
	}
	return fmt.Sprint(v)
}

// swedishDecimal writes x with exactly the given decimals: 0.8333, 2 →
// "0,83".
func swedishDecimal(x float64, decimals int) string {
	return swedishDigits(strconv.FormatFloat(x, 'f', decimals, 64))
}

// swedishDigits turns Go's "-1234.5" into "−1 234,5". A value that rounds
// to zero has no sign.
func swedishDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		s = s[1:]
		if strings.Trim(s, "0.") != "" {
			sign = "−"
		}
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("," + frac)
	}
	return sign + b.String()
}

// swedishPercent writes a share as a whole percentage: 0.8333 → "83 %".
func swedishPercent(x float64) string {
	return swedishNumber(int(math.Round(x*100))) + "\u00a0%"
}

// meetingRange writes a sum of meetings per year: "16–18", or "16" when
// the bounds agree.
func meetingRange(min, max int) string {
	if min == max {
		return swedishNumber(min)
	}
	return swedishNumber(min) + "–" + swedishNumber(max)
}

// meetingLoadText says in a sentence what a unit's MeetingLoad over its
// forums means.
func meetingLoadText(l kartlaggning.MeetingLoad, forums int) string {
	if forums == 0 {
		return "Inga forum, inga möten"
	}
	unknown := plural(l.Unknown, "forum", "forum") + " med okänt antal möten"
	switch {
	case l.Unknown == forums && forums == 1:
		return "Okänd: forumet anger inte antal möten"
	case l.Unknown == forums:
		return "Okänd: inget av de " + swedishNumber(forums) + " forumen anger antal möten"
	case l.Unknown == 0:
		return strings.Replace(meetingsPerYear(l.Min, l.Max), "/år", " per år", 1)
	}
	return strings.Replace(meetingsPerYear(l.Min, l.Max), "/år", " per år", 1) + ", och " + unknown
}

func itoaYear(y int) string { return strconv.Itoa(y) }

// partyLabel is a party's short name when it has one: column headings of
// a matrix must be narrow.
func partyLabel(p kartlaggning.MatrixParty) string {
	if p.Short != "" {
		return p.Short
	}
	return p.Name
}

// shortDecimal writes a threshold as briefly as it was typed: 0.5 → "0,5".
func shortDecimal(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(swedishDecimal(x, 4), "0"), ",")
}

func forumsRange(lo, hi int) string {
	if lo == hi {
		return swedishNumber(lo) + " forum"
	}
	return swedishNumber(lo) + "–" + swedishNumber(hi) + " forum"
}

var swedishMonths = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli",
	"augusti", "september", "oktober", "november", "december"}

// swedishDate formats like "3 mars 2019"; the input is RFC 3339 text or a time.
func swedishDate(v any) string {
	var t time.Time
	switch v := v.(type) {
	case time.Time:
		t = v
	case string:
		parsed, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return v
		}
		t = parsed
	default:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%d %s %d", t.Day(), swedishMonths[t.Month()-1], t.Year())
}

// plural writes a count with the Swedish word in the form the count
// takes: "1 möte", "3 möten", "1 konto", "12 konton".
func plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return swedishNumber(n) + " " + one
	}
	return swedishNumber(n) + " " + many
}

// meetingsPerYear writes a range of meetings per year with the word in
// the form the upper bound takes: "1 möte/år", "4–6 möten/år".
func meetingsPerYear(min, max int) string {
	if min == max {
		return plural(min, "möte/år", "möten/år")
	}
	return meetingRange(min, max) + " möten/år"
}

// frequencyText describes a frequency the way the kartläggning does:
// the source's wording, with the number of meetings when known.
func frequencyText(f *kartlaggning.Frequency) string {
	if f == nil {
		return "Okänd"
	}
	var n string
	switch {
	case f.Min != nil && f.Max != nil:
		n = meetingsPerYear(*f.Min, *f.Max)
	case f.Min != nil:
		n = "minst " + meetingsPerYear(*f.Min, *f.Min)
	case f.Max != nil:
		n = "högst " + meetingsPerYear(*f.Max, *f.Max)
	}
	switch {
	case f.Text != "" && n != "":
		return f.Text + " (" + n + ")"
	case f.Text != "":
		return f.Text
	case n != "":
		return n
	}
	return "Okänd"
}

func joinPath(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteByte('/')
		// The common parts without fmt: a report makes millions of links.
		switch v := p.(type) {
		case string:
			b.WriteString(url.PathEscape(v))
		case int:
			b.WriteString(strconv.Itoa(v))
		case kartlaggning.Kind:
			b.WriteString(url.PathEscape(string(v)))
		default:
			b.WriteString(url.PathEscape(fmt.Sprint(p)))
		}
	}
	return b.String()
}

// markdown renders an edition text. Raw HTML in the text is escaped, not
// passed through (goldmark's default), so the text cannot inject markup.
func markdown(src string) template.HTML {
	var buf bytes.Buffer
	if err := goldmark.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String())
}

// swedishFold places the letters the way a Swedish reader looks them up:
// å, ä, ö after z (æ and ø with ä and ö), accents on the base letter, ü as y.
var swedishFold = map[rune]rune{
	'å': 'z' + 1, 'ä': 'z' + 2, 'æ': 'z' + 2, 'ö': 'z' + 3, 'ø': 'z' + 3,
	'á': 'a', 'à': 'a', 'â': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ï': 'i', 'ó': 'o', 'ô': 'o', 'ú': 'u', 'ü': 'y', 'ç': 'c', 'ñ': 'n',
}

// compareSwedish orders two names alphabetically in Swedish, case-blind,
// with the exact text as the tie-breaker so that the order is stable.
func compareSwedish(a, b string) int {
	// Rune by rune without lowering whole strings first: reports sort
	// hundreds of thousands of names, and allocation dominated.
	x, y := a, b
	for x != "" && y != "" {
		ra, na := utf8.DecodeRuneInString(x)
		rb, nb := utf8.DecodeRuneInString(y)
		x, y = x[na:], y[nb:]
		if ra != rb {
			ra, rb = swedishRune(ra), swedishRune(rb)
			if ra != rb {
				if ra < rb {
					return -1
				}
				return 1
			}
		}
	}
	switch {
	case x == "" && y != "":
		return -1
	case x != "" && y == "":
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// swedishRune is where a letter sorts: lower case, folded by swedishFold.
func swedishRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	if f, ok := swedishFold[r]; ok {
		return f
	}
	return r
}

var slugFold = map[rune]rune{
	'å': 'a', 'ä': 'a', 'á': 'a', 'à': 'a', 'â': 'a', 'æ': 'a', 'ö': 'o', 'ø': 'o', 'ó': 'o', 'ô': 'o',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'í': 'i', 'ï': 'i', 'ú': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n',
}

// slugify derives an id from a name: "ARENA Mullsjö" → "arena-mullsjo".
func slugify(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if f, ok := slugFold[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	s := b.String()
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.TrimRight(s, "-")
}

func boolValue(b bool) string {
	if b {
		return "true"
	}
	return ""
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func sortOptions(list []kartlaggning.Option) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && compareSwedish(list[j].Label, list[j-1].Label) < 0; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}
