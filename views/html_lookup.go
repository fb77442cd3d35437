package views

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// edition answers the questions a page asks about the other entities of
// its edition (names, option lists, who refers to whom), loading each
// kind or entity once per request. The first store error is kept in err
// and the handler checks it before rendering, so that the page builders
// read like the page instead of like error handling.
type edition struct {
	ctx    context.Context
	store  kartlaggning.Store
	year   int
	lists  map[kartlaggning.Kind][]kartlaggning.Versioned
	byRef  map[kartlaggning.Ref]kartlaggning.Entity
	absent map[kartlaggning.Ref]bool
	err    error
}

func (s *Server) edition(ctx context.Context, year int) *edition {
	return &edition{ctx: ctx, store: s.Store, year: year, lists: map[kartlaggning.Kind][]kartlaggning.Versioned{},
		byRef: map[kartlaggning.Ref]kartlaggning.Entity{}, absent: map[kartlaggning.Ref]bool{}}
}

func (d *edition) fail(err error) {
	if err != nil && d.err == nil {
		d.err = err
	}
}

// list returns every entity of a kind, in document order.
func (d *edition) list(k kartlaggning.Kind) []kartlaggning.Versioned {
	if l, ok := d.lists[k]; ok {
		return l
	}
	l, err := d.store.List(d.ctx, d.year, k)
	d.fail(err)
	d.lists[k] = l
	for _, v := range l {
		d.byRef[kartlaggning.Ref{Kind: k, ID: v.Entity.EntityID()}] = v.Entity
	}
	return l
}

// get returns one entity, nil if there is none. It reads the single entity
// unless its whole kind is loaded already: a unit's page needs a handful
// of forums, not all of them.
func (d *edition) get(r kartlaggning.Ref) kartlaggning.Entity {
	if e, ok := d.byRef[r]; ok || r.ID == "" || d.absent[r] {
		return e
	}
	if _, loaded := d.lists[r.Kind]; loaded {
		return nil
	}
	v, err := d.store.Get(d.ctx, d.year, r.Kind, r.ID)
	if err != nil {
		if kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
			d.fail(err)
		}
		d.absent[r] = true
		return nil
	}
	d.byRef[r] = v.Entity
	return v.Entity
}

// Exists and Parent make the edition a kartlaggning.Lookup, so that a form
// whose numbers could not be read still gets all its other errors at once.
func (d *edition) Exists(r kartlaggning.Ref) bool { return d.get(r) != nil }

func (d *edition) Parent(r kartlaggning.Ref) string {
	switch e := d.get(r).(type) {
	case *kartlaggning.Unit:
		return e.Parent
	case *kartlaggning.Forum:
		return e.Parent
	}
	return ""
}

func (d *edition) unit(id string) *kartlaggning.Unit {
	u, _ := d.get(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id}).(*kartlaggning.Unit)
	return u
}

func (d *edition) organisation(id string) *kartlaggning.Organisation {
	o, _ := d.get(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: id}).(*kartlaggning.Organisation)
	return o
}

func (d *edition) forum(id string) *kartlaggning.Forum {
	f, _ := d.get(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id}).(*kartlaggning.Forum)
	return f
}

// sorted returns the entities of a kind in Swedish alphabetical order.
func (d *edition) sorted(k kartlaggning.Kind) []kartlaggning.Entity {
	l := d.list(k)
	out := make([]kartlaggning.Entity, len(l))
	labels := make(map[kartlaggning.Entity]string, len(l))
	for i, v := range l {
		out[i] = v.Entity
		labels[v.Entity] = d.label(v.Entity)
	}
	slices.SortStableFunc(out, func(a, b kartlaggning.Entity) int { return compareSwedish(labels[a], labels[b]) })
	return out
}

// label names an entity in a list where names repeat: every kommun has its
// own "Försörjningsstöd", so a unit is named with its organisation.
func (d *edition) label(e kartlaggning.Entity) string {
	if u, ok := e.(*kartlaggning.Unit); ok {
		if org := d.orgName(u.Organisation); org != "" {
			return u.Name + " (" + org + ")"
		}
	}
	return e.EntityName()
}

// orgName is an organisation's short name if it has one.
func (d *edition) orgName(id string) string {
	o := d.organisation(id)
	switch {
	case o == nil:
		return id
	case o.Short != "":
		return o.Short
	}
	return o.Name
}

