package views

import "github.com/kartlaggning/kartlaggning/kartlaggning/auth"

// SetLinkLimits replaces the throttles of the respondents' links, for
// the tests and benchmarks that send more than a person would.
func SetLinkLimits(s *Server, guesses, use auth.Limits) {
	s.linkGuesses, s.linkUse = auth.NewThrottleWith(guesses), auth.NewThrottleWith(use)
}
