package views

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

type mapPage struct {
	page
	Year       int
	View       kartlaggning.MapView
	Heading    string
	Lead       string
	Aggregated bool
	SVG        template.HTML
	Legend     []mapLegendRow
	// On the overview: the matrix of parties and kommuner instead of the
	// drawing (mapmatrix.go), and the links between the two.
	Matrix          *placeMatrixView
	AsMatrix, AsMap string
	RenderError     string
	Downloads       []link
	Filter          mapFilterForm
	Table           mapTable
	Wishes          []mapWishRow
	// Other maps of the edition, for the overview and the pickers.
	Municipalities []link
	UnitsMap       link
	Units, Forums  []kartlaggning.Option
	Overview       link
}

// mapFilterForm is the small GET form above the map.
type mapFilterForm struct {
	Action       string
	Municipality string
	Level, Kind  string
	Scope        string
	Formal       string
	// Wishes is "true" or "false" when chosen; WishesShown says what the
	// map does.
	Wishes      string
	WishesShown bool
	// Ties is the threshold control of a map of organisations: the fewest
	// shared forums a line stands for, and the most any pair shares.
	Ties                 bool
	MinForums, MaxForums int
	ShownLines, AllLines int
	Active               string // what the filter keeps, in words; "" for none
	Reset                string // the same map without filters
}

type mapTable struct {
	Caption string
	Sort    string
	Columns []mapColumn
	Rows    []mapRow
}

type mapColumn struct {
	Label string
	Key   string
	URL   string
	Sort  string // aria-sort: "ascending" or ""
}

type mapRow struct {
	Node        link
	Kind        string
	Connections []mapConnection
	Count       int
	order       int
}

type mapConnection struct {
	Label string
	Links []link
}

type mapWishRow struct {
	Unit   link
	Target link
	Text   string
}

// handleMapPick answers the pickers' GET forms (/maps/unit?id=x) with the
// map's own address.
func (s *Server) handleMapPick(view kartlaggning.MapView) echo.HandlerFunc {
	return func(c echo.Context) error {
		return s.cachedPage(c, func() (string, any, error) {
			year, err := yearParam(c)
			if err != nil {
				return "", nil, err
			}
			id := c.QueryParam("id")
			if id == "" {
				return "", nil, c.Redirect(http.StatusSeeOther, joinPath("editions", year, "maps"))
			}
			req := kartlaggning.MapRequest{View: view, ID: id}
			req.Filter, err = kartlaggning.ParseMapFilter(c.QueryParam("level"), c.QueryParam("kind"), c.QueryParam("scope"), c.QueryParam("formal"))
			if err != nil {
				return "", nil, err
			}
			if req.Wishes, err = kartlaggning.ParseMapWishes(c.QueryParam("wishes")); err != nil {
				return "", nil, err
			}
			if req.MinForums, err = kartlaggning.ParseMapMinForums(c.QueryParam("minforum")); err != nil {
				return "", nil, err
			}
			return "", nil, c.Redirect(http.StatusSeeOther, mapPageURL(year, req))
		})
	}
}

