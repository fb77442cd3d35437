package views

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// Answering an enkät: the pages a chef or a unit's personal reach by the
// link of an invitation, without an account, and the editor's preview of
// the same form. The link's token is the only credential; whatever is
// wrong with it, the answer is the same 404.

// respondBodyLimit bounds what a respondent may send: the longest answer
// the domain accepts (200,000 characters of text) with room for the
// form's field names and encoding.
const respondBodyLimit = 256 << 10

// moreForumRows is how many empty forum rows a form has, and how many
// more "Lägg till fler forum" gives.
const moreForumRows = 3

// maxForumRows and maxWishRows bound the rows a posted form may claim
// (the domain's limits on an answer).
const (
	maxForumRows = 200
	maxWishRows  = 50
)

// respondent is a link that works: its invitation, survey and edition.
type respondent struct {
	token string
	hash  string
	inv   survey.Invitation
	sv    survey.Survey
	d     *lookup
	unit  *kartlaggning.Unit
	// preview is the editor's look at the form: nothing can be sent.
	preview bool
	// wait is how long the link must rest (429): it has been used too
	// much. A posted form is shown again with what was typed.
	wait time.Duration
}

// respondHeaders are set on every answer of a respondent's address,
// the 404 and 429 too: the address holds a secret, so the page must not
// pass it on as a Referer nor be kept by a shared cache.
func respondHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Set("Referrer-Policy", "no-referrer")
	h.Set(echo.HeaderCacheControl, "no-store")
}

// respondentOf finds the link of the request. It answers 404 itself,
// the same way for every link that does not work, or 429 when the
// address has been used too much; then it returns nil. A link used too
// much is returned with its wait, for the handler to answer 429 without
// losing what a form brought.
func (s *Server) respondentOf(c echo.Context) (*respondent, error) {
	respondHeaders(c)
	token := c.Param("token")
	now := s.now()
	// The throttle counts an account and an address; here both are the
	// address.
	addr := throttleAddress(c.RealIP())
	attempt, wait := s.linkGuesses.Begin(now, addr, addr)
	if wait > 0 {
		return nil, s.respondTooMany(c, wait)
	}
	r, err := s.lookupLink(c, token)
	if err != nil {
		// An error of the store counts as a failure too: it must not
		// open a way around the throttle.
		attempt.Done(false)
		return nil, err
	}
	if r == nil {
		attempt.Done(false)
		return nil, s.respondNotFound(c)
	}
	attempt.Done(true)
	use, wait := s.linkUse.Begin(now, r.hash, r.hash)
	if wait > 0 {
		r.wait = wait
		return r, nil
	}
	use.Done(false) // every request counts against the link's rate
	return r, nil
}

// countGuess counts a draft key that is not the link's against the
// client's address, as a wrong link is.
func (s *Server) countGuess(c echo.Context) {
	addr := throttleAddress(c.RealIP())
	if attempt, _ := s.linkGuesses.Begin(s.now(), addr, addr); attempt != nil {
		attempt.Done(false)
	}
}

// lookupLink returns the respondent of a token, nil if the link does not
// work: malformed (checked before any lookup), unknown, revoked, expired,
// or pointing at a survey or unit the edition no longer has.
func (s *Server) lookupLink(c echo.Context, token string) (*respondent, error) {
	if s.Surveys == nil || !survey.ValidToken(token) {
		return nil, nil
	}
	ctx := c.Request().Context()
	hash := survey.HashToken(token)
	inv, err := s.Surveys.InvitationByHash(ctx, hash)
	if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !survey.Usable(inv, s.now()) {
		return nil, nil
	}
	sv, err := s.Surveys.Survey(ctx, inv.Year, inv.Survey)
	if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	d, err := s.snapshots.get(ctx, inv.Year)
	if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	u := d.unit(inv.Unit)
	if u == nil || sv.Year != inv.Year {
		return nil, nil
	}
	return &respondent{token: token, hash: hash, inv: inv, sv: sv, d: d, unit: u}, nil
}

// respondNotFound is the one answer to every link that does not work,
// and to a draft key that is not the link's: the same status, headers
// and page whatever the reason, so that nothing tells a guesser which
// links exist.
func (s *Server) respondNotFound(c echo.Context) error {
	if wantsJSON(c) {
		return c.JSON(http.StatusNotFound, map[string]apiError{"error": {Code: kartlaggning.ENOTFOUND,
			Message: "Länken fungerar inte. Den kan vara felskriven, ha gått ut eller ha ersatts av en ny."}})
	}
	p := s.plainPage(c, "Länken fungerar inte")
	return c.Render(http.StatusNotFound, "respond_gone", p)
}

func retryAfterSeconds(wait time.Duration) string {
	return strconv.Itoa(max(int((wait+time.Second-1)/time.Second), 1))
}

func (s *Server) respondTooMany(c echo.Context, wait time.Duration) error {
	c.Response().Header().Set("Retry-After", retryAfterSeconds(wait))
	msg := "För många försök på kort tid. Vänta " + auth.WaitText(wait) + " och försök igen. Ingenting har sparats."
	if wantsJSON(c) {
		return c.JSON(http.StatusTooManyRequests, map[string]apiError{"error": {Code: "too_many_requests", Message: msg}})
	}
	return c.Render(http.StatusTooManyRequests, "respond_busy", respondBusyPage{page: s.plainPage(c, "Vänta en stund"), Message: msg})
}

type respondBusyPage struct {
	page
	Message string
}

