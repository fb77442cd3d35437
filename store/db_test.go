package store_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

const exampleFile = "../kartlaggning/demo/sodra-vatterbygden-2019.json"

// MustOpen opens a new database in a temporary directory, closed when the
// test ends.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	return MustOpenPath(tb, filepath.Join(tb.TempDir(), "kartlaggning.db"))
}

// MustOpenPath opens the database at path, closed when the test ends.
func MustOpenPath(tb testing.TB, path string) *store.DB {
	tb.Helper()
	return MustOpenWith(tb, path, store.Options{})
}

// MustOpenWith opens the database at path with options, closed when the
// test ends.
func MustOpenWith(tb testing.TB, path string, opts store.Options) *store.DB {
	tb.Helper()
	db, err := store.OpenWith(path, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// exampleDoc decodes a fresh copy of the Södra Vätterbygden example.
func exampleDoc(tb testing.TB) *kartlaggning.Document {
	tb.Helper()
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		tb.Fatal(err)
	}
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		tb.Fatal(err)
	}
	return &doc
}

// MustImportExample opens a database holding the example edition, 2019,
// as a draft: the file says published, which would lock it against the
// writes the tests make.
func MustImportExample(tb testing.TB) *store.DB {
	tb.Helper()
	db := MustOpen(tb)
	doc := exampleDoc(tb)
	doc.Edition.Status = "draft"
	if _, err := db.Import(context.Background(), doc, false); err != nil {
		tb.Fatal(err)
	}
	return db
}

// wantCode fails unless err is an *kartlaggning.Error with the code.
func wantCode(tb testing.TB, err error, code string) *kartlaggning.Error {
	tb.Helper()
	e, ok := kartlaggning.AsError(err)
	if !ok {
		tb.Fatalf("got error %v (%T), want *kartlaggning.Error with code %s", err, err, code)
	}
	if e.Code != code {
		tb.Fatalf("got code %s (%v), want %s", e.Code, err, code)
	}
	return e
}

// checkIndex compares the refs index with the references that the stored
// entities hold.
func checkIndex(tb testing.TB, db *store.DB, year int) {
	tb.Helper()
	doc, err := db.Export(context.Background(), year)
	if err != nil {
		tb.Fatal(err)
	}
	var want []string
	for _, k := range kartlaggning.Kinds {
		for _, e := range doc.Entities(k) {
			for _, r := range e.Refs() {
				want = append(want, r.To.String()+" | "+string(k)+"/"+e.EntityID()+" | "+r.Path)
			}
		}
	}
	slices.Sort(want)
	got, err := db.IndexKeys(year)
	if err != nil {
		tb.Fatal(err)
	}
	if !slices.Equal(got, want) {
		tb.Fatalf("refs index differs from the entities' references:\n got %d keys\nwant %d keys\n%s",
			len(got), len(want), diffLines(got, want))
	}
}

func diffLines(got, want []string) string {
	var b strings.Builder
	for _, g := range got {
		if !slices.Contains(want, g) {
			b.WriteString("  extra:   " + g + "\n")
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			b.WriteString("  missing: " + w + "\n")
		}
	}
	return b.String()
}

func TestOpen(t *testing.T) {
	t.Run("NewFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		db := MustOpenPath(t, path)
		if db.Path() != path {
			t.Errorf("Path() = %q, want %q", db.Path(), path)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		v, err := store.FileSchemaVersion(path)
		if err != nil {
			t.Fatal(err)
		}
		if v != uint64(store.SchemaVersion) {
			t.Errorf("schema version %d, want %d", v, store.SchemaVersion)
		}
		if fi, err := os.Stat(path); err != nil {
			t.Fatal(err)
		} else if fi.Mode().Perm() != 0600 {
			t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Import(context.Background(), exampleDoc(t), false); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = MustOpenPath(t, path)
		eds, err := db.Editions(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(eds) != 1 || eds[0].Year != 2019 {
			t.Errorf("Editions() = %+v, want 2019 only", eds)
		}
	})

	t.Run("ErrLocked", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		MustOpenPath(t, path)
		start := time.Now()
		db, err := store.Open(path)
		if err == nil {
			db.Close()
			t.Fatal("second Open of a held file succeeded")
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("second Open took %v, want about a second", d)
		}
		var locked *store.LockedError
		if !errors.As(err, &locked) || !errors.Is(err, bolterrors.ErrTimeout) {
			t.Errorf("error %v (%T), want *store.LockedError wrapping bolt's ErrTimeout", err, err)
		}
		if msg := err.Error(); !strings.Contains(msg, "används redan av en annan process") || !strings.Contains(msg, path) {
			t.Errorf("message %q does not say that another process holds the file", msg)
		}
	})

	t.Run("ErrNewerSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		if err := store.MigrateFile(path, store.SchemaVersion); err != nil {
			t.Fatal(err)
		}
		newer := uint64(store.SchemaVersion + 1)
		if err := store.SetFileSchemaVersion(path, newer); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(path)
		if err == nil {
			db.Close()
			t.Fatal("Open accepted a file with a newer schema")
		}
		msg := err.Error()
		for _, want := range []string{strconv.FormatUint(newer, 10), strconv.Itoa(store.SchemaVersion), "newer"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
		// Refusing must leave the file as it was.
		if v, err := store.FileSchemaVersion(path); err != nil || v != newer {
			t.Errorf("after refusal: version %d, %v; want %d", v, err, newer)
		}
	})

	t.Run("ErrNotADatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		if err := os.WriteFile(path, bytes.Repeat([]byte("not bolt "), 1000), 0600); err != nil {
			t.Fatal(err)
		}
		if db, err := store.Open(path); err == nil {
			db.Close()
			t.Fatal("Open accepted a file that is not a database")
		}
	})
}

