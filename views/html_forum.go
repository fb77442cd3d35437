package views

import (
	"strconv"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

var forumResource = &resource{
	kind: kartlaggning.Forums,
	name: "forum",
	words: words{The: "forumet", New: "Nytt forum", Empty: "Inga forum ännu — lägg till det första.",
		Created: "skapat", Removed: "borttaget"},
	columns: []string{"Typ", "Nivå", "Mötesfrekvens", "Deltagare"},
	row: func(d *edition, e kartlaggning.Entity) []cell {
		f := e.(*kartlaggning.Forum)
		return []cell{text(kartlaggning.OptionLabel(kartlaggning.ForumKinds, f.Kind)),
			text(kartlaggning.OptionLabel(kartlaggning.Levels, f.Level)), text(frequencyText(f.Frequency)),
			text(strconv.Itoa(len(f.Members)))}
	},
	form: forumForm,
	read: readForum,
	keep: func(stored, e kartlaggning.Entity) {
		// Members are changed one at a time on the forum's page.
		f := e.(*kartlaggning.Forum)
		f.Members = stored.(*kartlaggning.Forum).Members
		addConvener(f)
	},
	show: func(d *edition, p entityPage, e kartlaggning.Entity) any {
		return forumShowData(d, p, e.(*kartlaggning.Forum), nil)
	},
}

func forumForm(f *form, d *edition, e kartlaggning.Entity) any {
	fo := e.(*kartlaggning.Forum)
	freq, conv := fo.Frequency, fo.Convener
	if freq == nil {
		freq = &kartlaggning.Frequency{}
	}
	if conv == nil {
		conv = &kartlaggning.Convener{}
	}
	f.add("kind", fo.Kind, required, options(kartlaggning.ForumKinds),
		hint("”Kontakter i enskilda ärenden” beskriver en enhets kontakter kring enskilda individer: deltagarna möter den sammankallande enheten, inte varandra."))
	f.add("level", fo.Level, required, options(kartlaggning.Levels))
	f.add("formal", boolValue(fo.Formal), hint("Informella kontakter och samverkan i enskilda ärenden är inte formella forum."))
	f.add("frequency.min", itoa(freq.Min), hint("Lämna tomt när det inte är känt."))
	f.add("frequency.max", itoa(freq.Max), hint("Samma som minst när antalet är fast."))
	f.add("frequency.text", freq.Text, label("Beskrivning"), hint("Källans ordalydelse, t.ex. ”var 6:e vecka” eller ”4–6 gånger per år”."))
	f.add("held", itoa(fo.Held), hint("Antal möten som faktiskt hölls under kartläggningens år."))
	f.add("convener.organisation", conv.Organisation, options(d.options(kartlaggning.Organisations, "")))
	f.add("convener.unit", conv.Unit, options(d.options(kartlaggning.Units, "")),
		hint("För ”Kontakter i enskilda ärenden”: den enhet vars kontakter forumet beskriver. Den läggs också till som deltagare."))
	f.add("scope", fo.Scope, options(kartlaggning.Scopes))
	f.add("municipalities", "", values(fo.Municipalities), options(d.options(kartlaggning.Municipalities, "")),
		hint("De kommuner forumet omfattar."))
	f.add("target_groups", strings.Join(fo.TargetGroups, "\n"), hint("En målgrupp per rad, t.ex. nyanlända."))
	f.add("purpose", fo.Purpose, hint("Stycken skiljs åt med en tom rad."))
	f.add("parent", fo.Parent, label("Överordnat forum"), options(d.options(kartlaggning.Forums, fo.ID)),
		hint("Ett forum som detta lyder under, t.ex. AAS under GPS."))
	f.add("agreement", fo.Agreement, hint("Namnet på en överenskommelse forumet hör till, t.ex. DUA-överenskommelsen."))
	f.add("status", fo.Status, options(kartlaggning.Statuses))
	return nil
}

func readForum(r *formReader, id string) kartlaggning.Entity {
	f := &kartlaggning.Forum{ID: id, Name: r.text("name"), Kind: r.text("kind"), Level: r.text("level"),
		Formal: r.bool("formal"), Held: r.int("held"), Scope: r.text("scope"), Municipalities: r.list("municipalities"),
		TargetGroups: r.lines("target_groups"), Purpose: r.raw("purpose"), Parent: r.text("parent"),
		Agreement: r.text("agreement"), Status: r.text("status"), Members: []kartlaggning.Member{}}
	freq := kartlaggning.Frequency{Min: r.int("frequency.min"), Max: r.int("frequency.max"), Text: r.text("frequency.text")}
	if freq != (kartlaggning.Frequency{}) {
		f.Frequency = &freq
	}
	conv := kartlaggning.Convener{Organisation: r.text("convener.organisation"), Unit: r.text("convener.unit")}
	if conv != (kartlaggning.Convener{}) {
		f.Convener = &conv
	}
	addConvener(f)
	return f
}

// addConvener seats the convener of a kontakt forum among its members, as
// the data model requires: the forum is the convener's contacts.
func addConvener(f *kartlaggning.Forum) {
	if f.Kind != "kontakt" || f.Convener == nil || f.Convener.Unit == "" {
		return
	}
	for _, m := range f.Members {
		if m.Unit == f.Convener.Unit {
			return
		}
	}
	f.Members = append(f.Members, kartlaggning.Member{Unit: f.Convener.Unit, Role: "sammankallande"})
}

// forumRow is a forum in a table on another entity's page; Role and Others
// describe one member's seat in it.
type forumRow struct {
	Link      link
	Kind      string
	Level     string
	Frequency *kartlaggning.Frequency
	Members   int
	Role      string
	Others    []link
}

// forumTable is a table of forums (partial "forum-table").
type forumTable struct {
	Caption string
	Empty   string
	Rows    []forumRow
	Role    bool
	Others  bool
}

// forumRows describes the forums with the ids, in Swedish order. If seat
// is set, each row tells its role and whom it meets there.
func forumRows(d *edition, ids []string, seat kartlaggning.Ref) []forumRow {
	var rows []forumRow
	for _, id := range d.sortIDs(kartlaggning.Forums, ids) {
		f := d.forum(id)
		if f == nil {
			continue
		}
		row := forumRow{Link: d.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id}), Kind: f.Kind, Level: f.Level,
			Frequency: f.Frequency, Members: len(f.Members)}
		for _, m := range f.Members {
			switch {
			case seat.ID == "":
			case m.Ref() == seat:
				row.Role = m.Role
			case meets(f, seat, m):
				row.Others = append(row.Others, memberLink(d, m))
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// meets reports whether seat meets member m in f. In a kontakt forum the
// members meet the convener, not each other.
func meets(f *kartlaggning.Forum, seat kartlaggning.Ref, m kartlaggning.Member) bool {
	if f.Kind != "kontakt" || f.Convener == nil || f.Convener.Unit == "" {
		return true
	}
	convener := kartlaggning.Ref{Kind: kartlaggning.Units, ID: f.Convener.Unit}
	return seat == convener || m.Ref() == convener
}

// memberLink names a member: a unit with its organisation, or a whole
// organisation when the unit is not known.
func memberLink(d *edition, m kartlaggning.Member) link {
	l := d.link(m.Ref())
	if m.Unit == "" {
		l = l.note("hela organisationen")
	}
	return l
}

type memberRow struct {
	N              int
	Member         link
	Organisation   link
	Whole          bool
	Role           string
	Representative string
	Note           string
	EditURL        string
	DeleteURL      string
}

type forumPage struct {
	entityPage
	F              *kartlaggning.Forum
	ConvenerOrg    link
	ConvenerUnit   link
	Municipalities []link
	Parent         link
	Children       []link
	Members        []memberRow
	Missing        []string
	MemberForm     *form
	Errors         []formError // a change of the members that could not be saved
}

// forumShowData builds the forum's page; mf is the form to add a member,
// nil for an empty one.
func forumShowData(d *edition, p entityPage, f *kartlaggning.Forum, mf *form) forumPage {
	data := forumPage{entityPage: p, F: f, Municipalities: d.links(kartlaggning.Municipalities, f.Municipalities), MemberForm: mf}
	if f.Convener != nil {
		if f.Convener.Organisation != "" {
			data.ConvenerOrg = d.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: f.Convener.Organisation})
		}
		if f.Convener.Unit != "" {
			data.ConvenerUnit = d.link(kartlaggning.Ref{Kind: kartlaggning.Units, ID: f.Convener.Unit})
		}
	}
	if f.Parent != "" {
		data.Parent = d.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: f.Parent})
	}
	data.Children = d.links(kartlaggning.Forums, d.referring(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: f.ID}, kartlaggning.Forums, "parent"))
	wholeOrgs := 0
	for i, m := range f.Members {
		row := memberRow{N: i, Member: memberLink(d, m).plain(), Whole: m.Unit == "", Role: m.Role,
			Representative: m.Representative, Note: m.Note,
			EditURL:   joinPath("editions", p.Year, kartlaggning.Forums, f.ID, "members", i, "edit"),
			DeleteURL: joinPath("editions", p.Year, kartlaggning.Forums, f.ID, "members", i, "delete")}
		if u := d.unit(m.Unit); u != nil {
			row.Organisation = d.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation})
		} else if m.Unit == "" {
			wholeOrgs++
		}
		data.Members = append(data.Members, row)
	}
	data.Missing = forumGaps(f, wholeOrgs)
	if data.MemberForm == nil {
		data.MemberForm = memberForm(d, joinPath("editions", p.Year, kartlaggning.Forums, f.ID, "members"),
			kartlaggning.Member{Role: "ledamot"}, p.Version)
	}
	return data
}

// forumGaps says plainly what the kartläggning does not know about a
// forum, rather than hiding it.
func forumGaps(f *kartlaggning.Forum, wholeOrgs int) []string {
	var gaps []string
	switch {
	case f.Frequency == nil:
		gaps = append(gaps, "Mötesfrekvens saknas.")
	case f.Frequency.Min == nil && f.Frequency.Max == nil:
		gaps = append(gaps, "Antal möten per år saknas (bara en beskrivning finns).")
	}
	if len(f.Members) < 2 {
		gaps = append(gaps, "Färre än två kända deltagare.")
	}
	switch wholeOrgs {
	case 0:
	case 1:
		gaps = append(gaps, "1 deltagare är bara känd som organisation, inte som enhet.")
	default:
		gaps = append(gaps, strconv.Itoa(wholeOrgs)+" deltagare är bara kända som organisationer, inte som enheter.")
	}
	if f.Convener == nil {
		gaps = append(gaps, "Sammankallande saknas.")
	}
	if f.Purpose == "" {
		gaps = append(gaps, "Syfte saknas.")
	}
	return gaps
}
