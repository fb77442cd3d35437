package kartlaggning_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// fullEntities returns one valid value of every kind that is validated,
// with every optional pointer and list filled, so that a walk over it
// reaches every string the kind can hold.
func fullEntities() []any {
	return []any{
		&kartlaggning.Edition{Year: 2019, Title: "T", Federation: "F", Period: "P", Author: "A", Status: "draft",
			Background: "b", Purpose: "p", Method: "m", Reflection: "r", Closing: "c"},
		&kartlaggning.Municipality{ID: "m", Name: "M", Code: "0642"},
		&kartlaggning.Organisation{ID: "o", Name: "O", Short: "S", Kind: "kommun", Municipality: "m", Party: true},
		&kartlaggning.Unit{ID: "u", Organisation: "o", Name: "U", Parent: "p", Description: "d",
			Municipalities: []string{"m"}, TargetGroups: []string{"t"}, WorksWell: "w", NeedsDevelopment: "n",
			Wishes: []kartlaggning.Wish{{Organisation: "o", Unit: "p", Forum: "f", Text: "w"}},
			Review: &kartlaggning.Review{Status: "sent", Comment: "c", At: "2019-03-01T10:00:00+01:00"}},
		&kartlaggning.Forum{ID: "f", Name: "F", Kind: "natverk", Level: "operativ", Formal: true,
			Frequency: &kartlaggning.Frequency{Min: ptr(1), Max: ptr(2), Text: "t"}, Held: ptr(1),
			Convener: &kartlaggning.Convener{Organisation: "o", Unit: "u"}, Scope: "kommun",
			Municipalities: []string{"m"}, TargetGroups: []string{"t"}, Purpose: "p", Parent: "g", Agreement: "a",
			Status: "active", Members: []kartlaggning.Member{{Unit: "u", Role: "ledamot", Representative: "r", Note: "n"}}},
		&kartlaggning.User{Email: "a@example.se", Name: "N", Role: kartlaggning.RoleManager, Units: []string{"u"}},
	}
}

// validateAny runs the validation the store runs for v's kind.
func validateAny(v any) error {
	switch v := v.(type) {
	case *kartlaggning.Edition:
		return kartlaggning.ValidateEdition(*v)
	case *kartlaggning.User:
		return kartlaggning.ValidateUser(*v)
	case kartlaggning.Entity:
		return kartlaggning.ValidateEntity(v, everything{})
	}
	panic(fmt.Sprintf("no validation for %T", v))
}

// everything is a Lookup in which every entity exists and has no parent.
type everything struct{}

func (everything) Exists(kartlaggning.Ref) bool   { return true }
func (everything) Parent(kartlaggning.Ref) string { return "" }

// textSlot is one string of an entity: a field or a list item.
type textSlot struct {
	path  string
	rules string // the field's validate tag
	v     reflect.Value
}

// textSlots walks v by reflection and returns every string in it. It fails
// on an empty list or a nil pointer: the fixture must fill them, or the
// strings inside would go unchecked.
func textSlots(t *testing.T, v reflect.Value, path, rules string) []textSlot {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			t.Fatalf("%s is nil in the fixture: fill it", path)
		}
		return textSlots(t, v.Elem(), path, rules)
	case reflect.Struct:
		var out []textSlot
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			sub := name
			if path != "" {
				sub = path + "." + name
			}
			out = append(out, textSlots(t, v.Field(i), sub, f.Tag.Get("validate"))...)
		}
		return out
	case reflect.Slice:
		if v.Len() == 0 {
			t.Fatalf("%s is empty in the fixture: fill it", path)
		}
		var out []textSlot
		for i := 0; i < v.Len(); i++ {
			out = append(out, textSlots(t, v.Index(i), fmt.Sprintf("%s[%d]", path, i), rules)...)
		}
		return out
	case reflect.String:
		return []textSlot{{path: path, rules: rules, v: v}}
	}
	return nil
}

// formatted reports whether a field has a format of its own (ids, codes,
// enumerations, times, addresses), whose rule reports a bad character
// before the text rule does.
func formatted(rules string) bool {
	for _, r := range []string{"slug", "oneof", "kommunkod", "datetime", "email"} {
		if strings.Contains(rules, r) {
			return true
		}
	}
	return false
}

