package main

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/views/maps/maptest"
)

// go-graphviz keeps the machine code it compiles from its WebAssembly
// module in a file cache. These tests plant bad caches where a shared
// temporary directory would put one ($TMPDIR/go-graphviz) and point the
// service's own cache there too (KARTLAGGNING_MAP_CACHE): the service
// must neither trust a cache that others can write nor fail because of
// one. They run the real binary, as an operator would.

// badEntry is what the planted cache files hold.
const badEntry = "this is not machine code"

// plantCache makes dir a cache with the real entry names (a worker fills
// it) whose contents are then garbage.
func plantCache(t *testing.T, bin, dir string) {
	t.Helper()
	worker := exec.Command(bin, "render-worker")
	worker.Env = append(os.Environ(), "TMPDIR="+filepath.Dir(dir), "KARTLAGGNING_RENDER_CACHE="+dir)
	if out, err := worker.CombinedOutput(); err != nil { // stdin is empty: it loads and stops
		t.Fatalf("filling a cache: %v\n%s", err, out)
	}
	entries := cacheEntries(t, dir)
	if len(entries) == 0 {
		t.Fatalf("the worker left no cache entry in %s", dir)
	}
	for _, e := range entries {
		if err := os.WriteFile(e, []byte(badEntry), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// cacheEntries lists the files in the cache dir, at any depth.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	return files
}

// snapshot is the cache dir's files and contents, to see that nothing
// was written there.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, f := range cacheEntries(t, dir) {
		data, _ := os.ReadFile(f)
		m[f] = string(data)
	}
	return m
}

// serveBinary starts the built binary's serve with env added, and stops
// it when the test ends.
func serveBinary(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	var logs bytes.Buffer
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("serve's log:\n%s", logs.String())
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		default:
		}
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not answer\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeDrawsMapsDespiteABadModuleCache(t *testing.T) {
	bin := maptest.Binary(t)
	for _, tc := range []struct {
		name string
		// spoil makes the planted cache (already full of garbage) worse.
		spoil func(t *testing.T, dir string)
		// foreign: the cache is not ours, so it must be left as it is.
		foreign bool
	}{
		{"ours but corrupt", func(*testing.T, string) {}, false},
		{"world-writable", func(t *testing.T, dir string) {
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"another user's", func(t *testing.T, dir string) {
			if os.Geteuid() != 0 {
				t.Skip("only root can give a directory to another user")
			}
			filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
				if err == nil {
					err = os.Lchown(path, 4242, 4242)
				}
				return err
			})
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			cache := filepath.Join(tmp, "go-graphviz")
			plantCache(t, bin, cache)
			tc.spoil(t, cache)
			before := snapshot(t, cache)

			db := filepath.Join(t.TempDir(), "k.db")
			token := adminToken(t, db)
			addr := serveBinary(t, bin, []string{"TMPDIR=" + tmp, "KARTLAGGNING_MAP_CACHE=" + cache}, "--db", db)
			status, body := request(t, "GET", "http://"+addr+"/api/v1/editions/2019/maps/municipality/mullsjo.svg", token)
			if status != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "Mullsjö") {
				t.Fatalf("the map: status %d: %.300s", status, body)
			}
			after := snapshot(t, cache)
			if tc.foreign {
				if len(after) != len(before) {
					t.Errorf("the service wrote into a cache others can write: %d files before, %d after", len(before), len(after))
				}
				for f, data := range before {
					if after[f] != data {
						t.Errorf("the service changed %s in a cache others can write", f)
					}
				}
				return
			}
			for f, data := range after {
				if data == badEntry {
					t.Errorf("the corrupt entry %s is still there", f)
				}
			}
		})
	}
}

// The commands that draw no maps do not load the WebAssembly module at
// all, so no cache can stop them (and they start faster).
func TestCommandsWithoutMapsIgnoreTheModuleCache(t *testing.T) {
	bin := maptest.Binary(t)
	tmp := t.TempDir()
	cache := filepath.Join(tmp, "go-graphviz")
	plantCache(t, bin, cache)
	before := snapshot(t, cache)

	dir := t.TempDir()
	db, copy, restored := filepath.Join(dir, "k.db"), filepath.Join(dir, "kopia.db"), filepath.Join(dir, "ny.db")
	adminToken(t, db)
	env := append(os.Environ(), "TMPDIR="+tmp, "KARTLAGGNING_MAP_CACHE="+cache)
	for _, args := range [][]string{
		{"backup", "--db", db, copy},
		{"restore", copy, "--db", restored},
		{"token", "create", "--db", restored, "--role", "reader"},
		{"help"},
	} {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("kartlaggning %s: %v\n%.500s", strings.Join(args, " "), err, out)
			continue
		}
		t.Logf("kartlaggning %s: %v", args[0], time.Since(start).Round(time.Millisecond))
	}
	if after := snapshot(t, cache); len(after) != len(before) {
		t.Errorf("a command without maps wrote into the module cache")
	}
}
