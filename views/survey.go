package views

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// The enkäter's pages for editors: the edition's questionnaires, one
// questionnaire's texts and questions, its invitations, and who has
// answered. Every page works without JavaScript: adding or removing a
// question is a submit button, and every POST that succeeds redirects
// (post/redirect/get) — except making links, whose answer is the only
// time the links are shown.

// enkatCSS styles the tables of units on these pages.
var enkatCSS = []string{"css/enkater.css"}

// surveyCounts is how far the units have come with one enkät.
type surveyCounts struct {
	Invited, Opened, Drafts, Submitted, Revoked, Expired int
}

func countStatuses(list []invitationStatus) surveyCounts {
	var n surveyCounts
	for _, st := range list {
		switch st.Status {
		case inviteInvited:
			n.Invited++
		case inviteOpened:
			n.Opened++
		case inviteDraft:
			n.Drafts++
		case inviteSubmitted:
			n.Submitted++
		case inviteRevoked:
			n.Revoked++
		case inviteExpired:
			n.Expired++
		}
	}
	return n
}

type surveyRow struct {
	ID, Kind, Title, Closes, URL string
	Counts                       surveyCounts
	Units                        int // invited units
}

type surveyIndexPage struct {
	page
	Year  int
	Units int
	Rows  []surveyRow
	Kinds []kartlaggning.Option
}

func (s *Server) handleSurveyIndex(c echo.Context) error {
	e, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	p, year, err := s.editionPage(c, "Enkäter", crumb{Label: "Enkäter"})
	if err != nil {
		return err
	}
	p.ExtraCSS = enkatCSS
	list, err := e.st.Surveys(e.ctx, year)
	if err != nil {
		return err
	}
	data := surveyIndexPage{page: p, Year: year, Units: len(e.l.x.Doc.Units), Kinds: surveyKinds}
	for _, sv := range list {
		one := *e
		one.sv = sv
		invs, rs, err := one.progress()
		if err != nil {
			return err
		}
		data.Rows = append(data.Rows, surveyRow{ID: sv.ID, Kind: kartlaggning.OptionLabel(surveyKinds, sv.Kind), Title: sv.Title,
			Closes: dayText(sv.Closes), URL: surveyURL(year, sv.ID), Counts: countStatuses(invitationStatuses(invs, rs, s.now())), Units: len(invs)})
	}
	return c.Render(http.StatusOK, "survey_index", data)
}

// handleSurveyCreate makes an enkät of a kind with the defaults filled
// in, and opens it for editing.
func (s *Server) handleSurveyCreate(c echo.Context) error {
	e, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	kind := c.FormValue("kind")
	if err := checkSurveyKind(kind); err != nil {
		return err
	}
	sv := newSurvey(e.year, kind, s.now())
	sv.Created = s.now()
	sv, err = e.st.CreateSurvey(e.ctx, e.year, sv)
	if err != nil {
		return err
	}
	return redirectWithFlash(c, surveyURL(e.year, sv.ID), fmt.Sprintf("%s är skapad med standardfrågorna. Gå igenom texterna innan du skickar inbjudningar.", sv.Title))
}

// standardRow is one standard question on the edit page: asked unless
// the editor unticks it.
type standardRow struct {
	ID, Text, Help string
	Asked          bool
}

// ownQuestion is one of the editor's own questions on the edit page.
type ownQuestion struct {
	ID    string
	Field *field
}

type surveyEditPage struct {
	page
	Year       int
	Survey     survey.Survey
	Kind       string
	Form       *form
	Standard   []standardRow
	Questions  []ownQuestion
	Scale      []*field
	Answers    int
	PreviewURL string
	URL        string
}

func (s *Server) handleSurveyEdit(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	return s.renderSurveyEdit(c, http.StatusOK, e, e.sv.Title, "", nil)
}

