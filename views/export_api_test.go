package views_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Every export the edition's page links to downloads, named after the
// year, with its content type.
func TestExportLinksDownload(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	page := a.get("/editions/2019")
	links := regexp.MustCompile(`href="(/api/v1/editions/2019/export[^"]*)"`).FindAllStringSubmatch(page.HTML, -1)
	if len(links) != 11 {
		t.Fatalf("the edition page links to %d exports, want 11 (xlsx, JSON, GraphML, GEXF, the actors' GraphML, six CSV)", len(links))
	}
	want := map[string]struct{ ctype, file, start string }{
		"/api/v1/editions/2019/export.xlsx":               {xlsxType, "kartlaggning-2019.xlsx", "PK"},
		"/api/v1/editions/2019/export?download=1":         {"application/json", "kartlaggning-2019.json", "{"},
		"/api/v1/editions/2019/export.graphml":            {"application/graphml+xml", "kartlaggning-2019.graphml", "<?xml"},
		"/api/v1/editions/2019/export.gexf":               {"application/gexf+xml", "kartlaggning-2019.gexf", "<?xml"},
		"/api/v1/editions/2019/export.actors.graphml":     {"application/graphml+xml", "kartlaggning-2019-aktorer.graphml", "<?xml"},
		"/api/v1/editions/2019/export/municipalities.csv": {"text/csv", "kartlaggning-2019-kommuner.csv", "\uFEFFId;Namn;Kommunkod\r\n"},
		"/api/v1/editions/2019/export/organisations.csv":  {"text/csv", "kartlaggning-2019-organisationer.csv", "\uFEFFId;"},
		"/api/v1/editions/2019/export/units.csv":          {"text/csv", "kartlaggning-2019-enheter.csv", "\uFEFFId;"},
		"/api/v1/editions/2019/export/wishes.csv":         {"text/csv", "kartlaggning-2019-onskad-samverkan.csv", "\uFEFFEnhet;"},
		"/api/v1/editions/2019/export/forums.csv":         {"text/csv", "kartlaggning-2019-forum.csv", "\uFEFFId;"},
		"/api/v1/editions/2019/export/members.csv":        {"text/csv", "kartlaggning-2019-deltagare.csv", "\uFEFFForum;Enhet;Organisation;Roll"},
	}
	for _, l := range links {
		path := strings.ReplaceAll(l[1], "&amp;", "&")
		w, ok := want[path]
		if !ok {
			t.Errorf("unexpected export link %s", path)
			continue
		}
		r := a.get(path)
		ctype := ""
		rec := httptest.NewRecorder()
		asAdmin(a.srv).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		ctype = rec.Header().Get("Content-Type")
		if r.Status != http.StatusOK || !strings.HasPrefix(ctype, w.ctype) ||
			!strings.Contains(rec.Header().Get("Content-Disposition"), `filename="`+w.file+`"`) || !strings.HasPrefix(r.HTML, w.start) {
			t.Errorf("%s: %d %s %q, starts %.20q", path, r.Status, ctype, rec.Header().Get("Content-Disposition"), r.HTML)
		}
	}
	if r := a.get("/api/v1/editions/2019/export/people.csv"); r.Status != http.StatusNotFound || !strings.Contains(r.HTML, "members.csv") {
		t.Errorf("unknown CSV: %d %s", r.Status, r.HTML)
	}
}

// editedWorkbook downloads the 2019 workbook and edits it as a user would
// in Excel.
func editedWorkbook(t *testing.T, a *app, edit func(f *excelize.File)) []byte {
	t.Helper()
	r := a.get("/api/v1/editions/2019/export.xlsx")
	wantStatus(t, r, http.StatusOK)
	f, err := excelize.OpenReader(strings.NewReader(r.HTML))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAPIImportXLSX(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	data := editedWorkbook(t, a, func(f *excelize.File) {
		f.SetCellValue("Kartläggning", "B2", 2021)
		f.SetCellValue("Forum", "B2", "Beredningsgruppen (ny)")
	})
	rec := do(t, a.srv, "POST", "/api/v1/editions/import", data, "Content-Type", xlsxType)
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"year":2021`) {
		t.Fatalf("import of a workbook: %d %s", rec.Code, rec.Body)
	}
	v, err := a.db.Get(context.Background(), 2021, kartlaggning.Forums, "beredningsgruppen")
	if err != nil || v.Entity.EntityName() != "Beredningsgruppen (ny)" {
		t.Errorf("the edited name did not arrive: %v %v", v.Entity, err)
	}
	// The rest is the 2019 edition, unchanged.
	first, second := exportJSON(t, a.srv, "2019"), exportJSON(t, a.srv, "2021")
	second = bytes.Replace(second, []byte(`"year": 2021`), []byte(`"year": 2019`), 1)
	second = bytes.Replace(second, []byte("Beredningsgruppen (ny)"), []byte("Samordningsförbundet Södra Vätterbygdens beredningsgrupp"), 1)
	if !bytes.Equal(first, second) {
		t.Error("the workbook import changed more than what was edited")
	}

	bad := editedWorkbook(t, a, func(f *excelize.File) {
		f.SetCellValue("Kartläggning", "B2", 2022)
		f.SetCellValue("Forum", "D3", "hög")
		f.SetCellValue("Deltagare", "B3", "finns-inte")
	})
	rec = do(t, a.srv, "POST", "/api/v1/editions/import", bad, "Content-Type", xlsxType)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("import of a broken workbook: %d %s", rec.Code, rec.Body)
	}
	body := decodeError(t, rec)
	paths := map[string]bool{}
	for _, f := range body.Error.Fields {
		paths[f.Path] = true
	}
	if !paths["Bladet ”Forum”, rad 3, kolumn D (Nivå)"] || !paths["Bladet ”Deltagare”, rad 3, kolumn B (Enhet)"] || body.Error.Message != "Arbetsboken innehåller 2 fel." {
		t.Errorf("errors %+v", body.Error)
	}
	if _, _, err := a.db.Edition(context.Background(), 2022); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Error("a broken workbook stored an edition")
	}
	if rec := do(t, a.srv, "POST", "/api/v1/editions/import", []byte("inte en arbetsbok"), "Content-Type", xlsxType); rec.Code != http.StatusBadRequest {
		t.Errorf("import of a file that is no workbook: %d", rec.Code)
	}
}

// The same workbook fills a year from the start page's upload form.
func TestImportXLSXPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	upload := func(name string, data []byte, replace bool) response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
		if replace {
			mw.WriteField("replace", "true")
		}
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/editions/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return a.do(req)
	}
	if !strings.Contains(a.get("/").HTML, ".xlsx") {
		t.Error("the upload form does not offer workbooks")
	}
	data := editedWorkbook(t, a, func(f *excelize.File) { f.SetCellValue("Enheter", "C2", "Integration och arbetsmarknad (ny)") })
	r := a.follow(upload("kartlaggning-2019.xlsx", data, true))
	wantText(t, r, "Kartläggningen för 2019 är importerad.")
	if u, _ := a.unit("mullsjo-integration-arbetsmarknad"); u.Name != "Integration och arbetsmarknad (ny)" {
		t.Errorf("unit name %q after the upload", u.Name)
	}
	bad := editedWorkbook(t, a, func(f *excelize.File) { f.SetCellValue("Forum", "E2", "kanske") })
	r = upload("fel.xlsx", bad, true)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	wantText(t, r, "Arbetsboken innehåller ett fel.", "Bladet ”Forum”, rad 2, kolumn E (Formellt forum): Formellt forum ska vara ja eller nej")
}
