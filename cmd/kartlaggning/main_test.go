package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serve runs the serve command until the returned stop is called.
func serve(t *testing.T, args ...string) (addr string, stop func() error) {
	t.Helper()
	addr = freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() { done <- Run(ctx, append([]string{"serve", "--addr", addr}, args...), &logs, &logs) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return addr, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			return fmt.Errorf("serve did not shut down")
		}
	}
}

// adminToken creates an admin API token in db with the token command.
func adminToken(t *testing.T, db string) string {
	t.Helper()
	var out, notes bytes.Buffer
	if err := Run(context.Background(), []string{"token", "create", "--db", db, "--role", "admin"}, &out, &notes); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out.String())
}

// request sends a request with the token ("" for none).
func request(t *testing.T, method, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	return resp.StatusCode, body.String()
}

func editions(t *testing.T, addr, token string) []map[string]any {
	t.Helper()
	status, body := request(t, "GET", "http://"+addr+"/api/v1/editions", token)
	var list []map[string]any
	if err := json.Unmarshal([]byte(body), &list); err != nil || status != http.StatusOK {
		t.Fatalf("editions: %d %s", status, body)
	}
	return list
}

func TestServeLoadsDemoIntoEmptyDatabaseOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	token := adminToken(t, db)
	addr, stop := serve(t, "--db", db)
	list := editions(t, addr, token)
	if len(list) != 1 || list[0]["year"] != float64(2019) || list[0]["demo"] != true {
		t.Fatalf("editions on a new database: %v, want the demo edition 2019", list)
	}
	if _, page := request(t, "GET", "http://"+addr+"/", token); !strings.Contains(page, "Exempeldata") {
		t.Error("the start page does not mark the demo edition as Exempeldata")
	}
	// Remove the demo; a restart must not bring it back.
	if status, body := request(t, "DELETE", "http://"+addr+"/api/v1/editions/2019", token); status != http.StatusNoContent {
		t.Fatalf("deleting the demo edition: %d %s", status, body)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}

	addr, stop = serve(t, "--db", db)
	defer stop()
	if list := editions(t, addr, token); len(list) != 0 {
		t.Fatalf("a restart brought back the removed demo: %v", list)
	}
}

func TestServeEmpty(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	token := adminToken(t, db)
	addr, stop := serve(t, "--db", db, "--empty")
	defer stop()
	if list := editions(t, addr, token); len(list) != 0 {
		t.Fatalf("--empty loaded %v", list)
	}
}

// Nobody reads anything without signing in, unless the service is started
// with --public-read; then anyone reads published editions, and nothing else.
func TestServePublicRead(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	token := adminToken(t, db)
	addr, stop := serve(t, "--db", db)
	base := "http://" + addr
	if status, _ := request(t, "GET", base+"/api/v1/editions", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous API read: %d, want 401", status)
	}
	if status, _ := request(t, "GET", base+"/editions/2019", ""); status != http.StatusSeeOther {
		t.Errorf("anonymous page: %d, want a redirect to the login page", status)
	}
	stop()

	addr, stop = serve(t, "--db", db, "--public-read")
	defer stop()
	base = "http://" + addr
	if list := editions(t, addr, ""); len(list) != 0 {
		t.Errorf("anonymous readers see a draft: %v", list)
	}
	if status, _ := request(t, "GET", base+"/editions/2019", ""); status == http.StatusOK {
		t.Error("anonymous readers see a draft's page")
	}
	if status, body := request(t, "POST", base+"/api/v1/editions/2019/publish", token); status >= 300 {
		t.Fatalf("publish: %d %s", status, body)
	}
	if list := editions(t, addr, ""); len(list) != 1 {
		t.Errorf("anonymous readers do not see the published edition: %v", list)
	}
	if status, _ := request(t, "GET", base+"/editions/2019/units/mullsjo-forsorjningsstod", ""); status != http.StatusOK {
		t.Errorf("anonymous read of a published unit: %d", status)
	}
	// A comparison with a draft shows the draft: not for anonymous readers.
	if status, body := request(t, "POST", base+"/api/v1/editions/2019/next", token); status >= 300 {
		t.Fatalf("next: %d %s", status, body)
	}
	if status, _ := request(t, "GET", base+"/api/v1/editions/2019/diff/2020", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous comparison with a draft: %d, want 401", status)
	}
	if status, _ := request(t, "DELETE", base+"/api/v1/editions/2019/units/enter", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous write: %d, want 401", status)
	}
	if status, _ := request(t, "GET", base+"/api/v1/backup", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous backup: %d, want 401", status)
	}
}

func TestServeRefusesLockedDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	_, stop := serve(t, "--db", db)
	defer stop()
	start := time.Now()
	var out bytes.Buffer
	err := Run(context.Background(), []string{"serve", "--db", db, "--addr", freeAddr(t)}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "används redan") {
		t.Fatalf("second serve on the same file: %v, want a clear message", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to give up on the lock", d)
	}
}

func TestImportExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	file := filepath.Join(dir, "demo.json")
	if err := os.WriteFile(file, demo.JSON(), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"import", file, "--db", db}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "83 forum") {
		t.Errorf("import said %q", out.String())
	}
	if err := Run(context.Background(), []string{"import", "--db", db, file}, &out, &out); err == nil || !strings.Contains(err.Error(), "finns redan") ||
		!strings.Contains(err.Error(), "--replace") {
		t.Errorf("second import without --replace: %v", err)
	}
	// The example file is published, which locks the edition.
	err := Run(context.Background(), []string{"import", "--db", db, "--replace", file}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "publicerad") {
		t.Errorf("import --replace over a published edition: %v, want refused", err)
	}
	if err := Run(context.Background(), []string{"reopen", "--year", "2019", "--db", db}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), []string{"import", "--db", db, "--replace", file}, &out, &out); err != nil {
		t.Errorf("import --replace: %v", err)
	}

	out.Reset()
	if err := Run(context.Background(), []string{"export", "--year", "2019", "--db", db}, &out, &out); err != nil {
		t.Fatal(err)
	}
	var got, want any
	json.Unmarshal(out.Bytes(), &got)
	json.Unmarshal(demo.JSON(), &want)
	if !reflect.DeepEqual(got, want) {
		t.Error("export after import differs from the file")
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, bytes.Replace(demo.JSON(), []byte(`"level": "individ"`), []byte(`"level": "låg"`), 1), 0o600)
	err = Run(context.Background(), []string{"import", "--db", db, "--replace", bad}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "].level") {
		t.Errorf("bad import: %v, want the field path", err)
	}
}

// A backup restored into a fresh file exports the same document, and a
// restore over a running service's file is refused.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db, copy, restored := filepath.Join(dir, "k.db"), filepath.Join(dir, "kopia.db"), filepath.Join(dir, "ny.db")
	file := filepath.Join(dir, "demo.json")
	os.WriteFile(file, demo.JSON(), 0o600)
	var out bytes.Buffer
	ctx := context.Background()
	if err := Run(ctx, []string{"import", "--db", db, file}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if err := Run(ctx, []string{"backup", "--db", db, copy}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if err := Run(ctx, []string{"backup", "--db", db, copy}, &out, &out); err == nil {
		t.Error("a backup overwrote an earlier copy")
	}
	if err := Run(ctx, []string{"restore", copy, "--db", restored}, &out, &out); err != nil {
		t.Fatal(err)
	}
	export := func(path string) string {
		var buf bytes.Buffer
		if err := Run(ctx, []string{"export", "--year", "2019", "--db", path}, &buf, &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if export(restored) != export(db) {
		t.Error("the restored database exports a different document")
	}

	_, stop := serve(t, "--db", restored)
	defer stop()
	err := Run(ctx, []string{"restore", copy, "--db", restored}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "används redan") {
		t.Errorf("restore over a running service: %v", err)
	}
	if bad := filepath.Join(dir, "trasig.db"); os.WriteFile(bad, []byte("inte en databas"), 0o600) == nil {
		if err := Run(ctx, []string{"restore", bad, "--db", filepath.Join(dir, "x.db")}, &out, &out); err == nil {
			t.Error("restored a file that is not a database")
		}
	}
}

func TestServeRefusesABadSMTPURL(t *testing.T) {
	// A mail server URL that would send the password in clear stops the
	// start, with a message that does not repeat the password; the
	// environment variable is read when the flag is absent.
	for _, tc := range []struct {
		name string
		args []string
		env  string
	}{
		{"flag", []string{"--smtp-url", "smtp://forbund:hemligt@mail.forbund.se:25?from=kartlaggning@forbund.se"}, ""},
		{"environment", nil, "smtp://mail.forbund.se:587?starttls=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("KARTLAGGNING_SMTP_URL", tc.env)
			}
			db := filepath.Join(t.TempDir(), "k.db")
			var out bytes.Buffer
			err := Run(context.Background(), append([]string{"serve", "--db", db, "--addr", freeAddr(t)}, tc.args...), &out, &out)
			if err == nil || !strings.Contains(err.Error(), "smtp-url") || strings.Contains(err.Error()+out.String(), "hemligt") {
				t.Fatalf("err = %v\n%s", err, out.String())
			}
		})
	}
}