// renderSurveyEdit shows the form with e.sv's values under the stored
// title; newText is a question being added, problem what to show beside
// the fields.
func (s *Server) renderSurveyEdit(c echo.Context, status int, e *enkat, title, newText string, problem error) error {
	sv, year := e.sv, e.year
	p, _, err := s.editionPage(c, title, crumb{Label: "Enkäter", URL: joinPath("editions", year, "enkater")}, crumb{Label: title})
	if err != nil {
		return err
	}
	p.ExtraCSS = enkatCSS
	rs, err := e.responses()
	if err != nil {
		return err
	}
	f := newForm(surveyURL(year, sv.ID))
	f.add("title", sv.Title, label("Rubrik"), required)
	f.add("intro", sv.Intro, label("Informationsbrev"),
		hint("Visas överst i enkäten: varför ni frågar, hur svaren används och vem man kan fråga. En tom rad skiljer stycken."))
	f.add("closes", sv.Closes, label("Sista svarsdag"), hint("Inbjudningarnas länkar gäller till och med denna dag om du inte väljer annat. Skriv ÅÅÅÅ-MM-DD om ingen kalender visas."), required)
	ratings := ""
	if sv.Ratings {
		ratings = "true"
	}
	f.add("ratings", ratings, label("Fråga om samverkansnivå, värde och tillit för varje part som enheten möter"))
	scale := sv.Scale
	if len(scale) != 4 {
		scale = survey.DefaultScale
	}
	data := surveyEditPage{page: p, Year: year, Survey: sv, Kind: kartlaggning.OptionLabel(surveyKinds, sv.Kind), Form: f,
		Answers: len(rs), PreviewURL: surveyURL(year, sv.ID, "forhandsgranska"), URL: surveyURL(year, sv.ID)}
	for i, step := range scale {
		data.Scale = append(data.Scale, f.add(fmt.Sprintf("scale[%d]", i), step, label(fmt.Sprintf("Steg %d", i+1))))
	}
	off := map[string]bool{}
	for _, id := range sv.Off {
		off[id] = true
	}
	for _, q := range survey.Standard(sv.Kind) {
		data.Standard = append(data.Standard, standardRow{ID: q.ID, Text: q.Text, Help: q.Help, Asked: !off[q.ID]})
	}
	f.add("off", "", label("Standardfrågor"))
	for i, q := range sv.Questions {
		fl := f.add(fmt.Sprintf("questions[%d].text", i), q.Text, label(fmt.Sprintf("Egen fråga %d", i+1)))
		data.Questions = append(data.Questions, ownQuestion{ID: q.ID, Field: fl})
	}
	f.add("new_question", newText, label("Ny fråga"), hint("Frågan besvaras med fritext."))
	if problem != nil {
		f.setErrors(problem)
	}
	return c.Render(status, "survey_edit", data)
}

// maxFormQuestions bounds how many own questions a posted form is read
// for: the domain allows 50, one more shows its error.
const maxFormQuestions = 51

