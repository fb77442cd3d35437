package systest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
)

// The respondents' side of the enkäter under the conditions a handler
// test cannot make: many respondents at once, and a server killed while
// they save.

// mustSurveyLinks creates a questionnaire of the kind in the example
// edition through the editors' API and invites every unit; it returns
// the survey's id and the links' tokens.
func mustSurveyLinks(t testing.TB, c *client, kind string) (string, []string) {
	t.Helper()
	ctx := context.Background()
	closes := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	status, body, _, err := c.do(ctx, "POST", "/api/v1/editions/2019/surveys",
		fmt.Sprintf(`{"kind":%q,"title":"Systest","closes":%q}`, kind, closes))
	if err != nil || status != http.StatusCreated {
		t.Fatalf("creating a survey: %d %v %s", status, err, body)
	}
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(body), &created); err != nil {
		t.Fatal(err)
	}
	status, body, _, err = c.do(ctx, "POST", "/api/v1/editions/2019/surveys/"+created.ID+"/invitations", `{"all":true}`)
	if err != nil || status != http.StatusCreated {
		t.Fatalf("inviting: %d %v %s", status, err, body)
	}
	var links []struct{ URL string }
	if err := json.Unmarshal([]byte(body), &links); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for _, l := range links {
		_, token, ok := strings.Cut(l.URL, "/enkat/")
		if !ok || !survey.ValidToken(token) {
			t.Fatalf("an invitation's url %q has no token", l.URL)
		}
		tokens = append(tokens, token)
	}
	return created.ID, tokens
}

// answer sends a respondent's JSON answer, without an account, and
// returns the status, the draft key (personal) and Retry-After.
func answer(ctx context.Context, h *http.Client, base, token, body string) (status int, key string, retry time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/enkat/"+token, strings.NewReader(body))
	if err != nil {
		return 0, "", 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := h.Do(req)
	if err != nil {
		return 0, "", 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", 0, err
	}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
		retry = time.Duration(s) * time.Second
	}
	var saved struct{ Utkast string }
	_ = json.Unmarshal(data, &saved)
	return resp.StatusCode, saved.Utkast, retry, nil
}

// draftID is the stored id of a personal answer: the hash of its key.
func draftID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// storedResponses opens the database of a stopped service and returns
// the survey's answers by id.
func storedResponses(t testing.TB, db, surveyID string) map[string]survey.Response {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatalf("opening the database: %v", err)
	}
	defer s.Close()
	rs, err := s.Responses(context.Background(), 2019, surveyID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]survey.Response{}
	for _, r := range rs {
		out[r.ID] = r
	}
	return out
}

const respondents = 200

// TestRespondLoad: 200 respondents of the personalenkät send in their
// answers at the same moment, over the 31 units' links. A respondent
// told to wait (429) waits as told and sends again, as the page asks a
// person to. Every answer acknowledged must be stored, sent in, with its
// own text; no request may fail with 5xx.
func TestRespondLoad(t *testing.T) {
	db := t.TempDir() + "/k.db"
	token := editorToken(t, db)
	svc := start(t, db)
	c := &client{base: svc.url, token: token, http: &http.Client{Timeout: 10 * time.Second}}
	surveyID, links := mustSurveyLinks(t, c, survey.Personal)

	h := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: respondents}}
	var (
		mu        sync.Mutex
		acked     = map[string]string{} // draft id → the answer's text
		latencies []time.Duration
		tooMany   int
		failures  []string
	)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < respondents; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := fmt.Sprintf("Svar nummer %d", i)
			body := fmt.Sprintf(`{"answer":{"collaborations":[{"organisation":"fk","forms":["sip"],"works":3}],"ideas":%q},"submit":true}`, text)
			link := links[i%len(links)]
			<-start
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) {
				t0 := time.Now()
				status, key, retry, err := answer(context.Background(), h, svc.url, link, body)
				mu.Lock()
				latencies = append(latencies, time.Since(t0))
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case status == http.StatusCreated:
					acked[draftID(key)] = text
				case status == http.StatusTooManyRequests:
					tooMany++
				default:
					failures = append(failures, fmt.Sprintf("status %d", status))
				}
				mu.Unlock()
				if err != nil || status != http.StatusTooManyRequests {
					return
				}
				time.Sleep(retry)
			}
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)
	svc.stop(t)

	if len(failures) > 0 {
		t.Errorf("%d requests failed, e.g. %v", len(failures), failures[:min(5, len(failures))])
	}
	if len(acked) != respondents {
		t.Errorf("%d of %d answers acknowledged", len(acked), respondents)
	}
	stored := storedResponses(t, db, surveyID)
	lost := 0
	for id, text := range acked {
		r, ok := stored[id]
		if !ok || r.Status != survey.Submitted || r.Answer.Ideas != text {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged answer %q is not stored as sent: %+v", text, r)
			}
		}
	}
	slices.Sort(latencies)
	t.Logf("%d respondents at once: %d acknowledged, %d stored, %d lost, %d told to wait (429); all done in %v; latency p50 %v, p95 %v, max %v",
		respondents, len(acked), len(stored), lost, tooMany, elapsed.Round(time.Millisecond),
		latencies[len(latencies)/2].Round(time.Millisecond), latencies[len(latencies)*95/100].Round(time.Millisecond),
		latencies[len(latencies)-1].Round(time.Millisecond))
}
