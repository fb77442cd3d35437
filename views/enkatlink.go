package views

import (
	"net/url"
	"strings"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

// The links of the enkäter carry their secret in the path (/enkat/<token>)
// and a personal respondent's draft key in the query (?utkast=<key>).
// Whoever reads the logs must not be able to answer in someone's name or
// read an anonymous answer, so neither is ever written to a log.

// respondPrefix is where the respondents' pages live.
const respondPrefix = "/enkat/"

// redactURI replaces the secrets of a respondent's address with "…":
// /enkat/<token>?utkast=<key> is logged as /enkat/…?utkast=…. Any other
// address is returned as it is.
func redactURI(uri string) string {
	path, query, hasQuery := strings.Cut(uri, "?")
	// An address may spell the path in other ways (%65nkat, /ENKAT/, //enkat/):
	// those reach no enkät, but a real token in them is as secret.
	decoded, err := url.PathUnescape(path)
	if err != nil {
		decoded = path
	}
	if !strings.Contains(strings.ToLower(decoded), respondPrefix) && !strings.Contains(strings.ToLower(path), respondPrefix) {
		// Only the respondents' pages take an utkast; elsewhere the
		// query is kept as it is.
		return uri
	}
	out := respondPrefix + "…"
	if !hasQuery {
		return out
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return out + "?…"
	}
	for k := range q {
		if strings.EqualFold(k, "utkast") {
			q[k] = []string{"…"}
		}
	}
	return out + "?" + strings.ReplaceAll(q.Encode(), "%E2%80%A6", "…")
}

// Throttles of the respondents' links (respond.go). linkGuessLimits
// counts, per client address, requests for links that do not work: a
// link has 128 random bits or more, so five wrong ones a minute cost a
// person with a mistyped address nothing and leave a guesser nowhere.
func linkGuessLimits() auth.Limits {
	return auth.Limits{Window: time.Minute, Delays: []time.Duration{0, 0, 0, time.Second, 5 * time.Second},
		MaxRecords: 50_000, Sweep: time.Minute}
}

// linkUseLimits counts every request of one link: at most MaxFailures
// (5) a second. A chef saves a page now and then; a personal link is
// shared by a unit's staff, who are not all at the same question in
// the same second, and a refused one is told when to try again.
func linkUseLimits() auth.Limits {
	return auth.Limits{Window: time.Second, MaxRecords: 50_000, Sweep: time.Minute}
}