// handleSurveyUpdate saves the form. A "Ta bort" button names the
// question to drop; text in the new-question row is added whichever
// button was pressed, so that nothing typed is lost.
func (s *Server) handleSurveyUpdate(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	sv := e.sv
	r := &formReader{c: c}
	oldCloses, title := sv.Closes, sv.Title
	sv.Title, sv.Intro, sv.Closes = r.text("title"), r.raw("intro"), r.text("closes")
	sv.Intro = moveClosingDay(sv.Intro, oldCloses, sv.Closes)
	sv.Ratings = r.bool("ratings")
	var scale []string
	custom := false
	for i := range 4 {
		step := r.text(fmt.Sprintf("scale[%d]", i))
		scale = append(scale, step)
		custom = custom || step != survey.DefaultScale[i]
	}
	sv.Scale = nil
	if custom {
		sv.Scale = scale
	}
	asked := map[string]bool{}
	for _, id := range r.list("ask") {
		asked[id] = true
	}
	sv.Off = nil
	for _, q := range survey.Standard(sv.Kind) {
		if !asked[q.ID] {
			sv.Off = append(sv.Off, q.ID)
		}
	}
	remove := c.FormValue("remove")
	var qs []survey.Question
	removed := false
	for i := 0; i < maxFormQuestions; i++ {
		id := r.text(fmt.Sprintf("questions[%d].id", i))
		if id == "" {
			break
		}
		if id == remove {
			removed = true
			continue
		}
		var help string
		for _, old := range sv.Questions {
			if old.ID == id {
				help = old.Help
			}
		}
		qs = append(qs, survey.Question{ID: id, Text: r.raw(fmt.Sprintf("questions[%d].text", i)), Help: help})
	}
	newText := r.raw("new_question")
	added := newText != ""
	if added {
		qs = append(qs, survey.Question{Text: newText})
	}
	sv.Questions = qs
	numberQuestions(sv.Questions)
	if c.FormValue("action") == "add" && !added {
		err = kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "new_question", Message: "Skriv frågan innan du lägger till den."}})
	} else {
		err = e.st.UpdateSurvey(e.ctx, e.year, sv)
	}
	if err != nil {
		if added {
			// The new question is shown in its row again, not twice, with
			// its problems beside it.
			last := fmt.Sprintf("questions[%d].", len(sv.Questions)-1)
			sv.Questions = sv.Questions[:len(sv.Questions)-1]
			if e, ok := kartlaggning.AsError(err); ok {
				moved := *e
				moved.Fields = nil
				for _, fe := range e.Fields {
					if strings.HasPrefix(fe.Path, last) {
						fe.Path = "new_question"
					}
					moved.Fields = append(moved.Fields, fe)
				}
				err = &moved
			}
		} else {
			newText = ""
		}
		if _, ok := kartlaggning.AsError(err); ok && formStatus(err) < 500 {
			e.sv = sv
			return s.renderSurveyEdit(c, formStatus(err), e, title, newText, err)
		}
		return err
	}
	msg, to := "Enkäten är sparad.", e.url()
	switch {
	case removed:
		msg, to = "Frågan är borttagen.", to+"#egna-fragor"
	case added:
		msg, to = "Frågan är tillagd.", to+"#egna-fragor"
	}
	return redirectWithFlash(c, to, msg)
}

func (s *Server) handleSurveyDelete(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	if err := e.st.DeleteSurvey(e.ctx, e.year, e.sv.ID); err != nil {
		if kartlaggning.ErrorCode(err) == kartlaggning.ECONFLICT {
			return redirectWithFlash(c, e.url(), kartlaggning.ErrorMessage(err))
		}
		return err
	}
	return redirectWithFlash(c, joinPath("editions", e.year, "enkater"), e.sv.Title+" är borttagen.")
}

// inviteRow is one unit on the invitations page.
type inviteRow struct {
	ID, Name     string
	Status       string
	StatusLabel  string
	Expires      string
	Active       bool // a link that still works: it can be revoked
	Checked      bool
	RevokeURL    string
	Municipality string
}

// inviteGroup is the units of one organisation.
type inviteGroup struct {
	ID, Name string
	Rows     []inviteRow
}

type invitationPage struct {
	page
	Year           int
	Survey         survey.Survey
	Kind           string
	Form           *form
	Groups         []inviteGroup
	Counts         surveyCounts
	Municipalities []kartlaggning.Option
	Organisations  []kartlaggning.Option
	URL            string
}

func (s *Server) handleInvitationIndex(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	return s.renderInvitations(c, http.StatusOK, e, inviteSelection{Expires: e.sv.Closes}, nil)
}

