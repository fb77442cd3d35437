package views

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// unitOverlap is one of a unit's forums with the forums that have
// largely the same members: "Här möter ni redan samma parter i …".
type unitOverlap struct {
	Forum  link
	Others []link // each noted with how alike they are
}

// unitOverlaps finds the overlaps (at the default threshold) among the
// forums a unit sits in: places where it meets largely the same members
// twice. An overlap with a forum the unit is not in belongs on the
// overlaps page, not here: "ni" would not meet anyone there. Each pair is
// shown once, under the forum that comes first.
func unitOverlaps(d *lookup, seats []string) []unitOverlap {
	var forums []*kartlaggning.Forum
	for _, id := range seats {
		if f := d.forum(id); f != nil {
			forums = append(forums, f)
		}
	}
	order := d.sortIDs(kartlaggning.Forums, seats)
	type alike struct {
		link    link
		jaccard float64
	}
	byForum := map[string][]alike{}
	for _, o := range kartlaggning.FindOverlaps(forums, defaultOverlapMin) {
		own, other := o.A, o.B
		if slices.Index(order, o.B) < slices.Index(order, o.A) {
			own, other = o.B, o.A
		}
		l := d.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: other}).note(swedishPercent(o.Jaccard) + " samma deltagare")
		byForum[own] = append(byForum[own], alike{l, o.Jaccard})
	}
	var out []unitOverlap
	for _, id := range order {
		others := byForum[id]
		if len(others) == 0 {
			continue
		}
		// The most alike first, then by name.
		slices.SortStableFunc(others, func(a, b alike) int {
			if a.jaccard != b.jaccard {
				return cmp.Compare(b.jaccard, a.jaccard)
			}
			return compareSwedish(a.link.Label, b.link.Label)
		})
		uo := unitOverlap{Forum: d.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id})}
		for _, a := range others {
			uo.Others = append(uo.Others, a.link)
		}
		out = append(out, uo)
	}
	return out
}

var unitResource = &resource{
	kind: kartlaggning.Units,
	name: "unit",
	words: words{The: "enheten", New: "Ny enhet", Empty: "Inga enheter ännu — lägg till den första.",
		Created: "skapad", Removed: "borttagen"},
	columns: []string{"Organisation", "Kommuner"},
	row: func(d *lookup, e kartlaggning.Entity) []cell {
		u := e.(*kartlaggning.Unit)
		municipalities, inherited := unitMunicipalities(d, u)
		if inherited {
			for i := range municipalities {
				municipalities[i].Note = "organisationens"
			}
		}
		return []cell{{d.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation})}, municipalities}
	},
	form: unitForm,
	read: readUnit,
	keep: func(stored, e kartlaggning.Entity) {
		// The review is the unit's påseende, not something the form edits.
		e.(*kartlaggning.Unit).Review = stored.(*kartlaggning.Unit).Review
	},
	show: showUnit,
}

// unitMunicipalities returns the kommuner a unit works in: its own, or
// else its organisation's (inherited).
func unitMunicipalities(d *lookup, u *kartlaggning.Unit) ([]link, bool) {
	if len(u.Municipalities) > 0 {
		return d.links(kartlaggning.Municipalities, u.Municipalities), false
	}
	if o := d.organisation(u.Organisation); o != nil && o.Municipality != "" {
		return []link{d.link(kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: o.Municipality})}, true
	}
	return nil, false
}

// wishRow is one row of inputs for a wish; rows left empty are not saved.
type wishRow struct {
	N            int
	New          bool
	Text         *field
	Organisation *field
	Unit         *field
	Forum        *field
}

func unitForm(f *form, d *lookup, e kartlaggning.Entity) any {
	u := e.(*kartlaggning.Unit)
	f.add("organisation", u.Organisation, required, options(d.options(kartlaggning.Organisations, "")))
	f.add("parent", u.Parent, label("Överordnad enhet"), options(d.options(kartlaggning.Units, u.ID)),
		hint("En enhet som denna ligger under, t.ex. ett mottagningsteam under Försörjningsstöd."))
	f.add("description", u.Description, hint("Enhetens uppdrag. Stycken skiljs åt med en tom rad."))
	f.add("municipalities", "", values(u.Municipalities), options(d.options(kartlaggning.Municipalities, "")),
		hint("Lämna tomt när enheten arbetar i sin organisations kommun."))
	f.add("target_groups", strings.Join(u.TargetGroups, "\n"), hint("En målgrupp per rad, t.ex. personer som saknar SGI."))
	f.add("works_well", u.WorksWell, hint("Stycken skiljs åt med en tom rad."))
	f.add("needs_development", u.NeedsDevelopment, hint("Stycken skiljs åt med en tom rad."))

	orgs, units, forums := d.options(kartlaggning.Organisations, ""), d.options(kartlaggning.Units, u.ID), d.options(kartlaggning.Forums, "")
	empty := 1
	if len(u.Wishes) == 0 {
		empty = 2
	}
	rows := make([]wishRow, 0, len(u.Wishes)+empty)
	for i := range len(u.Wishes) + empty {
		var w kartlaggning.Wish
		if i < len(u.Wishes) {
			w = u.Wishes[i]
		}
		p := fmt.Sprintf("wishes[%d].", i)
		rows = append(rows, wishRow{N: i + 1, New: i >= len(u.Wishes),
			Text:         f.add(p+"text", w.Text, label("Vad önskar enheten?")),
			Organisation: f.add(p+"organisation", w.Organisation, label("Med organisation"), options(orgs)),
			Unit:         f.add(p+"unit", w.Unit, label("Med enhet"), options(units)),
			Forum:        f.add(p+"forum", w.Forum, label("I forum"), options(forums))})
	}
	return rows
}

