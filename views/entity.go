package views

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// handleEntityIndex lists the kind's records by name; ?q= keeps those whose
// name contains the text, so that the search works without JavaScript.
func (s *Server) handleEntityIndex(c echo.Context, r *resource) error {
	return s.cachedPage(c, func() (string, any, error) {
		p, year, err := s.editionPage(c, r.kind.Plural(), crumb{Label: r.kind.Plural()})
		if err != nil {
			return "", nil, err
		}
		query := strings.TrimSpace(c.QueryParam("q"))
		if query != "" {
			p.Title = fmt.Sprintf("%s som matchar ”%s”", r.kind.Plural(), query)
		}
		d, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		var rows []indexRow
		all := d.sortedKind(r.kind)
		for _, e := range all {
			if query != "" && !containsFold(e.EntityName(), query) {
				continue
			}
			rows = append(rows, indexRow{Link: d.link(kartlaggning.Ref{Kind: r.kind, ID: e.EntityID()}).plain(), Cells: r.row(d, e)})
		}
		plural := strings.ToLower(r.kind.Plural())
		caption := swedishNumber(len(rows)) + " " + plural
		if len(rows) == 1 {
			caption = "1 " + r.kind.Singular()
		}
		if query != "" {
			caption = fmt.Sprintf("%s av %s %s", swedishNumber(len(rows)), swedishNumber(len(all)), plural)
		}
		return "entity_index", entityIndexPage{page: p, Caption: caption, Words: r.words, Plural: plural,
			Columns: r.columns, Rows: rows, NewURL: joinPath("editions", year, r.kind, "new"), Query: query, Total: len(all)}, nil
	})
}

type indexRow struct {
	Link  link
	Cells []cell
}

type entityIndexPage struct {
	page
	Caption string // the number of rows; the order is said apart, for the sort script
	Words   words
	Plural  string // "enheter", for the search's messages
	Columns []string
	Rows    []indexRow
	NewURL  string
	Query   string // the search as typed, "" for the whole list
	Total   int    // the rows before the search
}

// containsFold reports whether name contains the search text, ignoring
// case (Å and å are the same letter; å and a are not).
func containsFold(name, query string) bool {
	return strings.Contains(strings.ToLower(name), strings.ToLower(query))
}

func (s *Server) handleEntityShow(c echo.Context, r *resource) error {
	// A unit's page tells its editor and managers of open proposals from
	// enkätsvar: they live beside the edition, so the page is kept per
	// count.
	proposals := 0
	if r.kind == kartlaggning.Units {
		if year, err := yearParam(c); err == nil {
			proposals = s.openProposals(c.Request().Context(), year, c.Param("id"))
		}
	}
	return s.cachedPageVariant(c, strconv.Itoa(proposals), func() (string, any, error) {
		ep, d, v, err := s.loadEntity(c, r, "")
		if err != nil {
			return "", nil, err
		}
		ep.OpenProposals = proposals
		data := r.show(d, ep, v.Entity)
		return r.name + "_show", data, nil
	})
}

// formState is what an entity form shows besides the entity: whether it
// creates, the version it edits, the id as typed, and the errors.
type formState struct {
	isNew   bool
	version int64
	id      string
	posted  *formReader // the form as posted, when it is shown again
	err     error
}

type entityFormPage struct {
	entityPage
	Form      *form
	IsNew     bool
	CancelURL string
	Extra     any
}

// renderForm shows the form of a new or stored entity, with the errors of
// a failed save beside the inputs.
func (s *Server) renderForm(c echo.Context, r *resource, p entityPage, d *lookup, e kartlaggning.Entity, st formState) error {
	action, cancel := p.URL, p.URL
	if st.isNew {
		action, cancel = p.IndexURL, p.IndexURL
	}
	f := newForm(action)
	f.Version = st.version
	if st.isNew {
		f.add("id", st.id, hint("Lämna tomt så skapas ett id av namnet (”ARENA Mullsjö” blir ”arena-mullsjo”). "+
			"Bara a–z, 0–9 och bindestreck, högst 64 tecken; id:t kan inte ändras senare."))
	} else {
		f.add("id", st.id, hint("Id:t kan inte ändras: andra poster och exporterade filer hänvisar till det.")).ReadOnly = true
	}
	f.add("name", e.EntityName(), required)
	extra := r.form(f, d, e)
	status := http.StatusOK
	if st.posted != nil {
		// A number that could not be read is shown as typed, not emptied.
		for _, fe := range st.posted.fields {
			if fl, ok := f.Fields[fe.Path]; ok {
				fl.Value = st.posted.c.FormValue(fe.Path)
			}
		}
	}
	if st.err != nil {
		if !f.setErrors(st.err) {
			return st.err
		}
		status = formStatus(st.err)
	}
	return c.Render(status, r.name+"_form", entityFormPage{entityPage: p, Form: f, IsNew: st.isNew, CancelURL: cancel, Extra: extra})
}

// newEntityPage is the base of the pages that create an entity.
func (s *Server) newEntityPage(c echo.Context, r *resource) (entityPage, *lookup, error) {
	year, err := yearParam(c)
	if err != nil {
		return entityPage{}, nil, err
	}
	index := joinPath("editions", year, r.kind)
	p, _, err := s.editionPage(c, r.words.New, crumb{Label: r.kind.Plural(), URL: index}, crumb{Label: r.words.New})
	if err != nil {
		return entityPage{}, nil, err
	}
	d, err := s.edition(c.Request().Context(), year)
	return entityPage{page: p, Kind: r.kind, Words: r.words, Year: year, IndexURL: index}, d, err
}

