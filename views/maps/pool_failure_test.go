package maps_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// The pool's workers die, hang and get killed in production (the OOM
// killer, an operator, a stopped container); these tests do it to real
// worker processes.

// workerPIDs lists the render workers this test process started.
func workerPIDs(tb testing.TB) []int {
	tb.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		tb.Skip("no /proc to find the workers in")
	}
	var pids []int
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // gone since the glob
		}
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 2 || f[0] == "Z" || f[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		dir := filepath.Dir(path)
		if cmd, _ := os.ReadFile(filepath.Join(dir, "cmdline")); bytes.Contains(cmd, []byte("render-worker")) {
			pid, _ := strconv.Atoi(filepath.Base(dir))
			pids = append(pids, pid)
		}
	}
	return pids
}

// oneWorker returns the pid of the pool's only worker, after a render
// has made sure it runs.
func oneWorker(tb testing.TB, p *maps.Pool) int {
	tb.Helper()
	if _, err := p.Render(context.Background(), []byte("digraph { a -> b }"), maps.SVG); err != nil {
		tb.Fatal(err)
	}
	pids := workerPIDs(tb)
	if len(pids) != 1 {
		tb.Fatalf("found workers %v, want one", pids)
	}
	return pids[0]
}

// tangledDOT takes dot a second or two: random edges across clusters.
func tangledDOT() []byte {
	var b strings.Builder
	b.WriteString("digraph { layout=dot;\n")
	for c := range 20 {
		fmt.Fprintf(&b, "subgraph cluster_%d { label=\"Kluster %d\";", c, c)
		for n := range 50 {
			fmt.Fprintf(&b, " n%d;", c*50+n)
		}
		b.WriteString(" }\n")
	}
	seed := uint32(7)
	next := func() uint32 { seed = seed*1664525 + 1013904223; return seed >> 8 }
	for range 1200 {
		fmt.Fprintf(&b, "n%d -> n%d;\n", next()%1000, next()%1000)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// An idle worker that was killed is noticed and replaced: the next map
// renders.
func TestPoolReplacesAWorkerKilledWhileIdle(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1})
	pid := oneWorker(t, p)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	svg, err := p.Render(context.Background(), []byte(`digraph { "Åsa" -> "Örjan" }`), maps.SVG)
	if err != nil {
		t.Fatalf("the render after the idle worker was killed: %v", err)
	}
	if !bytes.Contains(svg, []byte("Örjan")) {
		t.Error("the render after the kill is wrong")
	}
}

// A worker killed in the middle of a render costs the render a retry on a
// fresh worker, not an error.
func TestPoolRetriesARenderWhoseWorkerWasKilled(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1, Timeout: time.Minute})
	pid := oneWorker(t, p)
	type answer struct {
		svg []byte
		err error
	}
	done := make(chan answer, 1)
	go func() {
		svg, err := p.Render(context.Background(), tangledDOT(), maps.SVG)
		done <- answer{svg, err}
	}()
	time.Sleep(300 * time.Millisecond) // the worker is laying out
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	a := <-done
	if a.err != nil {
		t.Fatalf("the render whose worker was killed: %v", a.err)
	}
	if !bytes.Contains(a.svg, []byte("Kluster 19")) {
		t.Error("the retried render is not the map asked for")
	}
	if s := p.Stats(); s.Started != 2 {
		t.Errorf("started %d workers, want the first and its replacement", s.Started)
	}
}

// When the replacement dies too, the error says so.
func TestPoolGivesUpWhenTheRetryDiesToo(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1, Timeout: time.Minute})
	oneWorker(t, p)
	over := make(chan struct{})
	defer close(over)
	go func() {
		// Kill the first worker and then its replacement, each a moment
		// after it is ready, while it renders.
		killed := map[int]bool{}
		for len(killed) < 2 {
			select {
			case <-over:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if p.Stats().Started <= int64(len(killed)) {
				continue // the replacement is still starting
			}
			for _, pid := range workerPIDs(t) {
				if !killed[pid] {
					time.Sleep(300 * time.Millisecond)
					syscall.Kill(pid, syscall.SIGKILL)
					killed[pid] = true
				}
			}
		}
	}()
	_, err := p.Render(context.Background(), tangledDOT(), maps.SVG)
	if !errors.Is(err, maps.ErrWorkerFailed) {
		t.Fatalf("got %v, want ErrWorkerFailed", err)
	}
	if errors.Is(err, maps.ErrTimeout) || errors.Is(err, maps.ErrTooLarge) {
		t.Errorf("a killed worker was reported as a slow or large map: %v", err)
	}
}

// A stopped (hung) worker is a timeout, not a map too large: it spent no
// time computing.
func TestPoolTellsAHungWorkerFromALargeMap(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1, Timeout: time.Second})
	pid := oneWorker(t, p)
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := p.Render(context.Background(), []byte("digraph { a -> b }"), maps.SVG)
	if !errors.Is(err, maps.ErrTimeout) || errors.Is(err, maps.ErrTooLarge) {
		t.Fatalf("got %v, want ErrTimeout and not ErrTooLarge", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the request hung for %v", d)
	}
	// The stopped worker was killed and replaced.
	if _, err := p.Render(context.Background(), []byte("digraph { a -> b }"), maps.SVG); err != nil {
		t.Fatalf("render after the hung worker: %v", err)
	}
	if pids := workerPIDs(t); len(pids) != 1 || pids[0] == pid {
		t.Errorf("workers %v after the hung one (%d) was replaced", pids, pid)
	}
}
