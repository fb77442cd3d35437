package store_test

import (
	"context"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Every write to an edition gives it a new revision; reads do not; a
// refused write does not; and a removed and re-imported edition never
// repeats an old revision.
func TestRevision(t *testing.T) {
	ctx := context.Background()
	db := MustImportExample(t)
	seen := map[uint64]bool{}
	rev := func() uint64 {
		t.Helper()
		r, err := db.Revision(ctx, 2019)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	changed := func(what string) {
		t.Helper()
		r := rev()
		if seen[r] {
			t.Errorf("%s: revision %d repeats", what, r)
		}
		seen[r] = true
	}
	changed("import")

	v, _ := db.Get(ctx, 2019, kartlaggning.Municipalities, "habo")
	if r := rev(); !seen[r] {
		t.Error("a read changed the revision")
	}
	m := *v.Entity.(*kartlaggning.Municipality)
	m.Name = "Habo kommun"
	if _, err := db.Update(ctx, 2019, &m, v.Version); err != nil {
		t.Fatal(err)
	}
	changed("update")
	before := rev()
	if _, err := db.Update(ctx, 2019, &m, v.Version); kartlaggning.ErrorCode(err) != kartlaggning.EPRECONDITION {
		t.Fatalf("stale update: %v", err)
	}
	if rev() != before {
		t.Error("a refused write changed the revision")
	}
	if _, err := db.Create(ctx, 2019, &kartlaggning.Municipality{ID: "vetlanda", Name: "Vetlanda"}); err != nil {
		t.Fatal(err)
	}
	changed("create")
	if err := db.Delete(ctx, 2019, kartlaggning.Municipalities, "vetlanda", kartlaggning.AnyVersion); err != nil {
		t.Fatal(err)
	}
	changed("delete")
	ed, ev, _ := db.Edition(ctx, 2019)
	ed.Period = "2019"
	if _, err := db.UpdateEdition(ctx, ed, ev); err != nil {
		t.Fatal(err)
	}
	changed("edition update")
	_, ev, _ = db.Edition(ctx, 2019)
	if err := db.DeleteEdition(ctx, 2019, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Revision(ctx, 2019); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("revision of a removed edition: %v", err)
	}
	if _, err := db.Import(ctx, exampleDoc(t), false); err != nil {
		t.Fatal(err)
	}
	changed("import after removal")
}
