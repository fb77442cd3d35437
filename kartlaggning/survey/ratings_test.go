package survey_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

func rated(unit, status string, rs ...survey.Rating) survey.Response {
	return survey.Response{Unit: unit, Status: status, Answer: survey.Answer{Ratings: rs}}
}

func TestRatingMatrix(t *testing.T) {
	x := mustDemo(t)
	unitOrg := func(u string) string {
		if x.Units[u] == nil {
			return ""
		}
		return x.Units[u].Organisation
	}
	rs := []survey.Response{
		// Three answers from Mullsjö kommun's units rate AF: shown.
		rated("mullsjo-integration-arbetsmarknad", survey.Submitted, survey.Rating{Organisation: "af", Level: 4, Value: 4, Trust: 3},
			survey.Rating{Organisation: "fk", Level: 1, Value: 2, Trust: 2}),
		rated("mullsjo-integration-arbetsmarknad", survey.Submitted, survey.Rating{Organisation: "af", Level: 3, Value: 4, Trust: 4}),
		rated("mullsjo-forsorjningsstod", survey.Submitted, survey.Rating{Organisation: "af", Level: 2, Value: 3},
			survey.Rating{Organisation: "fk", Level: 2, Value: 1, Trust: 1}),
		// A draft does not count.
		rated("mullsjo-forsorjningsstod", survey.Draft, survey.Rating{Organisation: "af", Level: 1, Value: 1, Trust: 1}),
		// A unit the edition no longer has: in the units' matrix only.
		rated("borta", survey.Submitted, survey.Rating{Organisation: "af", Level: 1}),
	}
	m := survey.RatingMatrix(rs, unitOrg, survey.MinAnswers)
	f := func(p *float64) string {
		if p == nil {
			return "–"
		}
		return fmt.Sprintf("%.2f", *p)
	}
	af, ok := m.Cell("mullsjo-kommun", "af")
	if !ok || af.N != 3 || f(af.Level) != "3.00" || f(af.Value) != "3.67" {
		t.Errorf("Mullsjö kommun → AF: N %d, level %s, value %s", af.N, f(af.Level), f(af.Value))
	}
	// Only two of the three gave a trust: one of them could be told.
	if af.Trust != nil {
		t.Errorf("a trust of two answers is shown: %s", f(af.Trust))
	}
	fk, ok := m.Cell("mullsjo-kommun", "fk")
	if !ok || fk.N != 2 || fk.Level != nil || fk.Value != nil || fk.Trust != nil {
		t.Errorf("Mullsjö kommun → FK, two answers: %+v", fk)
	}
	if _, ok := m.Cell("habo-kommun", "af"); ok {
		t.Error("a cell no one rated")
	}
	if !reflect.DeepEqual(m.Rows, []string{"mullsjo-kommun"}) || !reflect.DeepEqual(m.Cols, []string{"af", "fk"}) {
		t.Errorf("rows %v, cols %v", m.Rows, m.Cols)
	}
	var units []string
	for _, c := range m.ByUnit {
		units = append(units, fmt.Sprintf("%s→%s:%d:%s", c.From, c.To, c.N, f(c.Level)))
	}
	want := []string{"borta→af:1:–", "mullsjo-forsorjningsstod→af:1:–", "mullsjo-forsorjningsstod→fk:1:–",
		"mullsjo-integration-arbetsmarknad→af:2:–", "mullsjo-integration-arbetsmarknad→fk:1:–"}
	if !reflect.DeepEqual(units, want) {
		t.Errorf("by unit:\n got %v\nwant %v", units, want)
	}
	// With a minimum of 1 (the editor's own view) every average shows.
	m1 := survey.RatingMatrix(rs, unitOrg, 0)
	if c, _ := m1.Cell("mullsjo-kommun", "fk"); f(c.Trust) != "1.50" {
		t.Errorf("minimum 1: %s", f(c.Trust))
	}
}

func TestSummarizePersonal(t *testing.T) {
	answer := func(unit, status string, obstacles, ideas string, cs ...survey.Collaboration) survey.Response {
		return survey.Response{Unit: unit, Status: status, Answer: survey.Answer{Obstacles: obstacles, Ideas: ideas, Collaborations: cs}}
	}
	rs := []survey.Response{
		answer("habo-integration", survey.Submitted, "Sekretessen mellan myndigheterna. Långa handläggningstider hos Försäkringskassan.",
			"Gemensamma utbildningsdagar.",
			survey.Collaboration{Organisation: "af", Forms: []string{"sip", "kontakter"}, Works: 4},
			survey.Collaboration{Organisation: "fk", Forms: []string{"kontakter"}, Works: 1}),
		answer("habo-integration", survey.Submitted, "Sekretessen gör det svårt. Långa handläggningstider!",
			"Fler gemensamma utbildningsdagar och en kontaktperson.",
			survey.Collaboration{Organisation: "af", Forms: []string{"arendeforum"}, Works: 3}),
		answer("habo-integration", survey.Submitted, "Vi har inga hinder.", "",
			survey.Collaboration{Organisation: "region", Forms: []string{"sip"}, Note: "Sekretessen är ett problem."}),
		answer("habo-integration", survey.Draft, "Sekretessen sekretessen.", "",
			survey.Collaboration{Organisation: "af", Works: 1}),
		answer("habo-forsorjningsstod", survey.Submitted, "Tiden räcker inte.", ""),
	}
	sums := survey.SummarizePersonal(rs)
	if len(sums) != 2 {
		t.Fatalf("%d units", len(sums))
	}
	s := sums["habo-integration"]
	if s.Responses != 3 || s.WorksN != 3 || fmt.Sprintf("%.2f", *s.Works) != "2.67" {
		t.Errorf("responses %d, works %v over %d", s.Responses, s.Works, s.WorksN)
	}
	if !reflect.DeepEqual(s.Forms, map[string]int{"sip": 2, "kontakter": 2, "arendeforum": 1}) {
		t.Errorf("forms %v", s.Forms)
	}
	var parties []string
	for _, p := range s.Parties {
		w := "–"
		if p.Works != nil {
			w = fmt.Sprintf("%.1f", *p.Works)
		}
		parties = append(parties, fmt.Sprintf("%s:%d:%s", p.Organisation, p.N, w))
	}
	if want := []string{"af:2:3.5", "fk:1:1.0", "region:1:–"}; !reflect.DeepEqual(parties, want) {
		t.Errorf("parties %v, want %v", parties, want)
	}
	var themes []string
	for _, th := range s.Themes {
		themes = append(themes, fmt.Sprintf("%s:%d", th.Text, th.N))
	}
	// Three answers speak of sekretessen (one in a note), two of long
	// handling times and of joint training days; "långa" and the like
	// are said by the pairs already.
	want := []string{"sekretessen:3", "gemensamma utbildningsdagar:2", "långa handläggningstider:2"}
	if !reflect.DeepEqual(themes, want) {
		t.Errorf("themes %v, want %v", themes, want)
	}
}
