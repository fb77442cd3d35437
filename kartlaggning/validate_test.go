package kartlaggning_test

import (
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
)

func mustDemo(t *testing.T) *kartlaggning.Document {
	t.Helper()
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func ptr(n int) *int { return &n }

// fieldMessage returns the message for path in err, failing if there is none.
func fieldMessage(t *testing.T, err error, path string) string {
	t.Helper()
	e, ok := kartlaggning.AsError(err)
	if !ok {
		t.Fatalf("error %v is not a *kartlaggning.Error", err)
	}
	var paths []string
	for _, f := range e.Fields {
		if f.Path == path {
			return f.Message
		}
		paths = append(paths, f.Path)
	}
	t.Fatalf("no error for %s; got %v", path, paths)
	return ""
}

func TestDemoIsValid(t *testing.T) {
	doc := mustDemo(t)
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	if c := doc.Counts(); c.Units != 31 || c.Forums != 83 || c.Members != 260 {
		t.Errorf("counts %+v", c)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		change   func(d *kartlaggning.Document)
		path     string
		wantText string
	}{
		{"format", func(d *kartlaggning.Document) { d.Format = "v2" }, "format", "kartlaggning/v1"},
		{"year out of range", func(d *kartlaggning.Document) { d.Edition.Year = 1999 }, "edition.year", "mindre än 2000"},
		{"missing title", func(d *kartlaggning.Document) { d.Edition.Title = "" }, "edition.title", "Titel måste anges."},
		{"bad slug", func(d *kartlaggning.Document) { d.Municipalities[0].ID = "Habo" }, "municipalities[0].id", "a–z, 0–9"},
		{"long slug", func(d *kartlaggning.Document) { d.Municipalities[0].ID = strings.Repeat("a", 65) }, "municipalities[0].id", "1–64"},
		{"bad kommunkod", func(d *kartlaggning.Document) { d.Municipalities[1].Code = "642" }, "municipalities[1].code", "fyra siffror"},
		{"bad organisation kind", func(d *kartlaggning.Document) { d.Organisations[0].Kind = "verk" }, "organisations[0].kind", "myndighet"},
		{"duplicate id", func(d *kartlaggning.Document) { d.Units[3].ID = d.Units[1].ID }, "units[3].id", "används redan av units[1]"},
		{"dangling organisation", func(d *kartlaggning.Document) { d.Units[0].Organisation = "okand" }, "units[0].organisation", `ingen organisation med id "okand"`},
		{"dangling forum in wish", func(d *kartlaggning.Document) { d.Units[0].Wishes[0].Forum = "okant" }, "units[0].wishes[0].forum", `inget forum med id "okant"`},
		{"wish without text", func(d *kartlaggning.Document) { d.Units[0].Wishes[1].Text = "" }, "units[0].wishes[1].text", "Text måste anges."},
		{"bad review status", func(d *kartlaggning.Document) {
			d.Units[0].Review = &kartlaggning.Review{Status: "klar"}
		}, "units[0].review.status", "confirmed"},
		{"bad review time", func(d *kartlaggning.Document) {
			d.Units[0].Review = &kartlaggning.Review{Status: "sent", At: "i går"}
		}, "units[0].review.at", "RFC 3339"},
		{"min greater than max", func(d *kartlaggning.Document) {
			d.Forums[0].Frequency = &kartlaggning.Frequency{Min: ptr(8), Max: ptr(2)}
		}, "forums[0].frequency.max", "mindre än minst"},
		{"negative held", func(d *kartlaggning.Document) { d.Forums[0].Held = ptr(-1) }, "forums[0].held", "mindre än 0"},
		{"member with both", func(d *kartlaggning.Document) { d.Forums[0].Members[1].Organisation = "fk" }, "forums[0].members[1].unit", "antingen en enhet eller en organisation"},
		{"member with neither", func(d *kartlaggning.Document) { d.Forums[0].Members[1].Unit = "" }, "forums[0].members[1].unit", "antingen en enhet eller en organisation"},
		{"member twice", func(d *kartlaggning.Document) { d.Forums[0].Members[2] = d.Forums[0].Members[1] }, "forums[0].members[2].unit", "redan deltagare"},
		{"bad role", func(d *kartlaggning.Document) { d.Forums[0].Members[0].Role = "chef" }, "forums[0].members[0].role", "ordforande"},
		{"forum is its own parent", func(d *kartlaggning.Document) { d.Forums[0].Parent = d.Forums[0].ID }, "forums[0].parent", "sig själv"},
		{"unit parent cycle", func(d *kartlaggning.Document) {
			// jonkoping-fs-raslatt lies under jonkoping-forsorjningsstod.
			for i := range d.Units {
				if d.Units[i].ID == "jonkoping-forsorjningsstod" {
					d.Units[i].Parent = "jonkoping-fs-raslatt"
				}
			}
		}, "", "cirkel"},
		{"kontakt without convener", func(d *kartlaggning.Document) {
			d.Forums[0].Kind = "kontakt"
			d.Forums[0].Convener = nil
		}, "forums[0].convener.unit", "sammankallande enhet"},
		{"kontakt convener not a member", func(d *kartlaggning.Document) {
			d.Forums[0].Kind = "kontakt"
			d.Forums[0].Convener = &kartlaggning.Convener{Unit: "enter"}
		}, "forums[0].convener.unit", "också vara deltagare"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustDemo(t)
			tc.change(doc)
			err := doc.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			if kartlaggning.ErrorCode(err) != kartlaggning.EINVALID {
				t.Fatalf("code %s", kartlaggning.ErrorCode(err))
			}
			msg := err.Error()
			if tc.path != "" {
				msg = fieldMessage(t, err, tc.path)
			}
			if !strings.Contains(msg, tc.wantText) {
				t.Errorf("message %q does not say %q", msg, tc.wantText)
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		code       string
		path, text string
	}{
		{"syntax", "{\n  \"format\": kartlaggning\n}", kartlaggning.EMALFORMED, "", "rad 2"},
		{"truncated", `{"format": "kartlaggning/v1", "edition": {`, kartlaggning.EMALFORMED, "", "tar slut"},
		{"trailing data", `{"format": "kartlaggning/v1"} {}`, kartlaggning.EMALFORMED, "", "efter dokumentets slut"},
		{"unknown nested field", `{"forums": [{"id": "a"}, {"id": "b", "members": [{"unit": "x", "seat": 1}]}]}`, kartlaggning.EINVALID, "forums[1].members[0].seat", "Okänt fält"},
		{"string for number", `{"edition": {"year": "2019"}}`, kartlaggning.EINVALID, "edition.year", "heltal"},
		{"fraction for number", `{"forums": [{"frequency": {"min": 1.5}}]}`, kartlaggning.EINVALID, "forums[0].frequency.min", "heltal"},
		{"object for list", `{"units": {"id": "a"}}`, kartlaggning.EINVALID, "units", "en lista"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc kartlaggning.Document
			err := kartlaggning.DecodeJSON([]byte(tc.json), &doc)
			if got := kartlaggning.ErrorCode(err); got != tc.code {
				t.Fatalf("code %q, want %q (%v)", got, tc.code, err)
			}
			msg := err.Error()
			if tc.path != "" {
				msg = fieldMessage(t, err, tc.path)
			}
			if !strings.Contains(msg, tc.text) {
				t.Errorf("message %q does not say %q", msg, tc.text)
			}
		})
	}
}

func TestValidateEntityUsesLookup(t *testing.T) {
	look := lookup{"units/enter": "", "organisations/af": ""}
	f := &kartlaggning.Forum{ID: "f", Name: "F", Kind: "natverk", Level: "operativ",
		Members: []kartlaggning.Member{{Unit: "enter"}, {Organisation: "af"}, {Unit: "borta"}}}
	err := kartlaggning.ValidateEntity(f, look)
	if msg := fieldMessage(t, err, "members[2].unit"); !strings.Contains(msg, `ingen enhet med id "borta"`) {
		t.Errorf("message %q", msg)
	}
	f.Members = f.Members[:2]
	if err := kartlaggning.ValidateEntity(f, look); err != nil {
		t.Errorf("valid forum: %v", err)
	}
}

// lookup is a Lookup over "kind/id" → parent id.
type lookup map[string]string

func (l lookup) Exists(r kartlaggning.Ref) bool   { _, ok := l[r.String()]; return ok }
func (l lookup) Parent(r kartlaggning.Ref) string { return l[r.String()] }
