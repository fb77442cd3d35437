package views

// MailResult and MailSummary expose the flash of a mailing to the tests.
type MailResult = mailResult

func MailSummary(failed []MailResult) string {
	return mailSummary(mailReport{Failed: failed}, false)
}
