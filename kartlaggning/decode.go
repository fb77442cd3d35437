package kartlaggning

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
)

// DecodeJSON decodes data into v (a pointer to a struct of this package)
// and rejects unknown fields, wrong types, trailing data, keys given twice
// and text that is not UTF-8. Errors name the JSON path of the offending
// field.
func DecodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, err := dec.Token(); err != io.EOF {
			return Errorf(EMALFORMED, "Ogiltig JSON: det finns data efter dokumentets slut.")
		}
		if fields := checkStrict(data, reflect.TypeOf(v)); len(fields) > 0 {
			return invalid(fields)
		}
		return nil
	}
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		line, col := position(data, syntax.Offset)
		return Errorf(EMALFORMED, "Ogiltig JSON på rad %d, kolumn %d: %s.", line, col, syntaxReason(syntax))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(EMALFORMED, "Ogiltig JSON: innehållet tar slut för tidigt.")
	}
	// An unknown field or a wrong type: the decoder names neither the
	// index nor all of them, so walk the document again to find each path.
	var raw any
	if json.Unmarshal(data, &raw) != nil {
		return Errorf(EMALFORMED, "Ogiltig JSON.")
	}
	var fields []FieldError
	walk(raw, reflect.TypeOf(v).Elem(), "", &fields)
	if len(fields) == 0 {
		fields = []FieldError{{Path: "", Message: err.Error()}}
	}
	return invalid(fields)
}

func syntaxReason(err *json.SyntaxError) string {
	msg := strings.TrimPrefix(err.Error(), "invalid character ")
	if msg != err.Error() {
		return "oväntat tecken " + strings.Replace(msg, " looking for beginning of value", "", 1)
	}
	return err.Error()
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n') - 1
	return line, col
}

// walk compares a generic JSON value with the Go type it must decode into.
func walk(val any, t reflect.Type, path string, out *[]FieldError) {
	if len(*out) >= maxFieldErrors || val == nil {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	wrong := func(want string) {
		*out = append(*out, FieldError{Path: path, Message: fmt.Sprintf("%s ska vara %s.", Label(path), want)})
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := val.(map[string]any)
		if !ok {
			wrong("ett objekt")
			return
		}
		fields := jsonFields(t)
		for _, key := range sortedKeys(obj) {
			sub := join(path, key)
			ft, ok := fields[key]
			if !ok {
				*out = append(*out, FieldError{Path: sub, Message: fmt.Sprintf("Okänt fält %q.", key)})
				continue
			}
			walk(obj[key], ft, sub, out)
		}
	case reflect.Slice:
		arr, ok := val.([]any)
		if !ok {
			wrong("en lista")
			return
		}
		for i, item := range arr {
			walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.String:
		if _, ok := val.(string); !ok {
			wrong("en text")
		}
	case reflect.Bool:
		if _, ok := val.(bool); !ok {
			wrong("true eller false")
		}
	case reflect.Int, reflect.Int64:
		n, ok := val.(float64)
		if !ok || n != float64(int64(n)) {
			wrong("ett heltal")
		}
	}
}

func jsonFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	return m
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Stable order makes the messages repeatable.
	slices.Sort(keys)
	return keys
}
