package maps_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// fuzzEdition is a small edition with the fuzzer's text in every field
// that reaches a map: names of an organisation, a unit and a forum, a
// frequency's wording and a wish (both in tooltips).
func fuzzEdition(org, unit, forum, freq, wish string) *kartlaggning.Document {
	return &kartlaggning.Document{Format: kartlaggning.Format,
		Edition:        kartlaggning.Edition{Year: 2019, Title: "T", Status: "draft"},
		Municipalities: []kartlaggning.Municipality{{ID: "m", Name: org}},
		Organisations: []kartlaggning.Organisation{
			{ID: "o", Name: org, Kind: "kommun", Municipality: "m", Party: true},
			{ID: "fk", Name: "FK " + unit, Short: org, Kind: "myndighet", Party: true},
		},
		Units: []kartlaggning.Unit{
			{ID: "u", Organisation: "o", Name: unit, Wishes: []kartlaggning.Wish{{Organisation: "fk", Text: wish}, {Forum: "f", Text: wish}}},
			{ID: "v", Organisation: "fk", Name: forum + unit},
		},
		Forums: []kartlaggning.Forum{
			{ID: "f", Name: forum, Kind: "natverk", Level: "operativ", Formal: true,
				Frequency: &kartlaggning.Frequency{Text: freq},
				Members:   []kartlaggning.Member{{Unit: "u"}, {Unit: "v"}, {Organisation: "o"}}},
			{ID: "g", Name: unit + forum, Kind: "kontakt", Level: "individ", Parent: "f",
				Convener: &kartlaggning.Convener{Unit: "u"},
				Members:  []kartlaggning.Member{{Unit: "u"}, {Unit: "v"}}},
		},
	}
}

// FuzzDOTWriter: whatever text an edition holds, even text validation
// would refuse, its maps parse and render through the real workers, the
// SVG is well-formed XML, and every label and tooltip reads as the text
// that went in (what no SVG can hold as U+FFFD).
func FuzzDOTWriter(f *testing.F) {
	f.Add("Mullsjö kommun", "Försörjningsstöd", "ARENA Mullsjö", "var 6:e vecka", "Önskar samverkan med FK.", "Samverkanskarta 2019")
	f.Add(`\N\G\l`, `\E\T\H\L`, `\n\r\\`, `a\"b\`, `"\"`, `\G`)
	f.Add("<b>&amp;</b>", "&auml; &#92;G", `]]> <!-- x -->`, "&#0;", "&", "<TABLE>")
	f.Add("\x00", "a\x01\x0b\x1b", "\u0085\u009b\x7f", "\uFFFE\uFFFF\uFDD0", "\xff\xed\xa0\x80", "\t\r\n")
	p := mustPool(f, maps.PoolConfig{Size: 1})
	f.Fuzz(func(t *testing.T, org, unit, forum, freq, wish, caption string) {
		for _, s := range []string{org, unit, forum, freq, wish, caption} {
			if len(s) > 300 { // the longest name validation allows; longer only slows the layout
				t.Skip()
			}
		}
		x := kartlaggning.NewIndex(fuzzEdition(org, unit, forum, freq, wish))
		for _, req := range []kartlaggning.MapRequest{{View: kartlaggning.MapOverview}, {View: kartlaggning.MapUnits}} {
			g, err := x.Map(req)
			if err != nil {
				t.Fatal(err)
			}
			dot := maps.DOT(g, maps.Options{Caption: caption, Link: func(n *kartlaggning.MapNode) string {
				return "/editions/2019/" + string(n.Ref.Kind) + "/" + n.Ref.ID
			}})
			svg, err := p.Render(context.Background(), dot, maps.SVG)
			if err != nil {
				t.Fatalf("%s map: %v\n%s", req.View, err, dot)
			}
			checkMapText(t, g, caption, svgObjects(t, svg))
		}
	})
}

// checkMapText finds every text of g in the SVG's objects.
func checkMapText(t *testing.T, g *kartlaggning.MapGraph, caption string, objs []svgObject) {
	t.Helper()
	// The worker drops the <title>s of nodes and frames: find nodes by
	// their links and frames by their order (clust1 is the first).
	byKey := map[string]svgObject{}
	var edgeTips, edgeTexts []string
	for _, o := range objs {
		byKey[o.id] = o
		for _, l := range o.links {
			byKey[l] = o
		}
		if o.class == "edge" {
			edgeTips = append(edgeTips, o.tooltips...)
			edgeTexts = append(edgeTexts, o.text())
		}
		if o.class == "graph" && !sameText(o.text(), maps.CleanText(caption)) {
			t.Errorf("%s map: the caption reads %q, want %q", g.Request.View, o.text(), caption)
		}
	}
	check := func(what, got, want string) {
		t.Helper()
		if !sameText(got, maps.CleanText(want)) {
			t.Errorf("%s map: %s reads %q, want %q", g.Request.View, what, got, want)
		}
	}
	for _, n := range g.Nodes {
		o, ok := byKey["/editions/2019/"+n.Ref.String()]
		if !ok {
			t.Errorf("%s map: no node %s", g.Request.View, n.Ref)
			continue
		}
		check(n.Ref.String(), o.text(), n.Label)
		check(n.Ref.String()+"'s tooltip", strings.Join(o.tooltips, ""), n.Label+" – "+n.Tooltip)
	}
	for i, c := range g.Clusters {
		o, ok := byKey[fmt.Sprintf("clust%d", i+1)]
		if !ok {
			t.Errorf("%s map: no frame %s", g.Request.View, c.Ref)
			continue
		}
		check("the frame "+c.Ref.ID, o.text(), c.Label)
		check("the frame "+c.Ref.ID+"'s tooltip", strings.Join(o.tooltips, ""), c.Label+" – "+c.Tooltip)
	}
	for _, e := range g.Edges {
		if !containsText(edgeTips, e.Tooltip) {
			t.Errorf("%s map: no line with the tooltip %q among %q", g.Request.View, e.Tooltip, edgeTips)
		}
		// Lines carry no numbers: a line's width and tooltip say how
		// many forums it stands for, and numbers piled up where lines met.
		if e.Kind == kartlaggning.MapMeetsEdge && containsText(edgeTexts, e.Label) {
			t.Errorf("%s map: a line is labelled %q", g.Request.View, e.Label)
		}
	}
}

func containsText(list []string, want string) bool {
	for _, s := range list {
		if sameText(s, maps.CleanText(want)) {
			return true
		}
	}
	return false
}
