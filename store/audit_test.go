package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

// Every write records who did what, with the fields before and after; the
// log survives a replacing import; a refused write records nothing.
func TestHistory(t *testing.T) {
	db := MustImportExample(t)
	editor := kartlaggning.WithActor(context.Background(), kartlaggning.Principal{Email: "p@forbundet.se", Role: kartlaggning.RoleEditor})
	v, _ := db.Get(editor, 2019, kartlaggning.Municipalities, "habo")
	m := *v.Entity.(*kartlaggning.Municipality)
	m.Name = "Habo kommun"
	if _, err := db.Update(editor, 2019, &m, v.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(editor, 2019, &m, v.Version); err == nil {
		t.Fatal("a stale update succeeded")
	}
	if _, err := db.Create(editor, 2019, &kartlaggning.Municipality{ID: "vetlanda", Name: "Vetlanda"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(editor, 2019, kartlaggning.Municipalities, "vetlanda", kartlaggning.AnyVersion); err != nil {
		t.Fatal(err)
	}

	log, err := db.History(context.Background(), 2019, kartlaggning.HistoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" "+e.ID)
	}
	want := []string{"delete vetlanda", "create vetlanda", "update habo", "import "}
	if !slices.Equal(actions, want) {
		t.Fatalf("log %v, want %v (newest first)", actions, want)
	}
	upd := log[2]
	if upd.Actor != "p@forbundet.se" || !slices.Equal(upd.Fields, []string{"name"}) || string(upd.Before) == string(upd.After) {
		t.Errorf("the update's entry: %+v", upd)
	}

	habo, _ := db.History(context.Background(), 2019, kartlaggning.HistoryFilter{Kind: kartlaggning.Municipalities, ID: "habo"})
	if len(habo) != 1 || habo[0].Action != "update" {
		t.Errorf("habo's history: %+v", habo)
	}
	byOther, _ := db.History(context.Background(), 2019, kartlaggning.HistoryFilter{Actor: "someone@else.se"})
	if len(byOther) != 0 {
		t.Errorf("filter by actor: %+v", byOther)
	}

	doc := exampleDoc(t)
	doc.Edition.Status = "draft"
	if _, err := db.Import(editor, doc, true); err != nil {
		t.Fatal(err)
	}
	after, _ := db.History(context.Background(), 2019, kartlaggning.HistoryFilter{})
	if len(after) != len(log)+1 || after[0].Action != "import" || after[1].Seq != log[0].Seq {
		t.Errorf("the log after a replacing import: %d entries (was %d)", len(after), len(log))
	}
	if habo, _ := db.History(context.Background(), 2019, kartlaggning.HistoryFilter{Kind: kartlaggning.Municipalities, ID: "habo"}); len(habo) != 1 {
		t.Errorf("habo's history after the replace: %+v", habo)
	}
}

// The change log is stamped by the clock the database was opened with,
// and the time filter reads those stamps.
func TestHistoryClock(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	db := MustOpenWith(t, filepath.Join(t.TempDir(), "kartlaggning.db"), store.Options{Now: func() time.Time { return clock }})
	if _, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: 2026, Title: "Kartläggning", Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(24 * time.Hour)
	if _, err := db.Create(ctx, 2026, &kartlaggning.Municipality{ID: "habo", Name: "Habo"}); err != nil {
		t.Fatal(err)
	}
	log, err := db.History(ctx, 2026, kartlaggning.HistoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Fatalf("log %+v, want 2 entries", log)
	}
	if want := time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC); !log[0].At.Equal(want) || log[0].At.Location() != time.UTC {
		t.Errorf("the create is stamped %v, want %v in UTC", log[0].At, want)
	}
	if want := time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC); !log[1].At.Equal(want) {
		t.Errorf("the edition is stamped %v, want %v", log[1].At, want)
	}
	day2, err := db.History(ctx, 2026, kartlaggning.HistoryFilter{From: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(day2) != 1 || day2[0].Action != "create" {
		t.Errorf("entries from 2 March: %+v, %v", day2, err)
	}
}

func TestSetReviews(t *testing.T) {
	db := MustImportExample(t)
	ctx := context.Background()
	at := "2019-03-01T10:00:00+01:00"
	err := db.SetReviews(ctx, 2019, []string{"enter", "habo-integration"}, kartlaggning.Review{Status: "sent", At: at})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"enter", "habo-integration"} {
		v, _ := db.Get(ctx, 2019, kartlaggning.Units, id)
		if r := v.Entity.(*kartlaggning.Unit).Review; r == nil || r.Status != "sent" || v.Version != 2 {
			t.Errorf("%s: review %+v, version %d", id, r, v.Version)
		}
	}
	// One unknown unit: nothing is sent.
	err = db.SetReviews(ctx, 2019, []string{"mullsjo-forsorjningsstod", "finns-inte"}, kartlaggning.Review{Status: "sent", At: at})
	if kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Fatalf("an unknown unit: %v", err)
	}
	if v, _ := db.Get(ctx, 2019, kartlaggning.Units, "mullsjo-forsorjningsstod"); v.Entity.(*kartlaggning.Unit).Review != nil {
		t.Error("a failed batch changed a unit")
	}
}

// The log holds the store's own records, not the domain's LogEntry JSON:
// a format version first, and no seq, which is the key.
func TestLogRecordFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kartlaggning.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: 2026, Title: "Kartläggning", Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Create(ctx, 2026, &kartlaggning.Municipality{ID: "habo", Name: "Habo"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	values, err := store.FileLogValues(path, 2026)
	if err != nil || len(values) != 2 {
		t.Fatalf("log values %q, %v; want 2", values, err)
	}
	for _, v := range values {
		if !strings.HasPrefix(v, `{"v":1,"at":"`) || strings.Contains(v, `"seq"`) {
			t.Errorf("stored entry %s, want an auditRecord", v)
		}
	}
}

// A write made on behalf of a source (an accepted enkätsvar) keeps it in
// its log entry beside the actor; a hand edit has none.
func TestHistorySource(t *testing.T) {
	db := MustImportExample(t)
	editor := kartlaggning.WithActor(context.Background(), kartlaggning.Principal{Email: "p@forbundet.se", Role: kartlaggning.RoleEditor})
	fromAnswer := kartlaggning.WithSource(editor, "enkätsvar: Chefsenkät 2019, AME Vaggeryd")
	if _, err := db.Create(fromAnswer, 2019, &kartlaggning.Municipality{ID: "vetlanda", Name: "Vetlanda"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(editor, 2019, kartlaggning.Municipalities, "vetlanda", kartlaggning.AnyVersion); err != nil {
		t.Fatal(err)
	}
	log, err := db.History(context.Background(), 2019, kartlaggning.HistoryFilter{Kind: kartlaggning.Municipalities, ID: "vetlanda"})
	if err != nil || len(log) != 2 {
		t.Fatalf("log %+v, %v", log, err)
	}
	if log[1].Action != "create" || log[1].Actor != "p@forbundet.se" || log[1].Source != "enkätsvar: Chefsenkät 2019, AME Vaggeryd" {
		t.Errorf("the create's entry: actor %q source %q", log[1].Actor, log[1].Source)
	}
	if log[0].Source != "" {
		t.Errorf("a hand edit has the source %q", log[0].Source)
	}
}
