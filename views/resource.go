package views

import (
	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// resource is what differs between the four kinds of entity an edition
// holds; the handlers in this file are the same for all of them. Each kind
// fills one in its own file (html_forum.go, …).
type resource struct {
	kind  kartlaggning.Kind
	name  string // prefix of the kind's templates: forum_show, forum_form
	words words
	// columns and row are the index table beyond the name column.
	columns []string
	row     func(d *lookup, e kartlaggning.Entity) []cell
	// form declares the inputs beyond id and name; what it returns is
	// handed to the template as Extra (a unit's rows of wishes).
	form func(f *form, d *lookup, e kartlaggning.Entity) any
	// read builds an entity from a posted form.
	read func(r *formReader, id string) kartlaggning.Entity
	// keep copies what the form does not edit (a unit's review, a forum's
	// members) from the stored entity into the one about to be saved.
	keep func(stored, e kartlaggning.Entity)
	// show builds the data of the entity's page.
	show func(d *lookup, p entityPage, e kartlaggning.Entity) any
}

// words are the Swedish words of a kind that its messages need.
type words struct {
	The     string // "forumet"
	New     string // "Nytt forum"
	Empty   string // "Inga forum ännu — lägg till det första."
	Created string // "skapat"
	Removed string // "borttaget"
}

// Title is the definite form at the start of a sentence: "Forumet".
func (w words) Title() string { return capitalise(w.The) }

// entityPage is the base of every page about one entity.
type entityPage struct {
	page
	Kind      kartlaggning.Kind
	Words     words
	Year      int
	ID        string
	Version   int64
	URL       string
	EditURL   string
	DeleteURL string
	IndexURL  string
	// OpenProposals counts a unit's open proposals from enkätsvar, for
	// those who may see them.
	OpenProposals int
}

// loadEntity starts a page about a stored entity: the entity with its
// version, the edition's lookups, and the trail down to the entity; sub
// adds a last step ("Redigera").
func (s *Server) loadEntity(c echo.Context, r *resource, sub string) (entityPage, *lookup, kartlaggning.Versioned, error) {
	year, err := yearParam(c)
	if err != nil {
		return entityPage{}, nil, kartlaggning.Versioned{}, err
	}
	ctx := c.Request().Context()
	v, err := s.Store.Get(ctx, year, r.kind, c.Param("id"))
	if err != nil {
		return entityPage{}, nil, v, err
	}
	v.Entity = forReader(c, v.Entity)
	d, err := s.edition(ctx, year)
	if err != nil {
		return entityPage{}, nil, kartlaggning.Versioned{}, err
	}
	id := v.Entity.EntityID()
	name := d.label(v.Entity)
	ep := entityPage{Kind: r.kind, Words: r.words, Year: year, ID: id, Version: v.Version,
		URL: entityURL(year, r.kind, id), EditURL: joinPath("editions", year, r.kind, id, "edit"),
		DeleteURL: joinPath("editions", year, r.kind, id, "delete"), IndexURL: joinPath("editions", year, r.kind)}
	crumbs := []crumb{{Label: r.kind.Plural(), URL: ep.IndexURL}, {Label: name}}
	title := name
	if sub != "" {
		crumbs[1].URL = ep.URL
		crumbs = append(crumbs, crumb{Label: sub})
		title = sub + ": " + name
	}
	ep.page, _, err = s.editionPage(c, title, crumbs...)
	return ep, d, v, err
}
