package survey_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

func mustDemo(tb testing.TB) *kartlaggning.Index {
	tb.Helper()
	doc, err := demo.Document()
	if err != nil {
		tb.Fatal(err)
	}
	return kartlaggning.NewIndex(doc)
}

func ptr[T any](v T) *T { return &v }

// fieldMessage returns the message err gives for path, failing the test
// when err is not an EINVALID error naming path.
func fieldMessage(t *testing.T, err error, path string) string {
	t.Helper()
	e, ok := kartlaggning.AsError(err)
	if !ok || e.Code != kartlaggning.EINVALID {
		t.Fatalf("want an EINVALID error naming %s, got %v", path, err)
	}
	for _, f := range e.Fields {
		if f.Path == path {
			return f.Message
		}
	}
	t.Fatalf("no error for %s; got %+v", path, e.Fields)
	return ""
}

func chefSurvey() survey.Survey {
	s := survey.New(survey.Chef, 2019, time.Date(2019, 3, 29, 0, 0, 0, 0, time.UTC))
	s.Questions = []survey.Question{{ID: "lokaler", Text: "Delar ni lokaler med någon part?"}}
	return s
}

func TestValidateSurvey(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, kind := range []string{survey.Chef, survey.Personal} {
			s := survey.New(kind, 2019, time.Date(2019, 3, 29, 0, 0, 0, 0, time.UTC))
			s.Off = []string{survey.Standard(kind)[0].ID}
			s.Questions = []survey.Question{{ID: "egen-fraga", Text: "Något mer?", Help: "Fritt."}}
			s.Ratings = true
			if err := survey.ValidateSurvey(s); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
		}
	})
	cases := []struct {
		name, path, want string
		change           func(s *survey.Survey)
	}{
		{"ErrKindRequired", "kind", "Typ måste anges", func(s *survey.Survey) { s.Kind = "" }},
		{"ErrTitleRequired", "title", "Titel måste anges", func(s *survey.Survey) { s.Title = "" }},
		{"ErrTitleLinebreak", "title", "radbrytningar", func(s *survey.Survey) { s.Title = "Chefsenkät\n2019" }},
		{"ErrOffUnknown", "off[0]", `"obstacles" är inte en standardfråga i chefsenkäten`, func(s *survey.Survey) { s.Off = []string{"obstacles"} }},
		{"ErrOffTwice", "off[1]", "redan avstängd", func(s *survey.Survey) { s.Off = []string{"wishes", "wishes"} }},
		{"ErrQuestionIDTwice", "questions[1].id", `Id "lokaler" används redan av questions[0]`, func(s *survey.Survey) {
			s.Questions = append(s.Questions, survey.Question{ID: "lokaler", Text: "Igen"})
		}},
		{"ErrQuestionIDStandard", "questions[0].id", "är en standardfråga", func(s *survey.Survey) { s.Questions[0].ID = "forums" }},
		{"ErrQuestionIDSlug", "questions[0].id", "a–z", func(s *survey.Survey) { s.Questions[0].ID = "Lokaler?" }},
		{"ErrQuestionTextRequired", "questions[0].text", "Text måste anges", func(s *survey.Survey) { s.Questions[0].Text = "" }},
		{"ErrClosesNotADate", "closes", "Sista svarsdag ska vara ett datum", func(s *survey.Survey) { s.Closes = "2019-02-30" }},
		{"ErrClosesFarAway", "closes", "mellan år 2000 och 2100", func(s *survey.Survey) { s.Closes = "1999-12-31" }},
		{"ErrScaleThreeSteps", "scale", "Skala för samverkansnivå måste ha exakt 4 värden", func(s *survey.Survey) { s.Scale = []string{"a", "b", "c"} }},
		{"ErrIntroControl", "intro", "otillåtet styrtecken", func(s *survey.Survey) { s.Intro = "Hej\x00" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := chefSurvey()
			c.change(&s)
			msg := fieldMessage(t, survey.ValidateSurvey(s), c.path)
			if !strings.Contains(msg, c.want) {
				t.Errorf("%s: message %q, want it to contain %q", c.path, msg, c.want)
			}
		})
	}
	t.Run("IntroMayHoldNewlines", func(t *testing.T) {
		s := chefSurvey()
		s.Intro = "Rad ett\r\nRad två\n\n\tIndrag"
		if err := survey.ValidateSurvey(s); err != nil {
			t.Fatal(err)
		}
	})
}

