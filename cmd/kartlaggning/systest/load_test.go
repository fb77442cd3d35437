package systest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	loadClients  = 32
	loadDuration = 10 * time.Second
	counters     = 8
)

// TestLoad: 32 clients mix reads and writes for 30 seconds. Writes
// increment shared counters (a municipality's name) with GET + PUT
// If-Match, retrying on 412; at the end every counter must equal the
// number of increments that were acknowledged — no lost updates — and no
// request may get a 5xx.
func TestLoad(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	token := editorToken(t, db)
	svc := start(t, db)
	defer svc.stop(t)
	c := &client{base: svc.url, token: token, http: &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}}
	ctx := context.Background()
	for i := 0; i < counters; i++ {
		status, body, _, err := c.do(ctx, "POST", "/api/v1/editions/2019/municipalities", fmt.Sprintf(`{"id":"raknare-%d","name":"0"}`, i))
		if err != nil || status != http.StatusCreated {
			t.Fatalf("creating counter %d: %d %v %s", i, status, err, body)
		}
	}

	var (
		mu         sync.Mutex
		latencies  []time.Duration
		serverErrs []string
		acked      [counters]int
		reads      int
		conflicts  int
	)
	record := func(d time.Duration, status int, what string) {
		mu.Lock()
		defer mu.Unlock()
		latencies = append(latencies, d)
		if status >= 500 {
			serverErrs = append(serverErrs, fmt.Sprintf("%s: %d", what, status))
		}
	}
	timed := func(method, path, body string, header ...string) (int, string, http.Header) {
		start := time.Now()
		status, resp, h, err := c.do(ctx, method, path, body, header...)
		if err != nil {
			status = 599
		}
		record(time.Since(start), status, method+" "+path)
		return status, resp, h
	}

	deadline := time.Now().Add(loadDuration)
	var wg sync.WaitGroup
	for w := 0; w < loadClients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for time.Now().Before(deadline) {
				if rnd.IntN(10) < 7 {
					path := []string{"/api/v1/editions/2019/forums", "/api/v1/editions/2019/units/mullsjo-forsorjningsstod",
						"/api/v1/editions", "/api/v1/editions/2019/export"}[rnd.IntN(4)]
					timed("GET", path, "")
					mu.Lock()
					reads++
					mu.Unlock()
					continue
				}
				n := rnd.IntN(counters)
				path := fmt.Sprintf("/api/v1/editions/2019/municipalities/raknare-%d", n)
				for time.Now().Before(deadline.Add(10 * time.Second)) {
					status, body, h := timed("GET", path, "")
					if status != http.StatusOK {
						break
					}
					var m struct{ Name string }
					json.Unmarshal([]byte(body), &m)
					v, _ := strconv.Atoi(m.Name)
					status, _, _ = timed("PUT", path, fmt.Sprintf(`{"id":"raknare-%d","name":"%d"}`, n, v+1), "If-Match", h.Get("ETag"))
					if status == http.StatusOK {
						mu.Lock()
						acked[n]++
						mu.Unlock()
						break
					}
					if status != http.StatusPreconditionFailed {
						break
					}
					mu.Lock()
					conflicts++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()

	if len(serverErrs) > 0 {
		t.Errorf("%d server errors, e.g. %v", len(serverErrs), serverErrs[:min(5, len(serverErrs))])
	}
	total := 0
	for i := 0; i < counters; i++ {
		_, body, _, err := c.do(ctx, "GET", fmt.Sprintf("/api/v1/editions/2019/municipalities/raknare-%d", i), "")
		if err != nil {
			t.Fatal(err)
		}
		var m struct{ Name string }
		json.Unmarshal([]byte(body), &m)
		if stored, _ := strconv.Atoi(m.Name); stored != acked[i] {
			t.Errorf("counter %d: stored %d, acknowledged increments %d — updates were lost", i, stored, acked[i])
		}
		total += acked[i]
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d requests in %v (%.0f/s): %d reads, %d acknowledged writes, %d conflicts retried; latency p50 %v, p99 %v, max %v",
		len(latencies), loadDuration, float64(len(latencies))/loadDuration.Seconds(), reads, total, conflicts,
		pct(0.5), pct(0.99), latencies[len(latencies)-1])
	if total == 0 {
		t.Error("no write was acknowledged")
	}
}