// multiline are the long texts of the data model, where a reader writes
// paragraphs: they alone may hold newlines and tabs.
var multiline = map[string]bool{
	"Edition.background": true, "Edition.purpose": true, "Edition.method": true, "Edition.reflection": true,
	"Edition.closing": true, "Unit.description": true, "Unit.works_well": true, "Unit.needs_development": true,
	"Unit.wishes[0].text": true, "Unit.review.comment": true, "Forum.purpose": true, "Forum.members[0].note": true,
}

// Every string field of every kind rejects control characters,
// noncharacters and broken UTF-8 with a Swedish message naming the field;
// only the long texts take newlines and tabs.
func TestEveryTextFieldRejectsControlCharacters(t *testing.T) {
	bad := []struct {
		name, text, want string
	}{
		{"NUL", "a\x00b", "styrtecken (U+0000)"},
		{"SOH", "a\x01b", "styrtecken (U+0001)"},
		{"vertical tab", "a\vb", "styrtecken (U+000B)"},
		{"escape", "a\x1b[31mb", "styrtecken (U+001B)"},
		{"DEL", "a\x7fb", "styrtecken (U+007F)"},
		{"C1 NEL", "a\u0085b", "styrtecken (U+0085)"},
		{"C1 CSI", "a\u009bb", "styrtecken (U+009B)"},
		{"lone CR", "a\rb", "styrtecken (U+000D)"},
		{"noncharacter FFFE", "a\uFFFEb", "U+FFFE"},
		{"noncharacter FFFF", "a\uFFFFb", "U+FFFF"},
		{"noncharacter FDD0", "a\uFDD0b", "U+FDD0"},
		{"noncharacter FDEF", "a\uFDEFb", "U+FDEF"},
		{"noncharacter 1FFFE", "a\U0001FFFEb", "U+1FFFE"},
		{"noncharacter 10FFFF", "a\U0010FFFFb", "U+10FFFF"},
		{"invalid UTF-8", "a\xffb", "UTF-8"},
		{"encoded surrogate", "a\xed\xa0\x80b", "UTF-8"},
		{"replacement character", "a\uFFFDb", "U+FFFD"},
	}
	for _, entity := range fullEntities() {
		kind := reflect.TypeOf(entity).Elem().Name()
		if err := validateAny(entity); err != nil {
			t.Fatalf("%s fixture: %v", kind, err)
		}
		for _, slot := range textSlots(t, reflect.ValueOf(entity), "", "") {
			good := slot.v.String()
			check := func(name, text, want string, ok bool) {
				t.Helper()
				slot.v.SetString(text)
				defer slot.v.SetString(good)
				err := validateAny(entity)
				if ok {
					if err != nil {
						t.Errorf("%s.%s %s: %v", kind, slot.path, name, err)
					}
					return
				}
				if kartlaggning.ErrorCode(err) != kartlaggning.EINVALID {
					t.Errorf("%s.%s %s: got %v, want %s", kind, slot.path, name, err, kartlaggning.EINVALID)
					return
				}
				msg := fieldMessage(t, err, slot.path)
				if formatted(slot.rules) {
					return // the format's own message names the field
				}
				if label := kartlaggning.Label(slot.path); !strings.HasPrefix(msg, label+" ") || !strings.Contains(msg, want) {
					t.Errorf("%s.%s %s: message %q, want it to start with %q and say %q", kind, slot.path, name, msg, label, want)
				}
			}
			for _, b := range bad {
				check(b.name, b.text, b.want, false)
			}
			long := multiline[kind+"."+slot.path]
			for _, ws := range []string{"a\nb", "a\tb", "a\r\nb"} {
				check(fmt.Sprintf("%q", ws), ws, "radbrytningar", long && !formatted(slot.rules))
			}
			if !formatted(slot.rules) {
				check("Swedish and symbols", `Åsa & Örjan "\N\G" <b> – €`, "", true)
			}
		}
	}
}

// The import validates the whole document through the same rules: a NUL
// in a wish names its path in the document.
func TestDocumentRejectsControlCharacters(t *testing.T) {
	doc := mustDemo(t)
	doc.Units[0].Wishes[0].Text = "Önskar\x00samverkan"
	doc.Forums[2].Name = "ARENA\x1b"
	err := doc.Validate()
	if msg := fieldMessage(t, err, "units[0].wishes[0].text"); !strings.Contains(msg, "U+0000") {
		t.Errorf("message %q", msg)
	}
	if msg := fieldMessage(t, err, "forums[2].name"); !strings.HasPrefix(msg, "Namn ") {
		t.Errorf("message %q", msg)
	}
}
