package views_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views"
)

// need is what a route requires, written out here as the specification
// that the route table (routes.go) is checked against.
func need(method, path string) string {
	switch {
	case path == "/login" && method == "POST":
		return "login" // anyone may try; a failed attempt is 401
	case path == "/setup":
		return "login" // public, but only while there is no account
	case path == "/healthz" || path == "/assets/*" || path == "/favicon.ico" || path == "/login" || path == "/logout" || path == "/tillganglighet":
		return "public"
	case strings.HasPrefix(path, "/users") || strings.HasPrefix(path, "/tokens") || path == "/api/v1/backup" ||
		strings.HasSuffix(path, "/reopen"):
		return "admin"
	case path == "/editions/:year/units/:id/edit" || path == "/editions/:year/units/:id" && method == "POST" ||
		path == "/editions/:year/units/:id/review" || path == "/api/v1/editions/:year/:kind/:id" && method == "PUT":
		return "unit"
	case path == "/editions/:year/review" || path == "/editions/:year/history":
		return "edit"
	case (strings.HasPrefix(path, "/editions/:year/enkater") || strings.HasPrefix(path, "/api/v1/editions/:year/surveys")) && !strings.HasSuffix(path, "/svar"):
		return "edit" // enkäter: editors only (a manager sees their units' rows of /svar)
	case method == "GET" && (strings.HasSuffix(path, "/edit") || strings.HasSuffix(path, "/new") || strings.HasSuffix(path, "/delete")):
		return "edit" // forms
	case method == "GET":
		return "read"
	}
	return "edit"
}

// fill puts ids of the example edition into a route's parameters; the
// unit is the one the managers below are bound to, or not.
func fill(path string) string {
	kind := ""
	var out []string
	for _, part := range strings.Split(path, "/") {
		switch part {
		case ":year", ":other":
			part = "2019"
		case ":kind":
			part, kind = "units", "units"
		case ":id":
			part = map[string]string{"units": "mullsjo-forsorjningsstod", "forums": "arena-mullsjo",
				"municipalities": "mullsjo", "organisations": "mullsjo-kommun", "unit": "mullsjo-forsorjningsstod",
				"forum": "arena-mullsjo", "municipality": "mullsjo", "tokens": "okand", "enkater": "okand", "surveys": "okand"}[kind]
		case ":n":
			part = "0"
		case ":email":
			part = "ingen@example.se"
		case ":table":
			part = "forum.csv"
		case ":file":
			part = "overview.svg"
			if kind != "maps" {
				part = "mullsjo-forsorjningsstod.svg"
				if kind == "municipality" {
					part = "mullsjo.svg"
				} else if kind == "forum" {
					part = "arena-mullsjo.svg"
				}
			}
		case "*":
			part = "css/app.css"
		default:
			kind = part
		}
		out = append(out, part)
	}
	return strings.Join(out, "/")
}

