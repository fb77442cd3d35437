// Package views is the HTTP face of the service: the JSON API under
// /api/v1, the HTML pages, and the one error handler that turns domain
// errors into statuses. Handlers stay thin: they bind, call the store and
// render, so that a move to another Echo version is mechanical.
package views

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// Body limits: an import carries a whole edition (the national fixture is
// 12.6 MB); anything else is one entity or one form.
const (
	importBodyLimit = 32 << 20
	bodyLimit       = 1 << 20
)

// Server holds what the handlers need.
type Server struct {
	Store  kartlaggning.Store
	Logger *slog.Logger
	// PublicRead lets anyone read published editions without signing in.
	PublicRead bool
	// Contact is where users report accessibility problems (an e-mail or
	// web address), shown on /tillganglighet; set it before serving.
	Contact string
	// Maps draws the samverkanskartor; nil uses maps.Default(). Set it
	// before serving.
	Maps maps.Renderer

	echo      *echo.Echo
	pages     *renderer
	snapshots snapshots
	mapState  mapState
	throttle  *auth.Throttle
}

// NewServer builds the Echo instance with every route, middleware and the
// error handler. It fails if a template does not parse.
func NewServer(store kartlaggning.Store, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	pages, err := newRenderer()
	if err != nil {
		return nil, err
	}
	s := &Server{Store: store, Logger: logger, echo: echo.New(), pages: pages, throttle: auth.NewThrottle()}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.Renderer = pages
	e.HTTPErrorHandler = s.handleError
	// Without a proxy in front, the peer address is the client; trusting
	// X-Forwarded-For would let anyone choose their logged address.
	e.IPExtractor = echo.ExtractIPDirect()

	e.Use(middleware.Recover())
	e.Use(s.requestLogger())
	e.Use(middleware.BodyLimit("32M"))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
	}))

	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	s.apiRoutes(e.Group("/api/v1"))
	s.htmlRoutes(e)
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
			attrs := []any{"method", v.Method, "uri", v.URI, "status", v.Status,
				"latency_ms", float64(v.Latency.Microseconds()) / 1000, "remote", v.RemoteIP}
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

// now is the clock of the views, replaceable in tests.
var now = time.Now
