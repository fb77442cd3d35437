package maps_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

var (
	wishEdge = regexp.MustCompile(`<g id="e:[^"]+ wish" class="edge">`)
	nodeText = regexp.MustCompile(`(?s)<g id="n:([^"]+)" class="node">(.*?)</g>\n</g>`)
	textRun  = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
)

// Wishes are drawn in the box of the unit that has them, not as lines
// across the map. Before, a wish was a red dashed line to the party
// wished for, and on Habo's map the longest ran about 1,900 pt around the
// forum columns; then a note beside the unit on a short line, which dot
// still looped 400–500 pt around its column. Now on every map of the
// example that shows wishes there is no wish line at all, and the box of
// each unit with wishes names every party it wishes for, under "Önskar
// samverkan med:" (TestExampleMapsAreReadable keeps the row inside the
// box and off other text).
func TestWishesStayInTheirUnit(t *testing.T) {
	x := mustIndex(t)
	p := mustPool(t, maps.PoolConfig{Size: 2})
	yes := true
	var reqs []kartlaggning.MapRequest
	for _, m := range x.Doc.Municipalities {
		reqs = append(reqs, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: m.ID},
			kartlaggning.MapRequest{View: kartlaggning.MapUnits, Municipality: m.ID, Wishes: &yes})
	}
	for _, u := range x.Doc.Units {
		if len(u.Wishes) > 0 {
			reqs = append(reqs, kartlaggning.MapRequest{View: kartlaggning.MapUnit, ID: u.ID})
		}
	}
	reqs = append(reqs, kartlaggning.MapRequest{View: kartlaggning.MapOverview, Wishes: &yes})
	wishes := 0
	for _, req := range reqs {
		name := string(req.View) + " " + req.ID + req.Municipality
		g, err := x.Map(req)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := p.Render(context.Background(), maps.DOT(g, maps.Options{}), maps.SVG)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := len(wishEdge.FindAll(svg, -1)); n > 0 {
			t.Errorf("%s draws %d wishes as lines", name, n)
		}
		texts := map[string]string{}
		for _, m := range nodeText.FindAllSubmatch(svg, -1) {
			var words []string
			for _, tr := range textRun.FindAllSubmatch(m[2], -1) {
				words = append(words, html.UnescapeString(string(tr[1])))
			}
			texts[html.UnescapeString(string(m[1]))] = strings.Join(words, " ")
		}
		for _, e := range g.Edges {
			if e.Kind != kartlaggning.MapWishEdge {
				continue
			}
			wishes++
			box := texts[e.From.String()]
			_, row, ok := strings.Cut(box, "Önskar samverkan med:")
			target := strings.Fields(g.Node(e.To).Label)[0]
			if !ok || !strings.Contains(row, target) {
				t.Errorf("%s: the box of %s does not name %s among its wishes: %q", name, e.From, e.To, box)
			}
		}
	}
	if wishes == 0 {
		t.Fatal("no map of the example draws a wish")
	}
	t.Logf("%d wishes named in their units' boxes on %d maps", wishes, len(reqs))
}