// TestEveryRouteIsAuthorized sends every route of the server as each kind
// of principal and checks that the access rules answer as they should:
// 401 (or the login page) without credentials, 403 without the right, and
// anything but those with it.
func TestEveryRouteIsAuthorized(t *testing.T) {
	t.Parallel()
	type who struct {
		name  string
		role  string
		units []string
	}
	for _, p := range []who{
		{"anonym", "", nil},
		{"läsare", kartlaggning.RoleReader, nil},
		{"chef för en annan enhet", kartlaggning.RoleManager, []string{"habo-integration"}},
		{"chef för enheten", kartlaggning.RoleManager, []string{"mullsjo-forsorjningsstod"}},
		{"redaktör", kartlaggning.RoleEditor, nil},
		{"administratör", kartlaggning.RoleAdmin, nil},
	} {
		t.Run(p.name, func(t *testing.T) {
			srv, db := MustServe(t) // a server of its own: the writes below change it
			auth := ""
			if p.role != "" {
				auth = "Bearer " + token(t, db, p.role, p.units...)
			}
			allowed := map[string]bool{
				"public": true,
				"read":   p.role != "",
				"unit":   p.role == kartlaggning.RoleEditor || p.role == kartlaggning.RoleAdmin || p.name == "chef för enheten",
				"edit":   p.role == kartlaggning.RoleEditor || p.role == kartlaggning.RoleAdmin,
				"admin":  p.role == kartlaggning.RoleAdmin,
			}
			routes := views.RouteTable(srv)
			if len(routes) < 50 {
				t.Fatalf("only %d routes", len(routes))
			}
			for _, r := range routes {
				path := fill(r.Path)
				var body []byte
				if r.Method != "GET" {
					body = []byte("{}")
				}
				rec := do(t, srv, r.Method, path, body, "Authorization", auth, "Sec-Fetch-Site", "same-origin")
				want := r.Need
				got := rec.Code
				if need(r.Method, r.Path) == "login" {
					if got == http.StatusForbidden {
						t.Errorf("%s %s: 403", r.Method, path)
					}
					continue
				}
				// The enkät dashboard is for editors and managers (their own
				// units' rows): its handler turns readers away.
				if r.Path == "/editions/:year/enkater/:id/svar" && p.role == kartlaggning.RoleReader {
					if got != http.StatusForbidden {
						t.Errorf("%s %s: a reader gets %d, want 403", r.Method, path, got)
					}
					continue
				}
				switch {
				case allowed[want] && (got == http.StatusUnauthorized || got == http.StatusForbidden):
					t.Errorf("%s %s (%s): %d, want it allowed", r.Method, path, want, got)
				case !allowed[want] && p.role == "":
					redirect := got == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/login")
					if got != http.StatusUnauthorized && !(r.Method == "GET" && redirect) {
						t.Errorf("%s %s (%s) without credentials: %d, want 401 or the login page", r.Method, path, want, got)
					}
				case !allowed[want] && got != http.StatusForbidden:
					t.Errorf("%s %s (%s): %d, want 403", r.Method, path, want, got)
				}
			}
		})
	}
}

// The route table says what the written policy says, for every route,
// and the server has exactly the routes of the table.
func TestRouteTableMatchesPolicy(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	table := map[string]bool{}
	for _, r := range views.RouteTable(srv) {
		key := r.Method + " " + r.Path
		if table[key] {
			t.Errorf("%s is in the table twice", key)
		}
		table[key] = true
		want := need(r.Method, r.Path)
		if want == "login" {
			want = "public"
		}
		if r.Need != want {
			t.Errorf("%s needs %q in the route table, the policy says %q", key, r.Need, want)
		}
		if r.Public && r.Need != "read" {
			t.Errorf("%s is public content but needs %q", key, r.Need)
		}
	}
	for _, r := range srv.Echo().Routes() {
		if key := r.Method + " " + r.Path; r.Method != "echo_route_not_found" && !table[key] {
			t.Errorf("%s is served but not in the route table", key)
		}
	}
}

// A manager saves their unit's own texts, and nothing else of it.
func TestManagerEditsOnlyTheirTexts(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	chef := "Bearer " + token(t, db, kartlaggning.RoleManager, "enter")
	rec := do(t, srv, "PUT", "/api/v1/editions/2019/units/enter",
		[]byte(`{"id":"enter","organisation":"af","name":"Nytt namn","works_well":"Allt."}`), "Authorization", chef)
	if rec.Code != http.StatusOK {
		t.Fatalf("a manager's update of their unit: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, srv, "GET", "/api/v1/editions/2019/units/enter", nil)
	body := rec.Body.String()
	if !strings.Contains(body, `"works_well":"Allt."`) || strings.Contains(body, "Nytt namn") || strings.Contains(body, `"organisation":"af"`) {
		t.Errorf("after a manager's update: %s", body)
	}
}

// Pages offer only what their reader may do: a reader sees no edit
// buttons or member forms; an editor sees them.
func TestPagesOfferOnlyWhatIsAllowed(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	reader := "Bearer " + token(t, db, kartlaggning.RoleReader)
	for _, path := range []string{"/editions/2019/forums/arena-mullsjo", "/editions/2019", "/editions/2019/forums", "/"} {
		page := do(t, srv, "GET", path, nil, "Authorization", reader).Body.String()
		for _, offer := range []string{"Redigera", "Lägg till deltagare", "Publicera", "Ny kartläggning", "Nytt forum", "Ta bort"} {
			if strings.Contains(page, offer) {
				t.Errorf("a reader is offered %q on %s", offer, path)
			}
		}
	}
	editor := do(t, srv, "GET", "/editions/2019/forums/arena-mullsjo", nil).Body.String()
	if !strings.Contains(editor, "Redigera") || !strings.Contains(editor, "Lägg till deltagare") {
		t.Error("an admin is not offered the edit buttons")
	}
}