// Each migration: build a file at the version before it, open (which
// migrates), check what the migration promised.
func TestMigrations(t *testing.T) {
	t.Run("1_CreateTopBuckets", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		if err := store.MigrateFile(path, 0); err != nil {
			t.Fatal(err)
		}
		if names, err := store.FileBuckets(path); err != nil || len(names) != 0 {
			t.Fatalf("version 0 file has buckets %v, %v", names, err)
		}
		if err := store.MigrateFile(path, 1); err != nil {
			t.Fatal(err)
		}
		names, err := store.FileBuckets(path)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(names, []string{"editions", "meta"}) {
			t.Errorf("buckets %v, want [editions meta]", names)
		}
		if v, err := store.FileSchemaVersion(path); err != nil || v != 1 {
			t.Errorf("version %d, %v; want 1", v, err)
		}
	})

	// Version 2 adds the account buckets to a file that holds editions,
	// and leaves the editions as they were.
	t.Run("2_AccountBuckets", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		if err := store.MigrateFile(path, 1); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := db.Import(ctx, exampleDoc(t), false); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if err := store.SetFileSchemaVersion(path, 1); err != nil {
			t.Fatal(err)
		}
		if err := store.MigrateFile(path, 2); err != nil {
			t.Fatal(err)
		}
		// invitation_hashes is migration 4's: Open took the file to the
		// current version before the import.
		names, _ := store.FileBuckets(path)
		if !slices.Equal(names, []string{"editions", "invitation_hashes", "meta", "sessions", "tokens", "users"}) {
			t.Errorf("buckets %v", names)
		}
		db = MustOpenPath(t, path)
		if doc, err := db.Export(ctx, 2019); err != nil || len(doc.Forums) != 83 {
			t.Errorf("the edition after migrating: %v", err)
		}
		if err := db.CreateUser(ctx, kartlaggning.User{Email: "a@x.se", Role: kartlaggning.RoleAdmin}, []byte("h")); err != nil {
			t.Errorf("an account in the migrated file: %v", err)
		}
	})

	// Version 3 gives every edition the change log buckets that version 2
	// made on the first logged write; the entries stored as the domain's
	// LogEntry JSON are still read.
	//
	// testdata/schema2.db.gz was written by the program at schema 2
	// (commit 6fa6c66) with its clock at 2026-11-20 09:00 UTC: 2019
	// imported, then edited, reviewed and published by p@forbundet.se (both
	// log buckets); 2020 created (audit only); 2021 as an edition from
	// before the change log (neither); an admin, a session and a token.
	t.Run("3_AuditBuckets", func(t *testing.T) {
		ctx := context.Background()
		path := gunzipTo(t, "testdata/schema2.db.gz", filepath.Join(t.TempDir(), "kartlaggning.db"))
		if v, err := store.FileSchemaVersion(path); err != nil || v != 2 {
			t.Fatalf("fixture at version %d, %v; want 2", v, err)
		}
		paths, err := store.FileBucketPaths(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"editions/2020/audit_idx", "editions/2021/audit", "editions/2021/audit_idx"} {
			if slices.Contains(paths, p) {
				t.Fatalf("the fixture has %s already", p)
			}
		}
		old, err := store.FileLogValues(path, 2019)
		if err != nil {
			t.Fatal(err)
		}
		if len(old) != 6 || !strings.Contains(old[0], `"seq":1,`) || strings.Contains(old[0], `"v":`) {
			t.Fatalf("the fixture's 2019 log is not LogEntry JSON: %q", old)
		}

		if err := store.MigrateFile(path, 3); err != nil {
			t.Fatal(err)
		}
		if v, err := store.FileSchemaVersion(path); err != nil || v != 3 {
			t.Errorf("version %d, %v; want 3", v, err)
		}
		paths, _ = store.FileBucketPaths(path)
		for _, year := range []string{"2019", "2020", "2021"} {
			for _, b := range []string{"audit", "audit_idx"} {
				if p := "editions/" + year + "/" + b; !slices.Contains(paths, p) {
					t.Errorf("no bucket %s after the migration", p)
				}
			}
		}
		// The old entries stay as they were: reading them is the store's job.
		if values, _ := store.FileLogValues(path, 2019); !slices.Equal(values, old) {
			t.Errorf("the migration changed the stored entries")
		}

		db := MustOpenPath(t, path)
		log, err := db.History(ctx, 2019, kartlaggning.HistoryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		for i, e := range log {
			actions = append(actions, e.Action+" "+e.ID)
			if e.Seq != uint64(len(log)-i) || !e.At.Equal(at) || e.Actor != "p@forbundet.se" {
				t.Errorf("entry %d: seq %d, at %v, actor %q", i, e.Seq, e.At, e.Actor)
			}
		}
		want := []string{"edition ", "update enter", "delete vetlanda", "create vetlanda", "update habo", "import "}
		if !slices.Equal(actions, want) {
			t.Errorf("log %v, want %v", actions, want)
		}
		habo, err := db.History(ctx, 2019, kartlaggning.HistoryFilter{Kind: kartlaggning.Municipalities, ID: "habo"})
		if err != nil || len(habo) != 1 || !slices.Equal(habo[0].Fields, []string{"name"}) ||
			!strings.Contains(string(habo[0].Before), `"Habo"`) || !strings.Contains(string(habo[0].After), `"Habo kommun"`) {
			t.Errorf("habo's history through the index: %+v, %v", habo, err)
		}
		if log, err := db.History(ctx, 2020, kartlaggning.HistoryFilter{}); err != nil || len(log) != 1 || log[0].Action != "edition" {
			t.Errorf("2020's log: %+v, %v", log, err)
		}
		// A new entry after old ones: one log, read in order.
		if _, err := db.Create(ctx, 2020, &kartlaggning.Municipality{ID: "habo", Name: "Habo"}); err != nil {
			t.Fatal(err)
		}
		if log, err := db.History(ctx, 2020, kartlaggning.HistoryFilter{}); err != nil || len(log) != 2 ||
			log[0].Action != "create" || log[0].Seq != 2 || log[1].Action != "edition" || log[1].Seq != 1 || !log[1].At.Equal(at) {
			t.Errorf("2020's log with a new entry after an old one: %+v, %v", log, err)
		}
		if _, err := db.Create(ctx, 2021, &kartlaggning.Municipality{ID: "habo", Name: "Habo"}); err != nil {
			t.Fatalf("a write to the edition that had no log: %v", err)
		}
		if log, err := db.History(ctx, 2021, kartlaggning.HistoryFilter{Kind: kartlaggning.Municipalities, ID: "habo"}); err != nil || len(log) != 1 {
			t.Errorf("2021's log after a write: %+v, %v", log, err)
		}

		ed, _, err := db.Edition(ctx, 2019)
		if err != nil || ed.Status != "published" {
			t.Errorf("2019 after migrating: %+v, %v", ed, err)
		}
		if v, err := db.Get(ctx, 2019, kartlaggning.Units, "enter"); err != nil || v.Entity.(*kartlaggning.Unit).Review.Status != "sent" {
			t.Errorf("enter after migrating: %v", err)
		}
		if doc, err := db.Export(ctx, 2019); err != nil || len(doc.Forums) != 58 || len(doc.Municipalities) != 4 {
			t.Errorf("export after migrating: %v", err)
		}
		if u, hash, err := db.User(ctx, "admin@forbundet.se"); err != nil || u.Role != kartlaggning.RoleAdmin || string(hash) != "hash" {
			t.Errorf("the admin after migrating: %+v %q %v", u, hash, err)
		}
		if _, err := db.Session(ctx, []byte("session"), at.Add(time.Minute), time.Hour); err != nil {
			t.Errorf("the session after migrating: %v", err)
		}
		if tok, err := db.TokenBySecret(ctx, []byte("secret")); err != nil || tok.ID != "t1" {
			t.Errorf("the token after migrating: %+v %v", tok, err)
		}
	})

	// A file at the current version opens without change.
	t.Run("Current", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		if err := store.MigrateFile(path, store.SchemaVersion); err != nil {
			t.Fatal(err)
		}
		db := MustOpenPath(t, path)
		if eds, err := db.Editions(context.Background()); err != nil || len(eds) != 0 {
			t.Errorf("Editions() = %v, %v; want none", eds, err)
		}
	})
}

// gunzipTo unpacks a gzipped fixture to path.
func gunzipTo(tb testing.TB, fixture, path string) string {
	tb.Helper()
	f, err := os.Open(fixture)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0600); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestBackup(t *testing.T) {
	db := MustImportExample(t)
	var buf bytes.Buffer
	var size int64 = -1
	n, err := db.Backup(&buf, func(s int64) { size = s })
	if err != nil {
		t.Fatal(err)
	}
	if n != size || int64(buf.Len()) != n {
		t.Fatalf("announced %d bytes, wrote %d, buffer has %d", size, n, buf.Len())
	}
	path := filepath.Join(t.TempDir(), "restored.db")
	if err := os.WriteFile(path, buf.Bytes(), 0600); err != nil {
		t.Fatal(err)
	}
	restored := MustOpenPath(t, path)
	want, err := db.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	got, err := restored.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustJSON(t, got), mustJSON(t, want)) {
		t.Error("the restored backup exports differently")
	}
}
