package kartlaggning

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// checkStrict walks JSON that encoding/json has already accepted, beside
// the Go type it decoded into, for what that decoder lets through: a key
// given twice (the last one wins), a key that names a field only when case
// is ignored, and text that is not UTF-8 (bytes, or a lone surrogate
// escape, that it replaces with U+FFFD). Any of them would import as
// something other than what the file says.
//
// It is a plain byte scan rather than a json.Decoder.Token walk: tokens
// allocate, and this pass must not make a 12 MB import noticeably slower.
// Because the syntax is known to be valid, the scan only has to find
// where values begin and end.
func checkStrict(data []byte, t reflect.Type) []FieldError {
	c := jsonChecker{data: data, fields: map[reflect.Type]map[string]reflect.Type{}}
	c.value(t)
	return c.out
}

type jsonChecker struct {
	data []byte
	pos  int
	// path is where the scan is: a key, or an index when key is nil.
	// It becomes a string only for a message.
	path []pathSegment
	// keys holds the keys seen in the objects being scanned, innermost
	// last; each object compares against its own part.
	keys   [][]byte
	fields map[reflect.Type]map[string]reflect.Type
	out    []FieldError
}

type pathSegment struct {
	key   []byte
	index int
}

func (c *jsonChecker) fail(message string) {
	if len(c.out) < maxFieldErrors {
		c.out = append(c.out, FieldError{Path: c.pathString(), Message: message})
	}
}

func (c *jsonChecker) pathString() string {
	var b strings.Builder
	for _, s := range c.path {
		if s.key == nil {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.Write(s.key)
	}
	return b.String()
}

func (c *jsonChecker) space() {
	for c.pos < len(c.data) {
		switch c.data[c.pos] {
		case ' ', '\t', '\n', '\r':
			c.pos++
		default:
			return
		}
	}
}

func (c *jsonChecker) value(t reflect.Type) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	c.space()
	switch c.data[c.pos] {
	case '{':
		c.object(t)
	case '[':
		c.array(t)
	case '"':
		if _, ok, _ := c.str(); !ok {
			c.fail("Texten är inte giltig UTF-8.")
		}
	default: // a number, true, false or null
		for c.pos < len(c.data) {
			switch c.data[c.pos] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				return
			}
			c.pos++
		}
	}
}

func (c *jsonChecker) object(t reflect.Type) {
	var fields map[string]reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = c.fieldsOf(t)
	}
	start := len(c.keys)
	defer func() { c.keys = c.keys[:start] }()
	c.pos++ // {
	for {
		c.space()
		if c.data[c.pos] == '}' {
			c.pos++
			return
		}
		key, ok := c.key()
		c.path = append(c.path, pathSegment{key: key})
		c.space()
		c.pos++ // :
		var ft reflect.Type
		switch {
		case !ok:
			c.fail("Fältnamnet är inte giltig UTF-8.")
		case seen(c.keys[start:], key):
			c.fail("Fältet förekommer två gånger.")
		case fields != nil:
			var known bool
			if ft, known = fields[string(key)]; known {
				c.keys = append(c.keys, key)
			} else {
				// encoding/json matched it to a field without regard to
				// case; a second spelling of a field is a second value.
				c.fail(fmt.Sprintf("Okänt fält %q.", key))
			}
		default:
			c.keys = append(c.keys, key)
		}
		c.value(ft)
		c.path = c.path[:len(c.path)-1]
		c.space()
		if c.data[c.pos] == ',' {
			c.pos++
		}
	}
}

func seen(keys [][]byte, key []byte) bool {
	for _, k := range keys {
		if string(k) == string(key) {
			return true
		}
	}
	return false
}

// key reads an object's key, unescaped; ok is false for broken UTF-8.
func (c *jsonChecker) key() (key []byte, ok bool) {
	start := c.pos
	raw, ok, escaped := c.str()
	if !ok || !escaped {
		return raw, ok
	}
	var s string
	if json.Unmarshal(c.data[start:c.pos], &s) != nil {
		return raw, false
	}
	return []byte(s), true
}

func (c *jsonChecker) array(t reflect.Type) {
	var elem reflect.Type
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		elem = t.Elem()
	}
	c.pos++ // [
	c.path = append(c.path, pathSegment{})
	defer func() { c.path = c.path[:len(c.path)-1] }()
	for i := 0; ; i++ {
		c.space()
		if c.data[c.pos] == ']' {
			c.pos++
			return
		}
		c.path[len(c.path)-1].index = i
		c.value(elem)
		c.space()
		if c.data[c.pos] == ',' {
			c.pos++
		}
	}
}

// str reads a string token and returns its content between the quotes
// (still escaped), whether it is valid UTF-8 once unescaped, and whether
// it holds escapes.
func (c *jsonChecker) str() (raw []byte, ok, escaped bool) {
	d := c.data
	start := c.pos + 1
	// The common case, a string without escapes, with library scans.
	if end := bytes.IndexByte(d[start:], '"'); end >= 0 {
		s := d[start : start+end]
		if bytes.IndexByte(s, '\\') < 0 {
			c.pos = start + end + 1
			return s, utf8.Valid(s), false
		}
	}
	ok = true
	for i := start; ; {
		b := d[i]
		switch {
		case b == '"':
			c.pos = i + 1
			return d[start:i], ok, escaped
		case b == '\\':
			escaped = true
			if d[i+1] != 'u' {
				i += 2
				continue
			}
			r := hex4(d[i+2 : i+6])
			i += 6
			if !utf16.IsSurrogate(r) {
				continue
			}
			// A high surrogate must be followed by a low one.
			if r < 0xdc00 && i+6 <= len(d) && d[i] == '\\' && d[i+1] == 'u' {
				if low := hex4(d[i+2 : i+6]); low >= 0xdc00 && low <= 0xdfff {
					i += 6
					continue
				}
			}
			ok = false
		case b < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				ok = false
			}
			i += size
		}
	}
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

func (c *jsonChecker) fieldsOf(t reflect.Type) map[string]reflect.Type {
	f, ok := c.fields[t]
	if !ok {
		f = jsonFields(t)
		c.fields[t] = f
	}
	return f
}