// plainPage is a page without the site's navigation: a respondent has
// no account and sees nothing of the service but the questionnaire.
func (s *Server) plainPage(c echo.Context, title string) page {
	p := s.basePage(c, title)
	p.Plain = true
	p.User = kartlaggning.Principal{}
	p.ExtraCSS = []string{"css/respond.css"}
	return p
}

// respondOrigin refuses a post that a browser sent from another site.
// A respondent has no cookie to steal a request with, but a page
// elsewhere must still not submit answers in a visitor's browser. A
// client that is not a browser says neither Sec-Fetch-Site nor Origin,
// and needs the link's secret like anyone else.
func respondOrigin(c echo.Context) bool {
	r := c.Request()
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	origin := r.Header.Get(echo.HeaderOrigin)
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host && (u.Scheme == "http" || u.Scheme == "https")
}

// linkURL is the address of a link, with a personal respondent's draft
// key.
func linkURL(token, key string) string {
	u := respondPrefix + url.PathEscape(token)
	if key != "" {
		u += "?utkast=" + url.QueryEscape(key)
	}
	return u
}

// newDraftKey is a personal respondent's own secret for coming back to
// a draft: 130 random bits. Only its hash is stored, as the answer's id.
func newDraftKey() string { return rand.Text() }

// validDraftKey checks the shape of a draft key before any lookup.
func validDraftKey(key string) bool {
	if len(key) != 26 {
		return false
	}
	for _, r := range key {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

func draftID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// continuedResponse is existingResponse for the request's draft key
// (?utkast=). When there is none, found is false and err is the answer
// to send: the guess is counted and the link answered as one that does
// not work, the same for showing and saving.
func (s *Server) continuedResponse(c echo.Context, r *respondent) (resp *survey.Response, key string, found bool, err error) {
	key = c.QueryParam("utkast")
	resp, ok, err := s.existingResponse(c, r, key)
	if err != nil {
		return nil, key, false, err
	}
	if !ok {
		s.countGuess(c)
		return nil, key, false, s.respondNotFound(c)
	}
	return resp, key, true, nil
}

// existingResponse finds the answer the request continues: the unit's
// chef answer, or the personal respondent's draft named by its key. A
// key that is malformed or not this link's is not found (ok false).
func (s *Server) existingResponse(c echo.Context, r *respondent, key string) (resp *survey.Response, ok bool, err error) {
	ctx := c.Request().Context()
	if r.sv.Kind == survey.Chef {
		// The store names the chef's answer itself; ours names it
		// "<survey>-<unit>", which is tried first so that a page need
		// not read every answer of the survey. Another store's answer
		// is found in the list.
		got, err := s.Surveys.Response(ctx, r.inv.Year, r.inv.Survey+"-"+r.inv.Unit)
		if err == nil && got.Survey == r.inv.Survey && got.Unit == r.inv.Unit {
			return &got, true, nil
		} else if err != nil && kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
			return nil, false, err
		}
		all, err := s.Surveys.Responses(ctx, r.inv.Year, r.inv.Survey)
		if err != nil {
			return nil, false, err
		}
		for i := range all {
			if all[i].Unit == r.inv.Unit {
				return &all[i], true, nil
			}
		}
		return nil, true, nil
	}
	if key == "" {
		return nil, true, nil
	}
	if !validDraftKey(key) {
		return nil, false, nil
	}
	got, err := s.Surveys.Response(ctx, r.inv.Year, draftID(key))
	if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	if got.Survey != r.inv.Survey || got.Unit != r.inv.Unit {
		return nil, false, nil
	}
	return &got, true, nil
}

// handleRespondShow shows the questionnaire of a link, or the answer
// sent in with it.
func (s *Server) handleRespondShow(c echo.Context) error {
	r, err := s.respondentOf(c)
	if r == nil {
		return err
	}
	if r.wait > 0 {
		return s.respondTooMany(c, r.wait)
	}
	resp, key, found, err := s.continuedResponse(c, r)
	if !found {
		return err
	}
	if r.inv.Opened.IsZero() {
		if err := s.Surveys.MarkOpened(c.Request().Context(), r.hash, s.now()); err != nil {
			return err
		}
	}
	var ans survey.Answer
	if resp != nil {
		ans = resp.Answer
	} else {
		prev, err := s.lastYearsAnswer(c, r)
		if err != nil {
			return err
		}
		ans = prefill(r, prev)
	}
	if wantsJSON(c) {
		return c.JSON(http.StatusOK, respondJSON(r, resp, ans))
	}
	f := s.respondForm(c, r, resp, key, ans, moreForumRows)
	return c.Render(http.StatusOK, "respond", f)
}

// handleSurveyPreview shows the editor a questionnaire as a respondent
// sees it, for a unit of the edition (?enhet=), without a form to send.
func (s *Server) handleSurveyPreview(c echo.Context) error {
	if s.Surveys == nil {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Enkäter finns inte i den här installationen.")
	}
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sv, err := s.Surveys.Survey(ctx, year, c.Param("id"))
	if err != nil {
		return err
	}
	d, err := s.snapshots.get(ctx, year)
	if err != nil {
		return err
	}
	r := &respondent{sv: sv, d: d, preview: true, inv: survey.Invitation{Year: year, Survey: sv.ID}}
	if id := c.QueryParam("enhet"); id != "" {
		if r.unit = d.unit(id); r.unit == nil {
			return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen enhet med id %q.", id)
		}
		r.inv.Unit = id
	} else {
		r.unit = &kartlaggning.Unit{Name: "Enhetens namn"}
	}
	ans := prefill(r, nil)
	if wantsJSON(c) {
		return c.JSON(http.StatusOK, respondJSON(r, nil, ans))
	}
	f := s.respondForm(c, r, nil, "", ans, moreForumRows)
	f.Title = "Förhandsgranskning: " + sv.Title
	f.BackURL = fmt.Sprintf("/editions/%d/enkater/%s", year, url.PathEscape(sv.ID))
	f.PreviewUnit = f.add("enhet", "enhet", r.inv.Unit, label("Visa enkäten som den ser ut för enheten"),
		options(d.options(kartlaggning.Units, "")))
	f.PreviewUnit.Empty = "– Ingen särskild enhet –"
	return c.Render(http.StatusOK, "respond", f)
}

// respondRequest is what a JSON client sends.
type respondRequest struct {
	Answer survey.Answer `json:"answer"`
	Submit bool          `json:"submit"`
}

// handleRespondSave saves a draft ("Spara och fortsätt senare"), sends
// an answer in ("Skicka in"), or gives the form more forum rows ("Lägg
// till fler forum", which saves nothing).
func (s *Server) handleRespondSave(c echo.Context) error {
	r, err := s.respondentOf(c)
	if r == nil {
		return err
	}
	if !respondOrigin(c) {
		return kartlaggning.Forbidden("skicka svar från en annan webbplats")
	}
	req := c.Request()
	if req.ContentLength > respondBodyLimit {
		return s.respondTooLarge(c)
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, respondBodyLimit)
	resp, key, found, err := s.continuedResponse(c, r)
	if !found {
		return err
	}

	var ans survey.Answer
	var submit bool
	rows := moreForumRows
	mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	jsonBody := mt == echo.MIMEApplicationJSON
	switch mt {
	case echo.MIMEApplicationJSON:
		if r.wait > 0 {
			return s.respondTooMany(c, r.wait)
		}
		var body respondRequest
		data, err := io.ReadAll(req.Body)
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return s.respondTooLarge(c)
		} else if err != nil {
			return err
		}
		if err := kartlaggning.DecodeJSON(data, &body); err != nil {
			return err
		}
		ans, submit = body.Answer, body.Submit
	case echo.MIMEApplicationForm:
		if err := req.ParseForm(); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return s.respondTooLarge(c)
			}
			return kartlaggning.Errorf(kartlaggning.EMALFORMED, "Formuläret kunde inte läsas.")
		}
		rd := &formReader{c: c}
		ans = readAnswer(rd, r)
		if r.wait > 0 {
			// The browser would not give the typed answer back (the page
			// is no-store): it is shown again, with when to send it.
			f := s.respondForm(c, r, resp, key, ans, moreForumRows)
			f.Errors = append(f.Errors, formError{Message: "Många svarar just nu, så svaret kunde inte sparas. Vänta " +
				auth.WaitText(r.wait) + " och tryck på knappen igen. Det du har skrivit finns kvar nedan."})
			c.Response().Header().Set("Retry-After", retryAfterSeconds(r.wait))
			return c.Render(http.StatusTooManyRequests, "respond", f)
		}
		switch c.FormValue("action") {
		case "submit":
			submit = true
		case "more":
			// More empty rows, nothing saved: the page is shown again
			// with what was typed.
			rows = min(len(ans.Forums)+moreForumRows+emptyRows(c), maxForumRows) - len(ans.Forums)
			f := s.respondForm(c, r, resp, key, ans, rows)
			f.Focus = fmt.Sprintf("f-forums-%d-name", len(ans.Forums))
			return c.Render(http.StatusOK, "respond", f)
		}
		if err := rd.err(); err != nil {
			return s.respondAgain(c, r, resp, key, ans, err)
		}
	default:
		return kartlaggning.Errorf(kartlaggning.EUNSUPPORTED,
			"Svaret ska skickas som formulär eller som JSON med Content-Type: application/json.")
	}

	if resp != nil && resp.Status == survey.Submitted {
		err := kartlaggning.Errorf(kartlaggning.ECONFLICT,
			"Svaret är redan inskickat och kan inte ändras. Vill du ändra något, be samordningsförbundet öppna det igen.")
		if jsonBody {
			return err
		}
		return s.respondAgain(c, r, resp, key, ans, err)
	}
	if err := checkAnswer(r, ans, submit); err != nil {
		if jsonBody {
			return err
		}
		return s.respondAgain(c, r, resp, key, ans, err)
	}

	now := s.now()
	out := survey.Response{Year: r.inv.Year, Survey: r.inv.Survey, Unit: r.inv.Unit, Status: survey.Draft,
		Answer: ans, Started: now, Updated: now}
	if resp != nil {
		out.ID, out.Started = resp.ID, resp.Started
	} else if r.sv.Kind == survey.Personal {
		key = newDraftKey()
		out.ID = draftID(key)
	}
	if submit {
		out.Status, out.Submitted = survey.Submitted, now
	}
	saved, err := s.Surveys.SaveResponse(req.Context(), out)
	if err != nil {
		if jsonBody {
			return err
		}
		return s.respondAgain(c, r, resp, key, ans, err)
	}
	if jsonBody {
		status := http.StatusOK
		if resp == nil {
			status = http.StatusCreated
		}
		body := map[string]any{"status": saved.Status, "updated": saved.Updated}
		if r.sv.Kind == survey.Personal {
			// The key is the respondent's only way back to the draft: it
			// is given to them and never stored.
			body["utkast"] = key
			body["url"] = linkURL(r.token, key)
		}
		return c.JSON(status, body)
	}
	msg := "Ditt utkast är sparat. Du kan fortsätta senare via samma länk."
	if r.sv.Kind == survey.Personal {
		msg = "Ditt utkast är sparat. Spara adressen till den här sidan som bokmärke: den är din enda väg tillbaka till utkastet."
	}
	if submit {
		msg = "Tack! Ditt svar är inskickat."
	}
	return redirectWithFlash(c, linkURL(r.token, key), msg)
}

