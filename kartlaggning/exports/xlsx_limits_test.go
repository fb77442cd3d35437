package exports_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// memberPart is the Deltagare sheet's part in the workbooks WriteXLSX
// writes (the seventh sheet).
const memberPart = "xl/worksheets/sheet7.xml"

// withSheet returns the example workbook with the Deltagare sheet's XML
// replaced: head, then body repeated n times, then the end of the sheet.
func withSheet(tb testing.TB, head, body string, n int) []byte {
	tb.Helper()
	book := mustXLSX(tb, mustDemo(tb))
	src, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range src.File {
		if f.Name != memberPart {
			if err := zw.Copy(f); err != nil {
				tb.Fatal(err)
			}
			continue
		}
		head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + head
		rawPart(tb, zw, memberPart, head, body, n, `</sheetData></worksheet>`)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// rawPart writes a deflated part of head, body n times and tail. Body is
// compressed once, in a chunk of about 1 MiB so that deflate sees the
// repetition, and the compressed chunk repeated: flushed to a byte
// boundary, the blocks chain into one valid stream. A bomb of hundreds of
// megabytes is built in milliseconds, as an attacker would.
func rawPart(tb testing.TB, zw *zip.Writer, name, head, body string, n int, tail string) {
	tb.Helper()
	block := func(s string, final bool) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write([]byte(s))
		if final {
			fw.Close()
		} else {
			fw.Flush()
		}
		return b.Bytes()
	}
	k := max(1, (1<<20)/len(body))
	chunk := strings.Repeat(body, k)
	var compressed bytes.Buffer
	compressed.Write(block(head, false))
	repeated := block(chunk, false)
	crc := crc32.ChecksumIEEE([]byte(head))
	for range n / k {
		compressed.Write(repeated)
		crc = crc32.Update(crc, crc32.IEEETable, []byte(chunk))
	}
	rest := strings.Repeat(body, n%k)
	compressed.Write(block(rest, false))
	crc = crc32.Update(crc, crc32.IEEETable, []byte(rest))
	compressed.Write(block(tail, true))
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(compressed.Len()),
		UncompressedSize64: uint64(len(head) + n*len(body) + len(tail))})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(compressed.Bytes())
}

const memberHeader = `<row r="1"><c t="inlineStr"><is><t>Forum</t></is></c><c t="inlineStr"><is><t>Enhet</t></is></c></row>`

// memberRow is a row without a number (Excel may leave it out), so that
// every copy is the same and the bomb compresses as well as it can.
const memberRow = `<row><c t="inlineStr"><is><t>arena-mullsjo</t></is></c><c t="inlineStr"><is><t>mullsjo-forsorjningsstod</t></is></c></row>`

// readMeasured reads a workbook and says how long it took and how many
// bytes were allocated meanwhile.
func readMeasured(data []byte) (err error, took time.Duration, allocated uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	began := time.Now()
	_, err = exports.ReadXLSX(bytes.NewReader(data))
	took = time.Since(began)
	runtime.ReadMemStats(&after)
	return err, took, after.TotalAlloc - before.TotalAlloc
}

// fieldMessage returns the workbook error's field messages, one a line.
func fieldMessages(tb testing.TB, err error) string {
	tb.Helper()
	e, ok := kartlaggning.AsError(err)
	if !ok {
		tb.Fatalf("%T %v is not a *kartlaggning.Error", err, err)
	}
	var lines []string
	for _, f := range e.Fields {
		lines = append(lines, f.Path+": "+f.Message)
	}
	return strings.Join(lines, "\n")
}

// A workbook of 2 MB whose Deltagare sheet unpacks to 443 MB is refused
// from its zip directory, before anything is unpacked: at once, with
// little memory, naming the sheet and the limit.
func TestXLSXBomb(t *testing.T) {
	n := 443_000_000 / len(memberRow)
	bomb := withSheet(t, memberHeader, memberRow, n)
	err, took, allocated := readMeasured(bomb)
	t.Logf("a %.1f MB workbook unpacking to %d MB: %v, %d MiB allocated", float64(len(bomb))/1e6, n*len(memberRow)/1e6, took.Round(time.Millisecond), allocated>>20)
	if err == nil {
		t.Fatal("the bomb was read")
	}
	msg := fieldMessages(t, err)
	if !strings.Contains(msg, "Bladet ”Deltagare”") || !strings.Contains(msg, "högst 32 MiB") {
		t.Errorf("the refusal does not name the sheet and the limit:\n%.300s", msg)
	}
	if took > 2*time.Second {
		t.Errorf("refusing the bomb took %v", took)
	}
	if allocated > 32<<20 {
		t.Errorf("refusing the bomb allocated %d MiB, want under 32", allocated>>20)
	}
}

// A sheet small enough to unpack but with more rows or cells than any
// kartläggning has is refused while it is streamed, naming the sheet.
func TestXLSXTooManyRows(t *testing.T) {
	// Rows under a column no one reads: each costs the reader only its
	// parsing, so the limit is what stops them.
	head := `<row r="1"><c t="inlineStr"><is><t>Övrigt</t></is></c></row>`
	err, took, allocated := readMeasured(withSheet(t, head, `<row><c t="inlineStr"><is><t>x</t></is></c></row>`, 250_000))
	t.Logf("250,000 rows: %v, %d MiB allocated", took.Round(time.Millisecond), allocated>>20)
	if msg := fieldMessages(t, err); !strings.Contains(msg, "Bladet ”Deltagare”: Bladet har fler än 200 000 ifyllda rader") {
		t.Errorf("250,000 rows:\n%.300s", msg)
	}
	// Every row reaches column XFD: 16,384 cells a row.
	wide := `<row><c r="A%d" t="inlineStr"><is><t>arena-mullsjo</t></is></c><c r="XFD%[1]d"><v>1</v></c></row>`
	var rows strings.Builder
	for i := 2; i < 100; i++ {
		fmt.Fprintf(&rows, wide, i)
	}
	err, _, _ = readMeasured(withSheet(t, memberHeader, rows.String(), 1))
	if msg := fieldMessages(t, err); !strings.Contains(msg, "Bladet ”Deltagare”: Bladet har fler än 1 000 000 celler") {
		t.Errorf("98 rows of 16,384 cells:\n%.300s", msg)
	}
}

// The whole file is bounded too: many parts that each pass add up.
func TestXLSXTooLargeInTotal(t *testing.T) {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for i := range 3 {
		rawPart(t, zw, fmt.Sprintf("xl/media/image%d.png", i), "", "\x00", 30<<20, "")
	}
	zw.Close()
	err, _, _ := readMeasured(out.Bytes())
	if msg := fieldMessages(t, err); !strings.Contains(msg, "Arbetsboken: Arbetsboken packas upp till 90 MiB; högst 64 MiB läses") {
		t.Errorf("three parts of 30 MiB:\n%.300s", msg)
	}
}
