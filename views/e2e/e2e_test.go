package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kartlaggning/kartlaggning/views/mail/mailtest"
)

const (
	chromiumPath = "/usr/bin/chromium"
	axePath      = "node_modules/axe-core/axe.min.js"
	// pageTimeout bounds one test's work in its tab; a page that hangs
	// fails the test instead of the whole run.
	pageTimeout = 60 * time.Second
)

// suite is what every test shares: one server, one browser. It is built by
// the first test that needs it and torn down by TestMain.
type suite struct {
	base    string // http://127.0.0.1:port
	axe     string // the axe-core source, injected into pages
	browser context.Context
	ids     ids
	token   string // an admin's API token, for the test's own requests

	managerOnce sync.Once
	managerErr  error

	dir       string
	serverLog string
	closers   []func()
	// mail is the SMTP server the service sends its mail to (--smtp-url).
	mail *mailtest.Server
}

var (
	shared    *suite
	sharedErr error
	skipWhy   string
	setupOnce sync.Once
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.close()
	}
	os.Exit(code)
}

// start returns the shared suite. Without Chromium or axe-core it skips the
// test with the reason, or fails it when CI=true: CI installs both, so a
// skip there would hide that the browser tests did not run.
func start(t *testing.T) *suite {
	t.Helper()
	setupOnce.Do(func() {
		if skipWhy = missingTools(); skipWhy != "" {
			return
		}
		shared, sharedErr = newSuite()
	})
	if skipWhy != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests cannot run in CI: %s", skipWhy)
		}
		t.Skipf("browser tests skipped: %s", skipWhy)
	}
	if sharedErr != nil {
		t.Fatalf("starting server and browser: %v", sharedErr)
	}
	return shared
}

func missingTools() string {
	var missing []string
	if _, err := os.Stat(chromiumPath); err != nil {
		missing = append(missing, chromiumPath+" is missing (apt-get install -y chromium)")
	}
	if _, err := os.Stat(axePath); err != nil {
		missing = append(missing, "views/e2e/"+axePath+" is missing (run `npm ci` in views/e2e)")
	}
	return strings.Join(missing, "; ")
}

func newSuite() (_ *suite, err error) {
	s := &suite{}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	axe, err := os.ReadFile(axePath)
	if err != nil {
		return nil, err
	}
	s.axe = string(axe)
	if s.dir, err = os.MkdirTemp("", "kartlaggning-e2e-"); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, func() { removeAll(s.dir) })
	if err = s.startServer(); err != nil {
		return nil, err
	}
	if err = s.startBrowser(); err != nil {
		return nil, err
	}
	if err = s.login(); err != nil {
		return nil, err
	}
	if err = s.findIDs(); err != nil {
		return nil, err
	}
	return s, nil
}

// startServer builds the command users run and starts it on a fresh
// database, which gets the demo edition as a real first start does.
func (s *suite) startServer() error {
	bin := filepath.Join(s.dir, "kartlaggning")
	build := exec.Command("go", "build", "-o", bin, "github.com/kartlaggning/kartlaggning/cmd/kartlaggning")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(s.dir, "e2e.db")
	if err := s.makeAccounts(bin, db); err != nil {
		return err
	}
	mail, err := mailtest.Listen(mailtest.Options{})
	if err != nil {
		return err
	}
	s.mail = mail
	s.closers = append(s.closers, func() { s.mail.Close() })
	s.serverLog = filepath.Join(s.dir, "server.log")
	base, err := s.launch(bin, db, s.serverLog)
	s.base = base
	return err
}

// launch starts "kartlaggning serve" on db, logging to logPath, stops it
// when the suite closes, and returns its address once it answers.
func (s *suite) launch(bin, db, logPath string) (string, error) {
	addr, err := freeAddr()
	if err != nil {
		return "", err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return "", err
	}
	args := []string{"serve", "--db", db, "--addr", addr}
	if s.mail != nil {
		args = append(args, "--smtp-url", s.mail.URL("kartlaggning@e2e.example.se"))
	}
	server := exec.Command(bin, args...)
	server.Stdout, server.Stderr = logFile, logFile
	if err := server.Start(); err != nil {
		logFile.Close()
		return "", err
	}
	exited := make(chan error, 1)
	go func() { exited <- server.Wait(); logFile.Close() }()
	s.closers = append(s.closers, func() {
		_ = server.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = server.Process.Kill()
			<-exited
		}
	})
	base := "http://" + addr
	logged := func() string { data, _ := os.ReadFile(logPath); return string(data) }
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			return "", fmt.Errorf("server exited: %v\n%s", err, logged())
		default:
		}
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", fmt.Errorf("server did not answer /healthz within 20s\n%s", logged())
}

