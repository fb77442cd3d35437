package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning/docx"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a document with one of everything the writer makes.
func sample(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 400))
	img.Set(3, 3, color.Black)
	var pic bytes.Buffer
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	d := docx.New("Kartläggning av samverkan")
	d.Heading(0, "Kartläggning av samverkan")
	d.Paragraph("Hösten 2018 – Våren 2019")
	d.PageBreak()
	d.Contents("Uppdatera fältet för att se innehållet.")
	d.Heading(1, "4 Resultat")
	d.Heading(2, "4.1 Habo")
	d.Image(pic.Bytes(), "Samverkanskarta för Habo")
	d.Heading(3, "4.1.1 Försörjningsstöd")
	d.Paragraph("Enheten har ansvaret för ekonomiskt bistånd.\nEn rad till, & <tecken> som \"citeras\".")
	d.Heading(4, "Vad fungerar bra idag?")
	d.Note("Inte besvarat.")
	d.Bullet("Ingen gemensam arena med Försäkringskassan.")
	d.Table("Forum där Försörjningsstöd deltar", []string{"Forum", "Nivå", "Deltagare"},
		[][]string{{"ARENA Habo", "Individnivå", "Arbetsförmedlingen, Försäkringskassan"}, {"Kort rad"}})
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func parts(t *testing.T, file []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}

// outline is the document's structure: one line per paragraph (its style
// and text), table row and picture, as Word would show it in outline view.
func outline(t *testing.T, document []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(document))
	var b strings.Builder
	var style, text string
	var inPara bool
	var cells []string
	var inRow bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml is not well-formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "p":
				inPara, style, text = true, "Normal", ""
			case "pStyle":
				style = e.Attr[0].Value
			case "br":
				if len(e.Attr) > 0 && e.Attr[0].Value == "page" {
					b.WriteString("--- page break ---\n")
				} else {
					text += "⏎"
				}
			case "tab":
				text += "→"
			case "tr":
				inRow, cells = true, nil
			case "tblHeader":
				cells = append(cells, "(header)")
			case "docPr":
				for _, a := range e.Attr {
					if a.Name.Local == "descr" {
						fmt.Fprintf(&b, "[picture: %s]\n", a.Value)
					}
				}
			case "extent":
				fmt.Fprintf(&b, "[extent %s x %s EMU]\n", e.Attr[0].Value, e.Attr[1].Value)
			}
		case xml.CharData:
			if inPara {
				text += string(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "p":
				inPara = false
				if inRow {
					cells = append(cells, text)
				} else if text != "" || style != "Normal" {
					fmt.Fprintf(&b, "%s: %s\n", style, text)
				}
			case "tr":
				inRow = false
				fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
			case "tbl":
				b.WriteString("(end of table)\n")
			}
		}
	}
	return b.String()
}

func TestGoldenStructure(t *testing.T) {
	file := sample(t)
	p := parts(t, file)
	var names []string
	for name := range p {
		names = append(names, name)
	}
	got := "parts: " + strings.Join(sortStrings(names), ", ") + "\n" + outline(t, p["word/document.xml"])
	golden := filepath.Join("testdata", "sample.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the structure changed (go test -update to accept):\n--- got\n%s--- want\n%s", got, want)
	}
	for _, name := range []string{"word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels", "docProps/core.xml", "word/settings.xml"} {
		if err := xml.Unmarshal(p[name], new(struct{})); err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
		}
	}
	// Word's table of contents looks for its built-in style names.
	if !bytes.Contains(p["word/styles.xml"], []byte(`<w:name w:val="heading 3"/>`)) {
		t.Error("the headings do not use Word's built-in heading styles")
	}
	if !bytes.Equal(file, sample(t)) {
		t.Error("the same document gives different bytes")
	}
}

func sortStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// TestPandocReadsIt reads the document back with pandoc, an independent
// DOCX reader, as CI does for the report.
func TestPandocReadsIt(t *testing.T) {
	if _, err := exec.LookPath("pandoc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must install pandoc")
		}
		t.Skip("SKIPPED: needs pandoc (apt-get install pandoc)")
	}
	f := filepath.Join(t.TempDir(), "sample.docx")
	if err := os.WriteFile(f, sample(t), 0o644); err != nil {
		t.Fatal(err)
	}
	md, err := exec.Command("pandoc", "-f", "docx", "-t", "markdown", "--wrap=none", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pandoc: %v\n%s", err, md)
	}
	for _, want := range []string{"# 4 Resultat", "## 4.1 Habo", "### 4.1.1 Försörjningsstöd", "#### Vad fungerar bra idag?",
		"Enheten har ansvaret för ekonomiskt bistånd.", "& \\<tecken\\>", "ARENA Habo", "Arbetsförmedlingen, Försäkringskassan",
		"Samverkanskarta för Habo", "Ingen gemensam arena med Försäkringskassan."} {
		if !strings.Contains(string(md), want) {
			t.Errorf("pandoc reads no %q in:\n%s", want, md)
		}
	}
}

func TestBadImage(t *testing.T) {
	d := docx.New("x")
	d.Image([]byte("not a png"), "Karta")
	if _, err := d.WriteTo(io.Discard); err == nil || !strings.Contains(err.Error(), "Karta") {
		t.Errorf("a broken picture gives %v, want an error naming it", err)
	}
}
