package kartlaggning

import (
	"fmt"
	"strings"
)

// MapFilter narrows a map to the forums of one level, kind or scope, or to
// formal or informal forums. The zero filter keeps everything.
type MapFilter struct {
	Level  string
	Kind   string
	Scope  string
	Formal *bool
}

// ParseMapFilter checks filter values as they come from a query string;
// every bad value is named by its parameter, so a user can fix them all.
func ParseMapFilter(level, kind, scope, formal string) (MapFilter, error) {
	var f MapFilter
	var problems []FieldError
	check := func(param, value string, options []Option, what string, dst *string) {
		if value == "" {
			return
		}
		for _, o := range options {
			if o.Value == value {
				*dst = value
				return
			}
		}
		problems = append(problems, FieldError{Path: param,
			Message: fmt.Sprintf("Okänd %s %q. Välj en av: %s.", what, value, mapOptionValues(options))})
	}
	check("level", level, Levels, "nivå", &f.Level)
	check("kind", kind, ForumKinds, "forumtyp", &f.Kind)
	check("scope", scope, Scopes, "omfattning", &f.Scope)
	switch strings.ToLower(formal) {
	case "":
	case "true", "ja":
		yes := true
		f.Formal = &yes
	case "false", "nej":
		no := false
		f.Formal = &no
	default:
		problems = append(problems, FieldError{Path: "formal",
			Message: fmt.Sprintf("Ogiltigt värde %q: formal ska vara true (formella forum) eller false (informella).", formal)})
	}
	if len(problems) > 0 {
		return MapFilter{}, &Error{Code: EMALFORMED, Message: "Kartans filter är felaktigt.", Fields: problems}
	}
	return f, nil
}

func mapOptionValues(options []Option) string {
	values := make([]string, len(options))
	for i, o := range options {
		values[i] = o.Value
	}
	return strings.Join(values, ", ")
}

// IsZero reports whether the filter keeps every forum.
func (f MapFilter) IsZero() bool {
	return f.Level == "" && f.Kind == "" && f.Scope == "" && f.Formal == nil
}

// Keeps reports whether a forum passes the filter.
func (f MapFilter) Keeps(fo *Forum) bool {
	return (f.Level == "" || fo.Level == f.Level) &&
		(f.Kind == "" || fo.Kind == f.Kind) &&
		(f.Scope == "" || fo.Scope == f.Scope) &&
		(f.Formal == nil || fo.Formal == *f.Formal)
}

// Describe says in Swedish what the filter keeps, "" for the zero filter.
func (f MapFilter) Describe() string {
	var parts []string
	if f.Level != "" {
		parts = append(parts, LevelPhrase(f.Level))
	}
	if f.Kind != "" {
		parts = append(parts, OptionLabel(ForumKinds, f.Kind))
	}
	if f.Scope != "" {
		parts = append(parts, "omfattning: "+strings.ToLower(OptionLabel(Scopes, f.Scope)))
	}
	if f.Formal != nil {
		if *f.Formal {
			parts = append(parts, "formella forum")
		} else {
			parts = append(parts, "informella forum")
		}
	}
	return strings.Join(parts, ", ")
}
