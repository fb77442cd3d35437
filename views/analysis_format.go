package views

import (
	"math"
	"strconv"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// swedishInt writes 1234567 as "1 234 567", with no-break spaces so that a
// number never wraps.
func swedishInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// swedishDecimal writes x with the given decimals and a decimal comma:
// 0.8333 → "0,83".
func swedishDecimal(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.Atoi(whole)
	out := swedishInt(n)
	if whole == "-0" {
		out = "0"
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}

// swedishPercent writes a share as a whole percentage: 0.8333 → "83 %".
func swedishPercent(x float64) string {
	return swedishInt(int(math.Round(x*100))) + "\u00a0%"
}

// meetingRange writes a sum of meetings per year: "16–18", or "16" when
// the bounds agree.
func meetingRange(min, max int) string {
	if min == max {
		return swedishInt(min)
	}
	return swedishInt(min) + "–" + swedishInt(max)
}

// meetingLoadText says in a sentence what a unit's MeetingLoad over its
// forums means.
func meetingLoadText(l kartlaggning.MeetingLoad, forums int) string {
	if forums == 0 {
		return "Inga forum, inga möten"
	}
	unknown := swedishInt(l.Unknown) + " forum med okänt antal möten"
	if l.Unknown == 1 {
		unknown = "1 forum med okänt antal möten"
	}
	switch {
	case l.Unknown == forums && forums == 1:
		return "Okänd: forumet anger inte antal möten"
	case l.Unknown == forums:
		return "Okänd: inget av de " + swedishInt(forums) + " forumen anger antal möten"
	case l.Unknown == 0:
		return meetingRange(l.Min, l.Max) + " möten per år"
	}
	return meetingRange(l.Min, l.Max) + " möten per år, och " + unknown
}
