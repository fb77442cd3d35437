package survey_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

var made = time.Date(2019, 4, 2, 9, 0, 0, 0, time.UTC)

const mullsjo = "mullsjo-integration-arbetsmarknad"

// mullsjoResponse is a chef's answer for Mullsjö's integration and labour
// market unit that changes some of what the example edition says and
// repeats the rest.
func mullsjoResponse() survey.Response {
	return survey.Response{ID: "r-mullsjo", Year: 2019, Survey: "chef", Unit: mullsjo, Status: survey.Submitted,
		Answer: survey.Answer{
			// The same uppdrag, with Windows line ends and space around.
			Description: "  Ny beskrivning av uppdraget.\r\nMed två rader.  ",
			// The same groups in another order.
			TargetGroups: []string{"unga som omfattas av KAA", "nyanlända", "personer som står utanför arbetsmarknaden"},
			Forums: []survey.ForumAnswer{
				{Forum: "beredningsgruppen", Role: "ledamot", Still: "ja"}, // agrees
				{Forum: "arena-mullsjo", Role: "adjungerad"},               // joins
				{Forum: "mullsjo-arbetsmarknadssamverkan", Still: "nej"},   // leaves
				{Forum: "chefsnatverk-arbete-delaktighet", Role: "ordforande", Level: "operativ", Kind: "arbetsgrupp", // changes
					Frequency: &kartlaggning.Frequency{Min: ptr(12), Max: ptr(12), Text: "1 gång per månad"}},
				{Forum: "mullsjo-arendegenomgang-af", Frequency: &kartlaggning.Frequency{Min: ptr(52), Max: ptr(52), Text: "varje vecka"}}, // same number
				{Name: "ARENA-gruppen Habo", Kind: "arena", Role: "ledamot"},                                                               // resembles arena-habo
				{Name: "Nätverk för KAA-samordnare", Kind: "natverk", Convener: "region", Parties: []string{"region", "af", "af"},
					Frequency: &kartlaggning.Frequency{Min: ptr(4), Max: ptr(4), Text: "1 gång per kvartal"}, Note: "Nystartat."},
				{Name: "Nätverk för  KAA-samordnare!"}, // the same name again
				{Name: "Gamla nätverket", Still: "nej"},
			},
			WorksWell:        "Samlokaliseringen med AF och de regelbundna mötena gör att man upplever att man i högre grad arbetar som kollegor mot samma mål än tidigare. Man har också infört ett slags leantänk kring de individer man arbetar med, vilket gör det gemensamma arbetet mer överskådligt.",
			NeedsDevelopment: "Samverkan med FK.",
			Wishes: []survey.WishAnswer{
				{Organisation: "fk", Text: "Vill träffa FK oftare."}, // recorded: a wish towards FK exists
				{Organisation: "polisen", Text: "Samverkan kring unga."},
				{Organisation: "polisen", Text: "Och kring trygghet."}, // the same party twice
				{Text: "närmare samarbete med närliggande kommuner i gemensamma frågor."},
			},
		}}
}

type opKey struct{ op, target, field string }

func keys(ps []survey.Proposal) []opKey {
	var out []opKey
	for _, p := range ps {
		out = append(out, opKey{p.Op, p.Target.String(), p.Field})
	}
	return out
}

