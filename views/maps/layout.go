package maps

import (
	"math"
	"sort"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Banded layout for maps of seats in forums (the overview, a kommun's and
// a unit's map). Left to right a single rank of forums became one column
// as tall as all the forums together: a 1:3 drawing of which a screen
// shows a seventh. Instead the members sit in the middle, the forums stand
// in bands by level on either side of them, the way samverkan is drawn by
// hand (individ on one side, strategisk on the other, operativ where there
// is room), and the other parties stand at the outer edges. Every band and
// the middle wrap into as many columns as keep the drawing about as wide as
// it is tall; dot orders the nodes within a column to cut crossings.

// Estimates, in inches, of what Graphviz adds to the nodes of a column:
// nodesep between nodes, ranksep between columns, and a frame's label and
// margins.
const (
	bandNodeSep  = 0.06
	bandRankSep  = 1.1
	printRankSep = 0.75
	bandFrameAdd = 0.55
	// bandAspect is the height/width the columns aim at. Dot spreads a
	// column to straighten lines, to about 1.5 times the sum of its nodes,
	// and more where many lines pull at it, so 0.5 here draws about as
	// wide as tall, like a screen or a landscape page.
	bandAspect = 0.5
	// manyLines and manyLinesColumns: a map of more lines than this is
	// drawn in at most so many columns.
	manyLines        = 300
	manyLinesColumns = 9
	// printAspect is the same for a landscape A4 page.
	printAspect = 0.45
)

// bandItem is what must stay in one column: a node, or an organisation's
// frame with its nodes.
type bandItem struct {
	refs          []kartlaggning.Ref
	width, height float64
}

// bands returns the columns of a banded layout, left to right, each a list
// of node refs; nil when the map is not drawn in bands.
func (w *dotWriter) bands() [][]kartlaggning.Ref {
	if w.engine != "dot" || len(w.g.Nodes) == 0 {
		return nil
	}
	// A map with few forums drawn on both sides is five thin columns side
	// by side, a strip: then all forums stand on one side.
	both, score := w.bandsFor(false)
	if one, oneScore := w.bandsFor(true); oneScore < score {
		return one
	}
	return both
}

// bandsFor lays out the columns with forums on both sides or on one, and
// scores how far the drawing is from bandAspect (0 is on it).
func (w *dotWriter) bandsFor(oneSide bool) ([][]kartlaggning.Ref, float64) {
	g := w.g
	size := map[kartlaggning.Ref][2]float64{}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		l, shape := w.look(n)
		wd, ht := nodeSize(l.lines, fontSizeNode, shape)
		size[n.Ref] = [2]float64{wd, ht}
	}
	// Who is a forum, and for the others, which forums they sit in.
	var forums []*kartlaggning.MapNode
	for i := range g.Nodes {
		if g.Nodes[i].Kind == kartlaggning.MapForumNode {
			forums = append(forums, &g.Nodes[i])
		}
	}
	// Sides: individ left, strategisk right, operativ (and a forum without
	// a level) on the side with fewer forums.
	var left, right []*kartlaggning.MapNode
	var middle []*kartlaggning.MapNode
	for _, f := range forums {
		switch f.Level {
		case "individ":
			left = append(left, f)
		case "strategisk":
			right = append(right, f)
		default:
			middle = append(middle, f)
		}
	}
	switch {
	case oneSide:
		right = append(append(left, middle...), right...)
		left = nil
	case len(left) <= len(right):
		left = append(middle, left...) // operativ nearest the centre
	default:
		right = append(middle, right...)
	}
	side := map[kartlaggning.Ref]int{} // -1 left, +1 right
	for _, f := range left {
		side[f.Ref] = -1
	}
	for _, f := range right {
		side[f.Ref] = 1
	}
	// The centre: the map's focus, or on the overview every member.
	// A frame with a focus unit stands in the centre whole: a frame split
	// between columns would span the map and push everything aside.
	centreFrame := map[string]bool{}
	for i := range g.Nodes {
		if n := &g.Nodes[i]; n.Focus && n.Cluster != "" {
			centreFrame[n.Cluster] = true
		}
	}
	isCentre := func(n *kartlaggning.MapNode) bool {
		if n.Kind == kartlaggning.MapForumNode {
			return false
		}
		switch g.Request.View {
		case kartlaggning.MapMunicipality, kartlaggning.MapUnit:
			return n.Focus || n.Cluster != "" && centreFrame[n.Cluster]
		}
		return true
	}
	// Partners lean to the side of most of their forums; a frame leans as
	// its members do, so that it stays in one column.
	lean := map[string]int{}
	leanOf := func(n *kartlaggning.MapNode) string {
		if n.Cluster != "" {
			return "c:" + n.Cluster
		}
		return "n:" + n.Ref.String()
	}
	for _, e := range g.Edges {
		if e.Kind != kartlaggning.MapMemberEdge {
			continue
		}
		if m := g.Node(e.From); m != nil && !isCentre(m) {
			lean[leanOf(m)] += side[e.To]
		}
	}
	// Items: frames and lone nodes, in the graph's order.
	var centre, outerL, outerR []bandItem
	framed := map[string]int{}
	var items []bandItem
	var itemCentre []bool
	var itemKey []string
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Kind == kartlaggning.MapForumNode {
			continue
		}
		c := isCentre(n)
		key := leanOf(n)
		if n.Cluster != "" {
			key += map[bool]string{true: "|centre", false: "|outer"}[c]
		}
		if j, ok := framed[key]; ok && n.Cluster != "" {
			items[j].refs = append(items[j].refs, n.Ref)
			continue
		}
		framed[key] = len(items)
		items = append(items, bandItem{refs: []kartlaggning.Ref{n.Ref}})
		itemCentre = append(itemCentre, c)
		itemKey = append(itemKey, leanOf(n))
	}
	for j := range items {
		it := &items[j]
		for _, r := range it.refs {
			it.width = math.Max(it.width, size[r][0])
			it.height += size[r][1] + bandNodeSep
		}
		if g.Node(it.refs[0]).Cluster != "" {
			it.height += bandFrameAdd
			it.width += 0.3
		}
		switch {
		case itemCentre[j]:
			centre = append(centre, *it)
		case lean[itemKey[j]] < 0:
			outerL = append(outerL, *it)
		default:
			outerR = append(outerR, *it)
		}
	}
	forumItems := func(fs []*kartlaggning.MapNode) []bandItem {
		var out []bandItem
		for _, f := range fs {
			s := size[f.Ref]
			out = append(out, bandItem{refs: []kartlaggning.Ref{f.Ref}, width: s[0], height: s[1] + bandNodeSep})
		}
		return out
	}
	groups := [][]bandItem{outerL, forumItems(reverseForums(left)), centre, forumItems(right), outerR}
	// The tallest column that keeps the drawing near bandAspect: try
	// heights from the tallest single item up and keep the best.
	var total, tallest float64
	for _, grp := range groups {
		for _, it := range grp {
			total += it.height
			tallest = math.Max(tallest, it.height)
		}
	}
	best, bestScore := tallest, math.Inf(1)
	for h := tallest; h <= total+1; h *= 1.08 {
		cols := wrapBands(groups, h)
		if len(g.Edges) > manyLines && len(cols) > manyLinesColumns {
			// Every column a line crosses holds a hidden node of it: on a
			// map of hundreds of lines more columns cost seconds.
			continue
		}
		aim, sep := bandAspect, bandRankSep
		if w.opts.Print {
			aim, sep = printAspect, printRankSep
		}
		width, height := bandExtent(cols, sep)
		score := math.Abs(math.Log(height / width / aim))
		if score < bestScore {
			best, bestScore = h, score
		}
		if h == 0 {
			break
		}
	}
	var out [][]kartlaggning.Ref
	for _, col := range wrapBands(groups, best) {
		var refs []kartlaggning.Ref
		for _, it := range col {
			refs = append(refs, it.refs...)
		}
		out = append(out, refs)
	}
	return out, bestScore
}

