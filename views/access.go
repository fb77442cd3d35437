package views

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

const (
	sessionCookie = "session"
	// sessionIdle ends a session nobody has used for a working day.
	sessionIdle  = 8 * time.Hour
	principalKey = "principal"
	bearerPrefix = "Bearer "
)

// principal returns who makes the request (set by authorize).
func principal(c echo.Context) kartlaggning.Principal {
	p, _ := c.Get(principalKey).(kartlaggning.Principal)
	return p
}

// authorize is the middleware of every route: it finds out who is asking
// (an API token or a session cookie) and whether the route's rule allows
// it. Anonymous visitors of a page are sent to sign in (or, on a new
// installation, to the first-run setup).
func (s *Server) authorize(r rule) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if r.static {
				return next(c)
			}
			p, err := s.identify(c)
			if err != nil {
				return err
			}
			c.Set(principalKey, p)
			req := c.Request()
			// The API reads a session cookie too, for our own pages' scripts;
			// a write with it must come from one of our pages, or any site
			// the user visits could send one (the cookie goes along with
			// requests from the same site, e.g. another port of this host).
			if p.Session && strings.HasPrefix(req.URL.Path, "/api/") && !safeMethod(req.Method) && !sameOrigin(c) {
				return kartlaggning.Forbidden("ändra här från en annan webbplats")
			}
			c.SetRequest(req.WithContext(kartlaggning.WithActor(req.Context(), p)))

			need, unit := r.need, ""
			if need == kartlaggning.UnitText {
				unit = c.Param("id")
				// The generic API route is about units only when it says so.
				if kind := c.Param("kind"); kind != "" && kind != string(kartlaggning.Units) {
					need, unit = kartlaggning.Edit, ""
				}
			}
			if p.Allows(need, unit) || (r.public && p.Anonymous() && s.publiclyReadable(c)) {
				return next(c)
			}
			if !p.Anonymous() {
				return kartlaggning.Forbidden(forbiddenWhat(need))
			}
			if wantsJSON(c) || req.Method != http.MethodGet {
				return kartlaggning.Unauthorized()
			}
			if first, err := s.canSetUp(c); err != nil {
				return err
			} else if first {
				return c.Redirect(http.StatusSeeOther, "/setup")
			}
			return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(req.URL.RequestURI()))
		}
	}
}

func forbiddenWhat(perm kartlaggning.Permission) string {
	switch perm {
	case kartlaggning.Admin:
		return "administrera tjänsten"
	case kartlaggning.UnitText:
		return "ändra den här enheten"
	case kartlaggning.Edit:
		return "ändra i kartläggningen"
	case kartlaggning.Manage:
		return "se enheternas enkätsvar"
	}
	return "läsa det här"
}

// identify reads the credentials: a bearer token must be valid; a stale
// session cookie just makes the request anonymous.
func (s *Server) identify(c echo.Context) (kartlaggning.Principal, error) {
	ctx := c.Request().Context()
	if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
		if !strings.HasPrefix(h, bearerPrefix) {
			return kartlaggning.Principal{}, kartlaggning.Errorf(kartlaggning.EUNAUTHORIZED, "Authorization måste vara ”Bearer <token>”.")
		}
		t, err := s.Store.TokenBySecret(ctx, auth.HashSecret(strings.TrimPrefix(h, bearerPrefix)))
		if err != nil {
			return kartlaggning.Principal{}, err
		}
		return kartlaggning.Principal{Role: t.Role, Units: t.Units, Token: t.ID}, nil
	}
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return kartlaggning.Principal{}, nil
	}
	u, err := s.Store.Session(ctx, auth.HashSecret(ck.Value), s.now(), sessionIdle)
	if kartlaggning.ErrorCode(err) == kartlaggning.EUNAUTHORIZED {
		s.clearSessionCookie(c)
		return kartlaggning.Principal{}, nil
	}
	if err != nil {
		return kartlaggning.Principal{}, err
	}
	return kartlaggning.Principal{Email: u.Email, Role: u.Role, Units: u.Units, Session: true}, nil
}

// publiclyReadable reports whether an anonymous reader may see the page:
// only with public reading switched on, and only published editions.
func (s *Server) publiclyReadable(c echo.Context) bool {
	if !s.PublicRead {
		return false
	}
	year := c.Param("year")
	if year == "" {
		// Lists of editions show only the published ones to anonymous readers.
		path := c.Path()
		// Trends span the editions: trendEditions keeps the published ones.
		return path == "/" || path == "/api/v1/editions" || path == "/api/v1/trends"
	}
	y, err := yearParam(c)
	if err != nil {
		return false
	}
	ed, _, err := s.Store.Edition(c.Request().Context(), y)
	if err != nil || ed.Status != "published" {
		return false
	}
	// A comparison shows the other edition too.
	if other := c.Param("other"); other != "" {
		o, err := strconv.Atoi(other)
		if err != nil {
			return false
		}
		ed, _, err := s.Store.Edition(c.Request().Context(), o)
		return err == nil && ed.Status == "published"
	}
	return true
}

// restrictToRole keeps a manager's edit to the fields their role allows:
// a unit's own texts. Everything else stays as stored.
func restrictToRole(c echo.Context, stored, edited kartlaggning.Entity) kartlaggning.Entity {
	if principal(c).Role != kartlaggning.RoleManager {
		return edited
	}
	if u, ok := edited.(*kartlaggning.Unit); ok {
		return kartlaggning.ManagerEdit(stored.(*kartlaggning.Unit), u)
	}
	return edited
}

// visibleEditions is what the principal may see of the editions: an
// anonymous reader (public reading) sees only the published ones.
func visibleEditions(c echo.Context, list []kartlaggning.EditionInfo) []kartlaggning.EditionInfo {
	if !principal(c).Anonymous() {
		return list
	}
	var out []kartlaggning.EditionInfo
	for _, e := range list {
		if e.Status == "published" {
			out = append(out, e)
		}
	}
	return out
}

// rule says who may use a route. Every route names one in the table
// below; the access middleware reads it from the route itself.
type rule struct {
	need kartlaggning.Permission
	// public routes show the content of published editions: with
	// --public-read, an anonymous reader may use them.
	public bool
	// static routes need to know nobody (style sheets, the health check):
	// no session is looked up for them.
	static bool
}

var (
	static   = rule{need: kartlaggning.Public, static: true}
	anyone   = rule{need: kartlaggning.Public}
	content  = rule{need: kartlaggning.Read, public: true} // published content: public with --public-read
	reader   = rule{need: kartlaggning.Read}               // signed-in readers only: people, history, review state
	unitText = rule{need: kartlaggning.UnitText}           // an editor, or a manager of the unit :id
	manages  = rule{need: kartlaggning.Manage}             // editors, and managers for their own units (narrowed in the handler)
	editor   = rule{need: kartlaggning.Edit}
	admin    = rule{need: kartlaggning.Admin}
)

// forReader hides what a public reader may not see of an entity: a
// unit's påseende (see Server.edition).
func forReader(c echo.Context, e kartlaggning.Entity) kartlaggning.Entity {
	if u, ok := e.(*kartlaggning.Unit); ok && u.Review != nil && principal(c).Anonymous() {
		cp := *u
		cp.Review = nil
		return &cp
	}
	return e
}
