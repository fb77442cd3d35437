package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
	"github.com/kartlaggning/kartlaggning/views/mail"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// shutdownGrace is how long in-flight requests get to finish on SIGTERM.
const shutdownGrace = 15 * time.Second

// softMemoryLimit is where the garbage collector starts to work harder
// (unless GOMEMLIMIT says otherwise): the service lives in tens of
// megabytes, but a national report builds a few hundred, and by default
// the heap may grow to twice what is live before it is collected.
const softMemoryLimit = 280 << 20

func runServe(ctx context.Context, args []string, logger *slog.Logger) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", env("KARTLAGGNING_ADDR", "localhost:8080"), "address to listen on")
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	empty := fs.Bool("empty", false, "do not load the demo edition into an empty database")
	publicRead := fs.Bool("public-read", false, "let anyone read published editions without signing in")
	behindProxy := fs.Bool("behind-https-proxy", envBool("KARTLAGGNING_BEHIND_HTTPS_PROXY"), "browsers reach the service over HTTPS through a proxy on this machine: Secure cookies, client address from X-Forwarded-For")
	mapCache := fs.String("map-cache", env("KARTLAGGNING_MAP_CACHE", defaultMapCache()), "directory for the map workers' compiled code (\"\": compile at every start)")
	contact := fs.String("contact", env("KARTLAGGNING_CONTACT", ""), "e-mail or web address for reports of accessibility problems (shown on /tillganglighet)")
	smtpURL := fs.String("smtp-url", env("KARTLAGGNING_SMTP_URL", ""), "mail server for enkät invitations and reminders, e.g. smtp://user:pass@host:587?from=kartlaggning@forbund.se&starttls=1 (\"\": no mail; the editor sends the links)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A wrong mail URL stops the start rather than the first invitation.
	var mailer mail.Mailer
	if *smtpURL != "" {
		m, err := mail.Parse(*smtpURL)
		if err != nil {
			return err
		}
		logger.Info("mail", "server", m.String())
		mailer = m
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if !*empty {
		if err := loadDemo(ctx, db, logger); err != nil {
			return err
		}
	}
	// Maps render in worker processes (this binary's render-worker); they
	// start now, so that the first map does not wait, and stop after the
	// last request has finished.
	pool := maps.NewPool(maps.PoolConfig{Logger: logger, CacheDir: *mapCache})
	defer pool.Close()
	go func() {
		if err := pool.Start(ctx); err != nil {
			logger.Error("starting the map workers", "error", err)
		}
	}()
	srv, err := views.NewServer(views.Config{Store: db, Logger: logger, Maps: pool,
		PublicRead: *publicRead, Contact: *contact, BehindHTTPSProxy: *behindProxy, Mailer: mailer})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Every stage of a connection is bounded, so that slow or idle clients
	// cannot hold connections open: the headers, the body (the server
	// narrows it per route, see views.Config.BodyTimeout), the answer (the
	// largest report takes seconds), and the wait for the next request.
	httpServer := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	logger.Info("serving", "url", "http://"+ln.Addr().String(), "db", *dbPath)
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// In-flight requests finish; the deferred Close then closes the database.
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// defaultMapCache is this user's cache directory for the map workers'
// compiled code; "" (compile in memory) if the user has none. A worker
// checks that only this user can write there before it trusts it.
func defaultMapCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "kartlaggning", "maps")
}

// loadDemo imports the example edition, but only into a new database: a
// user's data is never touched, and a removed demo stays removed.
func loadDemo(ctx context.Context, db kartlaggning.Store, logger *slog.Logger) error {
	doc, err := demo.Document()
	if err != nil {
		return err
	}
	loaded, err := db.ImportDemo(ctx, doc)
	if err != nil {
		return fmt.Errorf("loading the demo edition: %w", err)
	}
	if loaded {
		logger.Info("loaded the demo edition into the new database", "year", doc.Edition.Year)
	}
	return nil
}