func (s *Server) handleMapPage(view kartlaggning.MapView) echo.HandlerFunc {
	return func(c echo.Context) error {
		return s.cachedPage(c, func() (string, any, error) {
			m, err := s.readMapQuery(c, view, c.Param("id"))
			if err != nil {
				return "", nil, err
			}
			g, err := m.graph()
			if err != nil {
				return "", nil, err
			}
			title := mapTitle(g)
			crumbs := []crumb{{Label: "Kartor", URL: joinPath("editions", m.year, "maps")}, {Label: title}}
			if view == kartlaggning.MapOverview {
				crumbs = crumbs[:1]
				crumbs[0].URL = ""
			}
			p, _, err := s.editionPage(c, "Samverkanskarta – "+title, crumbs...)
			if err != nil {
				return "", nil, err
			}
			if c.QueryParam("utskrift") == "a4" {
				figs, err := s.a4Figures(c.Request().Context(), m)
				if err != nil {
					return "", nil, err
				}
				p.Title = "A4 – " + p.Title
				return "map_a4", mapA4Page{page: p, Heading: mapHeading(m.index, g), Figures: figs,
					Back: link{Label: "Tillbaka till kartan", URL: mapPageURL(m.year, m.req)}}, nil
			}
			data := mapPage{page: p, Year: m.year, View: view, Heading: mapHeading(m.index, g), Lead: mapLead(g), Aggregated: g.Aggregated}
			if view == kartlaggning.MapOverview {
				here := mapPageURL(m.year, m.req)
				data.AsMap = here
				data.AsMatrix = here + map[bool]string{true: "&", false: "?"}[strings.Contains(here, "?")] + "visa=matris"
				switch c.QueryParam("visa") {
				case "", "karta":
				case "matris":
					data.Matrix = placeMatrix(m)
					data.Lead = "Vilka parter som samverkar i vilken kommun, och hur mycket: i varje ruta står antalet forum som gäller kommunen och där parten deltar. Ju mörkare ruta, desto fler forum."
					data.Filter = mapFilter(m)
					s.mapNavigation(&data, m)
					return "map", data, nil
				default:
					return "", nil, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: fmt.Sprintf("Okänd visning %q av översikten: välj karta eller matris.", c.QueryParam("visa")),
						Fields: []kartlaggning.FieldError{{Path: "visa", Message: fmt.Sprintf("Ogiltigt värde %q: visa kan vara karta eller matris.", c.QueryParam("visa"))}}}
				}
			}
			// On screen the key is HTML below the picture; the downloads
			// below draw it inside theirs.
			m.screen = true
			data.Legend = mapLegend(maps.Legend(g, maps.Options{NoLegend: true}, true))
			svg, err := s.mapImage(c.Request().Context(), m, maps.SVG)
			if e, ok := kartlaggning.AsError(err); ok && (e.Code == kartlaggning.ETOOLARGE || e.Code == kartlaggning.EINTERNAL) {
				// The table below is still worth having.
				data.RenderError, err = e.Message, nil
			}
			if err != nil {
				return "", nil, err
			}
			// Graphviz escapes every text it writes, and every link in the
			// map is one the service built (mapLinker).
			data.SVG = template.HTML(maps.InlineSVG(svg))
			for _, f := range []struct{ label, ext string }{{"SVG (skalbar bild)", ".svg"}, {"PNG (bild)", ".png"}, {"DOT (Graphviz)", ".dot"}} {
				u := mapPath(m.year, m.req, true, f.ext)
				u += map[bool]string{true: "&", false: "?"}[strings.Contains(u, "?")] + "download=1"
				data.Downloads = append(data.Downloads, link{Label: f.label, URL: u})
			}
			a4 := mapPageURL(m.year, m.req)
			a4 += map[bool]string{true: "&", false: "?"}[strings.Contains(a4, "?")] + "utskrift=a4"
			data.Downloads = append(data.Downloads, link{Label: "För utskrift på A4", URL: a4})
			data.Filter = mapFilter(m)
			if g.Aggregated && g.MaxForums > 1 {
				data.Filter.Ties, data.Filter.MinForums, data.Filter.MaxForums = true, max(g.MinForums, 1), g.MaxForums
				data.Filter.AllLines = g.AllLines
				for _, e := range g.Edges {
					if e.Kind == kartlaggning.MapMeetsEdge {
						data.Filter.ShownLines++
					}
				}
			}
			data.Table = mapTableOf(m, g, c.QueryParam("sort"))
			data.Wishes = mapWishes(m, g)
			s.mapNavigation(&data, m)
			return "map", data, nil
		})
	}
}

// mapHeading is the page's heading: what the map is of, in words.
func mapHeading(x *kartlaggning.Index, g *kartlaggning.MapGraph) string {
	switch g.Request.View {
	case kartlaggning.MapMunicipality, kartlaggning.MapForum:
		return "Samverkanskarta för " + g.Title
	case kartlaggning.MapUnit:
		u := x.Units[g.Request.ID]
		return "Samverkanskarta för " + u.Name + ", " + x.Name(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation})
	case kartlaggning.MapUnits:
		if g.Title != "" {
			return "Vem möter vem i " + g.Title
		}
		return "Vem möter vem"
	}
	return "Samverkanskarta: översikt"
}