func TestCompile(t *testing.T) {
	x := mustDemo(t)
	ps := survey.Compile(x, mullsjoResponse(), made)
	want := []opKey{
		{survey.OpAddMember, "forums/arena-mullsjo", "members"},
		{survey.OpRemoveMember, "forums/mullsjo-arbetsmarknadssamverkan", "members"},
		{survey.OpSetRole, "forums/chefsnatverk-arbete-delaktighet", "members"},
		{survey.OpSetFrequency, "forums/chefsnatverk-arbete-delaktighet", "frequency"},
		{survey.OpSetLevel, "forums/chefsnatverk-arbete-delaktighet", "level"},
		{survey.OpSetKind, "forums/chefsnatverk-arbete-delaktighet", "kind"},
		{survey.OpAddForum, "forums/arena-gruppen-habo", ""},
		{survey.OpAddForum, "forums/natverk-for-kaa-samordnare", ""},
		{survey.OpSetUnitField, "units/" + mullsjo, "description"},
		{survey.OpSetUnitField, "units/" + mullsjo, "needs_development"},
		{survey.OpAddWish, "units/" + mullsjo, "wishes"},
	}
	if got := keys(ps); !reflect.DeepEqual(got, want) {
		t.Fatalf("proposals:\n got %v\nwant %v", got, want)
	}
	byKey := map[opKey]survey.Proposal{}
	for _, p := range ps {
		byKey[opKey{p.Op, p.Target.String(), p.Field}] = p
		if p.Unit != mullsjo || p.Response != "r-mullsjo" || p.Year != 2019 || p.Status != survey.Open || !p.Made.Equal(made) || len(p.ID) != 20 {
			t.Errorf("%s: %+v", p.Op, p)
		}
		if survey.State(p, x) != survey.StateApplicable {
			t.Errorf("%s %s: state %s", p.Op, p.Target, survey.State(p, x))
		}
	}
	t.Run("AddMember", func(t *testing.T) {
		p := byKey[want[0]]
		if p.Before != nil || p.After != (kartlaggning.Member{Unit: mullsjo, Role: "adjungerad"}) {
			t.Errorf("before %v after %v", p.Before, p.After)
		}
	})
	t.Run("SetRoleLevelKindFrequency", func(t *testing.T) {
		if p := byKey[want[2]]; p.Before != "ledamot" || p.After != "ordforande" {
			t.Errorf("role %v → %v", p.Before, p.After)
		}
		if p := byKey[want[4]]; p.Before != "strategisk" || p.After != "operativ" {
			t.Errorf("level %v → %v", p.Before, p.After)
		}
		if p := byKey[want[5]]; p.Before != "natverk" || p.After != "arbetsgrupp" {
			t.Errorf("kind %v → %v", p.Before, p.After)
		}
		p := byKey[want[3]]
		b, a := p.Before.(*kartlaggning.Frequency), p.After.(*kartlaggning.Frequency)
		if *b.Min != 6 || *b.Max != 8 || *a.Min != 12 || a.Text != "1 gång per månad" {
			t.Errorf("frequency %+v → %+v", b, a)
		}
	})
	t.Run("AddForumMatched", func(t *testing.T) {
		p := byKey[want[6]]
		if p.Match != "arena-habo" {
			t.Errorf("match %q, want arena-habo", p.Match)
		}
		f := p.After.(kartlaggning.Forum)
		if f.Name != "ARENA-gruppen Habo" || f.Kind != "arena" || f.Level != "operativ" || !f.Formal ||
			!reflect.DeepEqual(f.Members, []kartlaggning.Member{{Unit: mullsjo, Role: "ledamot"}}) {
			t.Errorf("forum %+v", f)
		}
	})
	t.Run("AddForumNew", func(t *testing.T) {
		p := byKey[want[7]]
		if p.Match != "" {
			t.Errorf("match %q", p.Match)
		}
		f := p.After.(kartlaggning.Forum)
		wantMembers := []kartlaggning.Member{{Unit: mullsjo, Note: "Nystartat."}, {Organisation: "region"}, {Organisation: "af"}}
		if f.Kind != "natverk" || f.Status != "active" || f.Convener == nil || f.Convener.Organisation != "region" ||
			*f.Frequency.Min != 4 || !reflect.DeepEqual(f.Members, wantMembers) {
			t.Errorf("forum %+v, members %+v", f, f.Members)
		}
		if err := kartlaggning.ValidateEntity(&f, x); err != nil {
			t.Errorf("the proposed forum is not valid: %v", err)
		}
	})
	t.Run("UnitFields", func(t *testing.T) {
		p := byKey[want[8]]
		if p.After != "Ny beskrivning av uppdraget.\nMed två rader." || !strings.HasPrefix(p.Before.(string), "Ansvarar för mottagandet") {
			t.Errorf("description %q → %q", p.Before, p.After)
		}
	})
	t.Run("AddWish", func(t *testing.T) {
		p := byKey[want[10]]
		if p.After != (kartlaggning.Wish{Organisation: "polisen", Text: "Samverkan kring unga."}) {
			t.Errorf("wish %+v", p.After)
		}
	})
	t.Run("SameIDsAgain", func(t *testing.T) {
		again := survey.Compile(x, mullsjoResponse(), made.Add(time.Hour))
		ids := map[string]bool{}
		for i := range ps {
			if again[i].ID != ps[i].ID {
				t.Errorf("%s: id %s, then %s", ps[i].Op, ps[i].ID, again[i].ID)
			}
			ids[ps[i].ID] = true
		}
		if len(ids) != len(ps) {
			t.Errorf("%d proposals share %d ids", len(ps), len(ids))
		}
	})
	t.Run("UnknownUnit", func(t *testing.T) {
		r := mullsjoResponse()
		r.Unit = "finns-inte"
		if ps := survey.Compile(x, r, made); ps != nil {
			t.Errorf("%d proposals for a unit not in the edition", len(ps))
		}
	})
}