// The account the browser signs in with, made the way an operator makes
// the first admin.
const (
	adminEmail    = "e2e-admin@example.se"
	adminPassword = "ett långt lösenord för testerna"
)

// makeAccounts makes an admin and an API token with the service's own
// commands, before the service starts.
func (s *suite) makeAccounts(bin, db string) error {
	add := exec.Command(bin, "user", "add", "--db", db, "--email", adminEmail, "--role", "admin")
	add.Stdin = strings.NewReader(adminPassword + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		return fmt.Errorf("user add: %v\n%s", err, out)
	}
	token := exec.Command(bin, "token", "create", "--db", db, "--role", "admin", "--name", "e2e")
	out, err := token.Output()
	if err != nil {
		return fmt.Errorf("token create: %v", err)
	}
	s.token = strings.TrimSpace(string(out))
	return nil
}

// login signs the shared browser in as the admin, so that every tab (they
// share the cookies) may edit and administer.
func (s *suite) login() error {
	ctx, cancel := chromedp.NewContext(s.browser)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, pageTimeout)
	defer cancelTimeout()
	return s.signIn(ctx, adminEmail, adminPassword)
}

// signIn logs in through the login form in the tab, and checks that the
// browser then stays signed in: the header names the account.
func (s *suite) signIn(ctx context.Context, email, password string) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/login")); err != nil {
		return err
	}
	after, err := fillLogin(ctx, email, password)
	if err != nil {
		return err
	}
	if after.Status != http.StatusOK || strings.Contains(after.URL, "/login") {
		return fmt.Errorf("logging in as %s ended at %s (%d)", email, after.URL, after.Status)
	}
	who, err := chromedp.Run(ctx, chromedp.Evaluate[string](signedInJS))
	if err != nil {
		return err
	}
	if who != email {
		return fmt.Errorf("after logging in as %s the header names %q as signed in", email, who)
	}
	return nil
}

// fillLogin fills in the login form on the page and sends it; it returns
// the response of the page it leads to.
func fillLogin(ctx context.Context, email, password string) (*network.Response, error) {
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`main input[name=email]`), email),
		chromedp.SendKeys(chromedp.CSS(`main input[name=password]`), password),
	); err != nil {
		return nil, fmt.Errorf("filling in the login form: %w", err)
	}
	after, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	if err != nil {
		return nil, fmt.Errorf("logging in as %s: %w", email, err)
	}
	return after, nil
}

// signedInJS reads who the header says is signed in ("" for nobody).
const signedInJS = `(document.querySelector("header .account .who") || {textContent: ""}).textContent.trim()`

