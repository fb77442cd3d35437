package views

import (
	"fmt"
	"slices"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The overview as a matrix: which parties work in which kommun, and how
// much (kartlaggning.PlaceMatrix). A node-link drawing of every forum of
// an edition answers no question a reader brings to it; this table, with
// the number in every cell and the shade only repeating it, does, and it
// stays readable at the large edition's size. Kommuner are the columns;
// when there are too many to stand side by side they become the rows.

// maxPlaceColumns is how many kommuner stand side by side as columns.
const maxPlaceColumns = 24

type placeMatrixView struct {
	Caption    string
	Corner     string
	Heads      []link
	Rows       []placeRowView
	Legend     []string
	Unplaced   int
	Transposed bool
	PartnerURL string // the partner matrix of the analysis pages
}

type placeRowView struct {
	Head  link
	Cells []placeCellView
}

type placeCellView struct {
	Value string
	Heat  int
	Own   bool
	Title string
}

// placeMatrix lays out the matrix of m's filter for the overview page.
func placeMatrix(m mapQuery) *placeMatrixView {
	x := m.index
	pm := x.PlaceMatrix(m.req.Filter)
	// Rows: every kommun's own organisations, then the parties, then the
	// others, by name; columns: the kommuner in the edition's order ("Kommun
	// 2" before "Kommun 10", as the förbund lists them).
	name := func(r kartlaggning.PlaceRow) string {
		if r.Own {
			return "Kommunens egna organisationer"
		}
		return x.Name(r.Organisation)
	}
	rows := make([]int, len(pm.Rows))
	for i := range rows {
		rows[i] = i
	}
	party := func(r kartlaggning.PlaceRow) bool {
		o := x.Organisations[r.Organisation.ID]
		return o != nil && o.Party
	}
	slices.SortStableFunc(rows, func(a, b int) int {
		ra, rb := pm.Rows[a], pm.Rows[b]
		switch {
		case ra.Own != rb.Own:
			return map[bool]int{true: -1, false: 1}[ra.Own]
		case party(ra) != party(rb):
			return map[bool]int{true: -1, false: 1}[party(ra)]
		}
		return compareSwedish(name(ra), name(rb))
	})
	cols := make([]int, len(pm.Columns))
	for j := range cols {
		cols[j] = j
	}
	most := 0
	for i, r := range pm.Rows {
		if r.Own {
			continue
		}
		for _, v := range pm.Cells[i] {
			most = max(most, v)
		}
	}
	rowLink := func(r kartlaggning.PlaceRow) link {
		if r.Own {
			return link{Label: name(r)}
		}
		return link{Label: name(r), URL: entityURL(m.year, r.Organisation.Kind, r.Organisation.ID)}
	}
	kommunLink := func(ref kartlaggning.Ref) link {
		req := kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: ref.ID, Filter: m.req.Filter}
		return link{Label: x.Name(ref), URL: mapPageURL(m.year, req)}
	}
	cell := func(i, j int) placeCellView {
		r, v := pm.Rows[i], pm.Cells[i][j]
		c := placeCellView{Value: swedishNumber(v), Own: r.Own,
			Title: fmt.Sprintf("%s i %s: %s", name(r), x.Name(pm.Columns[j]), forumsCount(v))}
		if !r.Own && v > 0 && most > 0 {
			c.Heat = (v*heatLevels + most - 1) / most
		}
		return c
	}
	v := &placeMatrixView{Unplaced: pm.Unplaced, Transposed: len(cols) > maxPlaceColumns, PartnerURL: joinPath("editions", m.year, "analysis", "matrix"),
		Caption: "Antal forum per part och kommun"}
	if d := m.req.Filter.Describe(); d != "" {
		v.Caption += " (" + d + ")"
	}
	if !v.Transposed {
		v.Corner = "Part \\ kommun"
		for _, j := range cols {
			v.Heads = append(v.Heads, kommunLink(pm.Columns[j]))
		}
		for _, i := range rows {
			row := placeRowView{Head: rowLink(pm.Rows[i])}
			for _, j := range cols {
				row.Cells = append(row.Cells, cell(i, j))
			}
			v.Rows = append(v.Rows, row)
		}
	} else {
		v.Corner = "Kommun \\ part"
		for _, i := range rows {
			v.Heads = append(v.Heads, rowLink(pm.Rows[i]))
		}
		for _, j := range cols {
			row := placeRowView{Head: kommunLink(pm.Columns[j])}
			for _, i := range rows {
				row.Cells = append(row.Cells, cell(i, j))
			}
			v.Rows = append(v.Rows, row)
		}
	}
	for h := 1; h <= heatLevels && most > 0; h++ {
		lo, hi := (h-1)*most/heatLevels+1, h*most/heatLevels
		if lo <= hi {
			v.Legend = append(v.Legend, forumsRange(lo, hi))
		}
	}
	return v
}

func forumsCount(n int) string {
	if n == 1 {
		return "1 forum"
	}
	return swedishNumber(n) + " forum"
}