func (s *Server) renderInvitations(c echo.Context, status int, e *enkat, sel inviteSelection, problem error) error {
	sv, year, l := e.sv, e.year, e.l
	p, _, err := s.editionPage(c, "Inbjudningar: "+sv.Title, e.crumbs(crumb{Label: "Inbjudningar"})...)
	if err != nil {
		return err
	}
	p.ExtraCSS = enkatCSS
	invs, rs, err := e.progress()
	if err != nil {
		return err
	}
	statuses := invitationStatuses(invs, rs, s.now())
	byUnit := make(map[string]invitationStatus, len(statuses))
	for _, st := range statuses {
		byUnit[st.Unit] = st
	}
	f := newForm(surveyURL(year, sv.ID, "inbjudningar"))
	f.add("expires", sel.Expires, label("Länkarna gäller till och med"), hint("Förvalt är enkätens sista svarsdag. Skriv ÅÅÅÅ-MM-DD om ingen kalender visas."), required)
	f.add("municipality", sel.Municipality, label("Alla enheter i kommunen"), options(l.options(kartlaggning.Municipalities, "")))
	f.add("organisation", sel.Organisation, label("Alla enheter i organisationen"), options(l.options(kartlaggning.Organisations, "")))
	all := ""
	if sel.All {
		all = "true"
	}
	f.add("all", all, label(fmt.Sprintf("Alla enheter (%d)", len(l.x.Doc.Units))))
	f.add("units", "", label("Enheter"), values(sel.Units))
	data := invitationPage{page: p, Year: year, Survey: sv, Kind: kartlaggning.OptionLabel(surveyKinds, sv.Kind), Form: f,
		Counts: countStatuses(statuses), URL: surveyURL(year, sv.ID, "inbjudningar")}
	checked := map[string]bool{}
	for _, id := range sel.Units {
		checked[id] = true
	}
	groups := map[string]int{}
	for _, e := range l.sortedKind(kartlaggning.Units) {
		u := e.(*kartlaggning.Unit)
		gi, ok := groups[u.Organisation]
		if !ok {
			gi = len(data.Groups)
			groups[u.Organisation] = gi
			name := u.Organisation
			if o := l.organisation(u.Organisation); o != nil {
				name = o.Name
			}
			data.Groups = append(data.Groups, inviteGroup{ID: u.Organisation, Name: name})
		}
		row := inviteRow{ID: u.ID, Name: u.Name, Status: inviteNone, Checked: checked[u.ID],
			RevokeURL: surveyURL(year, sv.ID, "inbjudningar", u.ID, "revoke")}
		if st, ok := byUnit[u.ID]; ok {
			row.Status, row.Expires = st.Status, dayText(st.Expires)
			row.Active = !st.Revoked && st.Status != inviteExpired
		}
		row.StatusLabel = inviteStatusLabels[row.Status]
		data.Groups[gi].Rows = append(data.Groups[gi].Rows, row)
	}
	// Organisations in Swedish order; their units already are.
	sortGroups(data.Groups)
	if problem != nil {
		f.setErrors(problem)
	}
	return c.Render(status, "survey_invitations", data)
}

func sortGroups(gs []inviteGroup) {
	slices.SortStableFunc(gs, func(a, b inviteGroup) int { return compareSwedish(a.Name, b.Name) })
}

type linksPage struct {
	page
	Year    int
	Survey  survey.Survey
	Links   []issuedLink
	Expires string
	CSVURL  string
	BackURL string
}

