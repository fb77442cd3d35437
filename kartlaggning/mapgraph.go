package kartlaggning

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The samverkanskartor as neutral graphs: which nodes, clusters and lines
// a map holds and what they mean. Drawing them (DOT, SVG, links) is the
// views' business, so nothing here knows about Graphviz or URLs.

// MapView names one of the maps.
type MapView string

const (
	MapOverview     MapView = "overview"     // the whole edition
	MapMunicipality MapView = "municipality" // a kommun's units, their forums and partners
	MapUnit         MapView = "unit"         // one unit's ego map
	MapForum        MapView = "forum"        // one forum, its members and its parent
	MapUnits        MapView = "units"        // who meets whom: the actors (units, and organisations seated without a unit)
)

// MapViews lists the views in the order a reader meets them.
var MapViews = []MapView{MapOverview, MapMunicipality, MapUnit, MapForum, MapUnits}

// MapDetailLimit is the number of nodes and lines beyond which the
// overview and the units map show organisations instead of units: past it
// a layout takes seconds and a reader sees only a hairball.
const MapDetailLimit = 600

// MapRequest says which map to build.
type MapRequest struct {
	View MapView
	// ID is the municipality, unit or forum the map is about.
	ID string
	// Municipality narrows the units map to one kommun's units and the
	// units they meet.
	Municipality string
	Filter       MapFilter
	// Wishes draws the wishes as lines (true) or leaves them to the list
	// beside the map (false); nil means the view's default (ShowWishes).
	Wishes *bool
	// MinForums, on a map of organisations, keeps only the lines of pairs
	// that share at least this many forums; 0 lets the map choose
	// (MapGraph.MinForums says what it chose).
	MinForums int
	// Part of Parts, on a kommun's or a unit's map, keeps every Parts-th
	// of its forums from the Part-th (from 0): small multiples of a map too
	// large for a page. Parts 0 or 1 keeps them all.
	Part, Parts int
	// OnlyChanges, on a comparison map, keeps only what changed and its
	// immediate neighbours.
	OnlyChanges bool
}

// ParseMapMinForums reads the minforum parameter: empty or a whole number
// from 1 up.
func ParseMapMinForums(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100000 {
		return 0, &Error{Code: EMALFORMED, Message: "Kartans filter är felaktigt.", Fields: []FieldError{{Path: "minforum",
			Message: fmt.Sprintf("Ogiltigt värde %q: minforum ska vara ett heltal från 1, det minsta antalet gemensamma forum för en linje.", s)}}}
	}
	return n, nil
}

// ShowWishes reports whether the map draws wishes as lines: by default on
// the maps of a kommun and of a unit, whose wishes they are, and not on
// the overviews, where they ran across the whole drawing.
func (r MapRequest) ShowWishes() bool {
	if r.Wishes != nil {
		return *r.Wishes
	}
	return r.View == MapMunicipality || r.View == MapUnit
}

// ParseMapWishes reads the wishes parameter: true/ja, false/nej or empty.
func ParseMapWishes(s string) (*bool, error) {
	switch strings.ToLower(s) {
	case "":
		return nil, nil
	case "true", "ja":
		yes := true
		return &yes, nil
	case "false", "nej":
		no := false
		return &no, nil
	}
	return nil, &Error{Code: EMALFORMED, Message: "Kartans filter är felaktigt.", Fields: []FieldError{{Path: "wishes",
		Message: fmt.Sprintf("Ogiltigt värde %q: wishes ska vara true (visa önskad samverkan i kartan) eller false (dölj den).", s)}}}
}

// MapNodeKind is what a node stands for.
type MapNodeKind string

const (
	MapUnitNode         MapNodeKind = "unit"
	MapOrganisationNode MapNodeKind = "organisation" // a seat held by a whole organisation, or, aggregated, all of it
	MapForumNode        MapNodeKind = "forum"
)

// MapNode is one node. Its identity is its Ref.
type MapNode struct {
	Ref     Ref
	Kind    MapNodeKind
	Label   string
	Tooltip string
	// Cluster is the organisation whose frame holds the node; "" for none.
	Cluster string
	// Focus marks what the map is about: the unit, the municipality's own
	// units and organisation, the forum.
	Focus bool
	// ForumKind, Level and Formal describe a forum node.
	ForumKind string
	Level     string
	Formal    bool
	// Expand, on an aggregated map, is the detailed map of what the node
	// stands for (a kommun's organisation opens the kommun's map).
	Expand *MapRequest
	// Mark and Change, on a comparison map, say whether the node is new
	// or gone since the earlier edition, and why in words.
	Mark   MapMark
	Change string
}