func chefAnswer() survey.Answer {
	return survey.Answer{
		Description:  "Ansvarar för mottagandet av nyanlända.\nOch för arbetsmarknadsinsatser.",
		TargetGroups: []string{"nyanlända"},
		Forums: []survey.ForumAnswer{
			{Forum: "beredningsgruppen", Role: "ledamot", Still: "ja"},
			{Name: "Nätverk för KAA-samordnare", Kind: "natverk", Level: "operativ",
				Frequency: &kartlaggning.Frequency{Min: ptr(4), Max: ptr(4), Text: "1 gång per kvartal"},
				Convener:  "region", Parties: []string{"af", "fk"}, Note: "Nystartat.\nTräffas på Regionens hus."},
		},
		WorksWell:        "Samlokaliseringen med AF.",
		NeedsDevelopment: "Samverkan med FK.",
		Wishes:           []survey.WishAnswer{{Organisation: "fk", Text: "Närmare samarbete.\nGärna regelbundet."}},
		Custom:           map[string]string{"lokaler": "Ja, med AF.\nSedan 2018."},
	}
}

func personalAnswer() survey.Answer {
	return survey.Answer{
		Collaborations: []survey.Collaboration{{Organisation: "af", Forms: []string{"sip", "kontakter"}, Works: 3, Note: "Bra\nkontakt"}},
		Obstacles:      "Sekretessen.\nLånga beslutsvägar.",
		Ideas:          "Gemensamma träffar.",
		Ratings:        []survey.Rating{{Organisation: "af", Level: 2, Value: 3, Trust: 4}},
	}
}

