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

var forumResource = &resource{
	kind: kartlaggning.Forums,
	name: "forum",
	words: words{The: "forumet", New: "Nytt forum", Empty: "Inga forum ännu — lägg till det första.",
		Created: "skapat", Removed: "borttaget"},
	columns: []string{"Typ", "Nivå", "Mötesfrekvens", "Deltagare"},
	row: func(d *lookup, e kartlaggning.Entity) []cell {
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
	show: func(d *lookup, p entityPage, e kartlaggning.Entity) any {
		return forumShowData(d, p, e.(*kartlaggning.Forum), nil)
	},
}

func forumForm(f *form, d *lookup, e kartlaggning.Entity) any {
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
	var choices []kartlaggning.Option
	for _, c := range kartlaggning.FrequencyChoices {
		choices = append(choices, kartlaggning.Option{Value: c.Text, Label: c.Text})
	}
	f.add("frequency.choice", "", label("Vanlig frekvens"), options(choices),
		hint("Välj en vanlig frekvens så fylls antal möten och beskrivning i när du sparar, där de är tomma. Du kan också skriva själv nedan."))
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
	if choice := r.text("frequency.choice"); choice != "" {
		fillFrequency(r, &freq, choice)
	}
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

// fillFrequency fills what the form left empty from a common frequency:
// the text, and the numbers when neither is typed. What is typed wins, so
// the source's own wording can stay beside the chosen numbers.
func fillFrequency(r *formReader, freq *kartlaggning.Frequency, choice string) {
	for _, c := range kartlaggning.FrequencyChoices {
		if c.Text != choice {
			continue
		}
		if freq.Text == "" {
			freq.Text = c.Text
		}
		if freq.Min == nil && freq.Max == nil && c.Known {
			lo, hi := c.Min, c.Max
			freq.Min, freq.Max = &lo, &hi
		}
		return
	}
	r.fields = append(r.fields, kartlaggning.FieldError{Path: "frequency.choice",
		Message: "Vanlig frekvens: välj en av frekvenserna i listan."})
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
func forumShowData(d *lookup, p entityPage, f *kartlaggning.Forum, mf *form) forumPage {
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

func memberForm(d *lookup, action string, m kartlaggning.Member, version int64) *form {
	f := newForm(action)
	f.Version = version
	f.add("unit", m.Unit, options(d.options(kartlaggning.Units, "")),
		hint("Välj en enhet, eller en organisation när enheten inte är känd."))
	f.add("organisation", m.Organisation, options(d.options(kartlaggning.Organisations, "")),
		hint("Bara när enheten inte är känd: då räknas hela organisationen som deltagare."))
	f.add("role", m.Role, options(kartlaggning.Roles))
	f.add("representative", m.Representative, hint("Befattning, t.ex. integrationschef. Inga personnamn behövs."))
	f.add("note", m.Note)
	return f
}

func readMember(r *formReader) kartlaggning.Member {
	return kartlaggning.Member{Unit: r.text("unit"), Organisation: r.text("organisation"), Role: r.text("role"),
		Representative: r.text("representative"), Note: r.raw("note")}
}

// setMemberErrors puts the errors of seat n ("members[3].unit") beside the
// member form's inputs ("unit"); the forum's other errors go to the summary.
func setMemberErrors(f *form, err error, n int) {
	e, ok := kartlaggning.AsError(err)
	if !ok {
		f.Errors = append(f.Errors, formError{Message: kartlaggning.ErrorMessage(err)})
		return
	}
	if len(e.Fields) == 0 {
		f.Errors = append(f.Errors, formError{Message: e.Message})
	}
	prefix := fmt.Sprintf("members[%d].", n)
	for _, fe := range e.Fields {
		name, mine := strings.CutPrefix(fe.Path, prefix)
		fl, ok := f.Fields[name]
		if !mine || !ok {
			f.Errors = append(f.Errors, formError{Message: fe.Message})
			continue
		}
		if fl.Error == "" {
			fl.Error = fe.Message
		}
		f.Errors = append(f.Errors, formError{ID: fl.ID, Message: fe.Message})
	}
}

// memberName names a member in a message.
func memberName(d *lookup, m kartlaggning.Member) string {
	l := memberLink(d, m)
	if l.Note != "" {
		return l.Label + " (" + l.Note + ")"
	}
	return l.Label
}

// loadSeat loads the forum of a member page and the seat number n.
func (s *Server) loadSeat(c echo.Context, sub string) (entityPage, *lookup, *kartlaggning.Forum, int, error) {
	p, d, v, err := s.loadEntity(c, forumResource, sub)
	if err != nil {
		return p, d, nil, 0, err
	}
	f := v.Entity.(*kartlaggning.Forum)
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 0 || n >= len(f.Members) {
		return p, d, f, 0, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Forumet har ingen deltagare nummer %q.", c.Param("n"))
	}
	return p, d, f, n, nil
}

// saveMembers stores the forum with members in place of its members, at
// the version the form carried, and redirects to the forum with flash. A
// stale version gets the conflict page. Either way done is true and err is
// what the handler returns; otherwise err is the store's error for the
// caller to show beside the form.
func (s *Server) saveMembers(c echo.Context, p entityPage, f *kartlaggning.Forum, members []kartlaggning.Member, flash string) (done bool, err error) {
	changed := *f
	changed.Members = members
	_, err = s.Store.Update(c.Request().Context(), p.Year, &changed, formVersion(&formReader{c: c}))
	switch kartlaggning.ErrorCode(err) {
	case "":
		return true, redirectWithFlash(c, p.URL+"#deltagare", flash)
	case kartlaggning.EPRECONDITION:
		return true, s.renderConflict(c, p.page, p.URL)
	case kartlaggning.EINVALID:
		return false, err
	}
	return true, err
}

func (s *Server) handleMemberCreate(c echo.Context) error {
	p, d, v, err := s.loadEntity(c, forumResource, "")
	if err != nil {
		return err
	}
	f := v.Entity.(*kartlaggning.Forum)
	m := readMember(&formReader{c: c})
	flash := fmt.Sprintf("”%s” är tillagd som deltagare.", memberName(d, m))
	done, err := s.saveMembers(c, p, f, append(slices.Clone(f.Members), m), flash)
	if done {
		return err
	}
	mf := memberForm(d, p.URL+"/members", m, p.Version)
	setMemberErrors(mf, err, len(f.Members))
	data := forumShowData(d, p, f, mf)
	return c.Render(formStatus(err), "forum_show", data)
}

type memberFormPage struct {
	entityPage
	Form   *form
	Member link
}

func (s *Server) renderMemberForm(c echo.Context, status int, p entityPage, d *lookup, f *kartlaggning.Forum, n int, m kartlaggning.Member, err error) error {
	mf := memberForm(d, joinPath("editions", p.Year, kartlaggning.Forums, p.ID, "members", n), m, p.Version)
	if err != nil {
		setMemberErrors(mf, err, n)
	}
	data := memberFormPage{entityPage: p, Form: mf, Member: memberLink(d, f.Members[n])}
	return c.Render(status, "member_form", data)
}

func (s *Server) handleMemberEdit(c echo.Context) error {
	p, d, f, n, err := s.loadSeat(c, "Ändra deltagare")
	if err != nil {
		return err
	}
	return s.renderMemberForm(c, http.StatusOK, p, d, f, n, f.Members[n], nil)
}

func (s *Server) handleMemberUpdate(c echo.Context) error {
	p, d, f, n, err := s.loadSeat(c, "Ändra deltagare")
	if err != nil {
		return err
	}
	m := readMember(&formReader{c: c})
	members := slices.Clone(f.Members)
	members[n] = m
	flash := fmt.Sprintf("Deltagaren ”%s” är ändrad.", memberName(d, m))
	done, err := s.saveMembers(c, p, f, members, flash)
	if done {
		return err
	}
	return s.renderMemberForm(c, formStatus(err), p, d, f, n, m, err)
}

func (s *Server) handleMemberDelete(c echo.Context) error {
	p, d, f, n, err := s.loadSeat(c, "")
	if err != nil {
		return err
	}
	flash := fmt.Sprintf("”%s” är borttagen ur forumet.", memberName(d, f.Members[n]))
	done, err := s.saveMembers(c, p, f, slices.Delete(slices.Clone(f.Members), n, n+1), flash)
	if done {
		return err
	}
	// Removing a seat can break a rule of the forum (a kontakt forum's
	// convener must stay a member): say so at the top of its page.
	summary := newForm("")
	setMemberErrors(summary, err, -1)
	data := forumShowData(d, p, f, nil)
	data.Errors = summary.Errors
	return c.Render(formStatus(err), "forum_show", data)
}
