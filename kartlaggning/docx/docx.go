// Package docx writes the small subset of Office Open XML word-processing
// documents that the report needs: headings with Word's built-in heading
// styles (so that Word and LibreOffice can build a table of contents from
// them), paragraphs, bulleted items, tables with a header row, PNG
// images, and page breaks. There is no well-kept Go library for writing
// DOCX; this one uses only archive/zip and encoding/xml's escaping, and
// writes its parts in a fixed order so that the same document gives the
// same bytes.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"strings"
	"time"
)

// Document is a document being written. The zero value is not usable;
// call New.
type Document struct {
	title  string
	body   bytes.Buffer
	images [][]byte
	err    error
}

// New starts a document; title is its property (File > Properties).
func New(title string) *Document { return &Document{title: title} }

// Heading adds a heading, level 1 to 4 (Word's "heading 1".."heading 4");
// level 0 is the document's title.
func (d *Document) Heading(level int, text string) {
	style := "Title"
	if level > 0 {
		style = fmt.Sprintf("Heading%d", min(level, 4))
	}
	d.paragraph(style, false, run(text))
}

// Paragraph adds body text. A paragraph whose text has line breaks keeps
// them as breaks within the paragraph.
func (d *Document) Paragraph(text string) { d.paragraph("", false, run(text)) }

// Note adds a paragraph in the muted style the report uses for "not
// answered" and the like.
func (d *Document) Note(text string) { d.paragraph("Note", false, run(text)) }

// Bullet adds one item of a bulleted list.
func (d *Document) Bullet(text string) { d.paragraph("ListBullet", false, run("•\t"+text)) }

// Contents adds Word's table of contents field over headings 1 to 3.
// Word fills it with page numbers when the reader updates fields (it
// asks on opening, settings.xml's updateFields); until then it shows
// placeholder.
func (d *Document) Contents(placeholder string) {
	d.body.WriteString(`<w:p><w:pPr><w:pStyle w:val="Note"/></w:pPr><w:fldSimple w:instr=" TOC \o &quot;1-3&quot; \h \z \u ">`)
	d.body.WriteString(run(placeholder))
	d.body.WriteString(`</w:fldSimple></w:p>`)
}

// PageBreak starts a new page before what follows.
func (d *Document) PageBreak() { d.body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`) }

// Table adds a table whose first row is the header, repeated on each page
// the table spans. Rows shorter than the header are padded.
func (d *Document) Table(caption string, header []string, rows [][]string) {
	if caption != "" {
		d.paragraph("Caption", true, run(caption))
	}
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for range header {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, textWidthTwips/len(header))
	}
	b.WriteString(`</w:tblGrid>`)
	cells := func(row []string, head bool) {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if head {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		for i := range header {
			text := ""
			if i < len(row) {
				text = row[i]
			}
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>`)
			style := "TableText"
			if head {
				style = "TableHead"
			}
			d.paragraph(style, false, run(text))
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	cells(header, true)
	for _, r := range rows {
		cells(r, false)
	}
	b.WriteString(`</w:tbl>`)
	// Word needs a paragraph between two tables, or it merges them.
	d.paragraph("", false, "")
}

// The text width of an A4 page with 2 cm margins: 170 mm, in EMU (English
// Metric Units, 36000 to the millimetre) and in twentieths of a point; a
// picture is at most 225 mm high, so that it and its caption fit the
// page's 257 mm.
const (
	MaxImageWidthMM  = 170
	MaxImageHeightMM = 225
	maxImageWidth    = MaxImageWidthMM * 36000
	maxImageHeight   = MaxImageHeightMM * 36000
	textWidthTwips   = 11906 - 2*1134
)

// Image adds a PNG picture as wide as its pixels at 96 dpi, scaled down to
// the text width and the picture height, with alt text for screen readers.
func (d *Document) Image(pngData []byte, alt string) {
	cfg, err := png.DecodeConfig(bytes.NewReader(pngData))
	if err != nil {
		d.setErr(fmt.Errorf("docx: image %q: %w", alt, err))
		return
	}
	w, h := int64(cfg.Width)*9525, int64(cfg.Height)*9525
	if w > maxImageWidth {
		h = h * maxImageWidth / w
		w = maxImageWidth
	}
	if h > maxImageHeight {
		w = w * maxImageHeight / h
		h = maxImageHeight
	}
	d.images = append(d.images, pngData)
	n := len(d.images)
	fmt.Fprintf(&d.body, `<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="Bild %d" descr="%s"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="image%d.png" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImage%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		w, h, n, n, escape(alt), n, n, escape(alt), n, w, h)
}

func (d *Document) setErr(err error) {
	if d.err == nil {
		d.err = err
	}
}

// run is a run of text; tabs and line breaks become Word's own elements.
func run(text string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<w:r>`)
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if part != "" {
				b.WriteString(`<w:t xml:space="preserve">` + escape(part) + `</w:t>`)
			}
		}
	}
	b.WriteString(`</w:r>`)
	return b.String()
}