// options lists the entities of a kind for a select, except one (an
// entity cannot be its own parent).
func (d *edition) options(k kartlaggning.Kind, except string) []kartlaggning.Option {
	var out []kartlaggning.Option
	for _, e := range d.sorted(k) {
		if e.EntityID() != except {
			out = append(out, kartlaggning.Option{Value: e.EntityID(), Label: d.label(e)})
		}
	}
	return out
}

// referrers lists who refers to r (see Store.Referrers).
func (d *edition) referrers(r kartlaggning.Ref) []kartlaggning.Referrer {
	refs, err := d.store.Referrers(d.ctx, d.year, r)
	d.fail(err)
	return refs
}

// referring returns the ids of the entities of kind k that refer to r
// through a field whose path starts with field ("members[" for any seat,
// "parent" for children), each once, in the store's order.
func (d *edition) referring(r kartlaggning.Ref, k kartlaggning.Kind, field string) []string {
	return pickReferrers(d.referrers(r), k, field)
}

func pickReferrers(refs []kartlaggning.Referrer, k kartlaggning.Kind, field string) []string {
	var ids []string
	for _, ref := range refs {
		if ref.Kind == k && strings.HasPrefix(ref.Field, field) && !slices.Contains(ids, ref.ID) {
			ids = append(ids, ref.ID)
		}
	}
	return ids
}

// link is a named reference on a page; Note is said after it in brackets.
// An entity that does not exist is shown by its id, without an address.
type link struct {
	Label string
	URL   string
	Note  string
}

func (l link) plain() link { l.Note = ""; return l }

func (l link) note(n string) link { l.Note = n; return l }

func entityURL(year int, k kartlaggning.Kind, id string) string {
	return joinPath("editions", year, k, id)
}

// link names an entity with its address; a unit carries its organisation.
func (d *edition) link(r kartlaggning.Ref) link {
	e := d.get(r)
	if e == nil {
		return link{Label: r.ID, Note: "saknas"}
	}
	l := link{Label: e.EntityName(), URL: entityURL(d.year, r.Kind, r.ID)}
	if u, ok := e.(*kartlaggning.Unit); ok {
		l.Note = d.orgName(u.Organisation)
	}
	return l
}

// links returns the links of the ids of one kind, in Swedish order.
func (d *edition) links(k kartlaggning.Kind, ids []string) []link {
	out := make([]link, 0, len(ids))
	for _, id := range d.sortIDs(k, ids) {
		out = append(out, d.link(kartlaggning.Ref{Kind: k, ID: id}))
	}
	return out
}

// sortIDs returns the ids of one kind in the Swedish order of their labels.
func (d *edition) sortIDs(k kartlaggning.Kind, ids []string) []string {
	labels := make(map[string]string, len(ids))
	for _, id := range ids {
		if e := d.get(kartlaggning.Ref{Kind: k, ID: id}); e != nil {
			labels[id] = d.label(e)
		} else {
			labels[id] = id
		}
	}
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b string) int { return compareSwedish(labels[a], labels[b]) })
	return out
}

// swedishFold places the letters the way a Swedish reader looks them up:
// å, ä, ö after z (æ and ø with ä and ö), accents on the base letter, ü as y.
var swedishFold = map[rune]rune{
	'å': 'z' + 1, 'ä': 'z' + 2, 'æ': 'z' + 2, 'ö': 'z' + 3, 'ø': 'z' + 3,
	'á': 'a', 'à': 'a', 'â': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ï': 'i', 'ó': 'o', 'ô': 'o', 'ú': 'u', 'ü': 'y', 'ç': 'c', 'ñ': 'n',
}

// compareSwedish orders two names alphabetically in Swedish, case-blind,
// with the exact text as the tie-breaker so that the order is stable.
func compareSwedish(a, b string) int {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	for la != "" && lb != "" {
		ra, na := utf8.DecodeRuneInString(la)
		rb, nb := utf8.DecodeRuneInString(lb)
		la, lb = la[na:], lb[nb:]
		if f, ok := swedishFold[ra]; ok {
			ra = f
		}
		if f, ok := swedishFold[rb]; ok {
			rb = f
		}
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(la) != len(lb):
		if la == "" {
			return -1
		}
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var slugFold = map[rune]rune{
	'å': 'a', 'ä': 'a', 'á': 'a', 'à': 'a', 'â': 'a', 'æ': 'a', 'ö': 'o', 'ø': 'o', 'ó': 'o', 'ô': 'o',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'í': 'i', 'ï': 'i', 'ú': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n',
}

// slugify derives an id from a name: "ARENA Mullsjö" → "arena-mullsjo".
func slugify(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if f, ok := slugFold[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	s := b.String()
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.TrimRight(s, "-")
}
