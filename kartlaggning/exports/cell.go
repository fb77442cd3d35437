package exports

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// cellValue returns what a column shows for a row: a string, an int, or
// nil for an empty cell. Lists are one item per line; booleans ja or nej.
func cellValue(row any, c column) any {
	v, ok := fieldAt(reflect.ValueOf(row), c.Path, false)
	if !ok {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return int(v.Elem().Int())
	case reflect.Int:
		return int(v.Int())
	case reflect.Bool:
		if v.Bool() {
			return "ja"
		}
		return "nej"
	case reflect.Slice:
		return strings.Join(v.Interface().([]string), "\n")
	case reflect.String:
		if v.String() == "" {
			return nil
		}
		return v.String()
	}
	panic("exports: unsupported field " + c.Path)
}

// cellText is cellValue as text, for CSV.
func cellText(row any, c column) string {
	switch v := cellValue(row, c).(type) {
	case nil:
		return ""
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return ""
}

// setCell reads a cell's text into a row. It returns a Swedish message
// when the text cannot be what the column holds; a value that is of the
// right type but breaks a rule is left to the domain's validation.
func setCell(row any, c column, text string) string {
	if strings.TrimSpace(text) == "" {
		return "" // empty: the zero value, and no optional struct appears
	}
	v, _ := fieldAt(reflect.ValueOf(row), c.Path, true)
	label := c.Header
	switch v.Kind() {
	case reflect.Pointer, reflect.Int:
		n, ok := wholeNumber(text)
		if !ok {
			return fmt.Sprintf("%s ska vara ett heltal, t.ex. 4 (cellen innehåller %q).", label, text)
		}
		if v.Kind() == reflect.Int {
			v.SetInt(int64(n))
		} else {
			v.Set(reflect.ValueOf(&n))
		}
	case reflect.Bool:
		b, ok := yesOrNo(text)
		if !ok {
			return fmt.Sprintf("%s ska vara ja eller nej (cellen innehåller %q).", label, text)
		}
		v.SetBool(b)
	case reflect.Slice:
		var items []string
		for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
			if c.ID {
				line = strings.TrimSpace(line)
			}
			if strings.TrimSpace(line) != "" {
				items = append(items, line)
			}
		}
		v.Set(reflect.ValueOf(items))
	case reflect.String:
		switch {
		case c.Options != nil:
			text = optionValue(c.Options, text)
		case c.Kommunkod:
			text = strings.TrimSpace(text)
			if n, err := strconv.Atoi(text); err == nil && n >= 0 && len(text) < 4 {
				text = fmt.Sprintf("%04d", n) // 642 was 0642 before Excel saw it
			}
		case c.ID:
			text = strings.TrimSpace(text)
		}
		v.SetString(text)
	}
	return ""
}

// wholeNumber reads an integer as Excel stores it ("4", or "4.0" from a
// cell formatted as a decimal number).
func wholeNumber(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return 0, false
	}
	return int(f), true
}

// yesOrNo reads the booleans people type, in Swedish or as Excel's own.
func yesOrNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ja", "j", "x", "sant", "true", "1":
		return true, true
	case "nej", "n", "falskt", "false", "0":
		return false, true
	}
	return false, false
}

// optionValue accepts a code or its Swedish label, in any case; anything
// else is kept as typed for the validation to name.
func optionValue(options []kartlaggning.Option, s string) string {
	s = strings.TrimSpace(s)
	for _, o := range options {
		if strings.EqualFold(s, o.Value) || strings.EqualFold(s, o.Label) {
			return o.Value
		}
	}
	return s
}
