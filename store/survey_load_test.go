package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
	"github.com/kartlaggning/kartlaggning/store"
)

// 200 respondents save a draft and submit it at the same moment, and some
// of them try once more after submitting: every save the store
// acknowledged is on disk and readable after reopening the file, every
// refused one was refused for the lock and changed nothing. The saves
// share bbolt batches, so this is also the test that a refused save in a
// batch does not take the others with it.
func TestResponsesConcurrent(t *testing.T) {
	ctx := context.Background()
	db := MustImportExample(t)
	path := db.Path()
	mustSurvey(t, db, chefSurvey())
	p := mustSurvey(t, db, personalSurvey())
	units := []string{habo, mullsjo}

	const n = 200
	type result struct {
		key          string
		unit         string
		draft, sub   error
		late         error // a save after submitting: must be ECONFLICT
		lateAttempts bool
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := &results[i]
			res.key, res.unit = fmt.Sprintf("nyckel-%d", i), units[i%len(units)]
			<-start
			r := personalResponse(p.ID, res.unit, res.key, survey.Draft)
			r.Answer.Ideas = fmt.Sprintf("Utkast %d", i)
			_, res.draft = db.SaveResponse(ctx, r)
			r.Status, r.Answer.Ideas = survey.Submitted, fmt.Sprintf("Inskickat %d", i)
			_, res.sub = db.SaveResponse(ctx, r)
			if i%5 == 0 {
				res.lateAttempts = true
				r.Answer.Ideas = "För sent"
				_, res.late = db.SaveResponse(ctx, r)
			}
		}()
	}
	// The chef of Habo saves at the same time, through the same batches.
	wg.Add(1)
	var chefErr error
	go func() {
		defer wg.Done()
		<-start
		_, chefErr = db.SaveResponse(ctx, chefResponse(habo, survey.Draft))
	}()
	began := time.Now()
	close(start)
	wg.Wait()
	took := time.Since(began)
	if chefErr != nil {
		t.Errorf("the chef's save: %v", chefErr)
	}

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = MustOpenPath(t, path)
	stored, err := db.Responses(ctx, 2019, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]survey.Response{}
	for _, r := range stored {
		byID[r.ID] = r
	}
	acked := 0
	for i, res := range results {
		if res.draft != nil || res.sub != nil {
			t.Errorf("respondent %d: save %v, submit %v", i, res.draft, res.sub)
			continue
		}
		acked++
		r, ok := byID[hashOf(res.key)]
		if !ok {
			t.Errorf("respondent %d's acknowledged answer is not stored", i)
			continue
		}
		if r.Status != survey.Submitted || r.Answer.Ideas != fmt.Sprintf("Inskickat %d", i) || r.Unit != res.unit {
			t.Errorf("respondent %d: stored %q %q %q", i, r.Status, r.Answer.Ideas, r.Unit)
		}
		if res.lateAttempts {
			if e, ok := kartlaggning.AsError(res.late); !ok || e.Code != kartlaggning.ECONFLICT {
				t.Errorf("respondent %d's save after submitting: %v, want ECONFLICT", i, res.late)
			}
		}
	}
	if len(stored) != acked || acked != n {
		t.Errorf("%d answers stored, %d acknowledged, %d respondents", len(stored), acked, n)
	}
	if _, err := db.Response(ctx, 2019, "chef-1-"+habo); err != nil {
		t.Errorf("the chef's answer saved among the respondents: %v", err)
	}
	t.Logf("%d respondents, %d saves in %v", n, 2*n+n/5+1, took.Round(time.Millisecond))
}

// BenchmarkSaveResponse saves a realistic chef answer (a dozen forums,
// texts of a few paragraphs, wishes, ratings: about 11 KB) as a draft,
// again and again as the chef does, each save a commit and an fsync. It
// reports the median and the 95th percentile besides the mean.
func BenchmarkSaveResponse(b *testing.B) {
	ctx := context.Background()
	db := MustImportExample(b)
	mustSurvey(b, db, chefSurvey())
	r := chefResponse(habo, survey.Draft)
	if _, err := db.SaveResponse(ctx, r); err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Answer.Ideas = fmt.Sprint(i)
		t0 := time.Now()
		if _, err := db.SaveResponse(ctx, r); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, times)
}

func reportPercentiles(b *testing.B, times []time.Duration) {
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(times[len(times)/2]), "ms-median")
	b.ReportMetric(ms(times[len(times)*95/100]), "ms-p95")
}

// BenchmarkInvitationByHash finds one of 300 invitations by its hash, as
// every request of a respondent does.
func BenchmarkInvitationByHash(b *testing.B) {
	ctx := context.Background()
	db, units := mustLarge(b)
	s := mustSurvey(b, db, chefSurvey())
	var invs []survey.Invitation
	for i, u := range units {
		invs = append(invs, survey.Invitation{Year: 2019, Survey: s.ID, Unit: u, Hash: hashOf(fmt.Sprint(i)), Expires: "2019-12-31"})
	}
	if err := db.Invite(ctx, invs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		inv, err := db.InvitationByHash(ctx, invs[i%len(invs)].Hash)
		if err != nil || inv.Unit != invs[i%len(invs)].Unit {
			b.Fatal(inv, err)
		}
	}
}

// BenchmarkResponses lists 300 chef answers of one survey, as the
// dashboard and the compilation do.
func BenchmarkResponses(b *testing.B) {
	ctx := context.Background()
	db, units := mustLarge(b)
	s := mustSurvey(b, db, chefSurvey())
	var wg sync.WaitGroup
	for _, u := range units {
		wg.Add(1)
		go func() { // concurrent, so that the setup shares commits
			defer wg.Done()
			r := chefResponse(u, survey.Submitted)
			r.Survey = s.ID
			if _, err := db.SaveResponse(ctx, r); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rs, err := db.Responses(ctx, 2019, s.ID)
		if err != nil || len(rs) != len(units) {
			b.Fatal(len(rs), err)
		}
	}
}

// mustLarge opens a database with the large synthetic edition and returns
// 300 of its units, in a random but fixed order.
func mustLarge(b *testing.B) (*store.DB, []string) {
	b.Helper()
	doc, err := synthetic.Edition("large", 2019)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	doc.Edition.Status = "draft"
	db := MustOpen(b)
	if _, err := db.Import(context.Background(), doc, false); err != nil {
		b.Fatal(err)
	}
	var units []string
	for _, u := range doc.Units {
		units = append(units, u.ID)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
	return db, units[:300]
}
