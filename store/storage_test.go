package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

// fsizeChildEnv, when set, makes TestStorageFull/FileTooLarge the child
// that writes under a file size limit; its value is the database path.
const fsizeChildEnv = "KARTLAGGNING_STORE_TEST_FSIZE_DB"

// nothingSaved is the part of every storage message that tells the user
// what became of their input.
const nothingSaved = "Inget av det du skickade har sparats"

// A write the disk refuses is ESTORAGE with a message that says why, and
// leaves the file as it was: bbolt rolls the transaction back. Once the
// disk takes writes again, the same handle writes.
func TestStorageFull(t *testing.T) {
	ctx := context.Background()

	// The file may not grow past its size: the kernel refuses with EFBIG
	// (RLIMIT_FSIZE). The limit binds the whole process, so a child (this
	// test binary run again) writes under it.
	t.Run("FileTooLarge", func(t *testing.T) {
		if path := os.Getenv(fsizeChildEnv); path != "" {
			writeUnderFileSizeLimit(t, path)
			return
		}
		path := filepath.Join(t.TempDir(), "kartlaggning.db")
		before := importExampleAt(t, path)

		cmd := exec.Command(os.Args[0], "-test.run=^TestStorageFull$/^FileTooLarge$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), fsizeChildEnv+"="+path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the child that writes under a file size limit failed: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "--- PASS: TestStorageFull/FileTooLarge") {
			t.Fatalf("the child did not run the test:\n%s", out)
		}

		db := MustOpenPath(t, path)
		if got := mustExport(t, db, 2019); !bytes.Equal(got, before) {
			t.Errorf("2019 changed:\n%s", firstDiff(got, before))
		}
		if _, _, err := db.Edition(ctx, 2020); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
			t.Errorf("the refused import left an edition 2020 behind: %v", err)
		}
		if _, _, err := db.Edition(ctx, 2021); err != nil {
			t.Errorf("the import after the limit was lifted is gone: %v", err)
		}
		checkIndex(t, db, 2019)
	})

	// A small tmpfs filled to the brim: ENOSPC from the page writes.
	t.Run("DiskFull", func(t *testing.T) {
		dir := t.TempDir()
		if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=4m"); err != nil {
			t.Skipf("cannot mount a tmpfs here (%v); FileTooLarge tests a refused write", err)
		}
		t.Cleanup(func() {
			if err := syscall.Unmount(dir, 0); err != nil {
				t.Error(err)
			}
		})
		path := filepath.Join(dir, "kartlaggning.db")
		before := importExampleAt(t, path)
		db := MustOpenPath(t, path)
		filler := filepath.Join(dir, "filler")
		fillDisk(t, filler)

		_, err := db.Import(ctx, exampleYear(t, 2020), false)
		e := wantCode(t, err, kartlaggning.ESTORAGE)
		if !strings.Contains(e.Message, "disken är full") || !strings.Contains(e.Message, nothingSaved) {
			t.Errorf("message %q does not say that the disk is full and nothing was saved", e.Message)
		}
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("error %v does not keep ENOSPC for the log", err)
		}
		if eds, err := db.Editions(ctx); err != nil || len(eds) != 1 {
			t.Errorf("editions after the refused import: %+v, %v", eds, err)
		}
		if got := mustExport(t, db, 2019); !bytes.Equal(got, before) {
			t.Errorf("2019 changed:\n%s", firstDiff(got, before))
		}

		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Import(ctx, exampleYear(t, 2020), false); err != nil {
			t.Fatalf("import once there is room again: %v", err)
		}
	})
}

// writeUnderFileSizeLimit is the child of FileTooLarge.
func writeUnderFileSizeLimit(t *testing.T, path string) {
	ctx := context.Background()
	db := MustOpenPath(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var was syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		t.Fatal(err)
	}
	// Past the limit the kernel sends SIGXFSZ, which kills by default;
	// ignored, the write fails with EFBIG instead.
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: uint64(fi.Size()), Max: was.Max}); err != nil {
		t.Fatal(err)
	}

	_, err = db.Import(ctx, exampleYear(t, 2020), false)
	e := wantCode(t, err, kartlaggning.ESTORAGE)
	if !strings.Contains(e.Message, "databasfilen") || !strings.Contains(e.Message, nothingSaved) {
		t.Errorf("message %q does not say that the file may not grow and nothing was saved", e.Message)
	}
	// The user reads the message; the log gets the cause too.
	if msg := kartlaggning.ErrorMessage(err); msg != e.Message {
		t.Errorf("the user would read %q, want only %q", msg, e.Message)
	}
	if !strings.Contains(err.Error(), "file too large") {
		t.Errorf("error %q lost the cause", err)
	}
	if eds, err := db.Editions(ctx); err != nil || len(eds) != 1 {
		t.Errorf("editions after the refused import: %+v, %v", eds, err)
	}

	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, exampleYear(t, 2021), false); err != nil {
		t.Errorf("import after the limit was lifted: %v", err)
	}
}

// importExampleAt makes a database at path holding the example as a
// draft, closes it and returns its export.
func importExampleAt(tb testing.TB, path string) []byte {
	tb.Helper()
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(context.Background(), exampleYear(tb, 2019), false); err != nil {
		tb.Fatal(err)
	}
	return mustExport(tb, db, 2019)
}

// exampleYear is the example as a draft edition of another year.
func exampleYear(tb testing.TB, year int) *kartlaggning.Document {
	doc := exampleDoc(tb)
	doc.Edition.Year = year
	doc.Edition.Status = "draft"
	return doc
}

// fillDisk writes to path until the file system is full.
func fillDisk(tb testing.TB, path string) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				tb.Fatal(err)
			}
			return
		}
	}
}
