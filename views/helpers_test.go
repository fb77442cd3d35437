package views_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
)

// MustServe builds the real server over a real database in a temporary
// directory, with the demo edition imported as a draft, as a new
// installation has it (a published edition refuses every write).
func MustServe(tb testing.TB) (*views.Server, *store.DB) {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "kartlaggning.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	doc, err := demo.Document()
	if err != nil {
		tb.Fatal(err)
	}
	doc.Edition.Status = "draft"
	if _, err := db.Import(context.Background(), doc, false); err != nil {
		tb.Fatal(err)
	}
	srv, err := views.NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	return srv, db
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
	h.ServeHTTP(rec, req)
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
