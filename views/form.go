package views

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// field is one input of an HTML form. Name is the JSON path of the value
// in the entity ("frequency.min"), so that the store's validation errors
// land beside the right input without a mapping table.
type field struct {
	ID       string
	Name     string
	Label    string
	Hint     string
	Value    string
	Values   []string // checkboxes
	Options  []kartlaggning.Option
	Error    string
	Required bool
	ReadOnly bool
}

// formError is one line of the error summary above a form.
type formError struct {
	ID      string // the input to jump to, "" if none
	Message string
}

// form is the state of an edit form: its fields, the errors, and the
// version the user started from (a hidden input) so that a save can
// detect someone else's change.
type form struct {
	Action  string
	Fields  map[string]*field
	Errors  []formError
	Version int64
}

func newForm(action string) *form { return &form{Action: action, Fields: map[string]*field{}} }

// add declares an input; label defaults to the domain's Swedish label.
func (f *form) add(name, value string, opts ...func(*field)) *field {
	fl := &field{ID: fieldID(name), Name: name, Label: kartlaggning.Label(name), Value: value}
	for _, o := range opts {
		o(fl)
	}
	f.Fields[name] = fl
	return fl
}

func required(fl *field) { fl.Required = true }

func hint(h string) func(*field) { return func(fl *field) { fl.Hint = h } }

func label(l string) func(*field) { return func(fl *field) { fl.Label = l } }

func options(o []kartlaggning.Option) func(*field) { return func(fl *field) { fl.Options = o } }

func values(v []string) func(*field) { return func(fl *field) { fl.Values = v } }

var nonIDChars = regexp.MustCompile(`[^a-z0-9]+`)

func fieldID(name string) string {
	return "f-" + strings.Trim(nonIDChars.ReplaceAllString(name, "-"), "-")
}

var indexPart = regexp.MustCompile(`\[\d+\]$`)

// setErrors puts each error beside its input (a list item's error goes to
// the list's input) and into the summary.
func (f *form) setErrors(err error) bool {
	errs, ok := placeErrors(err, func(path string) (*string, string, bool) {
		fl, ok := f.Fields[path]
		if !ok {
			return nil, "", false
		}
		return &fl.Error, fl.ID, true
	}, true)
	f.Errors = append(f.Errors, errs...)
	return ok
}

// placeErrors turns an EINVALID or ECONFLICT error into the summary above
// a form, putting each field's first message beside its input, which
// slot finds by the error's path (or, for a list item, the list's path).
// An error no input takes names its path when withPath is set. It
// reports false for any other error, which the form does not show.
func placeErrors(err error, slot func(path string) (msg *string, id string, ok bool), withPath bool) ([]formError, bool) {
	e, ok := kartlaggning.AsError(err)
	if !ok || (e.Code != kartlaggning.EINVALID && e.Code != kartlaggning.ECONFLICT) {
		return nil, false
	}
	var out []formError
	if len(e.Fields) == 0 {
		out = append(out, formError{Message: e.Message})
	}
	for _, fe := range e.Fields {
		msg, id, ok := slot(fe.Path)
		if !ok {
			msg, id, ok = slot(indexPart.ReplaceAllString(fe.Path, ""))
		}
		switch {
		case ok:
			if *msg == "" {
				*msg = fe.Message
			}
			out = append(out, formError{ID: id, Message: fe.Message})
		case withPath:
			out = append(out, formError{Message: fe.Path + ": " + fe.Message})
		default:
			out = append(out, formError{Message: fe.Message})
		}
	}
	return out, true
}

// formReader reads typed values from a posted form and collects the
// errors of values that cannot be read at all (a number that is not one).
type formReader struct {
	c      echo.Context
	fields []kartlaggning.FieldError
}

func (r *formReader) text(name string) string { return strings.TrimSpace(r.c.FormValue(name)) }

// raw keeps the text as typed apart from line endings: long texts keep
// their paragraphs and their leading spaces.
func (r *formReader) raw(name string) string {
	return strings.TrimSpace(strings.ReplaceAll(r.c.FormValue(name), "\r\n", "\n"))
}

func (r *formReader) bool(name string) bool { return r.c.FormValue(name) == "true" }

// lines splits a textarea into its non-empty lines.
func (r *formReader) lines(name string) []string {
	var out []string
	for _, l := range strings.Split(r.c.FormValue(name), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// list returns the checked values of a group of checkboxes.
func (r *formReader) list(name string) []string {
	params, _ := r.c.FormParams()
	var out []string
	for _, v := range params[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// int reads an optional whole number; empty means unknown (nil).
func (r *formReader) int(name string) *int {
	s := r.text(name)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.fields = append(r.fields, kartlaggning.FieldError{Path: name,
			Message: fmt.Sprintf("%s ska vara ett heltal, t.ex. 4.", kartlaggning.Label(name))})
		return nil
	}
	return &n
}

// version reads the hidden version input of an edit form.
func (r *formReader) version() int64 {
	v, _ := strconv.ParseInt(r.c.FormValue("_version"), 10, 64)
	return v
}

// err returns the unreadable values as one EINVALID error, or nil.
func (r *formReader) err() error {
	if len(r.fields) == 0 {
		return nil
	}
	return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Uppgifterna innehåller fel.", Fields: r.fields}
}

func itoa(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// formVersion is the version an edit form was opened at. A form without
// one cannot show that it is fresh, so it never matches (the store would
// take version 0 as "overwrite whatever is there").
func formVersion(rd *formReader) int64 {
	if v := rd.version(); v > 0 {
		return v
	}
	return -1
}

// readErrors returns nil if every value of the form could be read. If some
// could not (a number that is not one), the entity is not saved, but it is
// checked anyway so that the user sees every error at once.
func readErrors(rd *formReader, e kartlaggning.Entity, d *lookup) error {
	err := rd.err()
	if err == nil {
		return nil
	}
	read, _ := kartlaggning.AsError(err)
	out := &kartlaggning.Error{Code: kartlaggning.EINVALID, Fields: read.Fields}
	seen := map[string]bool{}
	for _, fe := range read.Fields {
		seen[fe.Path] = true
	}
	if other, ok := kartlaggning.AsError(kartlaggning.ValidateEntity(e, d)); ok {
		for _, fe := range other.Fields {
			if !seen[fe.Path] {
				out.Fields = append(out.Fields, fe)
			}
		}
	}
	out.Message = fmt.Sprintf("Uppgifterna innehåller %d fel.", len(out.Fields))
	return out
}

// withoutField drops the errors of one field from an *kartlaggning.Error.
func withoutField(err error, path string) error {
	e, ok := kartlaggning.AsError(err)
	if !ok {
		return err
	}
	out := *e
	out.Fields = nil
	for _, fe := range e.Fields {
		if fe.Path != path {
			out.Fields = append(out.Fields, fe)
		}
	}
	if len(out.Fields) == 0 && len(e.Fields) > 0 {
		return err
	}
	return &out
}
