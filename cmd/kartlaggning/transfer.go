package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
	"github.com/kartlaggning/kartlaggning/store"
)

func runImport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	replace := fs.Bool("replace", false, "replace an existing edition of the same year")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("ange en fil att importera: kartlaggning import FIL (.json eller .xlsx)")
	}
	doc, err := readDocument(fs.Arg(0))
	if err != nil {
		return describe(err)
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := db.Import(ctx, doc, *replace)
	if kartlaggning.ErrorCode(err) == kartlaggning.ECONFLICT && !*replace {
		// The store's message is written for the web form's checkbox; on
		// the command line the choice is a flag, so name it.
		return fmt.Errorf("Det finns redan en kartläggning för %d. Kör kommandot igen med --replace för att ersätta den.", doc.Edition.Year)
	}
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "Importerade %d: %d kommuner, %d organisationer, %d enheter, %d forum, %d deltagare.\n",
		doc.Edition.Year, counts.Municipalities, counts.Organisations, counts.Units, counts.Forums, counts.Members)
	return nil
}

// readDocument reads a kartlaggning/v1 file, or an Excel workbook (by
// its extension) in the shape the service exports.
func readDocument(path string) (*kartlaggning.Document, error) {
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return exports.ReadXLSX(f)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

func runExport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	year := fs.Int("year", 0, "the edition's year")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *year == 0 {
		return errors.New("ange året: kartlaggning export --year ÅR")
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	doc, err := db.Export(ctx, *year)
	if err != nil {
		return describe(err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// reorder puts flags before positional arguments, so that both
// "import FILE --replace" and "import --replace FILE" work.
func reorder(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--db" || a == "-db":
			flags = append(flags, a)
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
		default:
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

// describe spells out a domain error with every field problem, one per
// line, for the terminal.
func describe(err error) error {
	e, ok := kartlaggning.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	msg := e.Message
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Path, f.Message)
	}
	return errors.New(msg)
}
