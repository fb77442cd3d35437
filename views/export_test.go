package views

import "github.com/kartlaggning/kartlaggning/kartlaggning"

// RouteRule is one row of the route table as the tests see it.
type RouteRule struct {
	Method, Path string
	// Need is "public", "read", "unit", "edit" or "admin".
	Need string
	// Public routes show published content to anonymous readers with
	// --public-read.
	Public bool
}

// RouteTable returns the server's route table, for the authorization
// tests to walk.
func RouteTable(s *Server) []RouteRule {
	names := map[kartlaggning.Permission]string{kartlaggning.Public: "public", kartlaggning.Read: "read",
		kartlaggning.UnitText: "unit", kartlaggning.Edit: "edit", kartlaggning.Admin: "admin", kartlaggning.Manage: "manage"}
	var out []RouteRule
	for _, r := range s.routes() {
		out = append(out, RouteRule{Method: r.method, Path: r.path, Need: names[r.rule.need], Public: r.rule.public})
	}
	return out
}

// SafeNext is safeNext, for the table test of redirects after sign-in.
var SafeNext = safeNext
