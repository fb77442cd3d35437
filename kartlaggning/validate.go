package kartlaggning

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/locales/sv"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
)

var (
	slugPattern      = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)
	kommunkodPattern = regexp.MustCompile(`^[0-9]{4}$`)

	// The validator caches struct metadata and is safe for concurrent use,
	// so one instance serves the whole process.
	validate   = newValidator()
	translator ut.Translator
)

// Labels are the Swedish names of the JSON fields, used in messages.
var Labels = map[string]string{
	"format": "Format", "year": "År", "title": "Titel", "federation": "Förbund", "period": "Period",
	"author": "Författare", "status": "Status", "background": "Bakgrund", "purpose": "Syfte",
	"method": "Genomförande och metod", "reflection": "Sammanfattande reflektion",
	"closing": "Avslutande kommentar", "id": "Id", "name": "Namn", "code": "Kommunkod",
	"short": "Förkortning", "kind": "Typ", "municipality": "Kommun", "party": "Part",
	"organisation": "Organisation", "parent": "Överordnad", "description": "Uppdrag",
	"municipalities": "Kommuner", "target_groups": "Målgrupper", "works_well": "Vad fungerar bra idag?",
	"needs_development": "Vad behöver utvecklas?", "wishes": "Önskad samverkan", "text": "Text",
	"unit": "Enhet", "forum": "Forum", "review": "Påseende", "comment": "Kommentar", "at": "Tidpunkt",
	"level": "Nivå", "formal": "Formellt forum", "frequency": "Mötesfrekvens", "min": "Minst antal möten per år",
	"max": "Högst antal möten per år", "held": "Hållna möten", "convener": "Sammankallande",
	"scope": "Omfattning", "agreement": "Överenskommelse", "members": "Deltagare", "role": "Roll",
	"representative": "Representant (befattning)", "note": "Anteckning",
	"email": "E-postadress", "units": "Enheter", "disabled": "Avstängd",
}

// Label returns the Swedish label of the last element of a JSON path.
func Label(path string) string {
	name := path
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	if l, ok := Labels[name]; ok {
		return l
	}
	return name
}

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	must(v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return slugPattern.MatchString(fl.Field().String())
	}))
	must(v.RegisterValidation("kommunkod", func(fl validator.FieldLevel) bool {
		return kommunkodPattern.MatchString(fl.Field().String())
	}))
	v.RegisterStructValidation(func(sl validator.StructLevel) {
		f := sl.Current().Interface().(Frequency)
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			sl.ReportError(f.Max, "max", "Max", "min_le_max", "")
		}
	}, Frequency{})
	v.RegisterStructValidation(func(sl validator.StructLevel) {
		m := sl.Current().Interface().(Member)
		if (m.Unit == "") == (m.Organisation == "") {
			sl.ReportError(m.Unit, "unit", "Unit", "unit_or_organisation", "")
		}
	}, Member{})

	svLocale := sv.New()
	translator, _ = ut.New(svLocale, svLocale).GetTranslator("sv")
	for tag, text := range map[string]string{
		"required":             "{0} måste anges.",
		"email":                "{0} måste vara en giltig e-postadress.",
		"slug":                 "{0} får bara innehålla a–z, 0–9 och bindestreck (1–64 tecken).",
		"kommunkod":            "{0} ska vara fyra siffror (SCB:s kommunkod).",
		"oneof":                "{0} måste vara en av: {1}.",
		"min_le_max":           "{0} får inte vara mindre än minst antal möten per år.",
		"unit_or_organisation": "Ange antingen en enhet eller en organisation (inte båda).",
	} {
		registerTranslation(v, tag, text)
	}
	// datetime is a date or a time, by the layout the tag names.
	must(v.RegisterTranslation("datetime", translator,
		func(t ut.Translator) error {
			if err := t.Add("datetime-date", "{0} ska vara ett datum, t.ex. 2019-03-01.", true); err != nil {
				return err
			}
			return t.Add("datetime-time", "{0} ska vara en tidpunkt enligt RFC 3339, t.ex. 2019-03-01T10:00:00+01:00.", true)
		},
		func(t ut.Translator, fe validator.FieldError) string {
			key := "datetime-time"
			if fe.Param() == "2006-01-02" {
				key = "datetime-date"
			}
			s, _ := t.T(key, Label(fe.Field()))
			return s
		}))
	must(v.RegisterTranslation("len", translator,
		func(t ut.Translator) error {
			if err := t.Add("len-length", "{0} måste ha exakt {1} tecken.", true); err != nil {
				return err
			}
			return t.Add("len-items", "{0} måste ha exakt {1} värden.", true)
		},
		func(t ut.Translator, fe validator.FieldError) string {
			key := "len-items"
			if fe.Kind() == reflect.String {
				key = "len-length"
			}
			s, _ := t.T(key, Label(fe.Field()), fe.Param())
			return s
		}))
	// min and max mean a number's bounds or a text's length.
	registerBound(v, "min", "{0} får inte vara mindre än {1}.", "{0} måste ha minst {1} tecken.")
	registerBound(v, "max", "{0} får inte vara större än {1}.", "{0} får ha högst {1} tecken.")
	for key, text := range textMessages {
		must(translator.Add(key, text, true))
	}
	return v
}

