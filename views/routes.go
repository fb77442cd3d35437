package views

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// route is one row of the route table.
type route struct {
	method  string
	path    string
	rule    rule
	handler echo.HandlerFunc
}

const (
	GET    = http.MethodGet
	POST   = http.MethodPost
	PUT    = http.MethodPut
	DELETE = http.MethodDelete
)

// routes is the route table: every page and API call of the service, with
// who may use it. Heavy work runs a few at a time (s.heavy, heavy.go). Forms use GET and POST only, with a CSRF token; a POST
// that succeeds redirects (post/redirect/get). The API lives under
// /api/v1; static last segments win over the generic /:kind routes.
func (s *Server) routes() []route {
	rs := []route{
		{GET, "/healthz", static, s.handleHealth},
		{GET, "/assets/*", static, s.handleAsset},
		// The icon browsers ask for on their own, for responses without
		// our layout's link to it (favicon.go).
		{GET, "/favicon.ico", static, s.handleFavicon},
		{GET, "/tillganglighet", anyone, s.handleAccessibility},

		// Signing in, and the first run (setup.go: only while no account
		// exists, and only from the machine itself).
		{GET, "/setup", anyone, s.handleSetupShow},
		{POST, "/setup", anyone, s.handleSetup},
		{GET, "/login", anyone, s.handleLoginShow},
		{POST, "/login", anyone, s.handleLogin},
		{POST, "/logout", anyone, s.handleLogout},

		// Accounts and API tokens (user.go).
		{GET, "/users", admin, s.handleUserIndex},
		{GET, "/users/new", admin, s.handleUserNew},
		{POST, "/users", admin, s.handleUserCreate},
		{GET, "/users/:email", admin, s.handleUserEdit},
		{POST, "/users/:email", admin, s.handleUserUpdate},
		{POST, "/users/:email/delete", admin, s.handleUserDelete},
		{POST, "/tokens", admin, s.handleTokenCreate},
		{POST, "/tokens/:id/revoke", admin, s.handleTokenRevoke},

		// Editions (edition.go): the list, one edition, its metadata, the
		// yearly cycle (next year, publishing, reopening).
		{GET, "/", content, s.handleEditionIndex},
		{GET, "/editions/new", editor, s.handleEditionNew},
		{POST, "/editions", editor, s.handleEditionCreate},
		{POST, "/editions/import", editor, s.heavy(s.handleEditionImport)},
		{GET, "/editions/:year", content, s.handleEditionShow},
		{GET, "/editions/:year/edit", editor, s.handleEditionEdit},
		{POST, "/editions/:year", editor, s.handleEditionUpdate},
		{POST, "/editions/:year/next", editor, s.handleEditionNext},
		{POST, "/editions/:year/publish", editor, s.handleEditionPublish},
		{POST, "/editions/:year/reopen", admin, s.handleEditionReopen},

		// Comparing two editions (diff.go).
		{GET, "/editions/:year/diff", content, s.handleDiffChoose},
		{GET, "/editions/:year/diff/:other", content, s.handleDiffShow},

		// Collaboration maps (map.go).
		{GET, "/editions/:year/maps", content, s.handleMapPage(kartlaggning.MapOverview)},
		{GET, "/editions/:year/maps/units", content, s.handleMapPage(kartlaggning.MapUnits)},
		{GET, "/editions/:year/maps/municipality", content, s.handleMapPick(kartlaggning.MapMunicipality)},
		{GET, "/editions/:year/maps/municipality/:id", content, s.handleMapPage(kartlaggning.MapMunicipality)},
		{GET, "/editions/:year/maps/unit", content, s.handleMapPick(kartlaggning.MapUnit)},
		{GET, "/editions/:year/maps/unit/:id", content, s.handleMapPage(kartlaggning.MapUnit)},
		{GET, "/editions/:year/maps/forum", content, s.handleMapPick(kartlaggning.MapForum)},
		{GET, "/editions/:year/maps/forum/:id", content, s.handleMapPage(kartlaggning.MapForum)},

		// Summaries and analyses (summary.go, analysis.go).
		{GET, "/editions/:year/municipalities/:id/summary", content, s.handleSummaryPage},
		{GET, "/editions/:year/analysis", content, s.handleAnalysisIndex},
		{GET, "/editions/:year/analysis/overlaps", content, s.handleOverlapsPage},
		{GET, "/editions/:year/analysis/matrix", content, s.handleMatrixPage},
		{GET, "/editions/:year/analysis/matrix.csv", content, s.handleMatrixCSV},
		{GET, "/editions/:year/analysis/metrics", content, s.heavy(s.handleMetricsPage)},

		// The printable report (report.go).
		{GET, "/editions/:year/rapport", content, s.heavy(s.handleReport)},
		// A large report's maps, which its page fetches once shown.
		{GET, "/editions/:year/rapport/kartor/:municipality", content, s.handleReportMaps},
		// The report as an editable Word document (report_docx.go).
		{GET, "/editions/:year/rapport.docx", content, s.heavy(s.handleReportDOCX)},

		// The påseende (review.go): the editor sends units their sections,
		// a unit's manager answers.
		{GET, "/editions/:year/review", editor, s.handleReviewDashboard},
		{POST, "/editions/:year/review/send", editor, s.handleReviewSend},
		{GET, "/editions/:year/units/:id/review", unitText, s.handleUnitReview},
		{POST, "/editions/:year/units/:id/review", unitText, s.handleUnitReviewAnswer},

		// Answering an enkät (respond.go): a chef or a unit's personal by
		// the link of an invitation, without an account (the token is the
		// credential, checked, throttled and kept out of the logs there);
		// the editor previews the same form.
		{GET, "/enkat/:token", anyone, s.handleRespondShow},
		{POST, "/enkat/:token", anyone, s.handleRespondSave},
		{GET, "/editions/:year/enkater/:id/forhandsgranska", editor, s.handleSurveyPreview},

		// The change log (history.go).
		{GET, "/editions/:year/history", editor, s.handleEditionHistory},

		// A forum's seats (forum.go).
		{POST, "/editions/:year/forums/:id/members", editor, s.handleMemberCreate},
		{GET, "/editions/:year/forums/:id/members/:n/edit", editor, s.handleMemberEdit},
		{POST, "/editions/:year/forums/:id/members/:n", editor, s.handleMemberUpdate},
		{POST, "/editions/:year/forums/:id/members/:n/delete", editor, s.handleMemberDelete},

		// Proposals from the chefs' enkätsvar (issue 14): compiled when read
		// (heavy: after a round of questionnaires, hundreds of answers at
		// once), decided by the editor (accepting a list is heavy too: an
		// edit each, 145 in 2.8 s), read by managers for their own
		// units (narrowed in the handlers); the page and the API
		// (proposal.go, proposal_api.go).
		{GET, "/editions/:year/forslag", manages, s.heavy(s.handleProposalPage)},
		{POST, "/editions/:year/forslag/godkann", editor, s.heavy(s.handleProposalAcceptMany)},
		{POST, "/editions/:year/forslag/:id/godkann", editor, s.handleProposalAccept},
		{POST, "/editions/:year/forslag/:id/avvisa", editor, s.handleProposalReject},
		{GET, "/api/v1/editions/:year/proposals", manages, s.heavy(s.handleAPIProposalIndex)},
		{POST, "/api/v1/editions/:year/proposals/accept", editor, s.heavy(s.handleAPIProposalAcceptMany)},
		{POST, "/api/v1/editions/:year/proposals/:id/accept", editor, s.handleAPIProposalAccept},
		{POST, "/api/v1/editions/:year/proposals/:id/reject", editor, s.handleAPIProposalReject},

		// The JSON API (edition_api.go, entity_api.go, map_api.go,
		// analysis_api.go, diff.go, export_api.go).
		{GET, "/api/v1/backup", admin, s.heavy(s.handleAPIBackup)},
		{GET, "/api/v1/editions", content, s.handleAPIEditionIndex},
		{POST, "/api/v1/editions/import", editor, s.heavy(s.handleAPIImport)},
		{GET, "/api/v1/editions/:year", content, s.handleAPIEditionShow},
		{DELETE, "/api/v1/editions/:year", editor, s.handleAPIEditionDelete},
		{GET, "/api/v1/editions/:year/export", content, s.heavy(s.handleAPIExport)},
		{POST, "/api/v1/editions/:year/next", editor, s.handleAPIEditionNext},
		{POST, "/api/v1/editions/:year/publish", editor, s.handleAPIEditionPublish},
		{POST, "/api/v1/editions/:year/reopen", admin, s.handleAPIEditionReopen},
		{GET, "/api/v1/editions/:year/:kind", content, s.handleAPIEntityIndex},
		{POST, "/api/v1/editions/:year/:kind", editor, s.handleAPIEntityCreate},
		{GET, "/api/v1/editions/:year/:kind/:id", content, s.handleAPIEntityShow},
		// A manager may change their own unit's texts (narrowed to units in authorize).
		{PUT, "/api/v1/editions/:year/:kind/:id", unitText, s.handleAPIEntityUpdate},
		{DELETE, "/api/v1/editions/:year/:kind/:id", editor, s.handleAPIEntityDelete},
		// Map files: Echo cannot match a parameter and a suffix in one
		// segment, so the handler splits "mullsjo.svg" itself.
		{GET, "/api/v1/editions/:year/maps/:file", content, s.handleMapFile("")},
		{GET, "/api/v1/editions/:year/maps/municipality/:file", content, s.handleMapFile(kartlaggning.MapMunicipality)},
		{GET, "/api/v1/editions/:year/maps/unit/:file", content, s.handleMapFile(kartlaggning.MapUnit)},
		{GET, "/api/v1/editions/:year/maps/forum/:file", content, s.handleMapFile(kartlaggning.MapForum)},
		{GET, "/api/v1/editions/:year/municipalities/:id/summary", content, s.handleAPISummary},
		{GET, "/api/v1/editions/:year/overlaps", content, s.handleAPIOverlaps},
		{GET, "/api/v1/editions/:year/matrix", content, s.handleAPIMatrix},
		{GET, "/api/v1/editions/:year/matrix.csv", content, s.handleMatrixCSV},
		{GET, "/api/v1/editions/:year/metrics", content, s.heavy(s.handleAPIMetrics)},
		{GET, "/api/v1/editions/:year/diff/:other", content, s.handleAPIDiff},
		{GET, "/api/v1/editions/:year/diff/:other/:file", content, s.handleDiffMapFile},
		// Exports have file names for paths, so that a saved download is
		// named after what it is.
		{GET, "/api/v1/editions/:year/export.xlsx", content, s.heavy(s.handleAPIExportXLSX)},
		{GET, "/api/v1/editions/:year/export.graphml", content, s.heavy(s.handleAPIExportGraphML)},
		{GET, "/api/v1/editions/:year/export.gexf", content, s.heavy(s.handleAPIExportGEXF)},
		{GET, "/api/v1/editions/:year/export/:table", content, s.heavy(s.handleAPIExportCSV)},

		// The network of actors as a whole, the parties' coverage of the
		// forums and trends over the years (network.go, coverage.go,
		// trends.go; overlap groups are ?group=true of the overlaps).
		// Trends span every edition and are not cached, so they count as
		// heavy; the actor graph exports too, like the other exports.
		{GET, "/editions/:year/analysis/network", content, s.handleNetworkPage},
		{GET, "/editions/:year/analysis/coverage", content, s.handleCoveragePage},
		{GET, "/editions/:year/municipalities/:id/trends", content, s.heavy(withKind(kartlaggning.Municipalities, s.handleTrendsPage))},
		{GET, "/editions/:year/units/:id/trends", content, s.heavy(withKind(kartlaggning.Units, s.handleTrendsPage))},
		{GET, "/api/v1/editions/:year/network", content, s.handleAPINetwork},
		{GET, "/api/v1/editions/:year/coverage", content, s.handleAPICoverage},
		{GET, "/api/v1/trends", content, s.heavy(s.handleAPITrends)},
		{GET, "/api/v1/editions/:year/export.actors.graphml", content, s.heavy(s.handleAPIExportActorGraphML)},
		{GET, "/api/v1/editions/:year/export.actors.gexf", content, s.heavy(s.handleAPIExportActorGEXF)},

		// Enkäter, the editor's side (survey.go, survey_api.go, invite.go):
		// the edition's questionnaires, the invitations that let a unit
		// answer without an account (links shown once), and who has
		// answered. Static segments (/surveys) win over /:kind.
		{GET, "/editions/:year/enkater", editor, s.handleSurveyIndex},
		{POST, "/editions/:year/enkater", editor, s.handleSurveyCreate},
		{GET, "/editions/:year/enkater/:id", editor, s.handleSurveyEdit},
		{POST, "/editions/:year/enkater/:id", editor, s.handleSurveyUpdate},
		{POST, "/editions/:year/enkater/:id/delete", editor, s.handleSurveyDelete},
		{GET, "/editions/:year/enkater/:id/inbjudningar", editor, s.handleInvitationIndex},
		{POST, "/editions/:year/enkater/:id/inbjudningar", editor, s.handleInvitationCreate},
		{POST, "/editions/:year/enkater/:id/inbjudningar/csv", editor, s.handleInvitationCSV},
		{POST, "/editions/:year/enkater/:id/inbjudningar/:unit/revoke", editor, s.handleInvitationRevoke},
		// A manager sees the rows of their own units (narrowed in the handler).
		{GET, "/editions/:year/enkater/:id/svar", manages, s.handleSurveyDashboard},
		{POST, "/editions/:year/enkater/:id/svar/:unit/oppna-igen", editor, s.handleResponseReopen},
		{GET, "/api/v1/editions/:year/surveys", editor, s.handleAPISurveyIndex},
		{POST, "/api/v1/editions/:year/surveys", editor, s.handleAPISurveyCreate},
		{GET, "/api/v1/editions/:year/surveys/:id", editor, s.handleAPISurveyShow},
		{PUT, "/api/v1/editions/:year/surveys/:id", editor, s.handleAPISurveyUpdate},
		{DELETE, "/api/v1/editions/:year/surveys/:id", editor, s.handleAPISurveyDelete},
		{POST, "/api/v1/editions/:year/surveys/:id/invitations", editor, s.handleAPIInvitationCreate},
		{GET, "/api/v1/editions/:year/surveys/:id/invitations", editor, s.handleAPIInvitationIndex},
		{DELETE, "/api/v1/editions/:year/surveys/:id/invitations/:unit", editor, s.handleAPIInvitationRevoke},

		// Enkäter by e-mail and their answers (survey_mail.go, mailing.go,
		// survey_export.go): invitations and reminders mailed through
		// --smtp-url (each link issued as its mail goes), and the answers
		// as JSON or an xlsx (personal answers anonymous).
		{GET, "/editions/:year/enkater/:id/epost", editor, s.handleSurveyMailShow},
		{POST, "/editions/:year/enkater/:id/epost", editor, s.handleSurveyMail},
		{POST, "/editions/:year/enkater/:id/paminn", editor, s.handleSurveyRemind},
		{POST, "/api/v1/editions/:year/surveys/:id/invitations/mail", editor, s.handleAPIInvitationMail},
		{POST, "/api/v1/editions/:year/surveys/:id/invitations/remind", editor, s.handleAPIInvitationRemind},
		// Managers read their own units' answers (filtered in the handler).
		{GET, "/api/v1/editions/:year/surveys/:id/responses", manages, s.heavy(s.handleAPIResponses)},
		{GET, "/api/v1/editions/:year/surveys/:id/responses.xlsx", editor, s.heavy(s.handleAPIResponsesXLSX)},
	}
	// The pages of municipalities, organisations, units and forums
	// (entity.go, with what differs per kind in municipality.go,
	// organisation.go, unit.go and forum.go), and each one's change log.
	for _, r := range []*resource{municipalityResource, organisationResource, unitResource, forumResource} {
		base := "/editions/:year/" + string(r.kind)
		edit := editor
		if r.kind == kartlaggning.Units {
			edit = unitText // a manager edits their own unit's texts
		}
		rs = append(rs,
			route{GET, base, content, withResource(r, s.handleEntityIndex)},
			route{GET, base + "/new", editor, withResource(r, s.handleEntityNew)},
			route{POST, base, editor, withResource(r, s.handleEntityCreate)},
			route{GET, base + "/:id", content, withResource(r, s.handleEntityShow)},
			route{GET, base + "/:id/edit", edit, withResource(r, s.handleEntityEdit)},
			route{POST, base + "/:id", edit, withResource(r, s.handleEntityUpdate)},
			route{GET, base + "/:id/delete", editor, withResource(r, s.handleEntityDeleteConfirm)},
			route{POST, base + "/:id/delete", editor, withResource(r, s.handleEntityDelete)},
			route{GET, base + "/:id/history", reader, withKind(r.kind, s.handleEntityHistory)},
		)
	}
	return rs
}

// register adds every route of the table to Echo with its rule. A route
// whose rule is not one of the rules above is a programming error: the
// server refuses to start.
func (s *Server) register(e *echo.Echo) error {
	known := map[rule]bool{static: true, anyone: true, content: true, reader: true, unitText: true, manages: true, editor: true, admin: true}
	for _, r := range s.routes() {
		if !known[r.rule] || r.handler == nil {
			return fmt.Errorf("views: route %s %s has no known rule or no handler", r.method, r.path)
		}
		e.Add(r.method, r.path, r.handler, s.authorize(r.rule))
	}
	return nil
}

func withResource(r *resource, h func(echo.Context, *resource) error) echo.HandlerFunc {
	return func(c echo.Context) error { return h(c, r) }
}

func withKind(k kartlaggning.Kind, h func(echo.Context, kartlaggning.Kind) error) echo.HandlerFunc {
	return func(c echo.Context) error { return h(c, k) }
}
