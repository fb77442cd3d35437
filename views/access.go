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

// routePermissions names the routes that need something other than the
// default: reading for GET and HEAD, editing for every other method.
// Keys are "METHOD route-pattern" as Echo registered them.
var routePermissions = map[string]kartlaggning.Permission{
	"GET /login":                kartlaggning.Public,
	"GET /setup":                kartlaggning.Public, // only while no account exists, from the machine itself
	"POST /setup":               kartlaggning.Public,
	"POST /login":               kartlaggning.Public,
	"POST /logout":              kartlaggning.Public,
	"GET /tillganglighet":       kartlaggning.Public,
	"GET /api/v1/backup":        kartlaggning.Admin,
	"GET /users":                kartlaggning.Admin,
	"GET /users/new":            kartlaggning.Admin,
	"POST /users":               kartlaggning.Admin,
	"GET /users/:email":         kartlaggning.Admin,
	"POST /users/:email":        kartlaggning.Admin,
	"POST /users/:email/delete": kartlaggning.Admin,
	"POST /tokens":              kartlaggning.Admin,
	"POST /tokens/:id/revoke":   kartlaggning.Admin,
	// A manager edits their own unit's texts and answers its review.
	"GET /editions/:year/units/:id/edit":    kartlaggning.UnitText,
	"POST /editions/:year/units/:id":        kartlaggning.UnitText,
	"PUT /api/v1/editions/:year/:kind/:id":  kartlaggning.UnitText, // narrowed to units in permissionFor
	"GET /editions/:year/units/:id/review":  kartlaggning.UnitText,
	"POST /editions/:year/units/:id/review": kartlaggning.UnitText,
	// The editor's overviews: the påseende dashboard and the change log.
	"GET /editions/:year/review":  kartlaggning.Edit,
	"GET /editions/:year/history": kartlaggning.Edit,
}

// adminRoutes are editing routes that only an admin may use.
var adminRoutes = map[string]bool{
	"POST /editions/:year/reopen":        true,
	"POST /api/v1/editions/:year/reopen": true,
}

// permissionFor returns what the matched route needs, and the unit the
// request is about when that matters.
func permissionFor(c echo.Context) (kartlaggning.Permission, string) {
	key := c.Request().Method + " " + c.Path()
	if adminRoutes[key] {
		return kartlaggning.Admin, ""
	}
	if p, ok := routePermissions[key]; ok {
		if p == kartlaggning.UnitText && c.Param("kind") != "" && c.Param("kind") != string(kartlaggning.Units) {
			return kartlaggning.Edit, ""
		}
		return p, c.Param("id")
	}
	switch c.Request().Method {
	case http.MethodGet, http.MethodHead:
		// A form one may not submit is no use: forms need the right to edit.
		if path := c.Path(); strings.HasSuffix(path, "/edit") || strings.HasSuffix(path, "/new") || strings.HasSuffix(path, "/delete") {
			return kartlaggning.Edit, ""
		}
		return kartlaggning.Read, ""
	}
	return kartlaggning.Edit, ""
}

// principal returns who makes the request (set by the access middleware).
func principal(c echo.Context) kartlaggning.Principal {
	p, _ := c.Get(principalKey).(kartlaggning.Principal)
	return p
}

// access is the middleware that finds out who is asking (an API token or
// a session cookie) and whether the route allows it. A route that is not
// listed needs a signed-in reader for GET and an editor otherwise.
func (s *Server) access(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// Style sheets, scripts and the health check are for anyone: no
		// need to look up a session for each of them.
		if path := c.Path(); path == "/assets/*" || path == "/healthz" {
			return next(c)
		}
		p, err := s.identify(c)
		if err != nil {
			return err
		}
		c.Set(principalKey, p)
		req := c.Request()
		c.SetRequest(req.WithContext(kartlaggning.WithActor(req.Context(), p)))

		perm, unit := permissionFor(c)
		if p.Allows(perm, unit) || (perm == kartlaggning.Read && p.Anonymous() && s.publiclyReadable(c)) {
			return next(c)
		}
		if !p.Anonymous() {
			return kartlaggning.Forbidden(forbiddenWhat(perm))
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

func forbiddenWhat(perm kartlaggning.Permission) string {
	switch perm {
	case kartlaggning.Admin:
		return "administrera tjänsten"
	case kartlaggning.UnitText:
		return "ändra den här enheten"
	case kartlaggning.Edit:
		return "ändra i kartläggningen"
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
	u, err := s.Store.Session(ctx, auth.HashSecret(ck.Value), now(), sessionIdle)
	if kartlaggning.ErrorCode(err) == kartlaggning.EUNAUTHORIZED {
		clearSessionCookie(c)
		return kartlaggning.Principal{}, nil
	}
	if err != nil {
		return kartlaggning.Principal{}, err
	}
	return kartlaggning.Principal{Email: u.Email, Role: u.Role, Units: u.Units}, nil
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
		return path == "/" || path == "/api/v1/editions"
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

func setSessionCookie(c echo.Context, value string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
}

func clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
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
