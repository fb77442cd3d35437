package systest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrash kills the service with SIGKILL at random moments while
// writers create municipalities, 20 times over. After each restart the
// database must open, and every write that was answered 2xx must be there:
// an acknowledged write is on disk.
func TestCrash(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	token := editorToken(t, db)
	rnd := rand.New(rand.NewPCG(2019, 11))
	var acknowledged []string
	var mu sync.Mutex
	for round := 1; round <= 20; round++ {
		svc := start(t, db)
		c := &client{base: svc.url, token: token, http: &http.Client{Timeout: 5 * time.Second}}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					id := fmt.Sprintf("k-%d-%d-%d", round, w, i)
					status, _, _, err := c.do(ctx, "POST", "/api/v1/editions/2019/municipalities",
						fmt.Sprintf(`{"id":%q,"name":"Kommun %s"}`, id, id))
					if err == nil && status == http.StatusCreated {
						mu.Lock()
						acknowledged = append(acknowledged, id)
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(time.Duration(50+rnd.IntN(400)) * time.Millisecond)
		svc.kill() // mid-write, with requests in flight
		cancel()
		wg.Wait()
	}

	svc := start(t, db)
	defer svc.stop(t)
	c := &client{base: svc.url, token: token, http: &http.Client{Timeout: 10 * time.Second}}
	status, body, _, err := c.do(context.Background(), "GET", "/api/v1/editions/2019/municipalities", "")
	if err != nil || status != http.StatusOK {
		t.Fatalf("listing after the crashes: %d %v", status, err)
	}
	missing := 0
	for _, id := range acknowledged {
		if !containsID(body, id) {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged municipality %s is missing after a crash", id)
			}
		}
	}
	if len(acknowledged) < 100 {
		t.Errorf("only %d writes were acknowledged in 20 rounds: the test did not exercise much", len(acknowledged))
	}
	t.Logf("%d acknowledged writes across 20 kills; %d missing", len(acknowledged), missing)
}

func containsID(listJSON, id string) bool { return strings.Contains(listJSON, `"id":"`+id+`"`) }

// TestCrashRespond kills the service with SIGKILL while respondents save
// their answers, 10 times over: every answer saved with a 2xx must be in
// the database after the restarts, with the text it was saved with.
func TestCrashRespond(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	token := editorToken(t, db)
	svc := start(t, db)
	c := &client{base: svc.url, token: token, http: &http.Client{Timeout: 5 * time.Second}}
	surveyID, links := mustSurveyLinks(t, c, "personal")
	svc.kill()

	rnd := rand.New(rand.NewPCG(2019, 14))
	acked := map[string]string{} // draft id → text
	var mu sync.Mutex
	for round := 1; round <= 10; round++ {
		svc := start(t, db)
		h := &http.Client{Timeout: 5 * time.Second}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					text := fmt.Sprintf("Runda %d, skribent %d, svar %d", round, w, i)
					link := links[(w*7+i)%len(links)]
					status, key, retry, err := answer(ctx, h, svc.url, link,
						fmt.Sprintf(`{"answer":{"obstacles":%q},"submit":%t}`, text, i%2 == 0))
					if err == nil && status == http.StatusCreated {
						mu.Lock()
						acked[draftID(key)] = text
						mu.Unlock()
					}
					if status == http.StatusTooManyRequests {
						time.Sleep(min(retry, 200*time.Millisecond))
					}
				}
			}()
		}
		time.Sleep(time.Duration(100+rnd.IntN(400)) * time.Millisecond)
		svc.kill() // mid-write, with answers in flight
		cancel()
		wg.Wait()
	}

	svc = start(t, db) // the database opens after the kills
	svc.stop(t)
	stored := storedResponses(t, db, surveyID)
	missing := 0
	for id, text := range acked {
		if r, ok := stored[id]; !ok || r.Answer.Obstacles != text {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged answer %q is missing after a crash", text)
			}
		}
	}
	if len(acked) < 50 {
		t.Errorf("only %d answers were acknowledged in 10 rounds: the test did not exercise much", len(acked))
	}
	t.Logf("%d acknowledged answers across 10 kills; %d stored; %d missing", len(acked), len(stored), missing)
}
