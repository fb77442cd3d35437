package systest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// addUser creates an account in db with "kartlaggning user add", the
// password on standard input.
func addUser(t testing.TB, db, email, password string) {
	t.Helper()
	cmd := exec.Command(binary, "user", "add", "--db", db, "--email", email, "--role", "editor")
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// loginForm opens the login page as a browser does and returns the CSRF
// cookie and the token of the form.
func loginForm(t testing.TB, hc *http.Client, base string) (*http.Cookie, string) {
	t.Helper()
	resp, err := hc.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	m := csrfInput.FindStringSubmatch(body.String())
	for _, c := range resp.Cookies() {
		if c.Name == "_csrf" && m != nil {
			return c, m[1]
		}
	}
	t.Fatalf("the login page has no CSRF token: %d", resp.StatusCode)
	return nil, ""
}

// postLogin posts the login form and returns the status.
func postLogin(hc *http.Client, base string, csrf *http.Cookie, token, email, password string) (int, error) {
	form := url.Values{"_csrf": {token}, "email": {email}, "password": {password}}
	req, err := http.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrf)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func noRedirects() *http.Client {
	return &http.Client{Timeout: 60 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 200},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// TestLoginThrottleConcurrent: 200 attempts posted at once for one
// account, 199 wrong and 1 right. The throttle allows 5 failures per
// account and address; however many attempts arrive together, no more
// than 5 may get as far as the password check (401 or a sign-in), the
// rest are told to wait (429).
func TestLoginThrottleConcurrent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	addUser(t, db, "chef@forbundet.se", "det rätta lösenordet")
	svc := start(t, db)
	defer svc.stop(t)
	hc := noRedirects()
	csrf, token := loginForm(t, hc, svc.url)

	const attempts = 200
	statuses := make([]int, attempts)
	var ready, wg sync.WaitGroup
	gate := make(chan struct{})
	ready.Add(attempts)
	wg.Add(attempts)
	for i := range attempts {
		password := fmt.Sprintf("gissning nummer %d", i)
		if i == attempts/2 {
			password = "det rätta lösenordet"
		}
		go func() {
			defer wg.Done()
			ready.Done()
			<-gate
			status, err := postLogin(hc, svc.url, csrf, token, "chef@forbundet.se", password)
			if err != nil {
				t.Error(err)
			}
			statuses[i] = status
		}()
	}
	ready.Wait()
	close(gate)
	wg.Wait()

	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	checked := count[http.StatusUnauthorized] + count[http.StatusSeeOther]
	t.Logf("answers: %v; the right password got %d", count, statuses[attempts/2])
	if checked > 5 {
		t.Errorf("%d of %d concurrent attempts got past the throttle (401 or sign-in), want at most 5", checked, attempts)
	}
	if count[http.StatusTooManyRequests]+checked != attempts {
		t.Errorf("answers other than 401, 303 and 429: %v", count)
	}
}

// TestLoginHugeEmail: 24 logins at once, each with an 8 MB e-mail
// address, are refused without the service's memory growing.
func TestLoginHugeEmail(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	svc := start(t, db, "--empty")
	defer svc.stop(t)
	hc := noRedirects()
	csrf, token := loginForm(t, hc, svc.url)
	before := rss(t, svc.cmd.Process.Pid)

	huge := strings.Repeat("a", 8<<20) + "@forbundet.se"
	var wg sync.WaitGroup
	statuses := make([]int, 24)
	began := time.Now()
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, err := postLogin(hc, svc.url, csrf, token, huge, fmt.Sprintf("lösenord %d", i))
			if err != nil {
				// The service may close the connection before reading
				// the whole body: a refusal too.
				t.Logf("attempt %d: %v", i, err)
			}
			statuses[i] = status
		}()
	}
	wg.Wait()
	after := rss(t, svc.cmd.Process.Pid)
	t.Logf("statuses %v in %v; VmRSS %d MiB before, %d MiB after", statuses, time.Since(began).Round(time.Millisecond), before>>20, after>>20)
	for i, s := range statuses {
		if s == http.StatusUnauthorized || s == http.StatusSeeOther || s/100 == 5 {
			t.Errorf("attempt %d with an 8 MB e-mail: %d, want it refused as too large", i, s)
		}
	}
	if after > 150<<20 {
		t.Errorf("VmRSS %d MiB after 24 logins with an 8 MB e-mail, want under 150 MiB", after>>20)
	}
	if resp, err := http.Get(svc.url + "/healthz"); err != nil {
		t.Errorf("the service stopped answering: %v", err)
	} else {
		resp.Body.Close()
	}
}

// rss reads the resident set size of a process from /proc.
func rss(t testing.TB, pid int) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/PID/status")
	return 0
}
