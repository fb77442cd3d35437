package views

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

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

// stream renders straight into w, for pages too large to hold in memory:
// a template error then ends the page where it happened.
func (r *renderer) stream(w io.Writer, name string, data any) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := t.ExecuteTemplate(bw, "layout", data); err != nil {
		return fmt.Errorf("rendering %s: %w", name, err)
	}
	return bw.Flush()
}

// fragment renders one block of a page's template, without the layout,
// for a page that fetches part of itself later.
func (r *renderer) fragment(w io.Writer, page, block string, data any) error {
	t, ok := r.pages[page]
	if !ok {
		return fmt.Errorf("no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		return fmt.Errorf("rendering %s of %s: %w", block, page, err)
	}
	_, err := buf.WriteTo(w)
	return err
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
	"add":         func(a, b int) int { return a + b },
	"plural":      plural,
	"levelPhrase": kartlaggning.LevelPhrase,
	"pathJoin":    func(parts ...any) string { return joinPath(parts...) },
	"query":       url.QueryEscape,
	// heading writes a sub-heading at a level a template computes: a
	// section shared by pages whose outlines differ (the unit on its own
	// page and in the report) keeps its headings in order on both.
	"heading": func(level int, text string) template.HTML {
		level = min(max(level, 2), 6)
		return template.HTML(fmt.Sprintf("<h%d>%s</h%d>", level, template.HTMLEscapeString(text), level))
	},
}
