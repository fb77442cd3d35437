// Package views is the HTTP face of the service: the JSON API under
// /api/v1, the HTML pages, and the one error handler that turns domain
// errors into statuses. Handlers stay thin: they bind, call the store and
// render, so that a move to another Echo version is mechanical.
package views

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/views/mail"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// Body limits: an import carries a whole edition (the national fixture is
// 12.6 MB); anything else is one entity or one form.
const (
	importBodyLimit = 32 << 20
	bodyLimit       = 1 << 20
)

// Config is what a server is built from. Store is required; the rest
// have defaults.
type Config struct {
	Store  kartlaggning.Store
	Logger *slog.Logger // slog.Default() when nil
	// Now is the clock (time.Now when nil): sessions, the change log and
	// file names read it, and tests set it.
	Now func() time.Time
	// Maps draws the samverkanskartor: cmd/ gives it a pool of render
	// worker processes. Without one, maps answer that they cannot be
	// drawn and every other page works.
	Maps maps.Renderer
	// PublicRead lets anyone read published editions without signing in.
	PublicRead bool
	// Contact is where users report accessibility problems (an e-mail or
	// web address), shown on /tillganglighet.
	Contact string
	// BehindHTTPSProxy says that browsers reach the service over HTTPS
	// through a proxy on this machine: cookies are then Secure, and the
	// client's address is read from the proxy's X-Forwarded-For.
	BehindHTTPSProxy bool
	// BodyTimeout bounds how long a request may take to send its body
	// (default 30 s); imports get ImportTimeout (default 5 minutes).
	BodyTimeout, ImportTimeout time.Duration
	// HeavySlots is how many heavy requests (reports, exports, imports,
	// metrics) run at once (default: one per core, 1–4); HeavyWait how
	// long another waits for a slot before it is told to come back
	// (default 10 s).
	HeavySlots int
	HeavyWait  time.Duration
	// Surveys keeps the enkäter; nil means the Store's, when it keeps
	// them too (store.DB does).
	Surveys survey.Store
	// Mailer sends enkät invitations and reminders (--smtp-url); nil
	// means no mail: the invitations page then offers the links to copy
	// and says how to configure a mail server.
	Mailer mail.Mailer
}

// Server holds what the handlers need. Everything in it is built by
// NewServer from the Config: there is no package-level state.
type Server struct {
	Store      kartlaggning.Store
	Logger     *slog.Logger
	PublicRead bool
	Contact    string
	// Surveys is nil when the store keeps no enkäter: their pages then
	// answer that the feature is not available.
	Surveys survey.Store
	// Mailer is nil without a mail server.
	Mailer mail.Mailer

	// proposalCounts keeps the units' numbers of open proposals from
	// enkätsvar for their pages (surveyproposals.go).
	proposalCounts openCounts

	now         func() time.Time
	behindHTTPS bool
	bodyTimeout time.Duration
	importTime  time.Duration
	maps        maps.Renderer
	echo        *echo.Echo
	pages       *renderer
	snapshots   *snapshots
	mapState    *revisionCache
	pageCache   *revisionCache
	heavySlots  chan struct{}
	heavyWait   time.Duration
	bigReport   chan struct{} // one slot: see streamReport
	mailing     chan struct{} // one slot: one mailing of invitations at a time (mailing.go)
	// tooLarge remembers the report's maps too large to draw, lastDOCX
	// the last Word document built (mapprint.go, report_docx.go).
	tooLarge    *tooLargeMaps
	lastDOCX    *docxSlot
	mailTimeout time.Duration // bounds one mailing; mailRequestTimeout when zero (tests shorten it)
	throttle    *auth.Throttle
	// Respondents (respond.go): guesses of links per address, and
	// requests per link.
	linkGuesses *auth.Throttle
	linkUse     *auth.Throttle
}

