package views

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/kartlaggning/kartlaggning/assets"
	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

//go:embed templates
var templateFS embed.FS

// renderer parses every page at start-up, each with the layout and the
// partials, so that a broken template stops the service from starting
// rather than failing a user later.
type renderer struct {
	pages map[string]*template.Template
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", f)
		if err != nil {
			return nil, fmt.Errorf("parsing template %s: %w", f, err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// Render implements echo.Renderer. It renders into a buffer first so that a
// template error becomes a clean 500 instead of half a page.
func (r *renderer) Render(w io.Writer, name string, data interface{}, c echo.Context) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("rendering %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

var swedishMonths = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli",
	"augusti", "september", "oktober", "november", "december"}

// swedishDate formats like "3 mars 2019"; the input is RFC 3339 text or a time.
func swedishDate(v any) string {
	var t time.Time
	switch v := v.(type) {
	case time.Time:
		t = v
	case string:
		parsed, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return v
		}
		t = parsed
	default:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%d %s %d", t.Day(), swedishMonths[t.Month()-1], t.Year())
}

var templateFuncs = template.FuncMap{
	"asset":       assets.URL,
	"swedishDate": swedishDate,
	"swedishDateTime": func(t time.Time) string {
		t = t.Local()
		return fmt.Sprintf("%s kl. %s", swedishDate(t), t.Format("15.04"))
	},
	"exportLinks": exportLinks,
	"number":      swedishNumber,
	"orgKind":     func(v string) string { return kartlaggning.OptionLabel(kartlaggning.OrganisationKinds, v) },
	"forumKind":   func(v string) string { return kartlaggning.OptionLabel(kartlaggning.ForumKinds, v) },
	"level":       func(v string) string { return kartlaggning.OptionLabel(kartlaggning.Levels, v) },
	"scope":       func(v string) string { return kartlaggning.OptionLabel(kartlaggning.Scopes, v) },
	"role":        func(v string) string { return kartlaggning.OptionLabel(kartlaggning.Roles, v) },
	"status":      func(v string) string { return kartlaggning.OptionLabel(kartlaggning.Statuses, v) },
	"editionStatus": func(v string) string {
		return kartlaggning.OptionLabel(kartlaggning.EditionStatuses, v)
	},
	"reviewStatus": func(v string) string { return kartlaggning.OptionLabel(kartlaggning.ReviewStatuses, v) },
	// allows says whether the signed-in principal may do something, so that
	// a page offers only what its reader can use.
	"allows": func(p kartlaggning.Principal, what, unit string) bool {
		return p.Allows(map[string]kartlaggning.Permission{"read": kartlaggning.Read, "unit": kartlaggning.UnitText,
			"edit": kartlaggning.Edit, "admin": kartlaggning.Admin}[what], unit)
	},
	"userRole": func(v string) string { return kartlaggning.OptionLabel(kartlaggning.UserRoles, v) },
	"options": func(name string) []kartlaggning.Option {
		return map[string][]kartlaggning.Option{
			"organisationKinds": kartlaggning.OrganisationKinds, "forumKinds": kartlaggning.ForumKinds,
			"levels": kartlaggning.Levels, "scopes": kartlaggning.Scopes, "roles": kartlaggning.Roles,
			"statuses": kartlaggning.Statuses, "editionStatuses": kartlaggning.EditionStatuses,
			"reviewStatuses": kartlaggning.ReviewStatuses,
		}[name]
	},
	"frequency": frequencyText,
	"markdown":  markdown, // the edition's texts, as in the report
	"join":      strings.Join,
	"lines":     func(s []string) string { return strings.Join(s, "\n") },
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"contains": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"add":      func(a, b int) int { return a + b },
	"pathJoin": func(parts ...any) string { return joinPath(parts...) },
	"query":    url.QueryEscape,
}

// frequencyText describes a frequency the way the kartläggning does:
// the source's wording, with the number of meetings when known.
func frequencyText(f *kartlaggning.Frequency) string {
	if f == nil {
		return "Okänd"
	}
	var n string
	switch {
	case f.Min != nil && f.Max != nil && *f.Min == *f.Max:
		n = fmt.Sprintf("%d möten/år", *f.Min)
	case f.Min != nil && f.Max != nil:
		n = fmt.Sprintf("%d–%d möten/år", *f.Min, *f.Max)
	case f.Min != nil:
		n = fmt.Sprintf("minst %d möten/år", *f.Min)
	case f.Max != nil:
		n = fmt.Sprintf("högst %d möten/år", *f.Max)
	}
	switch {
	case f.Text != "" && n != "":
		return f.Text + " (" + n + ")"
	case f.Text != "":
		return f.Text
	case n != "":
		return n
	}
	return "Okänd"
}

func joinPath(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(fmt.Sprint(p)))
	}
	return b.String()
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
