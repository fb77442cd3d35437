package views_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// MustServe builds the real server over a real database in a temporary
// directory, with the demo edition imported as a draft, as a new
// installation has it (a published edition refuses every write).
func MustServe(tb testing.TB, opts ...option) (*views.Server, *store.DB) {
	tb.Helper()
	doc, err := demo.Document()
	if err != nil {
		tb.Fatal(err)
	}
	doc.Edition.Status = "draft"
	return mustServeDoc(tb, doc, opts...)
}

// mustServeDoc serves doc alone, imported into a real database in a
// temporary directory.
func mustServeDoc(tb testing.TB, doc *kartlaggning.Document, opts ...option) (*views.Server, *store.DB) {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "kartlaggning.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Import(context.Background(), doc, false); err != nil {
		tb.Fatal(err)
	}
	return mustServer(tb, db, opts...), db
}

// cpuTime is the CPU time the test process has used so far: on a machine
// shared with other work, what a request costs, apart from waiting.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// mustCreateSurvey makes an enkät in the example edition (2019) through
// the API and returns its id.
func mustCreateSurvey(tb testing.TB, h http.Handler, body string) string {
	tb.Helper()
	return mustCreateSurveyIn(tb, h, 2019, body)
}

// mustCreateSurveyIn makes an enkät in the year's edition through the API
// and returns its id.
func mustCreateSurveyIn(tb testing.TB, h http.Handler, year int, body string) string {
	tb.Helper()
	rec := do(tb, h, http.MethodPost, fmt.Sprintf("/api/v1/editions/%d/surveys", year), []byte(body))
	if rec.Code != http.StatusCreated {
		tb.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var got struct{ ID string }
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.ID == "" {
		tb.Fatalf("create answered %s", rec.Body)
	}
	return got.ID
}

// option changes the configuration of a test server.
type option func(*views.Config)

func withMaps(r maps.Renderer) option { return func(c *views.Config) { c.Maps = r } }

func withContact(contact string) option { return func(c *views.Config) { c.Contact = contact } }

// mustServer builds the real server over db, quiet, with an admin token
// for the tests' requests.
func mustServer(tb testing.TB, db *store.DB, opts ...option) *views.Server {
	tb.Helper()
	cfg := views.Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := views.NewServer(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	Authorize(tb, srv, db)
	return srv
}

// adminTokens holds, per server, the admin token its tests send.
var adminTokens sync.Map

// Authorize gives the server's tests an admin API token: do and asAdmin
// send it unless a test says otherwise. Access rules have tests of their
// own (access_test.go).
func Authorize(tb testing.TB, srv http.Handler, db *store.DB) {
	tb.Helper()
	adminTokens.Store(srv, token(tb, db, kartlaggning.RoleAdmin))
}

// token creates an API token with the role (and units) and returns it.
func token(tb testing.TB, db *store.DB, role string, units ...string) string {
	tb.Helper()
	secret, hash := auth.NewSecret("kl_")
	t := kartlaggning.Token{ID: fmt.Sprintf("%x", hash[:6]), Role: role, Units: units, Created: time.Now()}
	if err := db.CreateToken(context.Background(), t, hash); err != nil {
		tb.Fatal(err)
	}
	return secret
}

// asAdmin sends every request with the admin token, as an API client
// would; for a server a browser or an http.Client talks to.
func asAdmin(h http.Handler) http.Handler {
	secret, _ := adminTokens.Load(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, given := r.Header["Authorization"]; !given && secret != nil {
			r.Header.Set("Authorization", "Bearer "+secret.(string))
		}
		if r.Header.Get("Authorization") == "" {
			r.Header.Del("Authorization")
		}
		h.ServeHTTP(w, r)
	})
}

// do sends one request through the whole Echo instance.
func do(tb testing.TB, h http.Handler, method, path string, body []byte, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	asAdmin(h).ServeHTTP(rec, req)
	return rec
}

type apiErrorBody struct {
	Error struct {
		Code      string                    `json:"code"`
		Message   string                    `json:"message"`
		Fields    []kartlaggning.FieldError `json:"fields"`
		Referrers []kartlaggning.Referrer   `json:"referrers"`
	} `json:"error"`
}

func decodeError(tb testing.TB, rec *httptest.ResponseRecorder) apiErrorBody {
	tb.Helper()
	var body apiErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		tb.Fatalf("error body is not JSON: %v\n%s", err, rec.Body)
	}
	return body
}

// exportJSON returns the stored edition as the API exports it.
func exportJSON(tb testing.TB, h http.Handler, year string) []byte {
	tb.Helper()
	rec := do(tb, h, http.MethodGet, "/api/v1/editions/"+year+"/export", nil)
	if rec.Code != http.StatusOK {
		tb.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}