// NewServer builds the Echo instance with every route of the route table
// (routes.go), the middleware and the error handler. It fails if a
// template does not parse or a route has no rule.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("views: a server needs a store")
	}
	s := &Server{Store: cfg.Store, Logger: cfg.Logger, PublicRead: cfg.PublicRead, Contact: cfg.Contact,
		now: cfg.Now, maps: cfg.Maps, echo: echo.New(), snapshots: newSnapshots(cfg.Store), mapState: newRevisionCache(mapCacheBytes), pageCache: newRevisionCache(pageCacheBytes),
		throttle: auth.NewThrottle(), linkGuesses: auth.NewThrottleWith(linkGuessLimits()), linkUse: auth.NewThrottleWith(linkUseLimits()),
		lastDOCX: &docxSlot{}}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.tooLarge = newTooLargeMaps(s.now)
	s.behindHTTPS, s.bodyTimeout, s.importTime = cfg.BehindHTTPSProxy, cfg.BodyTimeout, cfg.ImportTimeout
	if s.bodyTimeout <= 0 {
		s.bodyTimeout = 30 * time.Second
	}
	if s.importTime <= 0 {
		s.importTime = 5 * time.Minute
	}
	slots, wait := cfg.HeavySlots, cfg.HeavyWait
	if slots <= 0 {
		slots = defaultHeavySlots()
	}
	if wait <= 0 {
		wait = defaultHeavyWait
	}
	s.heavySlots, s.heavyWait, s.bigReport = make(chan struct{}, slots), wait, make(chan struct{}, 1)
	if s.maps == nil {
		s.maps = maps.NoRenderer
	}
	s.Surveys = cfg.Surveys
	s.Mailer, s.mailing = cfg.Mailer, make(chan struct{}, 1)
	if s.Surveys == nil {
		s.Surveys, _ = cfg.Store.(survey.Store)
	}
	var err error
	if s.pages, err = newRenderer(); err != nil {
		return nil, err
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.Renderer = s.pages
	e.HTTPErrorHandler = s.handleError
	// Without a proxy in front, the peer address is the client; trusting
	// X-Forwarded-For would let anyone choose their logged address (and
	// dodge the login throttle). Behind a proxy on this machine, the
	// proxy's word is taken, and only a loopback peer's.
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.BehindHTTPSProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader(echo.TrustLinkLocal(false), echo.TrustPrivateNet(false))
	}

	e.Use(middleware.Recover())
	e.Use(s.requestLogger())
	e.Use(s.bodyDeadline)
	e.Use(middleware.BodyLimit("32M"))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
	}))
	// The sign-in forms are open to anyone: their bodies are bounded
	// before the CSRF check below parses them (login.go).
	e.Use(limitSignInForms)
	// CSRF is checked for every request outside the API, registered on the
	// instance rather than on the routes so that a form posted to a wrong
	// address is refused too.
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			// A respondent has no session: the CSRF cookie would be the
			// only cookie of an enkät and guard nothing, since the link's
			// secret is the credential and a page elsewhere cannot know
			// it. Cross-site posts to it are refused by respondOrigin.
			return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/assets/") || p == "/healthz" ||
				strings.HasPrefix(p, respondPrefix)
		},
		TokenLookup:    "form:_csrf",
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   cfg.BehindHTTPSProxy,
		CookieSameSite: http.SameSiteLaxMode,
		// A missing token is as much a refusal as a wrong one (Echo says 400).
		ErrorHandler: func(error, echo.Context) error { return echo.ErrForbidden },
	}))
	if err := s.register(e); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP lets the server be used as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Echo returns the underlying Echo instance, for starting and shutting down.
func (s *Server) Echo() *echo.Echo { return s.echo }

func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURI: true, LogStatus: true, LogLatency: true, LogRemoteIP: true, LogError: true,
		HandleError: true, // let the error handler set the status before we log it
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			uri := redactURI(v.URI)
			attrs := []any{"method", v.Method, "uri", uri, "status", v.Status,
				"latency_ms", float64(v.Latency.Microseconds()) / 1000}
			// A personal respondent is anonymous: the address beside the
			// time of an answer would say who sent it.
			if uri == v.URI {
				attrs = append(attrs, "remote", v.RemoteIP)
			}
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
				if v.Error != nil {
					attrs = append(attrs, "error", v.Error.Error())
				}
			}
			s.Logger.Log(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})
}

// bodyDeadline bounds the time a request may take to send its body, so
// that a client trickling a byte at a time cannot hold a connection (and
// its goroutine) for long: imports may be slow, nothing else needs to be.
func (s *Server) bodyDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.ContentLength != 0 && !safeMethod(r.Method) {
			limit := s.bodyTimeout
			if strings.HasSuffix(r.URL.Path, "/import") {
				limit = s.importTime
			}
			// Not every writer can (a test recorder); a real server's can.
			_ = http.NewResponseController(c.Response()).SetReadDeadline(time.Now().Add(limit))
		}
		return next(c)
	}
}