func TestValidateAnswer(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		if err := survey.ValidateAnswer(chefSurvey(), chefAnswer()); err != nil {
			t.Fatal(err)
		}
		p := survey.New(survey.Personal, 2019, time.Date(2019, 3, 29, 0, 0, 0, 0, time.UTC))
		p.Ratings = true
		if err := survey.ValidateAnswer(p, personalAnswer()); err != nil {
			t.Fatal(err)
		}
	})
	personal := func() survey.Survey {
		s := survey.New(survey.Personal, 2019, time.Date(2019, 3, 29, 0, 0, 0, 0, time.UTC))
		s.Ratings = true
		return s
	}
	cases := []struct {
		name     string
		s        func() survey.Survey
		path     string
		want     string
		change   func(a *survey.Answer)
		personal bool
	}{
		{name: "ErrForumNameRequired", path: "answer.forums[1].name", want: "Välj ett forum i listan eller skriv forumets namn",
			change: func(a *survey.Answer) { a.Forums[1].Name = "" }},
		{name: "ErrForumTwice", path: "answer.forums[1].forum", want: "finns redan i svaret (forum 1)",
			change: func(a *survey.Answer) { a.Forums[1].Forum = "beredningsgruppen" }},
		{name: "ErrForumSlug", path: "answer.forums[0].forum", want: "a–z",
			change: func(a *survey.Answer) { a.Forums[0].Forum = "Beredningsgruppen" }},
		{name: "ErrForumKind", path: "answer.forums[1].kind", want: "Typ måste vara en av",
			change: func(a *survey.Answer) { a.Forums[1].Kind = "möte" }},
		{name: "ErrFrequencyMinAboveMax", path: "answer.forums[1].frequency.max", want: "inte vara mindre än minst",
			change: func(a *survey.Answer) { a.Forums[1].Frequency.Min = ptr(12) }},
		{name: "ErrStill", path: "answer.forums[0].still", want: "ja, nej",
			change: func(a *survey.Answer) { a.Forums[0].Still = "kanske" }},
		{name: "ErrForumNameLinebreak", path: "answer.forums[1].name", want: "radbrytningar",
			change: func(a *survey.Answer) { a.Forums[1].Name = "Nätverk\nför KAA" }},
		{name: "ErrTargetGroupEmpty", path: "answer.target_groups[0]", want: "Målgrupper måste anges",
			change: func(a *survey.Answer) { a.TargetGroups = []string{""} }},
		{name: "ErrWishTextRequired", path: "answer.wishes[0].text", want: "Text måste anges",
			change: func(a *survey.Answer) { a.Wishes[0].Text = "" }},
		{name: "ErrDescriptionTooLong", path: "answer.description", want: "högst 20000 tecken",
			change: func(a *survey.Answer) { a.Description = strings.Repeat("a", 20001) }},
		{name: "ErrCustomUnknown", path: "answer.custom.parkering", want: `Frågan "parkering" finns inte i enkäten`,
			change: func(a *survey.Answer) { a.Custom["parkering"] = "Nej" }},
		{name: "ErrCustomGarbageKey", path: "answer.custom", want: "hör inte till någon fråga",
			change: func(a *survey.Answer) { a.Custom["<script>"] = "Nej" }},
		{name: "ErrCustomControl", path: "answer.custom.lokaler", want: "otillåtet styrtecken",
			change: func(a *survey.Answer) { a.Custom["lokaler"] = "Ja\x07" }},
		{name: "ErrRatingsNotAsked", path: "answer.ratings", want: "frågar inte efter bedömningar",
			change: func(a *survey.Answer) { a.Ratings = []survey.Rating{{Organisation: "af", Level: 1}} }},
		{name: "ErrPersonalFieldInChef", path: "answer.obstacles", want: "finns inte i chefsenkäten",
			change: func(a *survey.Answer) { a.Obstacles = "Sekretess" }},
		{name: "ErrCollaborationsInChef", path: "answer.collaborations", want: "finns inte i chefsenkäten",
			change: func(a *survey.Answer) { a.Collaborations = []survey.Collaboration{{Organisation: "af"}} }},
		{name: "ErrTooLarge", path: "answer", want: "Svaret är för långt",
			change: func(a *survey.Answer) {
				for i := 0; i < 11; i++ {
					a.Wishes = append(a.Wishes, survey.WishAnswer{Text: strings.Repeat("ö", 1000)})
				}
				a.Description = strings.Repeat("a", 20000)
				a.WorksWell = strings.Repeat("a", 20000)
				a.NeedsDevelopment = strings.Repeat("a", 20000)
				for i := 0; i < 8; i++ {
					a.Forums = append(a.Forums, survey.ForumAnswer{Name: "F", Note: strings.Repeat("a", 2000)})
				}
				a.TargetGroups = append(a.TargetGroups, strings.Repeat("m", 300))
				for len(a.Wishes) < 50 {
					a.Wishes = append(a.Wishes, survey.WishAnswer{Text: strings.Repeat("a", 2000)})
				}
				a.Custom["lokaler"] = strings.Repeat("a", 20000)
				for i := 0; i < 30; i++ {
					a.TargetGroups = append(a.TargetGroups, strings.Repeat("b", 300))
				}
				for i := 0; i < 60; i++ {
					a.Forums = append(a.Forums, survey.ForumAnswer{Name: strings.Repeat("n", 300), Note: strings.Repeat("a", 2000)})
				}
			}},
		{name: "ErrChefFieldInPersonal", s: personal, personal: true, path: "answer.forums", want: "finns inte i personalenkäten",
			change: func(a *survey.Answer) { a.Forums = []survey.ForumAnswer{{Forum: "beredningsgruppen"}} }},
		{name: "ErrWorksWellInPersonal", s: personal, personal: true, path: "answer.works_well", want: "finns inte i personalenkäten",
			change: func(a *survey.Answer) { a.WorksWell = "Allt" }},
		{name: "ErrRatingTwice", s: personal, personal: true, path: "answer.ratings[1].organisation", want: "redan bedömd (bedömning 1)",
			change: func(a *survey.Answer) { a.Ratings = append(a.Ratings, survey.Rating{Organisation: "af", Level: 1}) }},
		{name: "ErrRatingOutOfScale", s: personal, personal: true, path: "answer.ratings[0].trust", want: "Förtroende får inte vara större än 4",
			change: func(a *survey.Answer) { a.Ratings[0].Trust = 5 }},
		{name: "ErrCollaborationTwice", s: personal, personal: true, path: "answer.collaborations[1].organisation", want: "finns redan i svaret",
			change: func(a *survey.Answer) {
				a.Collaborations = append(a.Collaborations, survey.Collaboration{Organisation: "af"})
			}},
		{name: "ErrForm", s: personal, personal: true, path: "answer.collaborations[0].forms[1]", want: "sip, arendeforum, kontakter, annat",
			change: func(a *survey.Answer) { a.Collaborations[0].Forms[1] = "mejl" }},
		{name: "ErrObstaclesControl", s: personal, personal: true, path: "answer.obstacles", want: "otillåtet styrtecken",
			change: func(a *survey.Answer) { a.Obstacles = "Hinder\x1b[31m" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, a := chefSurvey(), chefAnswer()
			if c.personal {
				s, a = c.s(), personalAnswer()
			}
			c.change(&a)
			msg := fieldMessage(t, survey.ValidateAnswer(s, a), c.path)
			if !strings.Contains(msg, c.want) {
				t.Errorf("%s: message %q, want it to contain %q", c.path, msg, c.want)
			}
		})
	}
}

