package views

import (
	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

var organisationResource = &resource{
	kind: kartlaggning.Organisations,
	name: "organisation",
	words: words{The: "organisationen", New: "Ny organisation", Empty: "Inga organisationer ännu — lägg till den första.",
		Created: "skapad", Removed: "borttagen"},
	columns: []string{"Förkortning", "Typ", "Part", "Kommun"},
	row: func(d *lookup, e kartlaggning.Entity) []cell {
		o := e.(*kartlaggning.Organisation)
		party := ""
		if o.Party {
			party = "Part i förbundet"
		}
		var municipality cell
		if o.Municipality != "" {
			municipality = cell{d.link(kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: o.Municipality})}
		}
		return []cell{text(o.Short), text(kartlaggning.OptionLabel(kartlaggning.OrganisationKinds, o.Kind)), text(party), municipality}
	},
	form: func(f *form, d *lookup, e kartlaggning.Entity) any {
		o := e.(*kartlaggning.Organisation)
		f.add("short", o.Short, hint("Kort namn som används i listor, t.ex. FK eller AF. Kan lämnas tom."))
		f.add("kind", o.Kind, required, options(kartlaggning.OrganisationKinds))
		f.add("municipality", o.Municipality, options(d.options(kartlaggning.Municipalities, "")),
			hint("För en kommun eller en lokal aktör. Enheter utan egna kommuner räknas till organisationens kommun."))
		f.add("party", boolValue(o.Party), label("En av förbundets parter"))
		return nil
	},
	read: func(r *formReader, id string) kartlaggning.Entity {
		return &kartlaggning.Organisation{ID: id, Name: r.text("name"), Short: r.text("short"), Kind: r.text("kind"),
			Municipality: r.text("municipality"), Party: r.bool("party")}
	},
	show: showOrganisation,
}

type organisationPage struct {
	entityPage
	O            *kartlaggning.Organisation
	Municipality link
	Units        []unitRow
	Forums       forumTable
	Convenes     forumTable
	WishedBy     []link
}

// unitRow is a unit in a list of units, with the unit it lies under.
type unitRow struct {
	Link   link
	Parent link
}

func showOrganisation(d *lookup, p entityPage, e kartlaggning.Entity) any {
	o := e.(*kartlaggning.Organisation)
	ref := kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: o.ID}
	refs := d.referrers(ref)
	data := organisationPage{entityPage: p, O: o}
	if o.Municipality != "" {
		data.Municipality = d.link(kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: o.Municipality})
	}
	for _, id := range d.sortIDs(kartlaggning.Units, pickReferrers(refs, kartlaggning.Units, "organisation")) {
		row := unitRow{Link: d.link(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id}).plain()}
		if u := d.unit(id); u != nil && u.Parent != "" {
			row.Parent = d.link(kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.Parent}).plain()
		}
		data.Units = append(data.Units, row)
	}
	data.Forums = forumTable{Caption: "Forum där " + o.Name + " deltar som organisation", Role: true, Others: true,
		Empty: "Organisationen deltar inte som hel organisation i något forum (dess enheter kan delta).",
		Rows:  forumRows(d, pickReferrers(refs, kartlaggning.Forums, "members["), ref)}
	data.Convenes = forumTable{Caption: "Forum som " + o.Name + " sammankallar",
		Rows: forumRows(d, pickReferrers(refs, kartlaggning.Forums, "convener."), kartlaggning.Ref{})}
	data.WishedBy = d.links(kartlaggning.Units, pickReferrers(refs, kartlaggning.Units, "wishes["))
	return data
}