// emptyRows counts the empty forum rows the posted form had, so that
// "Lägg till fler forum" adds rows rather than only keeping the count.
func emptyRows(c echo.Context) int {
	n, _ := strconv.Atoi(c.FormValue("forums_rows"))
	filled := 0
	for i := 0; i < min(max(n, 0), maxForumRows); i++ {
		if c.FormValue(fmt.Sprintf("forums[%d].forum", i)) != "" || strings.TrimSpace(c.FormValue(fmt.Sprintf("forums[%d].name", i))) != "" {
			filled++
		}
	}
	return max(0, min(n, maxForumRows)-filled)
}

func (s *Server) respondTooLarge(c echo.Context) error {
	return kartlaggning.Errorf(kartlaggning.ETOOLARGE,
		"Svaret är för stort: högst %d KiB. Korta de längsta texterna och försök igen.", respondBodyLimit>>10)
}

// respondAgain shows the form again with what was typed and the errors
// beside their fields. Nothing was saved.
func (s *Server) respondAgain(c echo.Context, r *respondent, resp *survey.Response, key string, ans survey.Answer, err error) error {
	f := s.respondForm(c, r, resp, key, ans, moreForumRows)
	if !f.setErrors(err) {
		return err
	}
	if kartlaggning.ErrorCode(err) == kartlaggning.ECONFLICT && resp != nil {
		// A locked answer is shown as it was sent, not as it was typed.
		f = s.respondForm(c, r, resp, key, resp.Answer, 0)
		f.setErrors(err)
	}
	return c.Render(formStatus(err), "respond", f)
}

