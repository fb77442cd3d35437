package views_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// TestReviewTableFits opens the editor's review table in Chromium at
// 1280 px with long comments (one with a long address, as managers paste
// them) and checks it is no wider than its frame: the "Senast" column was
// cut off.
func TestReviewTableFits(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must install chromium")
		}
		t.Skip("SKIPPED: needs chromium")
	}
	srv, db := MustServe(t)
	ctx := context.Background()
	for _, id := range []string{"mullsjo-integration-arbetsmarknad", "habo-integration", "region-rehabkoordinatorer"} {
		v, err := db.Get(ctx, 2019, kartlaggning.Units, id)
		if err != nil {
			t.Fatal(err)
		}
		u := v.Entity.(*kartlaggning.Unit)
		u.Review = &kartlaggning.Review{Status: "changes-requested", At: "2019-03-01T10:00:00Z",
			Comment: "Beskrivningen stämmer inte längre; se https://www.mullsjo.se/arbetsmarknadsavdelningen/integration-och-nyanlanda/kommunalt-aktivitetsansvar för den nya organisationen."}
		if _, err := db.Update(ctx, 2019, u, v.Version); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(asAdmin(srv))
	defer ts.Close()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox, chromedp.ExecPath(chromium))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"})
			return err
		}),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(ts.URL+"/editions/2019/review")); err != nil {
		t.Fatal(err)
	}
	widths, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](`(() => {
		const w = document.querySelector("table.review-table").closest(".table-wrap");
		const last = w.querySelector("tbody tr td:last-child").getBoundingClientRect();
		return [w.clientWidth, w.scrollWidth, last.right, w.getBoundingClientRect().right];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if frame, table := widths[0], widths[1]; table > frame {
		t.Errorf("the review table is %.0f px wide in a %.0f px frame", table, frame)
	}
	if widths[2] > widths[3]+0.5 {
		t.Errorf("the \"Senast\" column ends at %.0f px, past the frame's %.0f px", widths[2], widths[3])
	}
}
