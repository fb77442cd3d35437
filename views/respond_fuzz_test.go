package views_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// FuzzRespondForm: whatever a stranger with a link posts to the
// questionnaire, as a form or as JSON, the answer is one of the form's
// own (never a 5xx), and whatever was stored is an answer the domain
// accepts.
func FuzzRespondForm(f *testing.F) {
	f.Add(false, "save", "description", "Vi arbetar med unga vuxna.", "forums[0].forum", "arena-mullsjo")
	f.Add(false, "submit", "forums[0].name", "ARENA-gruppen Mullsjö", "forums[0].frequency.min", "-4")
	f.Add(false, "more", "ratings[af].level", "9", "custom.egen-fraga", "\x00\u202e")
	f.Add(false, "save", "forums[99999999999].name", "x", "target_groups", "ÅÄÖ\r\n")
	f.Add(true, "", `{"answer":{"forums":[{"name":"Nytt"}],"ratings":[{"organisation":"af","level":5}]},"submit":true}`, "", "", "")
	f.Add(true, "", `{"answer":{"custom":{"finns-inte":"x"}},"submit":false}`, "", "", "")
	f.Add(true, "", `{"answer":[],"submit":"ja"}`, "", "", "")
	srv, db := MustServe(f)
	generous(srv)
	sv := mustSurvey(f, db, survey.Chef, true)
	token := inviteLink(f, db, sv, respondUnit, nextMonth())
	link := "/enkat/" + token
	f.Fuzz(func(t *testing.T, asJSON bool, action, k1, v1, k2, v2 string) {
		var code int
		if asJSON {
			code = respondent(t, srv, "POST", link, "application/json", k1, "Accept", "application/json").Code
		} else {
			form := url.Values{"action": {action}, k1: {v1}, k2: {v2}}
			code = respondent(t, srv, "POST", link, formType, form.Encode()).Code
		}
		switch code {
		case http.StatusOK, http.StatusCreated, http.StatusSeeOther, http.StatusBadRequest, http.StatusConflict,
			http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity,
			http.StatusTooManyRequests:
		default:
			t.Fatalf("%v %q %q=%q %q=%q: %d", asJSON, action, k1, v1, k2, v2, code)
		}
		rs, err := db.Responses(context.Background(), 2019, sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if err := survey.ValidateResponse(sv, r); err != nil {
				t.Fatalf("stored an answer the domain refuses: %v", err)
			}
			if r.Status == survey.Submitted { // let the next input be saved too
				if err := db.Reopen(context.Background(), 2019, r.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
