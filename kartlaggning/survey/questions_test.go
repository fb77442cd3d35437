package survey_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

func ids(items []survey.Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return strings.Join(out, " ")
}

func TestQuestions(t *testing.T) {
	closes := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	t.Run("Chef", func(t *testing.T) {
		s := survey.New(survey.Chef, 2019, closes)
		if got, want := ids(survey.Questions(s)), "description target_groups forums works_well needs_development wishes"; got != want {
			t.Fatalf("questions %q, want %q", got, want)
		}
		items := survey.Questions(s)
		if items[3].Text != "Vad fungerar bra idag?" || items[4].Text != "Vad behöver utvecklas?" {
			t.Errorf("the seed's questions are worded %q and %q", items[3].Text, items[4].Text)
		}
		var forumParts []string
		for _, p := range items[2].Parts {
			forumParts = append(forumParts, p.ID)
		}
		// Bilaga 1 asks of every forum its kind, level, frequency,
		// convener, the parties present and the unit's role.
		for _, want := range []string{"forum", "name", "kind", "level", "frequency", "convener", "parties", "role", "still"} {
			if !strings.Contains(" "+strings.Join(forumParts, " ")+" ", " "+want+" ") {
				t.Errorf("the forum question does not ask %s: %v", want, forumParts)
			}
		}
	})
	t.Run("PersonalWithRatingsOffAndOwn", func(t *testing.T) {
		s := survey.New(survey.Personal, 2019, closes)
		s.Off = []string{"ideas"}
		s.Ratings = true
		s.Scale = []string{"Ingen", "Lite", "Mycket", "Helt"}
		s.Questions = []survey.Question{{ID: "kompetens", Text: "Vilken kompetens saknar du?"}}
		items := survey.Questions(s)
		if got, want := ids(items), "collaborations obstacles ratings kompetens"; got != want {
			t.Fatalf("questions %q, want %q", got, want)
		}
		if items[2].Source != survey.SourceRatings || items[3].Source != survey.SourceCustom || items[0].Source != survey.SourceStandard {
			t.Errorf("sources: %+v", items)
		}
		level := items[2].Parts[1]
		if level.ID != "level" || len(level.Options) != 4 || level.Options[3].Label != "4 – Helt" {
			t.Errorf("the level part does not use the survey's scale: %+v", level)
		}
		var forms []string
		for _, o := range items[0].Parts[1].Options {
			forms = append(forms, o.Label)
		}
		if got := strings.Join(forms, ", "); got != "SIP (samordnad individuell plan), Ärendeforum, Personliga kontakter, Annat" {
			t.Errorf("forms: %s", got)
		}
	})
	t.Run("New", func(t *testing.T) {
		c := survey.New(survey.Chef, 2019, closes)
		p := survey.New(survey.Personal, 2019, closes)
		if c.Title != "Chefsenkät 2019" || p.Title != "Personalenkät 2019" || c.Closes != "2026-11-30" {
			t.Errorf("titles %q, %q, closes %q", c.Title, p.Title, c.Closes)
		}
		for _, want := range []string{"Sista dag att svara är 30 november 2026.", "påseende", "minst tre svar"} {
			if !strings.Contains(c.Intro, want) {
				t.Errorf("the chef's information sheet does not say %q", want)
			}
		}
		for _, want := range []string{"anonyma", "minst tre svar", "30 november 2026"} {
			if !strings.Contains(p.Intro, want) {
				t.Errorf("the personal's information sheet does not say %q", want)
			}
		}
		if err := survey.ValidateSurvey(c); err != nil {
			t.Errorf("a new chef survey is not valid: %v", err)
		}
		if err := survey.ValidateSurvey(p); err != nil {
			t.Errorf("a new personal survey is not valid: %v", err)
		}
	})
}

func TestToken(t *testing.T) {
	tok, hash, err := survey.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != survey.TokenLen || !survey.ValidToken(tok) {
		t.Fatalf("token %q (%d characters) does not pass its own check", tok, len(tok))
	}
	if hash != survey.HashToken(tok) || len(hash) != 64 || strings.Contains(hash, tok) {
		t.Errorf("hash %q", hash)
	}
	tok2, _, _ := survey.NewToken()
	if tok2 == tok {
		t.Error("two tokens are the same")
	}
	for _, bad := range []string{"", "abc", tok + "A", tok[:42] + "!", tok[:42] + "=", strings.Repeat("A", 42) + "B",
		strings.Repeat("x", 10000), "../../etc/passwd", tok[:40] + "å"} {
		if survey.ValidToken(bad) {
			t.Errorf("ValidToken(%.50q) = true", bad)
		}
	}
}

func TestUsable(t *testing.T) {
	inv := survey.Invitation{Expires: "2019-03-31"}
	cases := []struct {
		name string
		inv  func() survey.Invitation
		now  time.Time
		want bool
	}{
		{"OnLastDayStockholm", func() survey.Invitation { return inv }, time.Date(2019, 3, 31, 21, 59, 0, 0, time.UTC), true},
		// 2019-03-31 is the first day of summer time: midnight in
		// Stockholm is 22:00 UTC.
		{"AfterMidnightStockholm", func() survey.Invitation { return inv }, time.Date(2019, 3, 31, 22, 0, 0, 0, time.UTC), false},
		{"Before", func() survey.Invitation { return inv }, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"Revoked", func() survey.Invitation { i := inv; i.Revoked = true; return i }, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"NoExpiry", func() survey.Invitation { return survey.Invitation{} }, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := survey.Usable(c.inv(), c.now); got != c.want {
				t.Errorf("Usable = %v, want %v", got, c.want)
			}
		})
	}
}