// write returns a new index with e written into x's document, as the
// store would after an accepted proposal.
func write(x *kartlaggning.Index, e kartlaggning.Entity) *kartlaggning.Index {
	d := *x.Doc
	d.Units = slices.Clone(d.Units)
	d.Forums = slices.Clone(d.Forums)
	switch e := e.(type) {
	case *kartlaggning.Unit:
		i := slices.IndexFunc(d.Units, func(u kartlaggning.Unit) bool { return u.ID == e.ID })
		d.Units[i] = *e
	case *kartlaggning.Forum:
		if i := slices.IndexFunc(d.Forums, func(f kartlaggning.Forum) bool { return f.ID == e.ID }); i >= 0 {
			d.Forums[i] = *e
		} else {
			d.Forums = append(d.Forums, *e)
		}
	}
	return kartlaggning.NewIndex(&d)
}

// acceptAll applies every applicable proposal in turn, as an editor who
// accepts them all at once, and returns the edition afterwards.
func acceptAll(t testing.TB, x *kartlaggning.Index, ps []survey.Proposal) *kartlaggning.Index {
	t.Helper()
	for _, p := range ps {
		if survey.State(p, x) != survey.StateApplicable {
			continue
		}
		e, err := survey.Apply(p, x)
		if err != nil {
			t.Fatalf("%s %s: %v", p.Op, p.Target, err)
		}
		x = write(x, e)
		if s := survey.State(p, x); s != survey.StateApplied {
			t.Fatalf("%s %s: state %s after it was applied", p.Op, p.Target, s)
		}
	}
	return x
}

func TestCompileApplyCompile(t *testing.T) {
	x := mustDemo(t)
	ps := survey.Compile(x, mullsjoResponse(), made)
	t.Run("AsNew", func(t *testing.T) {
		y := acceptAll(t, x, ps)
		if again := survey.Compile(y, mullsjoResponse(), made); len(again) != 0 {
			t.Errorf("after accepting everything, %d proposals: %v", len(again), keys(again))
		}
		f := y.Forums["natverk-for-kaa-samordnare"]
		if f == nil || y.Units[mullsjo].Description != "Ny beskrivning av uppdraget.\nMed två rader." {
			t.Fatalf("the edition did not change")
		}
		if err := y.Doc.Validate(); err != nil {
			t.Errorf("the edition after accepting is not valid: %v", err)
		}
	})
	t.Run("AsExistingForum", func(t *testing.T) {
		var ps2 []survey.Proposal
		for _, p := range ps {
			if p.Match != "" {
				p = survey.AsMember(p, p.Match)
			}
			ps2 = append(ps2, p)
		}
		y := acceptAll(t, x, ps2)
		if y.Forums["arena-gruppen-habo"] != nil {
			t.Error("accepted as the existing forum, yet a new forum was made")
		}
		habo := y.Forums["arena-habo"]
		if habo.Members[len(habo.Members)-1] != (kartlaggning.Member{Unit: mullsjo, Role: "ledamot"}) {
			t.Errorf("ARENA Habo's members: %+v", habo.Members)
		}
		if again := survey.Compile(y, mullsjoResponse(), made); len(again) != 0 {
			t.Errorf("after accepting everything, %d proposals: %v", len(again), keys(again))
		}
	})
	t.Run("ThroughJSON", func(t *testing.T) {
		// The store keeps Before and After as JSON: they come back as
		// maps and float64s, and must mean the same.
		b, err := json.Marshal(ps)
		if err != nil {
			t.Fatal(err)
		}
		var back []survey.Proposal
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		for i := range back {
			if back[i].ID != ps[i].ID {
				t.Fatal("ids changed")
			}
			e1, err1 := survey.Apply(ps[i], x)
			e2, err2 := survey.Apply(back[i], x)
			if err1 != nil || err2 != nil || !reflect.DeepEqual(e1, e2) {
				t.Errorf("%s %s: applied %v (%v), after JSON %v (%v)", ps[i].Op, ps[i].Target, e1, err1, e2, err2)
			}
		}
		y := acceptAll(t, x, back)
		if again := survey.Compile(y, mullsjoResponse(), made); len(again) != 0 {
			t.Errorf("%d proposals left: %v", len(again), keys(again))
		}
	})
}