// reverseForums puts the left band's forums so that the ones nearest the
// centre (operativ) come last: the left band is read right to left.
func reverseForums(fs []*kartlaggning.MapNode) []*kartlaggning.MapNode {
	out := make([]*kartlaggning.MapNode, len(fs))
	for i, f := range fs {
		out[len(fs)-1-i] = f
	}
	sort.SliceStable(out, func(i, j int) bool { return levelRank(out[i].Level) < levelRank(out[j].Level) })
	return out
}

func levelRank(level string) int {
	switch level {
	case "individ":
		return 0
	case "operativ":
		return 1
	case "strategisk":
		return 3
	}
	return 2
}

// wrapBands fills columns of at most height inches, group by group: a
// group never shares a column with another.
func wrapBands(groups [][]bandItem, height float64) [][]bandItem {
	var cols [][]bandItem
	for _, grp := range groups {
		var col []bandItem
		var h float64
		for _, it := range grp {
			if len(col) > 0 && h+it.height > height {
				cols = append(cols, col)
				col, h = nil, 0
			}
			col = append(col, it)
			h += it.height
		}
		if len(col) > 0 {
			cols = append(cols, col)
		}
	}
	return cols
}

// bandExtent estimates the drawing's width and height in inches.
func bandExtent(cols [][]bandItem, rankSep float64) (float64, float64) {
	var width, height float64
	for i, col := range cols {
		var w, h float64
		for _, it := range col {
			w = math.Max(w, it.width)
			h += it.height
		}
		width += w
		if i > 0 {
			width += rankSep
		}
		height = math.Max(height, h)
	}
	return math.Max(width, 1), math.Max(height, 1)
}