var wishInput = regexp.MustCompile(`^wishes\[(\d{1,4})\]\.(text|organisation|unit|forum)$`)

func readUnit(r *formReader, id string) kartlaggning.Entity {
	return &kartlaggning.Unit{ID: id, Organisation: r.text("organisation"), Name: r.text("name"), Parent: r.text("parent"),
		Description: r.raw("description"), Municipalities: r.list("municipalities"), TargetGroups: r.lines("target_groups"),
		WorksWell: r.raw("works_well"), NeedsDevelopment: r.raw("needs_development"), Wishes: readWishes(r)}
}

// readWishes reads the rows of wishes in their order and drops the empty
// ones, so that a form always has a spare row without JavaScript.
func readWishes(r *formReader) []kartlaggning.Wish {
	params, _ := r.c.FormParams()
	var rows []int
	for name := range params {
		if m := wishInput.FindStringSubmatch(name); m != nil {
			if n, _ := strconv.Atoi(m[1]); !slices.Contains(rows, n) {
				rows = append(rows, n)
			}
		}
	}
	slices.Sort(rows)
	var out []kartlaggning.Wish
	for _, n := range rows {
		p := fmt.Sprintf("wishes[%d].", n)
		w := kartlaggning.Wish{Text: r.raw(p + "text"), Organisation: r.text(p + "organisation"), Unit: r.text(p + "unit"), Forum: r.text(p + "forum")}
		if w != (kartlaggning.Wish{}) {
			out = append(out, w)
		}
	}
	return out
}

type unitPage struct {
	entityPage
	U              *kartlaggning.Unit
	Organisation   link
	Parent         link
	Municipalities []link
	Inherited      bool
	Wishes         []wishView
	Forums         forumTable
	Convenes       forumTable
	Children       []link
	WishedBy       []link
	Overlaps       []unitOverlap // forums with largely the same members (analysis_unit.go)
}

func showUnit(d *lookup, p entityPage, e kartlaggning.Entity) any {
	u := e.(*kartlaggning.Unit)
	ref := kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.ID}
	data := unitPage{entityPage: p, U: u, Organisation: d.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation})}
	if u.Parent != "" {
		data.Parent = d.link(kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.Parent})
	}
	data.Municipalities, data.Inherited = unitMunicipalities(d, u)
	for _, w := range u.Wishes {
		v := wishView{Text: w.Text}
		for _, r := range []kartlaggning.Ref{{Kind: kartlaggning.Organisations, ID: w.Organisation},
			{Kind: kartlaggning.Units, ID: w.Unit}, {Kind: kartlaggning.Forums, ID: w.Forum}} {
			if r.ID != "" {
				v.Links = append(v.Links, d.link(r))
			}
		}
		data.Wishes = append(data.Wishes, v)
	}

	refs := d.referrers(ref)
	seats := pickReferrers(refs, kartlaggning.Forums, "members[")
	data.Forums = forumTable{Caption: "Forum där " + u.Name + " deltar", Role: true, Others: true,
		Empty: "Enheten deltar inte i något forum som kartläggningen känner till.", Rows: forumRows(d, seats, ref)}
	var convenes []string
	for _, id := range pickReferrers(refs, kartlaggning.Forums, "convener.") {
		if !slices.Contains(seats, id) {
			convenes = append(convenes, id)
		}
	}
	data.Convenes = forumTable{Caption: "Forum som enheten sammankallar utan att vara deltagare", Rows: forumRows(d, convenes, kartlaggning.Ref{})}
	data.Children = d.links(kartlaggning.Units, pickReferrers(refs, kartlaggning.Units, "parent"))
	data.WishedBy = d.links(kartlaggning.Units, pickReferrers(refs, kartlaggning.Units, "wishes["))
	data.Overlaps = unitOverlaps(d, seats)
	return data
}
