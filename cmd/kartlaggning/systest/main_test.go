// Package systest runs the real kartlaggning binary as a user's machine
// would, and does to it what tests of a handler cannot: kill it in the
// middle of writes, and load it from many clients at once.
package systest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kartlaggning-systest")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "kartlaggning")
	build := exec.Command("go", "build", "-o", binary, "github.com/kartlaggning/kartlaggning/cmd/kartlaggning")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "systest: building the binary:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// service is one run of the binary.
type service struct {
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
}

func freePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs "kartlaggning serve" on db and waits until it answers.
func start(t testing.TB, db string, extra ...string) *service {
	t.Helper()
	addr := freePort(t)
	logs := &bytes.Buffer{}
	cmd := exec.Command(binary, append([]string{"serve", "--db", db, "--addr", addr}, extra...)...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &service{cmd: cmd, url: "http://" + addr, logs: logs}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			return s
		}
		if time.Now().After(deadline) {
			s.kill()
			t.Fatalf("the service did not start: %v\n%s", err, logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the process the hard way: no shutdown, no flush (kill -9).
func (s *service) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
}

// stop ends the process the way systemd does (SIGTERM) and waits.
func (s *service) stop(t testing.TB) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the service exited with %v\n%s", err, s.logs)
		}
	case <-time.After(20 * time.Second):
		s.kill()
		t.Error("the service did not stop on SIGTERM")
	}
}

// run runs a maintenance command of the binary and returns its output.
func run(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.Command(binary, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("kartlaggning %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// editorToken creates an API token with the editor role in db.
func editorToken(t testing.TB, db string) string {
	t.Helper()
	cmd := exec.Command(binary, "token", "create", "--db", db, "--role", "editor", "--name", "systest")
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("token create: %v", err)
	}
	return strings.TrimSpace(out.String())
}

// client sends JSON requests with a token.
type client struct {
	base, token string
	http        *http.Client
}

func (c *client) do(ctx context.Context, method, path, body string, header ...string) (int, string, http.Header, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return 0, "", nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), resp.Header, err
}
