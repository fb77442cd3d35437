package views

import "github.com/kartlaggning/kartlaggning/kartlaggning"

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
func forumRows(d *lookup, ids []string, seat kartlaggning.Ref) []forumRow {
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
func memberLink(d *lookup, m kartlaggning.Member) link {
	l := d.link(m.Ref())
	if m.Unit == "" {
		l = l.note("hela organisationen")
	}
	return l
}

type wishView struct {
	Text  string
	Links []link
}

// cell is one cell of an index table: plain texts (links without an
// address) or links, shown separated by commas.
type cell []link

func text(s string) cell {
	if s == "" {
		return nil
	}
	return cell{{Label: s}}
}
