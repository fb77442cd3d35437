// Package e2e holds the browser tests of the service: they build and start
// the real binary on a temporary database, drive Debian's Chromium through
// chromedp, and run axe-core (installed by `npm ci` in this folder) on
// every page type. The package has no code of its own; see the _test files.
//
// The setup makes an admin with `kartlaggning user add` (and an API token
// for the tests' own requests) before the service starts, and signs the
// shared browser in through the login form. Tests that need someone else
// (nobody signed in, a unit's manager) use a browser context of their own.
//
// Locally the tests skip, saying why, when /usr/bin/chromium or
// node_modules/axe-core is missing; with CI=true they fail instead.
// KARTLAGGNING_SCREENSHOTS=1 rewrites the README's screenshots in
// screenshots/.
package e2e
