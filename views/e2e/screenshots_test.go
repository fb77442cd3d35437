package e2e_test

import (
	"bytes"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshotsEnv asks TestScreenshots to rewrite the README's pictures.
const screenshotsEnv = "KARTLAGGNING_SCREENSHOTS"

// screenshots are the README's pictures of the main pages.
var screenshots = []struct {
	file          string
	path          string
	width, height int64
	mobile        bool
}{
	{"kartlaggning.png", "/editions/{year}", 1280, 860, false},
	{"enheter.png", "/editions/{year}/units", 1280, 860, false},
	{"forum.png", "/editions/{year}/forums/{forum}", 1280, 1300, false},
	{"enhet.png", "/editions/{year}/units/{unit}", 1280, 860, false},
	{"karta.png", "/editions/{year}/maps/municipality/{municipality}", 1280, 860, false},
	{"mobil.png", "/editions/{year}/forums/{forum}", 390, 844, true},
}

// TestScreenshots photographs the main pages. With KARTLAGGNING_SCREENSHOTS=1
// it writes them to screenshots/ for the README; otherwise it only checks
// that each page renders, so that CI leaves the tree as it was.
func TestScreenshots(t *testing.T) {
	s := start(t)
	dir := t.TempDir()
	if os.Getenv(screenshotsEnv) == "1" {
		dir = "screenshots"
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, shot := range screenshots {
		t.Run(shot.file, func(t *testing.T) {
			ctx := s.tab(t)
			var opts []chromedp.EmulateViewportOption
			if shot.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(shot.width, shot.height, opts...)); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, s.url(shot.path), http.StatusOK)
			img, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(img))
			if err != nil {
				t.Fatalf("the screenshot is not a PNG: %v", err)
			}
			if int64(cfg.Width) != shot.width {
				t.Errorf("the screenshot is %d px wide, want %d", cfg.Width, shot.width)
			}
			if err := os.WriteFile(filepath.Join(dir, shot.file), img, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
