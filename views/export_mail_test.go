package views

import "time"

// MailResult and MailSummary expose the flash of a mailing to the tests.
type MailResult = mailResult

func MailSummary(failed []MailResult) string {
	return mailSummary(mailReport{Failed: failed}, false)
}

// SetMailTimeout shortens how long one mailing may take.
func SetMailTimeout(s *Server, d time.Duration) { s.mailTimeout = d }