func registerTranslation(v *validator.Validate, tag, text string) {
	must(v.RegisterTranslation(tag, translator,
		func(t ut.Translator) error { return t.Add(tag, text, true) },
		func(t ut.Translator, fe validator.FieldError) string {
			param := strings.Join(strings.Fields(fe.Param()), ", ")
			s, _ := t.T(tag, Label(fe.Field()), param)
			return s
		}))
}

func registerBound(v *validator.Validate, tag, number, length string) {
	must(v.RegisterTranslation(tag, translator,
		func(t ut.Translator) error {
			if err := t.Add(tag+"-number", number, true); err != nil {
				return err
			}
			return t.Add(tag+"-length", length, true)
		},
		func(t ut.Translator, fe validator.FieldError) string {
			key := tag + "-number"
			if fe.Kind() == reflect.String {
				key = tag + "-length"
			}
			s, _ := t.T(key, Label(fe.Field()), fe.Param())
			return s
		}))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Check runs the rules every entity is checked with (the validator's tags,
// with the domain's own tags such as slug, and the text rule) over a
// struct of another domain package, paths prefixed with prefix.
func Check(v any, prefix string) []FieldError { return checkStruct(v, prefix) }

// Invalid is the EINVALID error for the given field problems, nil if none.
func Invalid(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return invalid(fields)
}

// checkStruct runs the validator's tag rules and the text rule over v and
// returns the problems with JSON paths, each prefixed with prefix.
func checkStruct(v any, prefix string) []FieldError {
	out := checkTags(v, prefix)
	var reported map[string]bool
	if len(out) > 0 {
		reported = make(map[string]bool, len(out))
		for _, f := range out {
			reported[f.Path] = true
		}
	}
	var steps [8]textStep // deeper than any entity, so the walk allocates nothing
	w := textWalker{prefix: prefix, reported: reported, out: out, path: steps[:0]}
	w.walk(reflect.ValueOf(v), false)
	return w.out
}

// checkTags runs the validator's tag rules.
func checkTags(v any, prefix string) []FieldError {
	err := validate.Struct(v)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		if err != nil {
			return []FieldError{{Path: strings.TrimSuffix(prefix, "."), Message: err.Error()}}
		}
		return nil
	}
	out := make([]FieldError, 0, len(verrs))
	for _, fe := range verrs {
		// The namespace starts with the Go type name ("Forum.members[0].unit").
		_, path, _ := strings.Cut(fe.Namespace(), ".")
		out = append(out, FieldError{Path: prefix + path, Message: fe.Translate(translator)})
	}
	return out
}

// The text rule applies to every string of every struct that is validated,
// found by reflection rather than by a tag, so that a new field cannot be
// forgotten. A NUL or another control character in a name broke every map
// of an edition (Graphviz cannot parse it, SVG cannot hold it), and a
// noncharacter or broken UTF-8 makes the SVG invalid XML.
//
// multilineFields are the long texts of the data model (the edition's
// Markdown texts, a unit's uppdrag and answers, wishes, comments, notes):
// they alone may hold newlines and tabs. Every other string is one line.
var multilineFields = map[reflect.Type]map[string]bool{
	reflect.TypeFor[Edition](): {"background": true, "purpose": true, "method": true, "reflection": true, "closing": true},
	reflect.TypeFor[Unit]():    {"description": true, "works_well": true, "needs_development": true},
	reflect.TypeFor[Wish]():    {"text": true},
	reflect.TypeFor[Review]():  {"comment": true},
	reflect.TypeFor[Forum]():   {"purpose": true},
	reflect.TypeFor[Member]():  {"note": true},
}

// RegisterMultiline lets another domain package name the long texts of
// one of its types (JSON field names) that may hold newlines and tabs
// under the text rule. Call it from an init function only: the table is
// read without a lock once validation runs.
func RegisterMultiline(t reflect.Type, fields ...string) {
	m := multilineFields[t]
	if m == nil {
		m = make(map[string]bool, len(fields))
		multilineFields[t] = m
	}
	for _, f := range fields {
		m[f] = true
	}
}

// RegisterLabels adds the Swedish labels of another domain package's
// JSON fields. A field name that has a label keeps it, so that no package
// changes the wording of the edition's messages. Call it from an init
// function only, like RegisterMultiline.
func RegisterLabels(labels map[string]string) {
	for k, v := range labels {
		if _, ok := Labels[k]; !ok {
			Labels[k] = v
		}
	}
}

// CheckText applies the text rule to one string that the struct walk does
// not reach (a map value, say); ok is false when s holds a character it
// may not, and the problem names path.
func CheckText(path, s string, multiline bool) (FieldError, bool) {
	key, r := textProblem(s, multiline)
	if key == "" {
		return FieldError{}, true
	}
	msg, _ := translator.T(key, Label(path), fmt.Sprintf("U+%04X", r))
	return FieldError{Path: path, Message: msg}, false
}

// The text rule's messages; {1} is the character as U+XXXX.
var textMessages = map[string]string{
	"text_control":     "{0} innehåller ett otillåtet styrtecken ({1}).",
	"text_linebreak":   "{0} får inte innehålla radbrytningar eller tabbtecken.",
	"text_nonchar":     "{0} innehåller ett otillåtet tecken ({1}), som inte är ett tecken i Unicode.",
	"text_utf8":        "{0} är inte giltig UTF-8-text.",
	"text_replacement": "{0} innehåller ersättningstecknet {1}, ett spår av felaktig teckenkodning: skriv in tecknet som det ska vara.",
}

type textWalker struct {
	prefix   string
	reported map[string]bool // paths whose tag rules failed already
	out      []FieldError
	// path is where the walk is: a field, or an index when name is "".
	// It becomes a string only for a message: most texts are fine.
	path []textStep
}

type textStep struct {
	name  string
	index int
}

func (w *textWalker) walk(v reflect.Value, multiline bool) {
	if len(w.out) >= maxFieldErrors {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem(), multiline)
		}
	case reflect.Struct:
		t := v.Type()
		long := multilineFields[t]
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			w.path = append(w.path, textStep{name: name})
			w.walk(v.Field(i), long[name])
			w.path = w.path[:len(w.path)-1]
		}
	case reflect.Slice, reflect.Array:
		w.path = append(w.path, textStep{})
		for i := 0; i < v.Len(); i++ {
			w.path[len(w.path)-1].index = i
			w.walk(v.Index(i), multiline)
		}
		w.path = w.path[:len(w.path)-1]
	case reflect.String:
		key, r := textProblem(v.String(), multiline)
		if key == "" {
			return
		}
		path := w.pathString()
		if w.reported[w.prefix+path] {
			return
		}
		msg, _ := translator.T(key, Label(path), fmt.Sprintf("U+%04X", r))
		w.out = append(w.out, FieldError{Path: w.prefix + path, Message: msg})
	}
}

func (w *textWalker) pathString() string {
	var b strings.Builder
	for _, s := range w.path {
		if s.name == "" {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
	}
	return b.String()
}

// textProblem returns the message key of the first character that a text
// may not hold, and the character; "" when the text is fine. A multiline
// text may hold newlines (LF, or CR LF as Windows writes them) and tabs.
func textProblem(s string, multiline bool) (string, rune) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f { // the common case: printable ASCII
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return "text_utf8", r
		case r == '\n' || r == '\t' || (r == '\r' && i+1 < len(s) && s[i+1] == '\n'):
			if !multiline {
				return "text_linebreak", r
			}
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return "text_control", r
		case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
			return "text_nonchar", r
		case r == utf8.RuneError:
			return "text_replacement", r
		}
		i += size
	}
	return "", 0
}
