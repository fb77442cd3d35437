package views

import (
	"slices"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// snapshotLinks names the entities of a snapshot on the analysis pages,
// as the edition type does for pages that read the store: a unit carries
// its organisation, an id that is not there is shown as missing.
type snapshotLinks struct {
	x    *kartlaggning.Index
	year int
}

func (l snapshotLinks) link(r kartlaggning.Ref) link {
	var name string
	switch r.Kind {
	case kartlaggning.Units:
		if u := l.x.Units[r.ID]; u != nil {
			return link{Label: u.Name, URL: entityURL(l.year, r.Kind, r.ID), Note: l.orgName(u.Organisation)}
		}
	case kartlaggning.Organisations:
		if o := l.x.Organisations[r.ID]; o != nil {
			name = o.Name
		}
	case kartlaggning.Forums:
		if f := l.x.Forums[r.ID]; f != nil {
			name = f.Name
		}
	case kartlaggning.Municipalities:
		if m := l.x.Municipalities[r.ID]; m != nil {
			name = m.Name
		}
	}
	if name == "" {
		return link{Label: r.ID, Note: "saknas"}
	}
	return link{Label: name, URL: entityURL(l.year, r.Kind, r.ID)}
}

func (l snapshotLinks) unit(id string) link {
	return l.link(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id})
}

func (l snapshotLinks) organisation(id string) link {
	return l.link(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: id})
}

func (l snapshotLinks) forum(id string) link {
	return l.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id})
}

// member names a seat: a unit with its organisation, or a whole
// organisation when the unit is not known.
func (l snapshotLinks) member(r kartlaggning.Ref) link {
	out := l.link(r)
	if r.Kind == kartlaggning.Organisations && out.URL != "" {
		out.Note = "hela organisationen"
	}
	return out
}

// memberKey names a member key of an overlap ("unit:x", "org:af").
func (l snapshotLinks) memberKey(key string) link {
	if id, ok := strings.CutPrefix(key, "unit:"); ok {
		return l.member(kartlaggning.Ref{Kind: kartlaggning.Units, ID: id})
	}
	return l.member(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: strings.TrimPrefix(key, "org:")})
}

// orgName is an organisation's short name if it has one.
func (l snapshotLinks) orgName(id string) string {
	o := l.x.Organisations[id]
	switch {
	case o == nil:
		return id
	case o.Short != "":
		return o.Short
	}
	return o.Name
}

// sorted returns links in Swedish alphabetical order of their labels.
func sortedLinks(list []link) []link {
	slices.SortStableFunc(list, func(a, b link) int { return compareSwedish(a.Label+" "+a.Note, b.Label+" "+b.Note) })
	return list
}