func (s *suite) log() string {
	b, _ := os.ReadFile(s.serverLog)
	return string(b)
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (s *suite) startBrowser() error {
	profile := filepath.Join(s.dir, "chromium-profile")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	s.closers = append(s.closers, func() { cancelBrowser(); cancelAlloc() })
	s.browser = browser
	// The first action starts the browser; with a context that has a
	// timeout, the browser would stop when the timeout's context ends.
	return chromedp.Do(browser)
}

func (s *suite) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

// removeAll retries: Chromium's helpers can still write into the profile
// for a moment after the browser stops.
func removeAll(dir string) {
	for range 50 {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tab opens a new tab in the shared browser, closed when the test ends;
// its work must end within pageTimeout.
func (s *suite) tab(t *testing.T) context.Context {
	t.Helper()
	ctx := s.longTab(t)
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	t.Cleanup(cancel)
	return ctx
}

// longTab opens a tab without a time limit, for a test that bounds each
// of its steps itself.
func (s *suite) longTab(t *testing.T, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.browser, opts...)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// freshTab opens a tab in a browser context of its own, without the shared
// cookies: someone else, at another computer. Its work must end within
// pageTimeout.
func (s *suite) freshTab(t *testing.T) context.Context {
	t.Helper()
	ctx := s.longTab(t, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	t.Cleanup(cancel)
	return ctx
}

// tabAs opens a fresh tab signed in with the account.
func (s *suite) tabAs(t *testing.T, email, password string) context.Context {
	t.Helper()
	ctx := s.freshTab(t)
	if err := s.signIn(ctx, email, password); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// url turns a path with {placeholders} into an address of the server.
func (s *suite) url(path string) string { return s.base + s.ids.expand(path) }

// ids are the records of the demo edition the tests visit. They are found
// through the API, so that a change of the demo data moves the tests along.
type ids map[string]string

func (m ids) expand(path string) string {
	for k, v := range m {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	return path
}

func (s *suite) findIDs() error {
	s.ids = ids{}
	var editions []struct {
		Year int `json:"year"`
	}
	if err := s.getJSON("/api/v1/editions", &editions); err != nil {
		return err
	}
	if len(editions) == 0 {
		return errors.New("the fresh database has no demo edition")
	}
	year := fmt.Sprint(editions[0].Year)
	s.ids["year"] = year
	var forums []struct {
		ID      string `json:"id"`
		Kind    string `json:"kind"`
		Members []struct {
			Unit string `json:"unit"`
		} `json:"members"`
	}
	if err := s.getJSON("/api/v1/editions/"+year+"/forums", &forums); err != nil {
		return err
	}
	// The forum with most members and one of its units: their pages have
	// every part (tables, links, a delete page that lists referrers).
	best := -1
	for i, f := range forums {
		if best < 0 || len(f.Members) > len(forums[best].Members) {
			best = i
		}
	}
	if best < 0 || len(forums[best].Members) == 0 {
		return errors.New("the demo edition has no forum with members")
	}
	s.ids["forum"] = forums[best].ID
	for _, m := range forums[best].Members {
		if m.Unit != "" {
			s.ids["unit"] = m.Unit
			break
		}
	}
	var unit struct {
		Organisation   string   `json:"organisation"`
		Municipalities []string `json:"municipalities"`
	}
	if err := s.getJSON("/api/v1/editions/"+year+"/units/"+s.ids["unit"], &unit); err != nil {
		return err
	}
	s.ids["organisation"] = unit.Organisation
	// The unit whose section goes out for påseende, to a manager of its
	// own: another than the one the other tests edit.
	var units []struct {
		ID string `json:"id"`
	}
	if err := s.getJSON("/api/v1/editions/"+year+"/units", &units); err != nil {
		return err
	}
	for _, u := range units {
		if u.ID != s.ids["unit"] {
			s.ids["review"] = u.ID
			break
		}
	}
	if s.ids["review"] == "" {
		return errors.New("the demo edition has only one unit")
	}
	var municipalities []struct {
		ID string `json:"id"`
	}
	if err := s.getJSON("/api/v1/editions/"+year+"/municipalities", &municipalities); err != nil {
		return err
	}
	if len(municipalities) == 0 {
		return errors.New("the demo edition has no municipality")
	}
	s.ids["municipality"] = municipalities[0].ID

	// The next year's edition, started from the demo, for the comparison.
	resp, err := s.request(http.MethodPost, "/api/v1/editions/"+year+"/next", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var next struct {
		Year int `json:"year"`
	}
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("starting the next edition: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&next); err != nil {
		return err
	}
	s.ids["next"] = fmt.Sprint(next.Year)

	// An edition with nothing in it yet, for the empty states.
	const empty = `{"format": "kartlaggning/v1", "edition": {"year": 2099, "title": "En tom kartläggning", "status": "draft"}}`
	resp, err = s.request(http.MethodPost, "/api/v1/editions/import", strings.NewReader(empty))
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("importing an empty edition: %s", resp.Status)
	}
	s.ids["empty"] = "2099"
	return nil
}

// request sends a request of the test's own, with the admin's token.
func (s *suite) request(method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return http.DefaultClient.Do(req)
}

func (s *suite) getJSON(path string, v any) error {
	resp, err := s.request(http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// open loads a page and checks its status.
func open(t *testing.T, ctx context.Context, url string, want int) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	if int(resp.Status) != want {
		t.Fatalf("%s answered %d, want %d", url, resp.Status, want)
	}
}

// submit runs steps that end in a navigation (a click, an Enter) and checks
// the status of the page they lead to.
func submit(t *testing.T, ctx context.Context, want int, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatalf("submitting: %v", err)
	}
	if int(resp.Status) != want {
		t.Fatalf("%s answered %d, want %d", resp.URL, resp.Status, want)
	}
}

// eval runs JavaScript in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// text is the visible text of the first element that matches a CSS selector.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("reading %s: %v", css, err)
	}
	return v
}