func (s *Server) handleEntityNew(c echo.Context, r *resource) error {
	p, d, err := s.newEntityPage(c, r)
	if err != nil {
		return err
	}
	return s.renderForm(c, r, p, d, r.read(&formReader{c: c}, ""), formState{isNew: true})
}

func (s *Server) handleEntityCreate(c echo.Context, r *resource) error {
	p, d, err := s.newEntityPage(c, r)
	if err != nil {
		return err
	}
	rd := &formReader{c: c}
	typed := rd.text("id")
	id := typed
	if id == "" {
		id = slugify(rd.text("name"))
	}
	e := r.read(rd, id)
	if err = readErrors(rd, e, d); err == nil {
		_, err = s.Store.Create(c.Request().Context(), p.Year, e)
	}
	if err != nil {
		if typed == "" && e.EntityName() == "" {
			// The id comes from the name: one message about the name is enough.
			err = withoutField(err, "id")
		}
		return s.renderForm(c, r, p, d, e, formState{isNew: true, id: typed, posted: rd, err: err})
	}
	return redirectWithFlash(c, entityURL(p.Year, r.kind, id), fmt.Sprintf("%s är %s.", r.words.Title(), r.words.Created))
}

func (s *Server) handleEntityEdit(c echo.Context, r *resource) error {
	p, d, v, err := s.loadEntity(c, r, "Redigera")
	if err != nil {
		return err
	}
	return s.renderForm(c, r, p, d, v.Entity, formState{version: v.Version, id: p.ID})
}

func (s *Server) handleEntityUpdate(c echo.Context, r *resource) error {
	p, d, v, err := s.loadEntity(c, r, "Redigera")
	if err != nil {
		return err
	}
	rd := &formReader{c: c}
	e := r.read(rd, p.ID)
	if r.keep != nil {
		r.keep(v.Entity, e)
	}
	e = restrictToRole(c, v.Entity, e)
	version := formVersion(rd)
	if err = readErrors(rd, e, d); err == nil {
		_, err = s.Store.Update(c.Request().Context(), p.Year, e, version)
	}
	if kartlaggning.ErrorCode(err) == kartlaggning.EPRECONDITION {
		return s.renderConflict(c, p.page, p.EditURL)
	}
	if err != nil {
		return s.renderForm(c, r, p, d, e, formState{version: version, id: p.ID, posted: rd, err: err})
	}
	return redirectWithFlash(c, p.URL, "Ändringarna är sparade.")
}

// referrerRow is one entity that refers to the one about to be removed,
// with the fields it refers through.
type referrerRow struct {
	Link   link
	Kind   string
	Fields []string
}

type entityDeletePage struct {
	entityPage
	Name      string
	Referrers []referrerRow
	Members   []link // a forum's members, which go with it
	Message   string
}

func (s *Server) handleEntityDeleteConfirm(c echo.Context, r *resource) error {
	p, d, v, err := s.loadEntity(c, r, "Ta bort")
	if err != nil {
		return err
	}
	refs := d.referrers(kartlaggning.Ref{Kind: r.kind, ID: p.ID})
	return s.renderDelete(c, p, d, v.Entity, refs, "", http.StatusOK)
}

func (s *Server) handleEntityDelete(c echo.Context, r *resource) error {
	p, d, v, err := s.loadEntity(c, r, "Ta bort")
	if err != nil {
		return err
	}
	err = s.Store.Delete(c.Request().Context(), p.Year, r.kind, p.ID, formVersion(&formReader{c: c}))
	switch kartlaggning.ErrorCode(err) {
	case "":
		return redirectWithFlash(c, p.IndexURL, fmt.Sprintf("%s ”%s” är %s.", r.words.Title(), d.label(v.Entity), r.words.Removed))
	case kartlaggning.EPRECONDITION:
		return s.renderConflict(c, p.page, p.DeleteURL)
	case kartlaggning.ECONFLICT:
		e, _ := kartlaggning.AsError(err)
		return s.renderDelete(c, p, d, v.Entity, e.Referrers, e.Message, http.StatusConflict)
	}
	return err
}

func (s *Server) renderDelete(c echo.Context, p entityPage, d *lookup, e kartlaggning.Entity, refs []kartlaggning.Referrer, msg string, status int) error {
	data := entityDeletePage{entityPage: p, Name: d.label(e), Message: msg}
	index := map[kartlaggning.Ref]int{}
	for _, ref := range refs {
		key := kartlaggning.Ref{Kind: ref.Kind, ID: ref.ID}
		i, ok := index[key]
		if !ok {
			i = len(data.Referrers)
			index[key] = i
			data.Referrers = append(data.Referrers, referrerRow{Link: d.link(key), Kind: capitalise(ref.Kind.Singular())})
		}
		if l := fieldLabel(ref.Field); !slices.Contains(data.Referrers[i].Fields, l) {
			data.Referrers[i].Fields = append(data.Referrers[i].Fields, l)
		}
	}
	if f, ok := e.(*kartlaggning.Forum); ok {
		for _, m := range f.Members {
			data.Members = append(data.Members, memberLink(d, m))
		}
	}
	return c.Render(status, "entity_delete", data)
}

// fieldLabel names the field a reference is held in by its outermost
// part: "members[3].unit" is a seat among the Deltagare.
func fieldLabel(path string) string {
	head, _, _ := strings.Cut(path, ".")
	head, _, _ = strings.Cut(head, "[")
	return kartlaggning.Label(head)
}
