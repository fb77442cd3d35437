package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kartlaggning/kartlaggning/store"
)

// runBackup writes a consistent copy of the database to OUT. bbolt's lock
// lets only one process open the file, so this works on a stopped
// service; a running one serves the same copy at GET /api/v1/backup.
func runBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("ange filen att skriva kopian till: kartlaggning backup --db FIL UT")
	}
	out := fs.Arg(0)
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s finns redan; välj ett nytt filnamn så att ingen tidigare kopia skrivs över", out)
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := writeFileAtomically(out, func(w io.Writer) (int64, error) { return db.Backup(w, nil) })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Säkerhetskopian %s är skriven (%d byte).\n", out, n)
	return nil
}

// runRestore replaces the database with a backup. It refuses while a
// service has the file open, and checks that the backup is a database
// this version can open before anything is replaced.
func runRestore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("ange säkerhetskopian: kartlaggning restore KOPIA --db FIL")
	}
	backup := fs.Arg(0)
	// Work on a copy: opening runs migrations, and the backup stays as it was.
	tmp := *dbPath + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		return err
	}
	defer os.Remove(tmp)
	check, err := store.Open(tmp)
	if err != nil {
		return fmt.Errorf("%s är ingen säkerhetskopia som går att läsa: %w", backup, err)
	}
	list, err := check.Editions(ctx)
	check.Close()
	if err != nil {
		return fmt.Errorf("%s går inte att läsa: %w", backup, err)
	}
	if _, err := os.Stat(*dbPath); err == nil {
		// Opening takes the file lock: it fails if a service is running.
		live, err := store.Open(*dbPath)
		if err != nil {
			return fmt.Errorf("återställningen avbröts: %w", err)
		}
		live.Close()
	}
	if err := os.Rename(tmp, *dbPath); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s är återställd från %s (%d kartläggningar).\n", *dbPath, backup, len(list))
	return nil
}

// writeFileAtomically writes through a temporary file in the same folder
// and renames it into place, so a crash never leaves half a copy.
func writeFileAtomically(path string, write func(io.Writer) (int64, error)) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	n, err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		return 0, err
	}
	return n, os.Rename(f.Name(), path)
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = writeFileAtomically(to, func(w io.Writer) (int64, error) { return io.Copy(w, src) })
	return err
}