// mapLead says in a sentence what the map shows.
func mapLead(g *kartlaggning.MapGraph) string {
	var lead string
	switch g.Request.View {
	case kartlaggning.MapMunicipality:
		lead = "Kommunens enheter, alla forum de deltar i och vilka andra de möter där."
	case kartlaggning.MapUnit:
		lead = "Enhetens forum och vilka den möter i dem."
	case kartlaggning.MapForum:
		lead = "Forumets deltagare, och de forum det ingår i eller omfattar."
	case kartlaggning.MapUnits:
		lead = "Enheter som möts i minst ett forum. Ju tjockare linje, desto fler gemensamma forum; peka på en linje för antal forum och möten per år."
	default:
		lead = "Alla organisationer med sina enheter, och varje forum med linjer till dem som deltar."
	}
	if g.Aggregated {
		lead = "Kartläggningen är för stor för att visa varje enhet läsbart och snabbt, så kartan visar organisationer: en linje betyder att några av deras enheter möts, och ju tjockare linje, desto fler forum delar de. Öppna en kommuns karta för detaljer."
	}
	if g.MinForums > 0 {
		lead += fmt.Sprintf(" Nästan alla möter alla, så kartan visar bara de starkaste banden: par med minst %d gemensamma forum. Ändra gränsen i filtret.", g.MinForums)
	}
	return lead
}

func mapFilter(m mapQuery) mapFilterForm {
	f := m.req.Filter
	form := mapFilterForm{Action: mapPageURL(m.year, kartlaggning.MapRequest{View: m.req.View, ID: m.req.ID}),
		Municipality: m.req.Municipality, Level: f.Level, Kind: f.Kind, Scope: f.Scope, Active: f.Describe()}
	if i := strings.IndexByte(form.Action, '?'); i >= 0 {
		form.Action = form.Action[:i]
	}
	if f.Formal != nil {
		form.Formal = fmt.Sprint(*f.Formal)
	}
	if m.req.Wishes != nil {
		form.Wishes = fmt.Sprint(*m.req.Wishes)
	}
	form.WishesShown = m.req.ShowWishes()
	form.Reset = mapPageURL(m.year, kartlaggning.MapRequest{View: m.req.View, ID: m.req.ID, Municipality: m.req.Municipality})
	return form
}

// mapNavigation lists the edition's other maps, for the overview's links
// and the pickers of every page.
func (s *Server) mapNavigation(data *mapPage, m mapQuery) {
	x := m.index
	keep := kartlaggning.MapRequest{Filter: m.req.Filter}
	for _, mu := range x.Doc.Municipalities {
		r := keep
		r.View, r.ID = kartlaggning.MapMunicipality, mu.ID
		data.Municipalities = append(data.Municipalities, link{Label: mu.Name, URL: mapPageURL(m.year, r)})
	}
	slices.SortStableFunc(data.Municipalities, func(a, b link) int { return compareSwedish(a.Label, b.Label) })
	r := keep
	r.View = kartlaggning.MapUnits
	data.UnitsMap = link{Label: "Vem möter vem (enheter)", URL: mapPageURL(m.year, r)}
	r.View = kartlaggning.MapOverview
	data.Overview = link{Label: "Översikt", URL: mapPageURL(m.year, r)}
	for _, u := range x.Doc.Units {
		data.Units = append(data.Units, kartlaggning.Option{Value: u.ID, Label: u.Name + " (" + x.Name(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation}) + ")"})
	}
	for _, f := range x.Doc.Forums {
		data.Forums = append(data.Forums, kartlaggning.Option{Value: f.ID, Label: f.Name})
	}
	byLabel := func(a, b kartlaggning.Option) int { return compareSwedish(a.Label, b.Label) }
	slices.SortStableFunc(data.Units, byLabel)
	slices.SortStableFunc(data.Forums, byLabel)
}

