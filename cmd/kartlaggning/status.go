package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

// runSetStatus publishes an edition or opens it for changes again: the
// service's buttons, for a file no service has open (a published edition
// refuses import --replace until it is reopened).
func runSetStatus(ctx context.Context, cmd string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	year := fs.Int("year", 0, "the edition's year")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *year == 0 {
		return fmt.Errorf("ange året: kartlaggning %s --year ÅR", cmd)
	}
	status, done := "published", "är publicerad och låst för ändringar"
	if cmd == "reopen" {
		status, done = "draft", "är öppen för ändringar igen"
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.SetEditionStatus(ctx, *year, status, kartlaggning.AnyVersion); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "Kartläggningen för %d %s.\n", *year, done)
	return nil
}
