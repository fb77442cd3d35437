package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// A year filled in Excel imports from the command line, all or nothing,
// with errors that name the cell; publish locks it against a replace.
func TestImportXLSX(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	doc.Edition.Status = "draft"
	var buf bytes.Buffer
	if err := exports.WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "2019.xlsx")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	// A broken copy: a level that does not exist.
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Forum", "D3", "hög")
	bad := filepath.Join(dir, "fel.xlsx")
	if err := f.SaveAs(bad); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var out bytes.Buffer
	err = Run(ctx, []string{"import", bad, "--db", db}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "Bladet ”Forum”, rad 3, kolumn D (Nivå): ") {
		t.Fatalf("import of a broken workbook: %v, want the cell named", err)
	}
	if err := Run(ctx, []string{"import", file, "--db", db}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Importerade 2019") || !strings.Contains(out.String(), "83 forum") {
		t.Errorf("import said %q", out.String())
	}
	if err := Run(ctx, []string{"publish", "--year", "2019", "--db", db}, &out, &out); err != nil {
		t.Fatal(err)
	}
	err = Run(ctx, []string{"import", "--replace", file, "--db", db}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "publicerad") {
		t.Errorf("replacing a published edition: %v, want refused", err)
	}
}
