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