// handleInvitationCreate makes the links and shows them, the one time
// they exist outside the respondents' mail. A "Ny länk" button on a
// unit's row (only=unit) makes that unit's link alone.
func (s *Server) handleInvitationCreate(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	r := &formReader{c: c}
	sel := inviteSelection{Units: r.list("units"), Municipality: r.text("municipality"), Organisation: r.text("organisation"),
		All: r.bool("all"), Expires: r.text("expires")}
	if only := r.text("only"); only != "" {
		sel = inviteSelection{Units: []string{only}, Expires: sel.Expires}
	}
	units, err := resolveInvitees(e.l, sel)
	expires, expErr := inviteExpiry(sel.Expires, e.sv.Closes, s.now())
	if err = joinInvalid(err, expErr); err != nil {
		if kartlaggning.ErrorCode(err) == kartlaggning.EINVALID {
			return s.renderInvitations(c, http.StatusUnprocessableEntity, e, sel, err)
		}
		return err
	}
	links, err := s.issueInvitations(e.ctx, e.l, linkBase(c), e.sv, units, expires)
	if err != nil {
		return err
	}
	p, _, err := s.editionPage(c, "Nya länkar: "+e.sv.Title,
		e.crumbs(crumb{Label: "Inbjudningar", URL: e.url("inbjudningar")}, crumb{Label: "Nya länkar"})...)
	if err != nil {
		return err
	}
	p.ExtraCSS = enkatCSS
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Render(http.StatusOK, "survey_links", linksPage{page: p, Year: e.year, Survey: e.sv, Links: links, Expires: dayText(expires),
		CSVURL: e.url("inbjudningar", "csv"), BackURL: e.url("inbjudningar")})
}

// handleInvitationCSV answers the links page's "Ladda ner som CSV": the
// page posts back the tokens it shows (the server keeps none), and each
// must still be the unit's live invitation to this enkät, so the
// download can only repeat links the editor was just given.
func (s *Server) handleInvitationCSV(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	ctx, year, sv, l := e.ctx, e.year, e.sv, e.l
	r := &formReader{c: c}
	tokens := r.list("token")
	if len(tokens) == 0 || len(tokens) > maxInviteUnits {
		return kartlaggning.Errorf(kartlaggning.EMALFORMED, "Inga länkar att ladda ner: skapa länkarna igen.")
	}
	base := linkBase(c)
	var links []issuedLink
	for _, token := range tokens {
		inv, err := e.st.InvitationByHash(ctx, survey.HashToken(token))
		if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND || (err == nil && (inv.Year != year || inv.Survey != sv.ID || inv.Revoked)) {
			return kartlaggning.Errorf(kartlaggning.ECONFLICT, "En av länkarna gäller inte längre (den har återkallats eller ersatts). Skapa nya länkar.")
		}
		if err != nil {
			return err
		}
		links = append(links, describeInvitee(l, issuedLink{Unit: inv.Unit, URL: inviteURL(base, token), Expires: inv.Expires}))
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, inviteCSVName(sv)))
	c.Response().WriteHeader(http.StatusOK)
	return writeInviteCSV(c.Response(), links)
}

func (s *Server) handleInvitationRevoke(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	unit := c.Param("unit")
	if err := e.st.Revoke(e.ctx, e.year, e.sv.ID, unit); err != nil {
		return err
	}
	return redirectWithFlash(c, e.url("inbjudningar"), fmt.Sprintf("Länken till %s är återkallad och fungerar inte längre.", e.unitName(unit)))
}

// progressRow is one unit on the response dashboard.
type progressRow struct {
	survey.UnitProgress
	Org         string
	StatusLabel string
	Updated     string
	Expires     string
	Link        string // what became of the link: "" while it works
}

// rollupRow is one organisation or municipality on the dashboard.
type rollupRow struct {
	survey.Rollup
	Rate string
}

type dashboardPage struct {
	page
	Year           int
	Survey         survey.Survey
	Kind           string
	Closes         string
	Editor         bool
	Total          rollupRow
	Statuses       []countRow
	Municipalities []rollupRow
	Organisations  []rollupRow
	Units          []progressRow
	Remind         []progressRow
	InviteURL      string
}