// mapTableOf is the map as a table: every node, its kind and its
// connections — what a screen reader user gets instead of the picture.
func mapTableOf(m mapQuery, g *kartlaggning.MapGraph, sort string) mapTable {
	nodeLink := func(r kartlaggning.Ref) link {
		n := g.Node(r)
		l := link{Label: m.index.Name(r), URL: entityURL(m.year, r.Kind, r.ID)}
		if n != nil && n.Expand != nil {
			l.URL = mapPageURL(m.year, *n.Expand)
		}
		if r.Kind == kartlaggning.Units {
			if u := m.index.Units[r.ID]; u != nil {
				l.Note = m.index.Name(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation})
			}
		}
		return l
	}
	rows := make([]mapRow, len(g.Nodes))
	at := map[kartlaggning.Ref]int{}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		rows[i] = mapRow{Node: nodeLink(n.Ref), Kind: mapNodeKind(n, g.Aggregated), order: i}
		at[n.Ref] = i
	}
	add := func(r kartlaggning.Ref, label string, l link) {
		row := &rows[at[r]]
		row.Count++
		for i := range row.Connections {
			if row.Connections[i].Label == label {
				row.Connections[i].Links = append(row.Connections[i].Links, l)
				return
			}
		}
		row.Connections = append(row.Connections, mapConnection{Label: label, Links: []link{l}})
	}
	for _, e := range g.Edges {
		from, to := nodeLink(e.From), nodeLink(e.To)
		switch e.Kind {
		case kartlaggning.MapMemberEdge:
			if e.Hub {
				from.Note = "sammankallande"
			}
			add(e.From, "Deltar i", to)
			add(e.To, "Deltagare", from)
		case kartlaggning.MapParentEdge:
			add(e.From, "Ingår i", to)
			add(e.To, "Omfattar", from)
		case kartlaggning.MapWishEdge:
			add(e.From, "Önskar samverkan med", to.plain())
			add(e.To, "Önskas av", from.plain())
		case kartlaggning.MapMeetsEdge:
			note := fmt.Sprintf("%d forum", e.Forums)
			if e.Meetings > 0 {
				note += ", cirka " + strings.Replace(strconv.FormatFloat(e.Meetings, 'f', -1, 64), ".", ",", 1) + " möten/år"
			}
			from.Note, to.Note = note, note
			add(e.From, "Möter", to)
			add(e.To, "Möter", from)
		}
	}
	t := mapTable{Caption: "Kartans innehåll som tabell: varje enhet, organisation och forum med sina kopplingar", Sort: sort}
	switch sort {
	case "name":
		slices.SortStableFunc(rows, func(a, b mapRow) int { return compareSwedish(a.Node.Label, b.Node.Label) })
	case "kind":
		slices.SortStableFunc(rows, func(a, b mapRow) int { return compareSwedish(a.Kind, b.Kind) })
	case "connections":
		slices.SortStableFunc(rows, func(a, b mapRow) int { return cmp.Compare(b.Count, a.Count) })
	default:
		t.Sort = ""
	}
	base := mapPageURL(m.year, m.req)
	sep := map[bool]string{true: "&", false: "?"}[strings.Contains(base, "?")]
	for _, col := range []struct{ label, key string }{{"Namn", "name"}, {"Typ", "kind"}, {"Kopplingar", "connections"}} {
		c := mapColumn{Label: col.label, Key: col.key, URL: base + sep + "sort=" + col.key}
		if col.key == t.Sort {
			c.Sort = map[string]string{"connections": "descending"}[col.key]
			if c.Sort == "" {
				c.Sort = "ascending"
			}
		}
		t.Columns = append(t.Columns, c)
	}
	t.Rows = rows
	return t
}

func mapNodeKind(n *kartlaggning.MapNode, aggregated bool) string {
	switch n.Kind {
	case kartlaggning.MapUnitNode:
		return "Enhet"
	case kartlaggning.MapOrganisationNode:
		if aggregated {
			return "Organisation med sina enheter"
		}
		return "Organisation som helhet"
	}
	k := "Forum: " + kartlaggning.OptionLabel(kartlaggning.ForumKinds, n.ForumKind) + ", " +
		kartlaggning.LevelPhrase(n.Level)
	if !n.Formal {
		k += ", informellt"
	}
	return k
}

func mapWishes(m mapQuery, g *kartlaggning.MapGraph) []mapWishRow {
	var out []mapWishRow
	for _, w := range g.Wishes {
		row := mapWishRow{Unit: link{Label: m.index.Name(w.Unit), URL: entityURL(m.year, w.Unit.Kind, w.Unit.ID)}, Text: w.Text}
		if w.Target.ID != "" {
			row.Target = link{Label: m.index.Name(w.Target), URL: entityURL(m.year, w.Target.Kind, w.Target.ID)}
		}
		out = append(out, row)
	}
	return out
}
