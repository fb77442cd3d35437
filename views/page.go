package views

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

type conflictPage struct {
	page
	EditURL string
}

// renderConflict answers a save whose version is stale: nothing was
// written, and the user is sent back to the current state.
func (s *Server) renderConflict(c echo.Context, p page, editURL string) error {
	p.Title = "Någon annan har ändrat uppgifterna"
	return c.Render(http.StatusPreconditionFailed, "conflict", conflictPage{page: p, EditURL: editURL})
}

// crumb is one step of the breadcrumb trail.
type crumb struct {
	Label string
	URL   string
}

// page is what every page's data embeds: the title, the trail, the flash
// message of a post/redirect/get, and the CSRF token for forms.
type page struct {
	Title   string
	Crumbs  []crumb
	Flash   string
	CSRF    string
	Edition *kartlaggning.EditionInfo // the edition the page belongs to, if any
	Section string                    // the kind of entity the page is about, for the navigation
	// User is who is signed in; the zero Principal when nobody is.
	User kartlaggning.Principal
	// BodyClass and ExtraCSS let a page such as the report style itself.
	BodyClass string
	ExtraCSS  []string
	// Plain leaves out the site's navigation and sign-in link: a
	// respondent without an account sees the questionnaire and nothing
	// else of the service.
	Plain bool
}

const flashCookie = "flash"

func (s *Server) basePage(c echo.Context, title string, crumbs ...crumb) page {
	p := page{Title: title, Crumbs: crumbs, User: principal(c)}
	if tok, ok := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string); ok {
		p.CSRF = tok
	}
	if ck, err := c.Cookie(flashCookie); err == nil && ck.Value != "" {
		if msg, err := url.QueryUnescape(ck.Value); err == nil {
			p.Flash = msg
		}
		c.SetCookie(&http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	return p
}

// redirectWithFlash answers a successful POST: the next page shows msg once.
func redirectWithFlash(c echo.Context, to, msg string) error {
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusSeeOther, to)
}

func csvFiles() []string {
	var out []string
	for _, t := range exports.Sheets() {
		out = append(out, t+".csv")
	}
	return out
}

// exportLink is one download on the edition's page.
type exportLink struct {
	Label string
	URL   string
	Hint  string
}

// exportLinks lists every export of an edition, for the edition's page.
func exportLinks(year int) []exportLink {
	base := fmt.Sprintf("/api/v1/editions/%d/", year)
	links := []exportLink{
		{"Excel-arbetsbok (.xlsx)", base + "export.xlsx", "Alla uppgifter, ett blad per slag. Kan redigeras och importeras igen."},
		{"JSON (kartlaggning/v1)", base + "export?download=1", "Hela kartläggningen i utbytesformatet; för säkerhetskopior och andra system."},
		{"GraphML", base + "export.graphml", "Samverkansnätverket för Gephi, yEd eller networkx."},
		{"GEXF", base + "export.gexf", "Samverkansnätverket i Gephis eget format."},
		{"Aktörernas nätverk (GraphML)", base + "export.actors.graphml", "Enheter och hela organisationer som möts: det nätverk nyckeltalen räknar på."},
	}
	for _, t := range exports.Sheets() {
		links = append(links, exportLink{Label: "CSV: " + exports.TableTitle(t), URL: base + "export/" + t + ".csv",
			Hint: "Semikolonseparerad, för svenska Excel."})
	}
	return links
}

// editionInfo finds the edition of a page, for the navigation and the
// Exempeldata notice.
func (s *Server) editionInfo(ctx context.Context, year int) (*kartlaggning.EditionInfo, error) {
	list, err := s.Store.Editions(ctx)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Year == year {
			return &list[i], nil
		}
	}
	return nil, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen kartläggning för år %d.", year)
}

// editionPage starts the data of a page inside an edition: it checks the
// year and fills the navigation.
func (s *Server) editionPage(c echo.Context, title string, crumbs ...crumb) (page, int, error) {
	year, err := yearParam(c)
	if err != nil {
		return page{}, 0, err
	}
	info, err := s.editionInfo(c.Request().Context(), year)
	if err != nil {
		return page{}, 0, err
	}
	all := append([]crumb{{Label: "Kartläggningar", URL: "/"}, {Label: itoaYear(year), URL: joinPath("editions", year)}}, crumbs...)
	if len(crumbs) == 0 {
		all[len(all)-1].URL = ""
	}
	p := s.basePage(c, title, all...)
	p.Edition = info
	// The route says which kind the page is about: /editions/:year/<kind>/…
	if parts := strings.Split(c.Path(), "/"); len(parts) > 3 {
		p.Section = parts[3]
	}
	return p, year, nil
}
