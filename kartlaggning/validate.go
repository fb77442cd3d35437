package kartlaggning

import (
	"errors"
	"reflect"
	"regexp"
	"strings"

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
		"datetime":             "{0} ska vara en tidpunkt enligt RFC 3339, t.ex. 2019-03-01T10:00:00+01:00.",
		"min_le_max":           "{0} får inte vara mindre än minst antal möten per år.",
		"unit_or_organisation": "Ange antingen en enhet eller en organisation (inte båda).",
	} {
		registerTranslation(v, tag, text)
	}
	// min and max mean a number's bounds or a text's length.
	registerBound(v, "min", "{0} får inte vara mindre än {1}.", "{0} måste ha minst {1} tecken.")
	registerBound(v, "max", "{0} får inte vara större än {1}.", "{0} får ha högst {1} tecken.")
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

// checkStruct runs the validator's tag rules over v and returns the
// problems with JSON paths, each prefixed with prefix.
func checkStruct(v any, prefix string) []FieldError {
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
