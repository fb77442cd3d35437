package survey_test

import (
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

func TestProgress(t *testing.T) {
	x := mustDemo(t)
	now := time.Date(2019, 3, 20, 12, 0, 0, 0, time.UTC)
	created := now.Add(-48 * time.Hour)
	opened := now.Add(-24 * time.Hour)
	// Habo's units, by what has happened to each.
	invs := []survey.Invitation{
		{Unit: "habo-integration", Expires: "2019-03-31", Created: created},                      // sent
		{Unit: "habo-forsorjningsstod", Expires: "2019-03-31", Created: created, Opened: opened}, // opened
		{Unit: "habo-ungdomscoach", Expires: "2019-03-31", Created: created, Opened: opened},     // draft
		{Unit: "habo-daglig-verksamhet", Expires: "2019-03-01", Created: created},                // expired
		{Unit: "mullsjo-forsorjningsstod", Expires: "2019-03-31", Created: created, Revoked: true},
		// An older invitation of the same unit, replaced.
		{Unit: "mullsjo-integration-arbetsmarknad", Expires: "2019-01-01", Created: created.Add(-time.Hour)},
		{Unit: "mullsjo-integration-arbetsmarknad", Expires: "2019-03-31", Created: created, Opened: opened}, // submitted
		{Unit: "finns-inte", Expires: "2019-03-31", Created: created},
	}
	rs := []survey.Response{
		{Unit: "habo-ungdomscoach", Status: survey.Draft, Updated: opened},
		{Unit: "mullsjo-integration-arbetsmarknad", Status: survey.Submitted, Updated: opened},
		{Unit: "mullsjo-integration-arbetsmarknad", Status: survey.Draft, Updated: now},
		{Unit: "finns-inte", Status: survey.Submitted},
	}
	for _, id := range []string{"habo-integration", "habo-forsorjningsstod", "habo-ungdomscoach", "habo-daglig-verksamhet",
		"mullsjo-forsorjningsstod", "mullsjo-integration-arbetsmarknad"} {
		if x.Units[id] == nil {
			t.Fatalf("the example has no unit %s", id)
		}
	}
	d := survey.Progress(x, invs, rs, now)
	if len(d.Units) != len(x.Doc.Units) {
		t.Fatalf("%d rows for %d units", len(d.Units), len(x.Doc.Units))
	}
	row := map[string]survey.UnitProgress{}
	for _, u := range d.Units {
		row[u.Unit] = u
	}
	cases := []struct {
		unit, status      string
		expired, revoked  bool
		drafts, submitted int
		remind            bool
	}{
		{"habo-integration", survey.Sent, false, false, 0, 0, true},
		{"habo-forsorjningsstod", survey.Opened, false, false, 0, 0, true},
		{"habo-ungdomscoach", survey.Draft, false, false, 1, 0, true},
		{"habo-daglig-verksamhet", survey.Sent, true, false, 0, 0, false},
		{"mullsjo-forsorjningsstod", survey.Sent, false, true, 0, 0, false},
		{"mullsjo-integration-arbetsmarknad", survey.Submitted, false, false, 1, 1, false},
		{"jonkoping-forsorjningsstod", survey.NotSent, false, false, 0, 0, false},
	}
	for _, c := range cases {
		t.Run(c.unit, func(t *testing.T) {
			r := row[c.unit]
			if r.Status != c.status || r.Expired != c.expired || r.Revoked != c.revoked || r.Drafts != c.drafts ||
				r.Submitted != c.submitted || r.Remind != c.remind {
				t.Errorf("got %+v, want %+v", r, c)
			}
		})
	}
	if got := row["mullsjo-integration-arbetsmarknad"]; got.Expires != "2019-03-31" || !got.Updated.Equal(now) {
		t.Errorf("the newest invitation and the last save: %+v", got)
	}
	want := []string{"habo-integration", "habo-forsorjningsstod", "habo-ungdomscoach"}
	if len(d.Remind) != 3 {
		t.Fatalf("remind %v, want %v", d.Remind, want)
	}
	for _, id := range want {
		found := false
		for _, r := range d.Remind {
			found = found || r == id
		}
		if !found {
			t.Errorf("remind %v lacks %s", d.Remind, id)
		}
	}
	if d.Total.Units != len(x.Doc.Units) || d.Total.Invited != 6 || d.Total.Submitted != 1 || d.Total.Drafts != 1 ||
		d.Total.Opened != 1 || d.Total.Sent != 3 || d.Total.NotSent != len(x.Doc.Units)-6 || d.Total.Answers != 1 {
		t.Errorf("total %+v", d.Total)
	}
	if d.Total.Rate < 0.166 || d.Total.Rate > 0.167 {
		t.Errorf("rate %v, want 1/6", d.Total.Rate)
	}
	var mullsjoKommun, mullsjo *survey.Rollup
	for i := range d.Organisations {
		if d.Organisations[i].ID == "mullsjo-kommun" {
			mullsjoKommun = &d.Organisations[i]
		}
	}
	for i := range d.Municipalities {
		if d.Municipalities[i].ID == "mullsjo" {
			mullsjo = &d.Municipalities[i]
		}
	}
	if mullsjoKommun == nil || mullsjoKommun.Name != "Mullsjö kommun" || mullsjoKommun.Invited != 2 || mullsjoKommun.Rate != 0.5 {
		t.Errorf("Mullsjö kommun: %+v", mullsjoKommun)
	}
	if mullsjo == nil || mullsjo.Name != "Mullsjö" || mullsjo.Submitted < 1 || mullsjo.Rate <= 0 {
		t.Errorf("Mullsjö: %+v", mullsjo)
	}
	t.Run("Personal", func(t *testing.T) {
		rs := []survey.Response{
			{Unit: "habo-integration", Status: survey.Submitted}, {Unit: "habo-integration", Status: survey.Submitted},
			{Unit: "habo-integration", Status: survey.Draft}, {Unit: "habo-integration", Status: survey.Submitted},
		}
		d := survey.Progress(x, invs[:1], rs, now)
		r := d.Units[0]
		for _, u := range d.Units {
			if u.Unit == "habo-integration" {
				r = u
			}
		}
		if r.Status != survey.Submitted || r.Submitted != 3 || r.Drafts != 1 || r.Remind || d.Total.Answers != 3 || d.Total.Rate != 1 {
			t.Errorf("row %+v, total %+v", r, d.Total)
		}
	})
}
