package store_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
)

// crashChildEnv names the database a child process of
// TestResponsesSurviveKill saves answers into.
const crashChildEnv = "KARTLAGGNING_STORE_CRASH_CHILD"

// TestResponsesSurviveKill: a process saving answers from 50 goroutines
// is killed with SIGKILL at a random moment, five times over. Every
// answer SaveResponse acknowledged (the child prints its key only after
// the call returned) is in the file afterwards, which opens cleanly:
// bbolt's Batch returns only after the shared commit is written. (A kill
// keeps what the kernel holds; that the commit is also synced, against a
// power cut, is bbolt's fsync, which the store does not turn off.)
func TestResponsesSurviveKill(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("kills child processes")
	}
	ctx := context.Background()
	db := MustImportExample(t)
	path := db.Path()
	mustSurvey(t, db, personalSurvey()) // personal-1
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(2019, 14))
	var acked []string
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestResponsesSurviveKill$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path, fmt.Sprintf("ROUND=%d", round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan []string)
		go func() {
			var got []string
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				got = append(got, sc.Text())
			}
			lines <- got
		}()
		time.Sleep(time.Duration(300+rnd.IntN(500)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		got := <-lines
		cmd.Wait()
		n := 0
		for _, l := range got {
			if key, ok := strings.CutPrefix(l, "acked "); ok {
				acked = append(acked, key)
				n++
			}
		}
		t.Logf("round %d: %d answers acknowledged before the kill", round, n)
	}
	if len(acked) == 0 {
		t.Fatal("the children acknowledged nothing: the test tested nothing")
	}
	db = MustOpenPath(t, path)
	for _, key := range acked {
		r, err := db.Response(ctx, 2019, hashOf(key))
		if err != nil || r.Status != survey.Submitted {
			t.Errorf("acknowledged answer %s after the kill: %+v, %v", key, r.Status, err)
		}
	}
}

// crashChild saves answers until it is killed (or for 30 seconds, so
// that a lost parent leaves no process behind).
func crashChild(path string) {
	db, err := store.Open(path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				key := fmt.Sprintf("r%s-%d-%d", os.Getenv("ROUND"), w, i)
				r := personalResponse("personal-1", []string{habo, mullsjo}[w%2], key, survey.Submitted)
				if _, err := db.SaveResponse(ctx, r); err != nil {
					fmt.Println("error:", err)
					continue
				}
				mu.Lock()
				fmt.Println("acked " + key)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	os.Exit(0)
}