// MapEdgeKind is what a line means.
type MapEdgeKind string

const (
	MapMemberEdge MapEdgeKind = "member" // From sits in the forum To
	MapParentEdge MapEdgeKind = "parent" // forum From lies under forum To
	MapWishEdge   MapEdgeKind = "wish"   // From wants a collaboration with To that does not exist
	MapMeetsEdge  MapEdgeKind = "meets"  // From and To meet in Forums shared forums
)

// MapEdge is one line. Member lines run from the member to the forum.
type MapEdge struct {
	From, To Ref
	Kind     MapEdgeKind
	// Dashed marks an informal forum's seats and wishes.
	Dashed bool
	// Hub marks the convener's seat in a kontakt forum, whose members
	// meet the convener and not each other.
	Hub bool
	// Forums and Meetings weigh a meets line: shared forums, and meetings
	// a year in them (the midpoint of each known frequency); Unknown
	// counts shared forums whose frequency the kartläggning lacks.
	Forums   int
	Meetings float64
	Unknown  int
	Label    string
	Tooltip  string
	// Mark and Change, on a comparison map: see MapNode.
	Mark   MapMark
	Change string
}

// MapCluster is an organisation's frame around its units.
type MapCluster struct {
	Ref     Ref
	Label   string
	Tooltip string
	Mark    MapMark
}

// MapWish is a wish of a unit on the map; Target is zero when the wish
// names no organisation, unit or forum and so cannot be drawn.
type MapWish struct {
	Unit   Ref
	Target Ref
	Text   string
}

// MapGraph is a map's content. Nodes, clusters and edges are in a stable
// order (document order within each kind), so the same data always gives
// the same graph.
type MapGraph struct {
	Request  MapRequest
	Title    string
	Nodes    []MapNode
	Clusters []MapCluster
	Edges    []MapEdge
	Wishes   []MapWish
	// Aggregated is set when organisations stand for their units because
	// the detailed map would pass MapDetailLimit.
	Aggregated bool
	// Compared is set on a comparison map (CompareMap).
	Compared *MapComparison
	// MinForums is the fewest shared forums a line on a map of
	// organisations stands for, when lines were left out (0: none were);
	// MaxForums is the most any pair shares, and AllLines the lines
	// before any were left out.
	MinForums, MaxForums, AllLines int
}

// mapTiesPerNode is how many lines per organisation a map of
// organisations shows by default: with 16 organisations all meeting all,
// 120 lines crossed into a grey disc.
const mapTiesPerNode = 2

// strongest keeps, on a map of organisations, the lines of pairs sharing
// at least MinForums forums, or by default the strongest ties: the fewest
// shared forums that leaves about mapTiesPerNode lines per organisation.
func (b *mapBuilder) strongest() {
	g := b.g
	var counts []int
	for _, e := range g.Edges {
		if e.Kind == MapMeetsEdge {
			counts = append(counts, e.Forums)
			g.MaxForums = max(g.MaxForums, e.Forums)
		}
	}
	g.AllLines = len(counts)
	least := g.Request.MinForums
	if least == 0 {
		if len(counts) <= mapTiesPerNode*len(g.Nodes) {
			return
		}
		sort.Sort(sort.Reverse(sort.IntSlice(counts)))
		least = counts[mapTiesPerNode*len(g.Nodes)-1]
		// Ties at the cut stay, unless they are most of the lines.
		if least == counts[len(counts)-1] {
			least++
		}
	}
	if least <= 1 {
		return
	}
	g.MinForums = least
	kept := g.Edges[:0]
	for _, e := range g.Edges {
		if e.Kind != MapMeetsEdge || e.Forums >= least {
			kept = append(kept, e)
		}
	}
	g.Edges = kept
}

// Node returns the node of r, or nil.
func (g *MapGraph) Node(r Ref) *MapNode {
	for i := range g.Nodes {
		if g.Nodes[i].Ref == r {
			return &g.Nodes[i]
		}
	}
	return nil
}

