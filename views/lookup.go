package views

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The read model: every page reads an edition through a lookup, the
// domain's Index of one revision of the edition together with what pages
// ask of it (labels, sorted lists, who refers to whom, the slow
// analyses). A lookup is built once per revision and shared by all
// requests until the next write, so a page costs a revision check instead
// of reading and decoding the edition from the store.

// snapshots keeps the latest lookup of each edition. Any write gives the
// edition a new revision, which makes the next request build a new one.
type snapshots struct {
	store   kartlaggning.Store
	mu      sync.Mutex
	byYear  map[int]*lookup
	loading map[int]*sync.Mutex // one export per year at a time
}

func newSnapshots(store kartlaggning.Store) *snapshots {
	return &snapshots{store: store, byYear: map[int]*lookup{}, loading: map[int]*sync.Mutex{}}
}

// get returns the lookup of the edition as it is now.
func (c *snapshots) get(ctx context.Context, year int) (*lookup, error) {
	rev, err := c.store.Revision(ctx, year)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if l := c.byYear[year]; l != nil && l.revision == rev {
		c.mu.Unlock()
		return l, nil
	}
	load := c.loading[year]
	if load == nil {
		load = &sync.Mutex{}
		c.loading[year] = load
	}
	c.mu.Unlock()

	// Requests that miss together wait for one export instead of each
	// reading the whole edition.
	load.Lock()
	defer load.Unlock()
	c.mu.Lock()
	if l := c.byYear[year]; l != nil && l.revision >= rev {
		c.mu.Unlock()
		return l, nil
	}
	c.mu.Unlock()
	// A write between Revision and Export makes the lookup newer than
	// rev, never older; the next request sees the new revision and loads.
	doc, err := c.store.Export(ctx, year)
	if err != nil {
		return nil, err
	}
	l := newLookup(year, rev, kartlaggning.NewIndex(doc))
	c.mu.Lock()
	c.byYear[year] = l
	c.mu.Unlock()
	return l, nil
}

// lookup answers the questions a page asks about the entities of one
// revision of an edition. It is shared between requests: nothing in it
// may be changed, and what it computes on demand it computes once.
type lookup struct {
	year     int
	revision uint64
	x        *kartlaggning.Index

	sortedOnce sync.Once
	sorted     map[kartlaggning.Kind][]kartlaggning.Entity // Swedish order of label
	labels     map[kartlaggning.Ref]string

	refsOnce sync.Once
	refs     map[kartlaggning.Ref][]kartlaggning.Referrer

	publicOnce sync.Once
	public     *lookup

	gapsOnce sync.Once
	gaps     map[string]gapSentence

	matrixOnce  sync.Once
	matrix      *kartlaggning.Matrix
	metricsOnce sync.Once
	metrics     []kartlaggning.ActorMetric
}

func newLookup(year int, revision uint64, x *kartlaggning.Index) *lookup {
	return &lookup{year: year, revision: revision, x: x}
}

// forPublic is the lookup without the units' påseende (see edition).
func (d *lookup) forPublic() *lookup {
	d.publicOnce.Do(func() { d.public = newLookup(d.year, d.revision, kartlaggning.NewIndex(d.x.Doc.WithoutReviews())) })
	return d.public
}

// Matrix and Metrics are the analyses too slow to redo on every request
// (the metrics of the national fixture take seconds).
func (d *lookup) Matrix() *kartlaggning.Matrix {
	d.matrixOnce.Do(func() { d.matrix = d.x.Matrix() })
	return d.matrix
}

func (d *lookup) Metrics() []kartlaggning.ActorMetric {
	d.metricsOnce.Do(func() { d.metrics = d.x.Metrics() })
	return d.metrics
}

// list returns every entity of a kind, in document order (a new slice).
func (d *lookup) list(k kartlaggning.Kind) []kartlaggning.Entity { return d.x.Doc.Entities(k) }

// get returns one entity, nil if there is none.
func (d *lookup) get(r kartlaggning.Ref) kartlaggning.Entity {
	switch r.Kind {
	case kartlaggning.Municipalities:
		if m := d.x.Municipalities[r.ID]; m != nil {
			return m
		}
	case kartlaggning.Organisations:
		if o := d.x.Organisations[r.ID]; o != nil {
			return o
		}
	case kartlaggning.Units:
		if u := d.x.Units[r.ID]; u != nil {
			return u
		}
	case kartlaggning.Forums:
		if f := d.x.Forums[r.ID]; f != nil {
			return f
		}
	}
	return nil
}