func TestStateAndApply(t *testing.T) {
	x := mustDemo(t)
	ps := survey.Compile(x, mullsjoResponse(), made)
	find := func(op, field string) survey.Proposal {
		for _, p := range ps {
			if p.Op == op && p.Field == field {
				return p
			}
		}
		t.Fatalf("no %s %s", op, field)
		return survey.Proposal{}
	}
	edit := func(t *testing.T, change func(d *kartlaggning.Document)) *kartlaggning.Index {
		d := *x.Doc
		d.Units = slices.Clone(d.Units)
		d.Forums = slices.Clone(d.Forums)
		change(&d)
		return kartlaggning.NewIndex(&d)
	}
	forum := func(d *kartlaggning.Document, id string) *kartlaggning.Forum {
		i := slices.IndexFunc(d.Forums, func(f kartlaggning.Forum) bool { return f.ID == id })
		return &d.Forums[i]
	}
	cases := []struct {
		name   string
		p      survey.Proposal
		change func(d *kartlaggning.Document)
		want   string
		msg    string
	}{
		{"ConflictLevelChangedByHand", find(survey.OpSetLevel, "level"), func(d *kartlaggning.Document) {
			forum(d, "chefsnatverk-arbete-delaktighet").Level = "individ"
		}, survey.StateConflict, `forumets nivå är nu "individ", inte "strategisk"`},
		{"AppliedLevelByHand", find(survey.OpSetLevel, "level"), func(d *kartlaggning.Document) {
			forum(d, "chefsnatverk-arbete-delaktighet").Level = "operativ"
		}, survey.StateApplied, "redan"},
		{"ConflictForumGone", find(survey.OpSetKind, "kind"), func(d *kartlaggning.Document) {
			d.Forums = slices.DeleteFunc(d.Forums, func(f kartlaggning.Forum) bool { return f.ID == "chefsnatverk-arbete-delaktighet" })
		}, survey.StateConflict, `Forumet "chefsnatverk-arbete-delaktighet" finns inte längre`},
		{"ConflictFrequencyChanged", find(survey.OpSetFrequency, "frequency"), func(d *kartlaggning.Document) {
			forum(d, "chefsnatverk-arbete-delaktighet").Frequency = &kartlaggning.Frequency{Min: ptr(4), Max: ptr(4)}
		}, survey.StateConflict, "mötesfrekvens har ändrats"},
		{"ConflictDescriptionEdited", find(survey.OpSetUnitField, "description"), func(d *kartlaggning.Document) {
			d.Units[0].Description = "Redaktören skrev om texten."
		}, survey.StateConflict, "Texten under ”uppdrag” har ändrats"},
		{"ApplicableDescriptionOnlyLineEnds", find(survey.OpSetUnitField, "description"), func(d *kartlaggning.Document) {
			d.Units[0].Description = strings.ReplaceAll(d.Units[0].Description, ".", ".") + "\r\n"
		}, survey.StateApplicable, ""},
		{"ConflictNewForumIDTaken", find(survey.OpAddForum, ""), func(d *kartlaggning.Document) {
			d.Forums = append(d.Forums, kartlaggning.Forum{ID: "arena-gruppen-habo", Name: "Något annat", Kind: "annan", Level: "operativ"})
		}, survey.StateConflict, `Det finns redan ett forum med id "arena-gruppen-habo"`},
		{"AppliedMemberJoinedByHand", find(survey.OpAddMember, "members"), func(d *kartlaggning.Document) {
			f := forum(d, "arena-mullsjo")
			f.Members = append(slices.Clone(f.Members), kartlaggning.Member{Unit: mullsjo})
		}, survey.StateApplied, "redan"},
		{"ConflictUnitGone", find(survey.OpAddWish, "wishes"), func(d *kartlaggning.Document) {
			d.Units = d.Units[1:]
		}, survey.StateConflict, "Enheten"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			y := edit(t, c.change)
			if got := survey.State(c.p, y); got != c.want {
				t.Fatalf("state %s, want %s", got, c.want)
			}
			e, err := survey.Apply(c.p, y)
			if c.want == survey.StateApplicable {
				if err != nil || e == nil {
					t.Fatalf("Apply: %v", err)
				}
				return
			}
			if kartlaggning.ErrorCode(err) != kartlaggning.ECONFLICT || e != nil {
				t.Fatalf("Apply gave %v, %v; want ECONFLICT", e, err)
			}
			if !strings.Contains(kartlaggning.ErrorMessage(err), c.msg) {
				t.Errorf("message %q, want it to contain %q", kartlaggning.ErrorMessage(err), c.msg)
			}
		})
	}
	t.Run("ApplyDoesNotChangeTheEdition", func(t *testing.T) {
		before := fmt.Sprintf("%+v", x.Forums["chefsnatverk-arbete-delaktighet"].Members)
		for _, p := range ps {
			if _, err := survey.Apply(p, x); err != nil {
				t.Fatalf("%s: %v", p.Op, err)
			}
		}
		if after := fmt.Sprintf("%+v", x.Forums["chefsnatverk-arbete-delaktighet"].Members); after != before {
			t.Errorf("Apply changed the index's forum:\n%s\n%s", before, after)
		}
	})
	t.Run("RemoveTheHubOfAKontaktForum", func(t *testing.T) {
		// The unit whose contacts a kontakt forum describes cannot leave
		// it: the forum would be invalid, and Apply says so.
		r := survey.Response{ID: "r2", Year: 2019, Unit: "mullsjo-daglig-verksamhet",
			Answer: survey.Answer{Forums: []survey.ForumAnswer{{Forum: "mullsjo-dv-individsamverkan", Still: "nej"}}}}
		ps := survey.Compile(x, r, made)
		if len(ps) != 1 || ps[0].Op != survey.OpRemoveMember {
			t.Fatalf("%v", keys(ps))
		}
		_, err := survey.Apply(ps[0], x)
		if kartlaggning.ErrorCode(err) != kartlaggning.EINVALID || !strings.Contains(err.Error(), "sammankallande enhet") {
			t.Errorf("Apply: %v", err)
		}
	})
}