// Map builds the map a request asks for. Unknown ids are ENOTFOUND.
func (x *Index) Map(req MapRequest) (*MapGraph, error) {
	b := newMapBuilder(x, req)
	switch req.View {
	case MapOverview:
		b.overview()
	case MapMunicipality:
		m := x.Municipalities[req.ID]
		if m == nil {
			return nil, mapNotFound(Municipalities, req.ID)
		}
		b.g.Title = m.Name
		b.municipality(m)
	case MapUnit:
		u := x.Units[req.ID]
		if u == nil {
			return nil, mapNotFound(Units, req.ID)
		}
		b.g.Title = u.Name
		b.ego([]Ref{{Units, u.ID}})
	case MapForum:
		f := x.Forums[req.ID]
		if f == nil {
			return nil, mapNotFound(Forums, req.ID)
		}
		b.g.Title = f.Name
		b.forum(f)
	case MapUnits:
		if req.Municipality != "" {
			m := x.Municipalities[req.Municipality]
			if m == nil {
				return nil, &Error{Code: ENOTFOUND, Message: fmt.Sprintf("Det finns ingen kommun med id %q.", req.Municipality),
					Fields: []FieldError{{Path: "municipality", Message: "Okänd kommun."}}}
			}
			b.g.Title = m.Name
		}
		b.units()
	default:
		return nil, Errorf(ENOTFOUND, "Det finns ingen karta som heter %q.", string(req.View))
	}
	b.finish()
	return b.g, nil
}

func mapNotFound(k Kind, id string) error {
	return Errorf(ENOTFOUND, "Det finns %s med id %q.", k.Words().None, id)
}

type mapBuilder struct {
	x      *Index
	filter MapFilter
	g      *MapGraph
	nodes  map[Ref]int
	edges  map[mapEdgeKey]int
	order  map[Ref]int // document position, for a stable order
	// aggregated draws organisations whatever the size: a comparison
	// draws both editions alike.
	aggregated bool
}

type mapEdgeKey struct {
	from, to Ref
	kind     MapEdgeKind
}

func newMapBuilder(x *Index, req MapRequest) *mapBuilder {
	b := &mapBuilder{x: x, filter: req.Filter, g: &MapGraph{Request: req},
		nodes: map[Ref]int{}, edges: map[mapEdgeKey]int{}, order: map[Ref]int{}}
	d := x.Doc
	for i := range d.Organisations {
		b.order[Ref{Organisations, d.Organisations[i].ID}] = i
	}
	for i := range d.Units {
		b.order[Ref{Units, d.Units[i].ID}] = i
	}
	for i := range d.Forums {
		b.order[Ref{Forums, d.Forums[i].ID}] = i
	}
	return b
}

// node adds the node of r if it is not there yet; ok is false for a
// reference to nothing.
func (b *mapBuilder) node(r Ref) (*MapNode, bool) {
	if i, ok := b.nodes[r]; ok {
		return &b.g.Nodes[i], true
	}
	n := MapNode{Ref: r}
	switch r.Kind {
	case Units:
		u := b.x.Units[r.ID]
		if u == nil {
			return nil, false
		}
		n.Kind, n.Label, n.Tooltip = MapUnitNode, u.Name, b.unitTooltip(u)
	case Organisations:
		o := b.x.Organisations[r.ID]
		if o == nil {
			return nil, false
		}
		n.Kind, n.Label, n.Tooltip = MapOrganisationNode, o.Name, b.organisationTooltip(o)
	case Forums:
		f := b.x.Forums[r.ID]
		if f == nil {
			return nil, false
		}
		n.Kind, n.Label, n.Tooltip = MapForumNode, f.Name, mapForumTooltip(f)
		n.ForumKind, n.Level, n.Formal = f.Kind, f.Level, f.Formal
	default:
		return nil, false
	}
	b.nodes[r] = len(b.g.Nodes)
	b.g.Nodes = append(b.g.Nodes, n)
	return &b.g.Nodes[len(b.g.Nodes)-1], true
}

func (b *mapBuilder) has(r Ref) bool { _, ok := b.nodes[r]; return ok }

func (b *mapBuilder) edge(e MapEdge) *MapEdge {
	k := mapEdgeKey{e.From, e.To, e.Kind}
	if i, ok := b.edges[k]; ok {
		return &b.g.Edges[i]
	}
	b.edges[k] = len(b.g.Edges)
	b.g.Edges = append(b.g.Edges, e)
	return &b.g.Edges[len(b.g.Edges)-1]
}