// Exists and Parent make the lookup a kartlaggning.Lookup, so that a form
// whose numbers could not be read still gets all its other errors at once.
func (d *lookup) Exists(r kartlaggning.Ref) bool { return d.x.Exists(r) }

func (d *lookup) Parent(r kartlaggning.Ref) string { return d.x.Parent(r) }

func (d *lookup) unit(id string) *kartlaggning.Unit { return d.x.Units[id] }

func (d *lookup) organisation(id string) *kartlaggning.Organisation { return d.x.Organisations[id] }

func (d *lookup) forum(id string) *kartlaggning.Forum { return d.x.Forums[id] }

// sortedKind returns the entities of a kind in Swedish alphabetical order
// of their labels. The list is shared: callers must not change it.
func (d *lookup) sortedKind(k kartlaggning.Kind) []kartlaggning.Entity {
	d.sortedOnce.Do(func() {
		d.sorted = map[kartlaggning.Kind][]kartlaggning.Entity{}
		d.labels = map[kartlaggning.Ref]string{}
		for _, kind := range kartlaggning.Kinds {
			list := d.list(kind)
			for _, e := range list {
				d.labels[kartlaggning.Ref{Kind: kind, ID: e.EntityID()}] = d.labelOf(e)
			}
			slices.SortStableFunc(list, func(a, b kartlaggning.Entity) int {
				return compareSwedish(d.labels[kartlaggning.Ref{Kind: kind, ID: a.EntityID()}],
					d.labels[kartlaggning.Ref{Kind: kind, ID: b.EntityID()}])
			})
			d.sorted[kind] = list
		}
	})
	return d.sorted[k]
}

// label names an entity in a list where names repeat: every kommun has its
// own "Försörjningsstöd", so a unit is named with its organisation.
func (d *lookup) label(e kartlaggning.Entity) string {
	d.sortedKind(e.EntityKind())
	if l, ok := d.labels[kartlaggning.Ref{Kind: e.EntityKind(), ID: e.EntityID()}]; ok && d.get(kartlaggning.Ref{Kind: e.EntityKind(), ID: e.EntityID()}) == e {
		return l
	}
	return d.labelOf(e) // an entity from a form, not (yet) the stored one
}

func (d *lookup) labelOf(e kartlaggning.Entity) string {
	if u, ok := e.(*kartlaggning.Unit); ok {
		if org := d.orgName(u.Organisation); org != "" {
			return u.Name + " (" + org + ")"
		}
	}
	return e.EntityName()
}

// orgName is an organisation's short name if it has one.
func (d *lookup) orgName(id string) string {
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
func (d *lookup) options(k kartlaggning.Kind, except string) []kartlaggning.Option {
	var out []kartlaggning.Option
	for _, e := range d.sortedKind(k) {
		if e.EntityID() != except {
			out = append(out, kartlaggning.Option{Value: e.EntityID(), Label: d.label(e)})
		}
	}
	return out
}

// referrers lists who refers to r, one row per field, in the order the
// store gives them (kind, id, field).
func (d *lookup) referrers(r kartlaggning.Ref) []kartlaggning.Referrer {
	d.refsOnce.Do(func() {
		d.refs = map[kartlaggning.Ref][]kartlaggning.Referrer{}
		for _, kind := range kartlaggning.Kinds {
			for _, e := range d.list(kind) {
				for _, fr := range e.Refs() {
					d.refs[fr.To] = append(d.refs[fr.To], kartlaggning.Referrer{Kind: kind, ID: e.EntityID(), Name: e.EntityName(), Field: fr.Path})
				}
			}
		}
		for _, list := range d.refs {
			slices.SortFunc(list, kartlaggning.CompareReferrers)
		}
	})
	return d.refs[r]
}

// referring returns the ids of the entities of kind k that refer to r
// through a field whose path starts with field ("members[" for any seat,
// "parent" for children), each once.
func (d *lookup) referring(r kartlaggning.Ref, k kartlaggning.Kind, field string) []string {
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
func (d *lookup) link(r kartlaggning.Ref) link {
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

func (d *lookup) unitLink(id string) link {
	return d.link(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id})
}

func (d *lookup) organisationLink(id string) link {
	return d.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: id})
}

func (d *lookup) forumLink(id string) link {
	return d.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id})
}

// member names a seat: a unit with its organisation, or a whole
// organisation when the unit is not known.
func (d *lookup) member(r kartlaggning.Ref) link {
	out := d.link(r)
	if r.Kind == kartlaggning.Organisations && out.URL != "" {
		out.Note = "hela organisationen"
	}
	return out
}

