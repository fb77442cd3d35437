package views

import (
	"math"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

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
	unknown := swedishNumber(l.Unknown) + " forum med okänt antal möten"
	if l.Unknown == 1 {
		unknown = "1 forum med okänt antal möten"
	}
	switch {
	case l.Unknown == forums && forums == 1:
		return "Okänd: forumet anger inte antal möten"
	case l.Unknown == forums:
		return "Okänd: inget av de " + swedishNumber(forums) + " forumen anger antal möten"
	case l.Unknown == 0:
		return meetingRange(l.Min, l.Max) + " möten per år"
	}
	return meetingRange(l.Min, l.Max) + " möten per år, och " + unknown
}