func TestValidateResponse(t *testing.T) {
	r := survey.Response{Status: "klar", Answer: chefAnswer()}
	r.Answer.Forums[1].Name = ""
	err := survey.ValidateResponse(chefSurvey(), r)
	if msg := fieldMessage(t, err, "status"); !strings.Contains(msg, "draft, submitted") {
		t.Errorf("status: %q", msg)
	}
	fieldMessage(t, err, "answer.forums[1].name")
}

func TestCheckRefs(t *testing.T) {
	x := mustDemo(t)
	t.Run("OK", func(t *testing.T) {
		if fields := survey.CheckRefs(chefAnswer(), x); len(fields) != 0 {
			t.Fatal(fields)
		}
		if fields := survey.CheckRefs(personalAnswer(), x); len(fields) != 0 {
			t.Fatal(fields)
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		a := chefAnswer()
		a.Forums[0].Forum = "finns-inte"
		a.Forums[1].Parties[1] = "forsakringskassan"
		a.Forums[1].Convener = "regionen"
		a.Wishes = append(a.Wishes, survey.WishAnswer{Unit: "habo-okand", Text: "x"})
		a.Ratings = []survey.Rating{{Organisation: "ingen"}}
		want := map[string]string{
			"answer.forums[0].forum":         `Det finns inget forum med id "finns-inte".`,
			"answer.forums[1].parties[1]":    `Det finns ingen organisation med id "forsakringskassan".`,
			"answer.forums[1].convener":      `Det finns ingen organisation med id "regionen".`,
			"answer.wishes[1].unit":          `Det finns ingen enhet med id "habo-okand".`,
			"answer.ratings[0].organisation": `Det finns ingen organisation med id "ingen".`,
		}
		got := map[string]string{}
		for _, f := range survey.CheckRefs(a, x) {
			got[f.Path] = f.Message
		}
		for p, m := range want {
			if got[p] != m {
				t.Errorf("%s: got %q, want %q", p, got[p], m)
			}
		}
		if len(got) != len(want) {
			t.Errorf("got %d problems, want %d: %v", len(got), len(want), got)
		}
	})
}
