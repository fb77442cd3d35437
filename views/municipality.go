package views

import (
	"slices"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

var municipalityResource = &resource{
	kind: kartlaggning.Municipalities,
	name: "municipality",
	words: words{The: "kommunen", New: "Ny kommun", Empty: "Inga kommuner ännu — lägg till den första.",
		Created: "skapad", Removed: "borttagen"},
	columns: []string{"Kommunkod"},
	row: func(d *lookup, e kartlaggning.Entity) []cell {
		return []cell{text(e.(*kartlaggning.Municipality).Code)}
	},
	form: func(f *form, d *lookup, e kartlaggning.Entity) any {
		f.add("code", e.(*kartlaggning.Municipality).Code, hint("SCB:s kommunkod, fyra siffror, t.ex. 0642 för Mullsjö. Kan lämnas tom."))
		return nil
	},
	read: func(r *formReader, id string) kartlaggning.Entity {
		return &kartlaggning.Municipality{ID: id, Name: r.text("name"), Code: r.text("code")}
	},
	show: showMunicipality,
}

// municipalityUnit is a unit that works in a kommun, either because it
// says so or because its organisation belongs to the kommun.
type municipalityUnit struct {
	Link         link
	Organisation link
	Inherited    bool
}

type municipalityPage struct {
	entityPage
	M             *kartlaggning.Municipality
	Organisations []link
	Units         []municipalityUnit
	Forums        forumTable
}

func showMunicipality(d *lookup, p entityPage, e kartlaggning.Entity) any {
	m := e.(*kartlaggning.Municipality)
	refs := d.referrers(kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: m.ID})
	orgs := pickReferrers(refs, kartlaggning.Organisations, "municipality")
	data := municipalityPage{entityPage: p, M: m, Organisations: d.links(kartlaggning.Organisations, orgs)}

	addUnit := func(id string, inherited bool) {
		if u := d.unit(id); u != nil {
			data.Units = append(data.Units, municipalityUnit{Link: d.link(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id}).plain(),
				Organisation: d.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation}), Inherited: inherited})
		}
	}
	for _, id := range pickReferrers(refs, kartlaggning.Units, "municipalities[") {
		addUnit(id, false)
	}
	// A unit without kommuner of its own works where its organisation is.
	for _, org := range orgs {
		for _, id := range d.referring(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: org}, kartlaggning.Units, "organisation") {
			if u := d.unit(id); u != nil && len(u.Municipalities) == 0 {
				addUnit(id, true)
			}
		}
	}
	slices.SortStableFunc(data.Units, func(a, b municipalityUnit) int {
		return compareSwedish(a.Link.Label+" "+a.Organisation.Label, b.Link.Label+" "+b.Organisation.Label)
	})

	data.Forums = forumTable{Caption: "Forum som omfattar " + m.Name, Empty: "Inga forum anger att de omfattar kommunen.",
		Rows: forumRows(d, pickReferrers(refs, kartlaggning.Forums, "municipalities["), kartlaggning.Ref{})}
	return data
}