// TestSameNewForumFromTwoUnits: two units name the same forum the
// edition does not have. The second answer's proposal points at the
// forum the first made; accepted either way, compiling again proposes
// nothing.
func TestSameNewForumFromTwoUnits(t *testing.T) {
	x := mustDemo(t)
	answer := func(id, unit string) survey.Response {
		return survey.Response{ID: id, Year: 2019, Unit: unit, Status: survey.Submitted,
			Answer: survey.Answer{Forums: []survey.ForumAnswer{{Name: "Nätverk för KAA-samordnare", Kind: "natverk"}}}}
	}
	a, b := answer("a", mullsjo), answer("b", "habo-integration")
	x = acceptAll(t, x, survey.Compile(x, a, made))
	ps := survey.Compile(x, b, made)
	if len(ps) != 1 || ps[0].Op != survey.OpAddForum || ps[0].Match != "natverk-for-kaa-samordnare" ||
		ps[0].Target.ID != "natverk-for-kaa-samordnare-2" {
		t.Fatalf("%+v", ps)
	}
	for name, p := range map[string]survey.Proposal{"AsNew": ps[0], "AsMember": survey.AsMember(ps[0], ps[0].Match)} {
		t.Run(name, func(t *testing.T) {
			y := acceptAll(t, x, []survey.Proposal{p})
			if again := survey.Compile(y, b, made); len(again) != 0 {
				t.Errorf("%v", keys(again))
			}
			if again := survey.Compile(y, a, made); len(again) != 0 {
				t.Errorf("the first answer: %v", keys(again))
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	x := mustDemo(t)
	var got []string
	for _, p := range survey.Compile(x, mullsjoResponse(), made) {
		got = append(got, survey.Describe(p, x))
	}
	want := []string{
		"Enheten för integration och nyanlända/arbetsmarknadsavdelningen/DUA/KAA deltar i ”ARENA Mullsjö” som adjungerad.",
		"Enheten för integration och nyanlända/arbetsmarknadsavdelningen/DUA/KAA deltar inte längre i ”Arbetsmarknadssamverkan med AF och Mullsjö utveckling”.",
		"Enhetens roll i ”Chefsnätverk för arbete och delaktighet”: ledamot → ordförande.",
		"Mötesfrekvens för ”Chefsnätverk för arbete och delaktighet”: 4-6 gånger per år, samt 2 gånger per år tillsammans med chefsnätverket inom försörjningsstöd → 1 gång per månad.",
		"Nivå för ”Chefsnätverk för arbete och delaktighet”: strategisk nivå → operativ nivå.",
		"Typ av forum för ”Chefsnätverk för arbete och delaktighet”: Nätverk → Arbetsgrupp.",
		"Nytt forum ”ARENA-gruppen Habo” (arena-grupp, operativ nivå) med Enheten för integration och nyanlända/arbetsmarknadsavdelningen/DUA/KAA som deltagare. Liknar det befintliga forumet ”ARENA Habo”.",
		"Nytt forum ”Nätverk för KAA-samordnare” (nätverk, operativ nivå) med Enheten för integration och nyanlända/arbetsmarknadsavdelningen/DUA/KAA som deltagare.",
		"Ny text under ”Uppdrag” för Enheten för integration och nyanlända/arbetsmarknadsavdelningen/DUA/KAA.",
		"Ny text under ”Vad behöver utvecklas?” för Enheten för integration och nyanlända/arbetsmarknadsavdelningen/DUA/KAA.",
		"Enheten för integration och nyanlända/arbetsmarknadsavdelningen/DUA/KAA önskar samverkan med Polisen: ”Samverkan kring unga.”",
	}
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%d:\n got %s\nwant %s", i, g, w)
		}
	}
}

func TestValidateInvitation(t *testing.T) {
	now := time.Date(2019, 3, 1, 23, 30, 0, 0, time.UTC) // already 2 March in Stockholm
	cases := []struct {
		name, path, want string
		inv              survey.Invitation
	}{
		{"OK", "", "", survey.Invitation{Unit: "habo-integration", Expires: "2019-03-02", Email: "chef@habo.se"}},
		{"ErrExpiresNotADate", "expires", "ska vara ett datum", survey.Invitation{Unit: "u", Expires: "31/3"}},
		{"ErrExpiresPassed", "expires", "1 mars 2019", survey.Invitation{Unit: "u", Expires: "2019-03-01"}},
		{"ErrEmail", "email", "E-postadress måste vara en giltig e-postadress", survey.Invitation{Unit: "u", Expires: "2019-03-31", Email: "chef@"}},
		{"ErrUnitRequired", "unit", "Enhet måste anges", survey.Invitation{Expires: "2019-03-31"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := survey.ValidateInvitation(c.inv, now)
			if c.path == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if msg := fieldMessage(t, err, c.path); !strings.Contains(msg, c.want) {
				t.Errorf("%q, want %q", msg, c.want)
			}
		})
	}
}