func (d *Document) paragraph(style string, keepNext bool, runs string) {
	b := &d.body
	b.WriteString(`<w:p>`)
	if style != "" || keepNext {
		b.WriteString(`<w:pPr>`)
		if style != "" {
			b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
		}
		if keepNext {
			b.WriteString(`<w:keepNext/>`)
		}
		b.WriteString(`</w:pPr>`)
	}
	b.WriteString(runs)
	b.WriteString(`</w:p>`)
}

// escape makes text safe in XML character data and attributes; characters
// XML 1.0 cannot hold at all (most control characters) are dropped, since
// Word refuses a document that has them.
func escape(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF {
			return r
		}
		return -1
	}, s)
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// WriteTo writes the document as a .docx file.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	cw := &countingWriter{w: w}
	z := zip.NewWriter(cw)
	// A fixed time keeps the same document byte-for-byte the same.
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(name string, data []byte) error {
		// PNG is compressed already: deflating it again costs seconds on
		// a large edition's maps and saves nothing.
		method := zip.Deflate
		if strings.HasSuffix(name, ".png") {
			method = zip.Store
		}
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(rootRels)},
		{"docProps/core.xml", []byte(fmt.Sprintf(coreProps, escape(d.title)))},
		{"word/styles.xml", []byte(styles)},
		{"word/settings.xml", []byte(settings)},
		{"word/_rels/document.xml.rels", d.documentRels()},
		{"word/document.xml", []byte(documentStart + d.body.String() + documentEnd)},
	}
	for _, p := range parts {
		if err := add(p.name, p.data); err != nil {
			return cw.n, err
		}
	}
	for i, img := range d.images {
		if err := add(fmt.Sprintf("word/media/image%d.png", i+1), img); err != nil {
			return cw.n, err
		}
	}
	err := z.Close()
	return cw.n, err
}

func (d *Document) documentRels() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	b.WriteString(`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	b.WriteString(`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`)
	for i := range d.images {
		fmt.Fprintf(&b, `<Relationship Id="rIdImage%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%d.png"/>`, i+1, i+1)
	}
	b.WriteString(`</Relationships>`)
	return b.Bytes()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

// settings asks Word to update the fields (the contents) on opening.
const settings = xml.Header + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:updateFields w:val="true"/><w:defaultTabStop w:val="709"/><w:themeFontLang w:val="sv-SE"/></w:settings>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const coreProps = xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title><dc:language>sv-SE</dc:language></cp:coreProperties>`

const documentStart = xml.Header + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
	` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
	` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
	` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
	` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`

// The page: A4 with 2 cm margins (11906 x 16838 twentieths of a point).
const documentEnd = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`

// styles are Word's built-in names ("heading 1", "Title") so that Word's
// own table of contents and navigation pane find the headings; the
// language is Swedish for the spelling checker and hyphenation.
var styles = xml.Header + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri" w:eastAsia="Calibri"/><w:sz w:val="21"/><w:lang w:val="sv-SE"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="2400" w:after="480"/></w:pPr><w:rPr><w:b/><w:sz w:val="52"/></w:rPr></w:style>` +
	heading(1, 36, 480) + heading(2, 30, 360) + heading(3, 26, 280) + heading(4, 22, 200) +
	`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:rPr><w:i/><w:color w:val="4F5A6B"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="360"/></w:tabs><w:spacing w:after="60"/><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:b/><w:sz w:val="19"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="TableHead"><w:name w:val="Table Head"/><w:basedOn w:val="TableText"/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
	`<w:style w:type="table" w:styleId="Table"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="8C96A5"/><w:left w:val="single" w:sz="4" w:space="0" w:color="8C96A5"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="8C96A5"/><w:right w:val="single" w:sz="4" w:space="0" w:color="8C96A5"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="8C96A5"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="8C96A5"/>` +
	`</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

func heading(level, halfPoints, before int) string {
	return fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>`+
		`<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="%d" w:after="120"/><w:outlineLvl w:val="%d"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3A5F"/><w:sz w:val="%d"/></w:rPr></w:style>`,
		level, level, before, level-1, halfPoints)
}