// seat draws a member's line to a forum; both nodes must exist.
func (b *mapBuilder) seat(f *Forum, r Ref) {
	if _, ok := b.node(r); !ok {
		return
	}
	m := mapMemberOf(f, r)
	tip := b.x.Name(r) + " deltar i " + f.Name
	if m.Role != "" {
		tip += " (" + strings.ToLower(OptionLabel(Roles, m.Role)) + ")"
	}
	hub := f.Kind == "kontakt" && f.Convener != nil && f.Convener.Unit != "" && r == (Ref{Units, f.Convener.Unit})
	if hub {
		tip += ", sammankallande"
	}
	b.edge(MapEdge{From: r, To: Ref{Forums, f.ID}, Kind: MapMemberEdge, Dashed: !f.Formal, Hub: hub, Tooltip: tip})
}

func mapMemberOf(f *Forum, r Ref) Member {
	for _, m := range f.Members {
		if m.Ref() == r {
			return m
		}
	}
	return Member{}
}

// mapSeats returns the forum's distinct members in document order.
func mapSeats(f *Forum) []Ref {
	var out []Ref
	seen := map[Ref]bool{}
	for _, m := range f.Members {
		if r := m.Ref(); r.ID != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// wishes draws the wishes of the given units as lines to what they name
// (the unit if named, else the organisation, else the forum), and lists
// them all, drawn or not.
func (b *mapBuilder) wishes(units []Ref) {
	for _, r := range units {
		u := b.x.Units[r.ID]
		if u == nil {
			continue
		}
		for _, w := range u.Wishes {
			target := mapWishTarget(w)
			if target.Kind == Forums {
				if f := b.x.Forums[target.ID]; f == nil || !b.filter.Keeps(f) {
					target = Ref{}
				}
			}
			b.g.Wishes = append(b.g.Wishes, MapWish{Unit: r, Target: target, Text: w.Text})
			if target.ID == "" || target == r || !b.g.Request.ShowWishes() {
				continue
			}
			if _, ok := b.node(target); !ok {
				continue
			}
			e := b.edge(MapEdge{From: r, To: target, Kind: MapWishEdge, Dashed: true,
				Tooltip: "Önskad samverkan: " + u.Name + " → " + b.x.Name(target)})
			e.Tooltip += " – " + w.Text
		}
	}
}

func mapWishTarget(w Wish) Ref {
	switch {
	case w.Unit != "":
		return Ref{Units, w.Unit}
	case w.Organisation != "":
		return Ref{Organisations, w.Organisation}
	case w.Forum != "":
		return Ref{Forums, w.Forum}
	}
	return Ref{}
}

func (b *mapBuilder) overview() {
	x := b.x
	if b.aggregated || b.detailSize(x.Doc.Forums) > MapDetailLimit {
		b.aggregate(nil, func(Ref) bool { return true })
		return
	}
	for i := range x.Doc.Forums {
		f := &x.Doc.Forums[i]
		if !b.filter.Keeps(f) {
			continue
		}
		b.node(Ref{Forums, f.ID})
		for _, r := range mapSeats(f) {
			b.seat(f, r)
		}
	}
	b.parents()
	var units []Ref
	for i := range x.Doc.Units {
		r := Ref{Units, x.Doc.Units[i].ID}
		// Unfiltered, a unit that meets no one is worth seeing: it is a gap.
		if b.filter.IsZero() {
			b.node(r)
		}
		if b.has(r) {
			units = append(units, r)
		}
	}
	b.wishes(units)
}

// detailSize estimates the nodes and lines of a detailed overview.
func (b *mapBuilder) detailSize(forums []Forum) int {
	n := len(b.x.Doc.Units) + len(b.x.Doc.Organisations)
	for i := range forums {
		if b.filter.Keeps(&forums[i]) {
			n += 1 + len(forums[i].Members)
		}
	}
	return n
}

// parents draws the line from each forum on the map to its parent forum
// when both are there.
func (b *mapBuilder) parents() {
	for i := range b.x.Doc.Forums {
		f := &b.x.Doc.Forums[i]
		child, parent := Ref{Forums, f.ID}, Ref{Forums, f.Parent}
		if f.Parent != "" && b.has(child) && b.has(parent) {
			b.edge(MapEdge{From: child, To: parent, Kind: MapParentEdge,
				Tooltip: f.Name + " ingår i " + b.x.Name(parent)})
		}
	}
}

func (b *mapBuilder) municipality(m *Municipality) {
	var focus []Ref
	for _, u := range b.x.UnitsIn(m.ID) {
		focus = append(focus, Ref{Units, u.ID})
	}
	// The kommun itself, when it sits somewhere as a whole organisation.
	for i := range b.x.Doc.Organisations {
		o := &b.x.Doc.Organisations[i]
		if o.Kind == "kommun" && o.Municipality == m.ID {
			if r := (Ref{Organisations, o.ID}); len(b.x.ForumsOf[r]) > 0 {
				focus = append(focus, r)
			}
		}
	}
	b.ego(focus)
}

// ego draws the focus members, every forum they sit in that passes the
// filter, and the members they meet there (in a kontakt forum a member
// meets only the convener).
func (b *mapBuilder) ego(focus []Ref) {
	isFocus := map[Ref]bool{}
	for _, r := range focus {
		if n, ok := b.node(r); ok {
			n.Focus = true
			isFocus[r] = true
		}
	}
	part := 0
	for i := range b.x.Doc.Forums {
		f := &b.x.Doc.Forums[i]
		if !b.filter.Keeps(f) {
			continue
		}
		members := mapSeats(f)
		var mine []Ref
		for _, r := range members {
			if isFocus[r] {
				mine = append(mine, r)
			}
		}
		if len(mine) == 0 {
			continue
		}
		part++
		if r := b.g.Request; r.Parts > 1 && (part-1)%r.Parts != r.Part {
			continue
		}
		b.node(Ref{Forums, f.ID})
		for _, r := range mine {
			b.seat(f, r)
		}
		for _, other := range members {
			if isFocus[other] {
				continue
			}
			for _, r := range mine {
				if f.Meets(r, other) {
					b.seat(f, other)
					break
				}
			}
		}
	}
	var units []Ref
	for _, r := range focus {
		if r.Kind == Units {
			units = append(units, r)
		}
	}
	b.wishes(units)
	if b.g.Request.Parts > 1 {
		b.dropLoneNodes()
	}
}

// dropLoneNodes leaves out nodes without a line: in one part of a map
// split in small multiples, the units that meet in none of its forums
// belong to another part.
func (b *mapBuilder) dropLoneNodes() {
	linked := map[Ref]bool{}
	for _, e := range b.g.Edges {
		linked[e.From], linked[e.To] = true, true
	}
	kept := b.g.Nodes[:0]
	for _, n := range b.g.Nodes {
		if linked[n.Ref] {
			kept = append(kept, n)
		}
	}
	b.g.Nodes = kept
	b.nodes = map[Ref]int{}
	for i, n := range b.g.Nodes {
		b.nodes[n.Ref] = i
	}
}

func (b *mapBuilder) forum(f *Forum) {
	n, _ := b.node(Ref{Forums, f.ID})
	n.Focus = true
	for _, r := range mapSeats(f) {
		b.seat(f, r)
	}
	if p := b.x.Forums[f.Parent]; p != nil && b.filter.Keeps(p) {
		b.node(Ref{Forums, p.ID})
	}
	for i := range b.x.Doc.Forums {
		if c := &b.x.Doc.Forums[i]; c.Parent == f.ID && b.filter.Keeps(c) {
			b.node(Ref{Forums, c.ID})
		}
	}
	b.parents()
}

// mapMeeting accumulates what two members share.
type mapMeeting struct {
	forums, unknown int
	meetings        float64
}

func (m *mapMeeting) add(f *Forum) {
	m.forums++
	if lo, hi, ok := f.MeetingsPerYear(); ok {
		m.meetings += float64(lo+hi) / 2
	} else {
		m.unknown++
	}
}

func (b *mapBuilder) units() {
	x := b.x
	inScope := func(Ref) bool { return true }
	if m := b.g.Request.Municipality; m != "" {
		// The municipality's actors as in its Network: its units and
		// the organisations seated without a unit that are located in it.
		mine := map[Ref]bool{}
		for _, u := range x.UnitsIn(m) {
			mine[Ref{Units, u.ID}] = true
		}
		for _, o := range x.Doc.Organisations {
			if o.Municipality == m {
				mine[Ref{Organisations, o.ID}] = true
			}
		}
		inScope = func(r Ref) bool { return mine[r] }
	}
	pairs := map[Pair]*mapMeeting{}
	var order []Pair
	for i := range x.Doc.Forums {
		f := &x.Doc.Forums[i]
		if !b.filter.Keeps(f) {
			continue
		}
		// Organisations seated without a unit are actors too: leaving
		// them out hid Arbetsförmedlingen, in 27 forums of the example.
		for _, p := range f.Pairs() {
			if !(inScope(p.A) || inScope(p.B)) {
				continue
			}
			m := pairs[p]
			if m == nil {
				m = &mapMeeting{}
				pairs[p] = m
				order = append(order, p)
			}
			m.add(f)
		}
	}
	// Unfiltered, every unit in scope is drawn, even one that meets no
	// one: that is a gap worth seeing.
	var lone []Ref
	drawn := map[Ref]bool{}
	for p := range pairs {
		drawn[p.A], drawn[p.B] = true, true
	}
	for i := range x.Doc.Units {
		r := Ref{Units, x.Doc.Units[i].ID}
		if inScope(r) && (b.filter.IsZero() || b.g.Request.Municipality != "") {
			lone = append(lone, r)
			drawn[r] = true
		}
	}
	if len(drawn)+len(pairs) > MapDetailLimit {
		if b.g.Request.Municipality == "" || !b.partners(lone, order, pairs, inScope) {
			b.aggregate(inScope, func(Ref) bool { return true })
		}
		return
	}
	for _, r := range lone {
		n, _ := b.node(r)
		n.Focus = b.g.Request.Municipality != ""
	}
	sort.Slice(order, func(i, j int) bool { return b.pairLess(order[i], order[j]) })
	for _, p := range order {
		b.node(p.A)
		b.node(p.B)
		b.edge(mapMeetsEdge(p.A, p.B, pairs[p], b.x.Name(p.A)+" och "+b.x.Name(p.B)))
	}
}

// partners draws a municipality's units one by one and the units they
// meet elsewhere as their organisations, when that is small enough.
func (b *mapBuilder) partners(mine []Ref, order []Pair, pairs map[Pair]*mapMeeting, inScope func(Ref) bool) bool {
	x := b.x
	type key struct{ unit, org Ref }
	grouped := map[key]map[string]bool{} // forums shared with the organisation
	var keys []key
	size := len(mine)
	orgs := map[Ref]bool{}
	for _, p := range order {
		if inScope(p.A) && inScope(p.B) {
			size++
			continue
		}
		unit, other := p.A, p.B
		if !inScope(unit) {
			unit, other = other, unit
		}
		k := key{unit, Ref{Organisations, x.OrganisationOf(other)}}
		if grouped[k] == nil {
			grouped[k] = map[string]bool{}
			keys = append(keys, k)
			size++
		}
		orgs[k.org] = true
		for i := range x.Doc.Forums {
			f := &x.Doc.Forums[i]
			if b.filter.Keeps(f) && f.Meets(unit, other) {
				grouped[k][f.ID] = true
			}
		}
	}
	if size+len(orgs) > MapDetailLimit {
		return false
	}
	b.g.Aggregated = true
	for _, r := range mine {
		n, _ := b.node(r)
		n.Focus = true
	}
	for _, p := range order {
		if inScope(p.A) && inScope(p.B) {
			b.edge(mapMeetsEdge(p.A, p.B, pairs[p], x.Name(p.A)+" och "+x.Name(p.B)))
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if keys[i].unit != keys[j].unit {
			return b.before(keys[i].unit, keys[j].unit)
		}
		return b.before(keys[i].org, keys[j].org)
	})
	for _, k := range keys {
		n, _ := b.node(k.org)
		n.Tooltip = "Enheter i " + n.Label + " som kommunens enheter möter"
		m := &mapMeeting{}
		var ids []string
		for id := range grouped[k] {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			m.add(x.Forums[id])
		}
		b.edge(mapMeetsEdge(k.unit, k.org, m, x.Name(k.unit)+" och enheter i "+x.Name(k.org)))
	}
	return true
}

func mapMeetsEdge(a, b Ref, m *mapMeeting, who string) MapEdge {
	tip := fmt.Sprintf("%s möts i %d forum", who, m.forums)
	if m.meetings > 0 {
		tip += ", cirka " + mapMeetingsText(m.meetings) + " möten per år"
	}
	if m.unknown > 0 {
		tip += fmt.Sprintf(" (mötesfrekvensen okänd för %d)", m.unknown)
	}
	return MapEdge{From: a, To: b, Kind: MapMeetsEdge, Forums: m.forums, Meetings: m.meetings, Unknown: m.unknown,
		Label: fmt.Sprint(m.forums), Tooltip: tip}
}

func mapMeetingsText(v float64) string {
	if v == float64(int(v)) {
		return fmt.Sprint(int(v))
	}
	return strings.Replace(fmt.Sprintf("%.1f", v), ".", ",", 1)
}

func (b *mapBuilder) pairLess(p, q Pair) bool {
	if p.A != q.A {
		return b.before(p.A, q.A)
	}
	return b.before(p.B, q.B)
}

func (b *mapBuilder) before(r, s Ref) bool {
	if r.Kind != s.Kind {
		return mapKindRank(r.Kind) < mapKindRank(s.Kind)
	}
	return b.order[r] < b.order[s]
}

func mapKindRank(k Kind) int {
	switch k {
	case Units:
		return 0
	case Organisations:
		return 1
	}
	return 2
}

// aggregate draws organisations instead of their units: a line between
// two organisations whose members (counted if counts says so) meet in a
// forum; with inScope, only meetings that involve a unit in scope.
func (b *mapBuilder) aggregate(inScope, counts func(Ref) bool) {
	x := b.x
	b.g.Aggregated = true
	orgOf := func(r Ref) Ref { return Ref{Organisations, x.OrganisationOf(r)} }
	pairs := map[Pair]*mapMeeting{}
	var order []Pair
	units := map[string]int{}
	for i := range x.Doc.Forums {
		f := &x.Doc.Forums[i]
		if !b.filter.Keeps(f) {
			continue
		}
		seen := map[Pair]bool{}
		for _, p := range f.Pairs() {
			if !counts(p.A) || !counts(p.B) || inScope != nil && !inScope(p.A) && !inScope(p.B) {
				continue
			}
			a, c := orgOf(p.A), orgOf(p.B)
			if a == c || a.ID == "" || c.ID == "" {
				continue
			}
			q := makePair(a, c)
			if b.before(q.B, q.A) {
				q = Pair{q.B, q.A}
			}
			if seen[q] {
				continue // one forum counts once per pair of organisations
			}
			seen[q] = true
			m := pairs[q]
			if m == nil {
				m = &mapMeeting{}
				pairs[q] = m
				order = append(order, q)
			}
			m.add(f)
		}
	}
	for i := range x.Doc.Units {
		units[x.Doc.Units[i].Organisation]++
	}
	sort.Slice(order, func(i, j int) bool { return b.pairLess(order[i], order[j]) })
	for i := range x.Doc.Organisations {
		o := &x.Doc.Organisations[i]
		r := Ref{Organisations, o.ID}
		if units[o.ID] == 0 && len(x.ForumsOf[r]) == 0 {
			continue
		}
		n, _ := b.node(r)
		n.Tooltip = fmt.Sprintf("%s · %d enheter · deltar i %d forum", OptionLabel(OrganisationKinds, o.Kind), units[o.ID], b.forumsOfOrganisation(o.ID))
		if o.Kind == "kommun" && o.Municipality != "" {
			view := MapMunicipality
			req := MapRequest{View: view, ID: o.Municipality, Filter: b.filter}
			if b.g.Request.View == MapUnits {
				req = MapRequest{View: MapUnits, Municipality: o.Municipality, Filter: b.filter}
			}
			n.Expand = &req
		}
	}
	for _, p := range order {
		b.edge(mapMeetsEdge(p.A, p.B, pairs[p], b.x.Name(p.A)+" och "+b.x.Name(p.B)))
	}
	if b.g.Compared == nil && !b.aggregated {
		b.strongest()
	}
}

// forumsOfOrganisation counts the forums where the organisation or one of
// its units sits.
func (b *mapBuilder) forumsOfOrganisation(id string) int {
	n := 0
	for i := range b.x.Doc.Forums {
		for _, m := range b.x.Doc.Forums[i].Members {
			if b.x.OrganisationOf(m.Ref()) == id {
				n++
				break
			}
		}
	}
	return n
}

// finish frames units in their organisations and puts nodes and edges in
// a stable order.
func (b *mapBuilder) finish() {
	g := b.g
	sort.SliceStable(g.Nodes, func(i, j int) bool { return b.before(g.Nodes[i].Ref, g.Nodes[j].Ref) })
	sort.SliceStable(g.Edges, func(i, j int) bool {
		e, f := g.Edges[i], g.Edges[j]
		if e.Kind != f.Kind {
			return mapEdgeRank(e.Kind) < mapEdgeRank(f.Kind)
		}
		if e.From != f.From {
			return b.before(e.From, f.From)
		}
		return b.before(e.To, f.To)
	})
	if g.Aggregated {
		return
	}
	framed := map[string]bool{}
	for i := range g.Nodes {
		if n := &g.Nodes[i]; n.Kind == MapUnitNode {
			// A unit gone since an earlier edition keeps the frame it had there.
			if u := b.x.Units[n.Ref.ID]; u != nil {
				n.Cluster = u.Organisation
			}
			framed[n.Cluster] = true
		}
	}
	for i := range g.Nodes {
		if n := &g.Nodes[i]; n.Kind == MapOrganisationNode && framed[n.Ref.ID] {
			n.Cluster = n.Ref.ID
		}
	}
	for i := range b.x.Doc.Organisations {
		o := &b.x.Doc.Organisations[i]
		if framed[o.ID] {
			g.Clusters = append(g.Clusters, MapCluster{Ref: Ref{Organisations, o.ID}, Label: o.Name,
				Tooltip: OptionLabel(OrganisationKinds, o.Kind)})
		}
	}
}

func mapEdgeRank(k MapEdgeKind) int {
	switch k {
	case MapMemberEdge:
		return 0
	case MapMeetsEdge:
		return 1
	case MapParentEdge:
		return 2
	}
	return 3
}

func (b *mapBuilder) unitTooltip(u *Unit) string {
	parts := []string{"Enhet", b.x.Name(Ref{Organisations, u.Organisation})}
	parts = append(parts, fmt.Sprintf("deltar i %d forum", len(b.x.ForumsOf[Ref{Units, u.ID}])))
	return strings.Join(parts, " · ")
}

func (b *mapBuilder) organisationTooltip(o *Organisation) string {
	parts := []string{OptionLabel(OrganisationKinds, o.Kind)}
	if o.Party {
		parts = append(parts, "part i förbundet")
	}
	parts = append(parts, fmt.Sprintf("deltar som organisation i %d forum", len(b.x.ForumsOf[Ref{Organisations, o.ID}])))
	return strings.Join(parts, " · ")
}

func mapForumTooltip(f *Forum) string {
	parts := []string{OptionLabel(ForumKinds, f.Kind), LevelPhrase(f.Level),
		mapFrequency(f.Frequency), fmt.Sprintf("%d deltagare", len(mapSeats(f)))}
	if !f.Formal {
		parts = append(parts, "informellt")
	}
	return strings.Join(parts, " · ")
}

// mapFrequency says how often a forum meets, in the kartläggning's words
// when it has them.
func mapFrequency(fr *Frequency) string {
	if fr == nil {
		return "mötesfrekvens okänd"
	}
	var n string
	switch {
	case fr.Min != nil && fr.Max != nil && *fr.Min == 1 && *fr.Max == 1:
		n = "1 möte/år" // one takes the singular, as the pages write it
	case fr.Min != nil && fr.Max != nil && *fr.Min == *fr.Max:
		n = fmt.Sprintf("%d möten/år", *fr.Min)
	case fr.Min != nil && fr.Max != nil:
		n = fmt.Sprintf("%d–%d möten/år", *fr.Min, *fr.Max)
	case fr.Min != nil:
		n = fmt.Sprintf("minst %d möten/år", *fr.Min)
	case fr.Max != nil:
		n = fmt.Sprintf("högst %d möten/år", *fr.Max)
	}
	switch {
	case fr.Text != "" && n != "":
		return fr.Text + " (" + n + ")"
	case fr.Text != "":
		return fr.Text
	case n != "":
		return n
	}
	return "mötesfrekvens okänd"
}
