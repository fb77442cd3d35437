package views_test

import (
	"context"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestSnapshotFollowsWrites(t *testing.T) {
	srv, db := MustServe(t)
	ctx := context.Background()
	first, rev1, err := srv.Snapshot(ctx, 2019)
	if err != nil {
		t.Fatal(err)
	}
	again, rev2, _ := srv.Snapshot(ctx, 2019)
	if again != first || rev2 != rev1 {
		t.Error("an unchanged edition was loaded again")
	}
	if _, err := db.Create(ctx, 2019, &kartlaggning.Municipality{ID: "vetlanda", Name: "Vetlanda"}); err != nil {
		t.Fatal(err)
	}
	after, rev3, _ := srv.Snapshot(ctx, 2019)
	if rev3 == rev1 || after.Municipalities["vetlanda"] == nil {
		t.Error("the snapshot does not show a write")
	}
	if _, _, err := srv.Snapshot(ctx, 2031); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("snapshot of a missing edition: %v", err)
	}
}