// handleSurveyDashboard shows who has answered: per unit, organisation
// and municipality, with the response rate and whom to remind. A
// manager sees the rows of their own units and nothing of the others.
func (s *Server) handleSurveyDashboard(c echo.Context) error {
	who := principal(c)
	editor := who.Allows(kartlaggning.Edit, "")
	if !editor && who.Role != kartlaggning.RoleManager {
		return kartlaggning.Forbidden("se svarsläget för enkäterna")
	}
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	invs, rs, err := e.progress()
	if err != nil {
		return err
	}
	year, sv, l := e.year, e.sv, e.l
	d := survey.Progress(l.x, invs, rs, s.now())
	// A manager's trail names the pages without linking them: they are
	// the editor's.
	list, one := crumb{Label: "Enkäter"}, crumb{Label: sv.Title}
	if editor {
		list.URL, one.URL = joinPath("editions", year, "enkater"), surveyURL(year, sv.ID)
	}
	p, _, err := s.editionPage(c, "Svar: "+sv.Title, list, one, crumb{Label: "Svar"})
	if err != nil {
		return err
	}
	p.ExtraCSS = enkatCSS
	data := dashboardPage{page: p, Year: year, Survey: sv, Kind: kartlaggning.OptionLabel(surveyKinds, sv.Kind), Editor: editor,
		Closes: dayText(sv.Closes), InviteURL: surveyURL(year, sv.ID, "inbjudningar")}
	for _, u := range d.Units {
		if !editor && !slices.Contains(who.Units, u.Unit) {
			continue
		}
		row := progressRow{UnitProgress: u, Org: l.orgName(u.Organisation),
			StatusLabel: kartlaggning.OptionLabel(survey.ProgressStatuses, u.Status), Expires: dayText(u.Expires)}
		if !u.Updated.IsZero() {
			row.Updated = swedishDate(u.Updated.In(survey.Stockholm))
		}
		switch {
		case u.Revoked:
			row.Link = "återkallad"
		case u.Expired:
			row.Link = "utgången"
		}
		data.Units = append(data.Units, row)
		if u.Remind {
			data.Remind = append(data.Remind, row)
		}
	}
	// The roll-ups count every unit: an editor's view only.
	if editor {
		data.Total = rollup(d.Total)
		for _, r := range d.Municipalities {
			data.Municipalities = append(data.Municipalities, rollup(r))
		}
		for _, r := range d.Organisations {
			data.Organisations = append(data.Organisations, rollup(r))
		}
		for _, o := range survey.ProgressStatuses {
			n := map[string]int{survey.NotSent: d.Total.NotSent, survey.Sent: d.Total.Sent, survey.Opened: d.Total.Opened,
				survey.Draft: d.Total.Drafts, survey.Submitted: d.Total.Submitted}[o.Value]
			data.Statuses = append(data.Statuses, countRow{Label: o.Label, Count: swedishNumber(n)})
		}
	}
	return c.Render(http.StatusOK, "survey_dashboard", data)
}

func rollup(r survey.Rollup) rollupRow {
	rate := "–"
	if r.Invited > 0 {
		rate = swedishNumber(int(r.Rate*100+0.5)) + " %"
	}
	return rollupRow{Rollup: r, Rate: rate}
}

// handleResponseReopen turns a unit's submitted chef answer back into a
// draft, so that the chef can change it through the same link. The
// personal's answers are anonymous: nobody can say whose to reopen.
func (s *Server) handleResponseReopen(c echo.Context) error {
	e, err := s.loadEnkat(c)
	if err != nil {
		return err
	}
	if e.sv.Kind != survey.Chef {
		return kartlaggning.Errorf(kartlaggning.ECONFLICT, "Personalenkätens svar är anonyma och kan inte öppnas igen.")
	}
	unit := c.Param("unit")
	rs, err := e.responses()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rs, func(r survey.Response) bool { return r.Unit == unit && r.Status == survey.Submitted })
	if i < 0 {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Enheten %q har inget inskickat svar på enkäten.", truncate(unit, 64))
	}
	if err := e.st.Reopen(e.ctx, e.year, rs[i].ID); err != nil {
		return err
	}
	return redirectWithFlash(c, e.url("svar"),
		fmt.Sprintf("Svaret från %s är öppnat igen: chefen kan ändra det via sin länk och skicka in det på nytt.", e.unitName(unit)))
}
