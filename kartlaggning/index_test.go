package kartlaggning_test

import (
	"reflect"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestPairs(t *testing.T) {
	u := func(id string) kartlaggning.Ref { return kartlaggning.Ref{Kind: kartlaggning.Units, ID: id} }
	o := func(id string) kartlaggning.Ref { return kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: id} }
	members := []kartlaggning.Member{{Unit: "c"}, {Organisation: "af"}, {Unit: "a"}}

	group := &kartlaggning.Forum{Kind: "natverk", Members: members}
	want := []kartlaggning.Pair{{u("a"), u("c")}, {u("a"), o("af")}, {u("c"), o("af")}}
	if got := group.Pairs(); !reflect.DeepEqual(got, want) {
		t.Errorf("network: %v, want everyone meeting everyone %v", got, want)
	}

	star := &kartlaggning.Forum{Kind: "kontakt", Convener: &kartlaggning.Convener{Unit: "c"}, Members: members}
	want = []kartlaggning.Pair{{u("a"), u("c")}, {u("c"), o("af")}}
	if got := star.Pairs(); !reflect.DeepEqual(got, want) {
		t.Errorf("kontakt: %v, want the convener meeting each member %v", got, want)
	}
	if star.Meets(u("a"), o("af")) || !star.Meets(u("a"), u("c")) || !group.Meets(u("a"), o("af")) {
		t.Error("Meets disagrees with Pairs")
	}

	lone := &kartlaggning.Forum{Kind: "arena", Members: members[:1]}
	if got := lone.Pairs(); len(got) != 0 {
		t.Errorf("a forum with one member: %v", got)
	}
}

func TestIndex(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	var ids []string
	for _, u := range x.UnitsIn("mullsjo") {
		ids = append(ids, u.ID)
	}
	// enter serves all four municipalities through its own list.
	want := []string{"mullsjo-integration-arbetsmarknad", "mullsjo-forsorjningsstod", "mullsjo-daglig-verksamhet", "enter"}
	for _, w := range want {
		found := false
		for _, id := range ids {
			found = found || id == w
		}
		if !found {
			t.Errorf("units in Mullsjö %v lack %s", ids, w)
		}
	}
	fs := x.ForumsOf[kartlaggning.Ref{Kind: kartlaggning.Units, ID: "mullsjo-forsorjningsstod"}]
	if len(fs) != 5 {
		t.Errorf("mullsjo-forsorjningsstod sits in %d forums, want 5", len(fs))
	}
	min, max, known := x.Forums["chefsnatverk-arbete-delaktighet"].MeetingsPerYear()
	if min != 6 || max != 8 || !known {
		t.Errorf("frequency %d–%d %v", min, max, known)
	}
	if _, _, known := x.Forums["arena-mullsjo"].MeetingsPerYear(); known {
		t.Error("arena-mullsjo has no frequency in the example")
	}
}
