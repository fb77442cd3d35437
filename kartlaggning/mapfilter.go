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

// PlaceMatrix answers the edition overview's question — which parties
// work together in which kommun, and how much — as a table instead of a
// drawing of every forum: a row per organisation that no kommun owns (the
// region, the agencies, the förbund …) and one row for each kommun's own
// organisations together, a column per kommun, and in each cell the
// number of forums the filter keeps that serve the kommun and seat the
// row's organisation.
type PlaceMatrix struct {
	Rows    []PlaceRow
	Columns []Ref // the kommuner
	// Cells[i][j] counts the forums of row i in kommun j.
	Cells [][]int
	// Unplaced counts the forums the filter keeps that name no kommun,
	// neither in their scope nor through their members.
	Unplaced int
}

// PlaceRow is an organisation, or (Own) every kommun's own organisations.
type PlaceRow struct {
	Organisation Ref
	Own          bool
}

// PlaceMatrix builds the matrix of the forums f keeps; its rows come in
// the order first met, the views sort them.
func (x *Index) PlaceMatrix(f MapFilter) *PlaceMatrix {
	m := &PlaceMatrix{}
	col := map[string]int{}
	for _, mu := range x.Doc.Municipalities {
		col[mu.ID] = len(m.Columns)
		m.Columns = append(m.Columns, Ref{Kind: Municipalities, ID: mu.ID})
	}
	row := map[string]int{}
	own := -1
	rowOf := func(orgID string) int {
		o := x.Organisations[orgID]
		if o == nil {
			return -1
		}
		if o.Municipality != "" {
			if own < 0 {
				own = len(m.Rows)
				m.Rows = append(m.Rows, PlaceRow{Own: true})
				m.Cells = append(m.Cells, make([]int, len(m.Columns)))
			}
			return own
		}
		if i, ok := row[orgID]; ok {
			return i
		}
		row[orgID] = len(m.Rows)
		m.Rows = append(m.Rows, PlaceRow{Organisation: Ref{Kind: Organisations, ID: orgID}})
		m.Cells = append(m.Cells, make([]int, len(m.Columns)))
		return row[orgID]
	}
	for i := range x.Doc.Forums {
		fo := &x.Doc.Forums[i]
		if !f.Keeps(fo) {
			continue
		}
		places := map[string]bool{}
		for _, id := range fo.Municipalities {
			places[id] = true
		}
		// The organisations seated, and (when the forum names no kommun)
		// the kommuner its members serve.
		orgs := map[string]bool{}
		for _, mb := range fo.Members {
			org := mb.Organisation
			if mb.Unit != "" {
				u := x.Units[mb.Unit]
				if u == nil {
					continue
				}
				org = u.Organisation
				if len(fo.Municipalities) == 0 {
					for _, id := range x.UnitMunicipalities(u) {
						places[id] = true
					}
				}
			} else if o := x.Organisations[org]; o != nil && o.Municipality != "" && len(fo.Municipalities) == 0 {
				places[o.Municipality] = true
			}
			if org != "" {
				orgs[org] = true
			}
		}
		placed := false
		for id := range places {
			j, ok := col[id]
			if !ok {
				continue
			}
			placed = true
			seen := map[int]bool{}
			for org := range orgs {
				o := x.Organisations[org]
				// A kommun's own organisations count in their own kommun's
				// column only: Habo's units in a forum of Habo and Mullsjö
				// are not Mullsjö's own.
				if o == nil || o.Municipality != "" && o.Municipality != id {
					continue
				}
				if r := rowOf(org); r >= 0 && !seen[r] {
					seen[r] = true
					m.Cells[r][j]++
				}
			}
		}
		if !placed {
			m.Unplaced++
		}
	}
	return m
}