// checkAnswer checks an answer against its survey and the edition. A
// draft may be incomplete; an answer sent in must name every forum.
func checkAnswer(r *respondent, a survey.Answer, submit bool) error {
	var fields []kartlaggning.FieldError
	if e, ok := kartlaggning.AsError(survey.ValidateAnswer(r.sv, a)); ok {
		fields = append(fields, e.Fields...)
	}
	fields = append(fields, survey.CheckRefs(a, r.d.x)...)
	if submit {
		for i, f := range a.Forums {
			if f.Forum == "" && f.Name != "" {
				if f.Kind == "" {
					fields = append(fields, kartlaggning.FieldError{Path: fmt.Sprintf("answer.forums[%d].kind", i),
						Message: "Välj vilken sorts forum det är."})
				}
				if f.Level == "" {
					fields = append(fields, kartlaggning.FieldError{Path: fmt.Sprintf("answer.forums[%d].level", i),
						Message: "Välj på vilken nivå forumet arbetar."})
				}
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &kartlaggning.Error{Code: kartlaggning.EINVALID,
		Message: fmt.Sprintf("Svaret innehåller %d fel. Ingenting har sparats.", len(fields)), Fields: fields}
}

// prefill is a new chef answer's starting point: last year's answer
// carried over (prev, by survey.Carry), then the forums the edition says
// the unit takes part in that it does not name, each with what the
// edition knows of it, for the chef to confirm ("Stämmer detta
// fortfarande?") or correct.
func prefill(r *respondent, prev *survey.Answer) survey.Answer {
	var a survey.Answer
	if r.sv.Kind != survey.Chef || r.inv.Unit == "" {
		return a
	}
	named := map[string]bool{}
	if prev != nil {
		a = survey.Carry(*prev, r.d.x)
		for _, f := range a.Forums {
			named[f.Forum] = true
		}
	}
	me := kartlaggning.Ref{Kind: kartlaggning.Units, ID: r.inv.Unit}
	for _, f := range r.d.x.ForumsOf[me] {
		if named[f.ID] {
			continue
		}
		fa := survey.ForumAnswer{Forum: f.ID, Kind: f.Kind, Level: f.Level}
		if f.Frequency != nil {
			freq := *f.Frequency
			fa.Frequency = &freq
		}
		if f.Convener != nil {
			fa.Convener = f.Convener.Organisation
		}
		seen := map[string]bool{r.unit.Organisation: true}
		for _, m := range f.Members {
			if m.Unit == r.inv.Unit {
				fa.Role = m.Role
				continue
			}
			org := m.Organisation
			if m.Unit != "" {
				if u := r.d.unit(m.Unit); u != nil {
					org = u.Organisation
				}
			}
			if org != "" && !seen[org] {
				seen[org] = true
				fa.Parties = append(fa.Parties, org)
			}
		}
		a.Forums = append(a.Forums, fa)
	}
	return a
}

// lastYearsAnswer is the unit's chef answer to last year's chefsenkät,
// sent in, if there is one.
func (s *Server) lastYearsAnswer(c echo.Context, r *respondent) (*survey.Answer, error) {
	if r.sv.Kind != survey.Chef {
		return nil, nil
	}
	ctx := c.Request().Context()
	svs, err := s.Surveys.Surveys(ctx, r.inv.Year-1)
	if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var found *survey.Answer
	for _, sv := range svs {
		if sv.Kind != survey.Chef {
			continue
		}
		all, err := s.Surveys.Responses(ctx, sv.Year, sv.ID)
		if err != nil {
			return nil, err
		}
		for i := range all {
			// The newest survey's answer wins: the surveys come oldest first.
			if all[i].Unit == r.inv.Unit && all[i].Status == survey.Submitted {
				found = &all[i].Answer
			}
		}
	}
	return found, nil
}

// readAnswer reads the posted form into an answer. Rows left empty are
// dropped, so that the answer's indexes (and the errors' paths) are
// those of the rows shown again.
func readAnswer(rd *formReader, r *respondent) survey.Answer {
	var a survey.Answer
	if r.sv.Kind == survey.Chef {
		a.Description = rd.raw("description")
		a.TargetGroups = rd.lines("target_groups")
		a.WorksWell = rd.raw("works_well")
		a.NeedsDevelopment = rd.raw("needs_development")
		n, _ := strconv.Atoi(rd.text("forums_rows"))
		byName := forumsByName(r.d)
		for i := 0; i < min(max(n, 0), maxForumRows); i++ {
			if f, ok := readForumRow(rd, byName, fmt.Sprintf("forums[%d].", i), len(a.Forums)); ok {
				a.Forums = append(a.Forums, f)
			}
		}
		n, _ = strconv.Atoi(rd.text("wishes_rows"))
		for i := 0; i < min(max(n, 0), maxWishRows); i++ {
			p := fmt.Sprintf("wishes[%d].", i)
			w := survey.WishAnswer{Organisation: rd.text(p + "organisation"), Text: rd.raw(p + "text")}
			if w != (survey.WishAnswer{}) {
				a.Wishes = append(a.Wishes, w)
			}
		}
	} else {
		a.Obstacles = rd.raw("obstacles")
		a.Ideas = rd.raw("ideas")
		for _, o := range parties(r.d) {
			p := "collaborations[" + o.ID + "]."
			c := survey.Collaboration{Organisation: o.ID, Forms: rd.list(p + "forms"), Note: rd.raw(p + "note")}
			c.Works = rd.scale(p+"works", fmt.Sprintf("collaborations[%d].works", len(a.Collaborations)))
			if len(c.Forms) > 0 || c.Works != 0 || c.Note != "" {
				a.Collaborations = append(a.Collaborations, c)
			}
		}
	}
	if r.sv.Ratings {
		for _, o := range parties(r.d) {
			p := "ratings[" + o.ID + "]."
			at := fmt.Sprintf("ratings[%d].", len(a.Ratings))
			rt := survey.Rating{Organisation: o.ID, Level: rd.scale(p+"level", at+"level"),
				Value: rd.scale(p+"value", at+"value"), Trust: rd.scale(p+"trust", at+"trust")}
			if rt.Level != 0 || rt.Value != 0 || rt.Trust != 0 {
				a.Ratings = append(a.Ratings, rt)
			}
		}
	}
	for _, q := range r.sv.Questions {
		if v := rd.raw("custom." + q.ID); v != "" {
			if a.Custom == nil {
				a.Custom = map[string]string{}
			}
			a.Custom[q.ID] = v
		}
	}
	return a
}

// forumsByName finds the edition's forums by their names, lower case;
// a name two forums share finds neither.
func forumsByName(d *lookup) map[string]string {
	out := make(map[string]string, len(d.x.Doc.Forums))
	for _, f := range d.x.Doc.Forums {
		k := strings.ToLower(f.Name)
		if _, dup := out[k]; dup {
			out[k] = ""
			continue
		}
		out[k] = f.ID
	}
	return out
}

// readForumRow reads one forum row of the form; ok is false for a row
// left empty. at is the row's index in the answer, for errors.
func readForumRow(rd *formReader, byName map[string]string, p string, at int) (survey.ForumAnswer, bool) {
	f := survey.ForumAnswer{Forum: rd.text(p + "forum"), Name: rd.text(p + "name"), Kind: rd.text(p + "kind"),
		Level: rd.text(p + "level"), Convener: rd.text(p + "convener"), Parties: rd.list(p + "parties"),
		Role: rd.text(p + "role"), Note: rd.raw(p + "note"), Still: rd.text(p + "still")}
	// A name picked among the suggestions is that forum.
	if id := byName[strings.ToLower(f.Name)]; f.Forum == "" && id != "" {
		f.Forum, f.Name = id, ""
	}
	if choice, text := rd.text(p+"frequency.choice"), rd.text(p+"frequency.text"); choice != "" || text != "" {
		freq := kartlaggning.Frequency{Text: text}
		if choice != "" {
			found := false
			for _, fc := range kartlaggning.FrequencyChoices {
				if fc.Text == choice {
					found = true
					if fc.Known {
						lo, hi := fc.Min, fc.Max
						freq.Min, freq.Max = &lo, &hi
					}
					if freq.Text == "" {
						freq.Text = fc.Text
					}
				}
			}
			if !found {
				rd.fields = append(rd.fields, kartlaggning.FieldError{Path: fmt.Sprintf("answer.forums[%d].frequency.choice", at),
					Message: "Välj hur ofta forumet träffas i listan, eller beskriv det med egna ord."})
			}
		}
		f.Frequency = &freq
	}
	empty := f.Forum == "" && f.Name == "" && f.Kind == "" && f.Level == "" && f.Frequency == nil &&
		f.Convener == "" && len(f.Parties) == 0 && f.Role == "" && f.Note == "" && f.Still == ""
	return f, !empty
}

// scale reads a 1–4 answer of a radio group; path is where an error is
// reported.
func (r *formReader) scale(name, path string) int {
	v := r.text(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 4 {
		r.fields = append(r.fields, kartlaggning.FieldError{Path: "answer." + path, Message: "Välj ett av alternativen 1–4."})
		return 0
	}
	return n
}

// parties are the edition's party organisations, which the ratings and
// the personal's collaboration questions ask about.
func parties(d *lookup) []*kartlaggning.Organisation {
	var out []*kartlaggning.Organisation
	for _, e := range d.sortedKind(kartlaggning.Organisations) {
		if o := d.organisation(e.EntityID()); o != nil && o.Party {
			out = append(out, o)
		}
	}
	return out
}

// eachParty gives row every party in order with its stored answer in
// list, if any (else the zero value): path is where the domain's field
// errors point ("ratings[2]." or "ratings[?]." when unanswered), pre the
// form's name for the party's fields ("ratings[org-7].").
func eachParty[T any](d *lookup, list string, stored []T, org func(T) string, row func(o *kartlaggning.Organisation, v T, path, pre string)) {
	byOrg := map[string]int{}
	for i, v := range stored {
		byOrg[org(v)] = i
	}
	for _, o := range parties(d) {
		var v T
		path := list + "[?]."
		if i, ok := byOrg[o.ID]; ok {
			v, path = stored[i], fmt.Sprintf("%s[%d].", list, i)
		}
		row(o, v, path, list+"["+o.ID+"].")
	}
}

// respondFormPage is the questionnaire: the page of a link, the receipt
// of an answer sent in, and the editor's preview.
type respondFormPage struct {
	page
	Action    string
	Survey    survey.Survey
	Chef      bool
	UnitName  string
	OrgName   string
	Intro     []string
	Closes    string
	Status    string // "", draft or submitted
	Locked    bool   // sent in, or a preview: nothing can be sent
	Preview   bool
	Submitted time.Time
	// Bookmark is the address a personal respondent comes back to the
	// draft by.
	Bookmark string
	Errors   []formError
	Focus    string

	Description, TargetGroups, WorksWell, NeedsDevelopment, Obstacles, Ideas *answerField
	Forums                                                                   []*answerForumRow
	ForumsRows                                                               int
	Wishes                                                                   []*answerWishRow
	Collaborations                                                           []*answerCollabRow
	Ratings                                                                  []*answerRatingRow
	Custom                                                                   []*answerField
	// The preview's way back to the survey, and its choice of unit.
	BackURL     string
	PreviewUnit *answerField
	// ForumNames are the edition's forums, suggested for a new row.
	ForumNames []string
	// The questions asked in several parts, for their headings.
	ForumsQ, WishesQ, CollaborationsQ, RatingsQ *survey.Item

	fields map[string]*answerField // by the answer's path, for the errors
}

// answerForumRow is one forum of the chef's answer.
type answerForumRow struct {
	N                                                        int
	Existing                                                 string // the edition's forum's name, "" for a new row
	Forum, Name, Kind, Level, FreqChoice, FreqText, Convener *answerField
	Parties, Role, Note, Still                               *answerField
}

type answerWishRow struct {
	N                  int
	Organisation, Text *answerField
}

// answerCollabRow is one party in the personal's collaboration questions.
type answerCollabRow struct {
	Name               string
	Forms, Works, Note *answerField
}

// answerRatingRow is one party organisation to rate.
type answerRatingRow struct {
	Name                string
	Level, Value, Trust *answerField
}

// answerField is an input of the questionnaire with its choices worked
// out beforehand: a chef's form has some 800 options, and deciding in
// the template which are selected costs more than the rest of the page.
//
// It is a struct of its own rather than one embedding field: the
// template finds an embedded struct's fields by a slow search.
type answerField struct {
	ID, Name, Label, Hint, Value, Error string
	Required, ReadOnly                  bool   // as the shared partials ask
	Empty                               string // a select's choice of nothing, if not "– Inget svar –"
	Choices                             []choice
}

type choice struct {
	ID, Value, Label string
	On               bool
}

// The choices are written here rather than in the template: escaping
// each of a form's 800 options' values in html/template took most of the
// page's time. Everything written is escaped with HTMLEscapeString.

// SelectOptions are the options of a select.
func (f *answerField) SelectOptions() template.HTML {
	var b strings.Builder
	for _, c := range f.Choices {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(c.Value))
		if c.On {
			b.WriteString(`" selected>`)
		} else {
			b.WriteString(`">`)
		}
		b.WriteString(template.HTMLEscapeString(c.Label))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// Inputs are the labelled radio buttons or checkboxes of a group.
func (f *answerField) Inputs(kind string) template.HTML {
	if kind != "radio" {
		kind = "checkbox"
	}
	var b strings.Builder
	name := template.HTMLEscapeString(f.Name)
	for _, c := range f.Choices {
		id := template.HTMLEscapeString(c.ID)
		fmt.Fprintf(&b, `<label for="%s"><input type="%s" id="%s" name="%s" value="%s"`, id, kind, id, name, template.HTMLEscapeString(c.Value))
		if c.On {
			b.WriteString(" checked")
		}
		b.WriteString("> ")
		b.WriteString(template.HTMLEscapeString(c.Label))
		b.WriteString("</label>")
	}
	return template.HTML(b.String())
}

func (p *respondFormPage) add(path, name, value string, opts ...func(*field)) *answerField {
	fl := &field{ID: fieldID(name), Name: name, Label: kartlaggning.Label(name), Value: value}
	for _, o := range opts {
		o(fl)
	}
	af := &answerField{ID: fl.ID, Name: fl.Name, Label: fl.Label, Hint: fl.Hint, Value: fl.Value}
	p.fields[path] = af
	if len(fl.Options) > 0 {
		af.Choices = make([]choice, len(fl.Options))
		for i, o := range fl.Options {
			on := o.Value == value
			for _, v := range fl.Values {
				on = on || v == o.Value
			}
			af.Choices[i] = choice{ID: fl.ID + "-" + strconv.Itoa(i), Value: o.Value, Label: o.Label, On: on}
		}
	}
	return af
}

// respondForm builds the page of an answer; rows is how many empty forum
// rows follow the answer's forums.
func (s *Server) respondForm(c echo.Context, r *respondent, resp *survey.Response, key string, a survey.Answer, rows int) *respondFormPage {
	sv, d := r.sv, r.d
	p := &respondFormPage{page: s.plainPage(c, sv.Title), Survey: sv, Chef: sv.Kind == survey.Chef,
		UnitName: r.unit.Name, OrgName: d.orgName(r.unit.Organisation), Preview: r.preview,
		Intro: splitParagraphs(sv.Intro), fields: map[string]*answerField{}}
	if t, err := time.ParseInLocation(time.DateOnly, sv.Closes, time.Local); err == nil {
		p.Closes = swedishDate(t)
	}
	if r.preview {
		p.Locked = true
		p.page.User = principal(c)
	} else {
		p.Action = linkURL(r.token, key)
	}
	if resp != nil {
		p.Status = resp.Status
		if resp.Status == survey.Submitted {
			p.Locked, p.Submitted = true, resp.Submitted
			p.Title = "Tack! Ditt svar är inskickat"
		}
	}
	if !p.Chef && key != "" && !p.Locked {
		p.Bookmark = linkURL(r.token, key)
	}
	// The questions' texts are the domain's, so that the form, the
	// preview and the report's appendices ask the same.
	items := map[string]survey.Item{}
	for _, it := range survey.Questions(sv) {
		items[it.ID] = it
	}
	q := func(id string) (survey.Item, bool) { it, ok := items[id]; return it, ok }
	orgOpts := d.options(kartlaggning.Organisations, "")
	text := func(id, value string) *answerField {
		it, ok := q(id)
		if !ok {
			return nil
		}
		return p.add(id, id, value, label(it.Text), hint(it.Help))
	}
	if p.Chef {
		p.Description = text("description", a.Description)
		p.TargetGroups = text("target_groups", strings.Join(a.TargetGroups, "\n"))
		if it, ok := q("forums"); ok {
			p.ForumsQ = &it
			pt := partTexts(it)
			for i := 0; i < len(a.Forums)+rows; i++ {
				var fa survey.ForumAnswer
				if i < len(a.Forums) {
					fa = a.Forums[i]
				}
				p.Forums = append(p.Forums, p.forumFields(i, fa, d, pt, orgOpts))
			}
			p.ForumsRows = len(p.Forums)
			for _, e := range d.sortedKind(kartlaggning.Forums) {
				if f := d.forum(e.EntityID()); f != nil {
					p.ForumNames = append(p.ForumNames, f.Name)
				}
			}
		}
		p.WorksWell = text("works_well", a.WorksWell)
		p.NeedsDevelopment = text("needs_development", a.NeedsDevelopment)
		if it, ok := q("wishes"); ok {
			p.WishesQ = &it
			pt := partTexts(it)
			n := len(a.Wishes) + 2
			for i := 0; i < n && i < maxWishRows; i++ {
				var w survey.WishAnswer
				if i < len(a.Wishes) {
					w = a.Wishes[i]
				}
				pre := fmt.Sprintf("wishes[%d].", i)
				p.Wishes = append(p.Wishes, &answerWishRow{N: i + 1,
					Organisation: p.add(pre+"organisation", pre+"organisation", w.Organisation, label(pt["organisation"].Text), options(orgOpts)),
					Text:         p.add(pre+"text", pre+"text", w.Text, label(pt["text"].Text))})
			}
		}
	} else {
		if it, ok := q("collaborations"); ok {
			p.CollaborationsQ = &it
			pt := partTexts(it)
			eachParty(d, "collaborations", a.Collaborations, func(c survey.Collaboration) string { return c.Organisation },
				func(o *kartlaggning.Organisation, c survey.Collaboration, path, pre string) {
					p.Collaborations = append(p.Collaborations, &answerCollabRow{Name: o.Name,
						Forms: p.add(path+"forms", pre+"forms", "", label(pt["forms"].Text), options(pt["forms"].Options), values(c.Forms)),
						Works: p.add(path+"works", pre+"works", scaleValue(c.Works), label(pt["works"].Text), options(pt["works"].Options)),
						Note:  p.add(path+"note", pre+"note", c.Note, label(pt["note"].Text))})
				})
		}
		p.Obstacles = text("obstacles", a.Obstacles)
		p.Ideas = text("ideas", a.Ideas)
	}
	if it, ok := q("ratings"); ok && sv.Ratings {
		p.RatingsQ = &it
		pt := partTexts(it)
		eachParty(d, "ratings", a.Ratings, func(rt survey.Rating) string { return rt.Organisation },
			func(o *kartlaggning.Organisation, rt survey.Rating, path, pre string) {
				p.Ratings = append(p.Ratings, &answerRatingRow{Name: o.Name,
					Level: p.add(path+"level", pre+"level", scaleValue(rt.Level), label(pt["level"].Text), options(pt["level"].Options)),
					Value: p.add(path+"value", pre+"value", scaleValue(rt.Value), label(pt["value"].Text), options(pt["value"].Options)),
					Trust: p.add(path+"trust", pre+"trust", scaleValue(rt.Trust), label(pt["trust"].Text), options(pt["trust"].Options))})
			})
	}
	for _, cq := range sv.Questions {
		p.Custom = append(p.Custom, p.add("custom."+cq.ID, "custom."+cq.ID, a.Custom[cq.ID], label(cq.Text), hint(cq.Help)))
	}
	return p
}

// partTexts are the parts of a question by id.
func partTexts(it survey.Item) map[string]survey.Part {
	out := make(map[string]survey.Part, len(it.Parts))
	for _, pt := range it.Parts {
		out[pt.ID] = pt
	}
	return out
}

func scaleValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (p *respondFormPage) forumFields(i int, fa survey.ForumAnswer, d *lookup, pt map[string]survey.Part, orgOpts []kartlaggning.Option) *answerForumRow {
	pre := fmt.Sprintf("forums[%d].", i)
	row := &answerForumRow{N: i + 1}
	if f := d.forum(fa.Forum); f != nil {
		row.Existing = f.Name
	}
	choice, text := "", ""
	if fa.Frequency != nil {
		text = fa.Frequency.Text
		for _, fc := range kartlaggning.FrequencyChoices {
			if fc.Text == text {
				choice, text = fc.Text, ""
			}
		}
	}
	part := func(id string, value string, opts ...func(*field)) *answerField {
		opts = append([]func(*field){label(pt[id].Text), hint(pt[id].Help), options(pt[id].Options)}, opts...)
		return p.add(pre+id, pre+id, value, opts...)
	}
	row.Forum = part("forum", fa.Forum, hint(""))
	// A new row names its forum in one field, offered the edition's
	// forums as suggestions (ForumNames): one list for the page instead
	// of a select of every forum in every row.
	row.Name = part("name", fa.Name, label("Forumets namn"),
		hint("Börja skriva så föreslås forum som redan finns i kartläggningen. Finns det inte, skriv dess namn."))
	if row.Existing == "" {
		p.fields[pre+"forum"] = row.Name
	}
	row.Kind = part("kind", fa.Kind)
	row.Level = part("level", fa.Level)
	row.FreqChoice = p.add(pre+"frequency.choice", pre+"frequency.choice", choice, label(pt["frequency"].Text), options(pt["frequency"].Options))
	row.FreqText = p.add(pre+"frequency.text", pre+"frequency.text", text, label("… eller med egna ord"),
		hint("T.ex. ”var 6:e vecka” eller ”4–6 gånger per år”."))
	for _, sub := range []string{"frequency", "frequency.min", "frequency.max"} {
		p.fields[pre+sub] = row.FreqChoice
	}
	row.Convener = part("convener", fa.Convener, options(orgOpts))
	row.Parties = part("parties", "", options(orgOpts), values(fa.Parties))
	row.Role = part("role", fa.Role)
	row.Note = part("note", fa.Note)
	row.Still = part("still", fa.Still, hint("Deltar enheten fortfarande i forumet?"))
	return row
}

// setErrors puts each error beside its field (paths "answer.forums[0].kind"
// and the form's own "forums[0].kind" alike) and into the summary.
func (p *respondFormPage) setErrors(err error) bool {
	errs, ok := placeErrors(err, func(path string) (*string, string, bool) {
		fl, ok := p.fields[strings.TrimPrefix(strings.TrimPrefix(path, "answer"), ".")]
		if !ok {
			return nil, "", false
		}
		return &fl.Error, fl.ID, true
	}, false)
	p.Errors = append(p.Errors, errs...)
	return ok
}

func splitParagraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// respondJSON is the questionnaire as a JSON client reads it: the
// survey, the names it may refer to, and the answer so far.
func respondJSON(r *respondent, resp *survey.Response, start survey.Answer) map[string]any {
	type named struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	type org struct {
		named
		Party bool `json:"party"`
	}
	forums := make([]named, 0, len(r.d.x.Doc.Forums))
	for _, f := range r.d.x.Doc.Forums {
		forums = append(forums, named{f.ID, f.Name})
	}
	orgs := make([]org, 0, len(r.d.x.Doc.Organisations))
	for _, o := range r.d.x.Doc.Organisations {
		orgs = append(orgs, org{named{o.ID, o.Name}, o.Party})
	}
	sv := r.sv
	out := map[string]any{
		"survey": map[string]any{"kind": sv.Kind, "title": sv.Title, "intro": sv.Intro, "closes": sv.Closes,
			"questions": survey.Questions(sv), "ratings": sv.Ratings, "scale": sv.ScaleSteps()},
		"unit":          named{r.inv.Unit, r.unit.Name},
		"forums":        forums,
		"organisations": orgs,
	}
	if resp != nil {
		out["response"] = map[string]any{"status": resp.Status, "answer": resp.Answer, "updated": resp.Updated,
			"submitted": resp.Submitted}
	} else {
		out["response"] = map[string]any{"status": "", "answer": start}
	}
	return out
}