// memberKey names a member key of an overlap ("unit:x", "org:af").
func (d *lookup) memberKey(key string) link {
	if id, ok := strings.CutPrefix(key, "unit:"); ok {
		return d.member(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id})
	}
	return d.member(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: strings.TrimPrefix(key, "org:")})
}

// links returns the links of the ids of one kind, in Swedish order.
func (d *lookup) links(k kartlaggning.Kind, ids []string) []link {
	out := make([]link, 0, len(ids))
	for _, id := range d.sortIDs(k, ids) {
		out = append(out, d.link(kartlaggning.Ref{Kind: k, ID: id}))
	}
	return out
}

// sortIDs returns the ids of one kind in the Swedish order of their labels.
func (d *lookup) sortIDs(k kartlaggning.Kind, ids []string) []string {
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

// sortedLinks returns links in Swedish alphabetical order of their labels.
func sortedLinks(list []link) []link {
	slices.SortStableFunc(list, func(a, b link) int { return compareSwedish(a.Label+" "+a.Note, b.Label+" "+b.Note) })
	return list
}

// edition returns the read model of an edition as it is now, as the
// principal of ctx may see it: without the units' påseende for a public
// reader who has not signed in.
func (s *Server) edition(ctx context.Context, year int) (*lookup, error) {
	l, err := s.snapshots.get(ctx, year)
	if err != nil || !kartlaggning.PrincipalOf(ctx).Anonymous() {
		return l, err
	}
	return l.forPublic(), nil
}

// index is edition's Index and revision, for the handlers that draw or
// compare whole editions.
func (s *Server) index(ctx context.Context, year int) (*kartlaggning.Index, uint64, error) {
	l, err := s.edition(ctx, year)
	if err != nil {
		return nil, 0, err
	}
	return l.x, l.revision, nil
}

// Snapshot returns an index of the edition as it is now, and its revision.
// The index is shared: callers must not change it.
func (s *Server) Snapshot(ctx context.Context, year int) (*kartlaggning.Index, uint64, error) {
	l, err := s.snapshots.get(ctx, year)
	if err != nil {
		return nil, 0, err
	}
	return l.x, l.revision, nil
}

// actorLinks names actors (units, or whole organisations) in Swedish
// order, at most limit of them; cut says whether some were left out.
func actorLinks(d *lookup, actors []kartlaggning.Actor, limit int) (out []link, cut bool) {
	for _, a := range actors {
		out = append(out, d.member(a.Ref()))
	}
	sortedLinks(out)
	if len(out) > limit {
		return out[:limit], true
	}
	return out, false
}

// editionOf is edition for the request's :year.
func (s *Server) editionOf(c echo.Context) (*lookup, error) {
	year, err := yearParam(c)
	if err != nil {
		return nil, err
	}
	return s.edition(c.Request().Context(), year)
}

// gapSentence says that a unit never meets a party, and where the
// sentence sorts among the others.
type gapSentence struct {
	text string
	rank int
}

// gapSentences are the sentences of a unit's party gaps, in Swedish
// order. The sentences are made and sorted once per revision: a national
// report has 290 parties for each of its 5,146 units.
func (d *lookup) gapSentences(parties []string) []string {
	d.gapsOnce.Do(func() {
		var all []string
		for _, o := range d.x.Doc.Organisations {
			all = append(all, "Ingen gemensam arena med "+d.organisationLink(o.ID).Label+".")
		}
		slices.SortFunc(all, compareSwedish)
		rank := make(map[string]int, len(all))
		for i, t := range all {
			rank[t] = i
		}
		d.gaps = make(map[string]gapSentence, len(all))
		for _, o := range d.x.Doc.Organisations {
			t := "Ingen gemensam arena med " + d.organisationLink(o.ID).Label + "."
			d.gaps[o.ID] = gapSentence{t, rank[t]}
		}
	})
	out := make([]gapSentence, 0, len(parties))
	for _, id := range parties {
		g, ok := d.gaps[id]
		if !ok { // not an organisation of the edition: named by its id
			g = gapSentence{"Ingen gemensam arena med " + id + ".", len(d.gaps)}
		}
		out = append(out, g)
	}
	slices.SortStableFunc(out, func(a, b gapSentence) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return compareSwedish(a.text, b.text)
	})
	texts := make([]string, len(out))
	for i, g := range out {
		texts[i] = g.text
	}
	return texts
}
