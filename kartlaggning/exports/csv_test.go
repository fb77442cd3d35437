package exports_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// readCSV reads a file as Excel would: it must start with the UTF-8 byte
// order mark and use semicolons and CRLF.
func readCSV(t *testing.T, doc *kartlaggning.Document, table string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := exports.WriteCSV(&buf, doc, table); err != nil {
		t.Fatal(err)
	}
	data, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("%s.csv does not start with the UTF-8 byte order mark", table)
	}
	if !bytes.Contains(data, []byte(";")) || !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s.csv is not semicolon-separated with CRLF line ends", table)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s.csv: %v", table, err)
	}
	return records
}

func TestCSV(t *testing.T) {
	doc := mustDemo(t)
	members, wishes := 0, 0
	for _, f := range doc.Forums {
		members += len(f.Members)
	}
	for _, u := range doc.Units {
		wishes += len(u.Wishes)
	}
	rows := map[string]int{"municipalities": len(doc.Municipalities), "organisations": len(doc.Organisations),
		"units": len(doc.Units), "wishes": wishes, "forums": len(doc.Forums), "members": members}
	if got := strings.Join(exports.Sheets(), ","); got != "municipalities,organisations,units,wishes,forums,members" {
		t.Errorf("tables %s", got)
	}
	for _, table := range exports.Sheets() {
		records := readCSV(t, doc, table)
		if len(records)-1 != rows[table] {
			t.Errorf("%s.csv has %d rows, want %d", table, len(records)-1, rows[table])
		}
	}

	forums := readCSV(t, doc, "forums")
	header := strings.Join(forums[0], "|")
	if !strings.HasPrefix(header, "Id|Namn|Typ|Nivå|Formellt forum|Möten per år, minst|Möten per år, högst") {
		t.Errorf("forum header %q", header)
	}
	if r := forums[3]; r[0] != "chefsnatverk-arbete-delaktighet" || r[5] != "6" || r[6] != "8" || r[4] != "ja" {
		t.Errorf("forum row %q", r)
	}
	doc.Units[0].TargetGroups = []string{"unga 16–24", "nyanlända; vuxna"}
	units := readCSV(t, doc, "units")
	if got := units[1][6]; got != "unga 16–24\nnyanlända; vuxna" {
		t.Errorf("target groups %q, want one per line", got)
	}
	if name, ok := exports.CSVFileName("members"); !ok || name != "deltagare" {
		t.Errorf("CSVFileName(members) = %q, %v", name, ok)
	}
}

// A text that Excel would run as a formula is shown as text.
func TestCSVDefusesFormulas(t *testing.T) {
	doc := mustDemo(t)
	doc.Municipalities[0].Name = "=HYPERLINK(\"http://example.com\";\"klicka\")"
	doc.Municipalities[1].Name = "-1+2"
	records := readCSV(t, doc, "municipalities")
	if records[1][1] != "'"+doc.Municipalities[0].Name || records[2][1] != "'-1+2" {
		t.Errorf("formulas not defused: %q %q", records[1][1], records[2][1])
	}
	if records[3][1] != doc.Municipalities[2].Name {
		t.Errorf("an ordinary name changed: %q", records[3][1])
	}
}

func TestCSVUnknownTable(t *testing.T) {
	err := exports.WriteCSV(&bytes.Buffer{}, mustDemo(t), "people")
	if kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND || !strings.Contains(err.Error(), "municipalities") {
		t.Errorf("error %v, want not found listing the tables", err)
	}
}
