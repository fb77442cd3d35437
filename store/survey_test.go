package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
)

// Units of the example edition the tests invite.
const (
	habo    = "habo-integration"
	mullsjo = "mullsjo-forsorjningsstod"
)

// hashOf is what the views store for a token: its hex SHA-256.
func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func chefSurvey() survey.Survey {
	return survey.Survey{Kind: survey.Chef, Title: "Chefsenkät 2019", Closes: "2019-12-20", Ratings: true,
		Intro:     "Hej!\n\nVi kartlägger samverkan.\r\n\tTack på förhand.",
		Questions: []survey.Question{{ID: "digitala-moten", Text: "Hur fungerar digitala möten?"}}}
}

func personalSurvey() survey.Survey {
	return survey.Survey{Kind: survey.Personal, Title: "Personalenkät 2019", Closes: "2019-12-20", Ratings: true}
}

// mustSurvey creates a survey in 2019 of the example.
func mustSurvey(tb testing.TB, db *store.DB, s survey.Survey) survey.Survey {
	tb.Helper()
	s, err := db.CreateSurvey(context.Background(), 2019, s)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func mustInvite(tb testing.TB, db *store.DB, surveyID, unit, token string) {
	tb.Helper()
	inv := survey.Invitation{Year: 2019, Survey: surveyID, Unit: unit, Hash: hashOf(token), Expires: "2019-12-31"}
	if err := db.Invite(context.Background(), []survey.Invitation{inv}); err != nil {
		tb.Fatal(err)
	}
}

// chefAnswer is a realistic chef's answer: a dozen forums with notes,
// texts of a few paragraphs, wishes and ratings.
func chefAnswer() survey.Answer {
	ten := 10
	para := strings.Repeat("Vi samverkar med Arbetsförmedlingen och Försäkringskassan kring deltagare som står långt från arbetsmarknaden. ", 8)
	a := survey.Answer{
		Description:      para + "\n\n" + para,
		TargetGroups:     []string{"Unga vuxna 18–29 år", "Personer med försörjningsstöd", "Nyanlända"},
		WorksWell:        para,
		NeedsDevelopment: para + "\n" + para,
		Custom:           map[string]string{"digitala-moten": "Fungerar bra sedan 2020.\nMen inte för alla."},
	}
	for i := range 12 {
		a.Forums = append(a.Forums, survey.ForumAnswer{
			Name: fmt.Sprintf("Nätverk för samverkan %d", i), Kind: "natverk", Level: "operativ",
			Frequency: &kartlaggning.Frequency{Min: &ten, Max: &ten, Text: "10 gånger per år"},
			Parties:   []string{"af", "fk", "region"}, Role: "ledamot",
			Note: "Träffas på biblioteket.\nSammankallande växlar.",
		})
	}
	for i := range 4 {
		a.Wishes = append(a.Wishes, survey.WishAnswer{Organisation: "fk", Text: fmt.Sprintf("Vi vill träffa handläggarna oftare (%d).", i)})
		a.Ratings = append(a.Ratings, survey.Rating{Organisation: fmt.Sprintf("org-%d", i), Level: 2, Value: 3, Trust: 4})
	}
	return a
}

func chefResponse(unit, status string) survey.Response {
	return survey.Response{Year: 2019, Survey: "chef-1", Unit: unit, Status: status, Answer: chefAnswer()}
}

func personalResponse(surveyID, unit, key, status string) survey.Response {
	return survey.Response{ID: hashOf(key), Year: 2019, Survey: surveyID, Unit: unit, Status: status,
		Answer: survey.Answer{
			Collaborations: []survey.Collaboration{{Organisation: "af", Forms: []string{"sip", "kontakter"}, Works: 3}},
			Obstacles:      "Sekretessen.\nOch tiden.", Ideas: "Gemensamma utbildningsdagar.",
		}}
}

// fieldPaths lists the paths of an EINVALID error's fields.
func fieldPaths(tb testing.TB, err error) []string {
	tb.Helper()
	e := wantCode(tb, err, kartlaggning.EINVALID)
	var paths []string
	for _, f := range e.Fields {
		paths = append(paths, f.Path)
	}
	return paths
}

func TestSurveys(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		p := mustSurvey(t, db, personalSurvey())
		if c.ID != "chef-1" || p.ID != "personal-2" || c.Year != 2019 || c.Created.IsZero() {
			t.Fatalf("ids %q %q, year %d, created %v", c.ID, p.ID, c.Year, c.Created)
		}
		list, err := db.Surveys(ctx, 2019)
		if err != nil || len(list) != 2 || list[0].ID != "chef-1" || list[1].ID != "personal-2" {
			t.Fatalf("Surveys = %+v, %v", list, err)
		}
		got, err := db.Survey(ctx, 2019, "chef-1")
		if err != nil || got.Intro != chefSurvey().Intro || got.Title != "Chefsenkät 2019" {
			t.Errorf("Survey = %+v, %v; the intro's paragraphs must survive", got, err)
		}
	})

	t.Run("ErrNoEdition", func(t *testing.T) {
		db := MustImportExample(t)
		_, err := db.CreateSurvey(ctx, 2031, chefSurvey())
		e := wantCode(t, err, kartlaggning.ENOTFOUND)
		if !strings.Contains(e.Message, "2031") {
			t.Errorf("message %q does not name the year", e.Message)
		}
		_, err = db.Surveys(ctx, 2031)
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustImportExample(t)
		s := chefSurvey()
		s.Kind, s.Title, s.Closes = "chefer", "", "20 december"
		s.Questions = []survey.Question{{ID: "fraga", Text: "Vad?"}, {ID: "fraga", Text: "Igen?"}}
		_, err := db.CreateSurvey(ctx, 2019, s)
		paths := fieldPaths(t, err)
		for _, want := range []string{"kind", "title", "closes", "questions[1].id"} {
			if !slices.Contains(paths, want) {
				t.Errorf("no message for %s among %v", want, paths)
			}
		}
		// A control character in the intro is refused, a paragraph is not.
		s = chefSurvey()
		s.Intro = "Hej\x07"
		if _, err := db.CreateSurvey(ctx, 2019, s); !slices.Contains(fieldPaths(t, err), "intro") {
			t.Errorf("a control character in the intro: %v", err)
		}
		if list, _ := db.Surveys(ctx, 2019); len(list) != 0 {
			t.Errorf("refused surveys were stored: %+v", list)
		}
	})

	t.Run("Update", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		c.Title, c.Questions = "Ny titel", []survey.Question{{ID: "extra", Text: "Något mer?", Help: "Rad ett\nRad två"}}
		created := c.Created
		c.Created = time.Time{}
		if err := db.UpdateSurvey(ctx, 2019, c); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Survey(ctx, 2019, c.ID)
		if got.Title != "Ny titel" || len(got.Questions) != 1 || !got.Created.Equal(created) {
			t.Errorf("after update: %+v", got)
		}
		c.Kind = survey.Personal
		if paths := fieldPaths(t, db.UpdateSurvey(ctx, 2019, c)); !slices.Equal(paths, []string{"kind"}) {
			t.Errorf("changing the kind: %v", paths)
		}
		c.Kind, c.ID = survey.Chef, "chef-9"
		wantCode(t, db.UpdateSurvey(ctx, 2019, c), kartlaggning.ENOTFOUND)
	})

	t.Run("Delete", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		mustInvite(t, db, c.ID, habo, "token-habo")
		if err := db.DeleteSurvey(ctx, 2019, c.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, func() error { _, err := db.Survey(ctx, 2019, c.ID); return err }(), kartlaggning.ENOTFOUND)
		if _, err := db.InvitationByHash(ctx, hashOf("token-habo")); err == nil {
			t.Error("the deleted survey's link still works")
		}
		wantCode(t, db.DeleteSurvey(ctx, 2019, c.ID), kartlaggning.ENOTFOUND)
		// Ids are not used again: a link or bookmark to chef-1 never
		// reaches another survey.
		if again := mustSurvey(t, db, chefSurvey()); again.ID != "chef-2" {
			t.Errorf("the next survey got id %q, want chef-2", again.ID)
		}
	})

	t.Run("ErrDeleteAnswered", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		if _, err := db.SaveResponse(ctx, chefResponse(habo, survey.Draft)); err != nil {
			t.Fatal(err)
		}
		e := wantCode(t, db.DeleteSurvey(ctx, 2019, c.ID), kartlaggning.ECONFLICT)
		if !strings.Contains(e.Message, "har svar") {
			t.Errorf("message %q", e.Message)
		}
		if _, err := db.Survey(ctx, 2019, c.ID); err != nil {
			t.Errorf("the survey went anyway: %v", err)
		}
	})
}

func TestInvitations(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		invs := []survey.Invitation{
			{Year: 2019, Survey: c.ID, Unit: mullsjo, Hash: hashOf("m"), Expires: "2019-12-31", Email: "chef@mullsjo.se"},
			{Year: 2019, Survey: c.ID, Unit: habo, Hash: hashOf("h"), Expires: "2019-12-31"},
		}
		if err := db.Invite(ctx, invs); err != nil {
			t.Fatal(err)
		}
		list, err := db.Invitations(ctx, 2019, c.ID)
		if err != nil || len(list) != 2 || list[0].Unit != habo || list[1].Unit != mullsjo || list[1].Email != "chef@mullsjo.se" {
			t.Fatalf("Invitations = %+v, %v", list, err)
		}
		if list[0].Created.IsZero() || list[0].Hash != hashOf("h") {
			t.Errorf("stored invitation %+v", list[0])
		}
		inv, err := db.InvitationByHash(ctx, hashOf("m"))
		if err != nil || inv.Unit != mullsjo || inv.Survey != c.ID || inv.Year != 2019 || inv.Expires != "2019-12-31" {
			t.Errorf("InvitationByHash = %+v, %v", inv, err)
		}
		if raw, _ := json.Marshal(inv); strings.Contains(string(raw), hashOf("m")) {
			t.Errorf("the hash reaches the JSON: %s", raw)
		}
		_, err = db.InvitationByHash(ctx, hashOf("guessed"))
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})

	t.Run("ErrAllOrNone", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		for name, bad := range map[string]survey.Invitation{
			"unit":    {Year: 2019, Survey: c.ID, Unit: "ingen-enhet", Hash: hashOf("x"), Expires: "2019-12-31"},
			"survey":  {Year: 2019, Survey: "chef-7", Unit: mullsjo, Hash: hashOf("x"), Expires: "2019-12-31"},
			"edition": {Year: 2031, Survey: c.ID, Unit: mullsjo, Hash: hashOf("x"), Expires: "2019-12-31"},
		} {
			good := survey.Invitation{Year: 2019, Survey: c.ID, Unit: habo, Hash: hashOf("h"), Expires: "2019-12-31"}
			e := wantCode(t, db.Invite(ctx, []survey.Invitation{good, bad}), kartlaggning.ENOTFOUND)
			if name == "unit" && !strings.Contains(e.Message, "ingen-enhet") {
				t.Errorf("message %q does not name the unit", e.Message)
			}
			if _, err := db.InvitationByHash(ctx, hashOf("h")); err == nil {
				t.Errorf("%s: the good invitation was stored beside the bad one", name)
			}
		}
		bad := survey.Invitation{Year: 2019, Survey: c.ID, Unit: habo, Hash: "abc", Expires: "31/12", Email: "inte en adress"}
		paths := fieldPaths(t, db.Invite(ctx, []survey.Invitation{bad}))
		for _, want := range []string{"[0].hash", "[0].expires", "[0].email"} {
			if !slices.Contains(paths, want) {
				t.Errorf("no message for %s among %v", want, paths)
			}
		}
	})

	t.Run("Replace", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		mustInvite(t, db, c.ID, habo, "first")
		if err := db.MarkSent(ctx, 2019, c.ID, habo, time.Now()); err != nil {
			t.Fatal(err)
		}
		mustInvite(t, db, c.ID, habo, "second")
		_, err := db.InvitationByHash(ctx, hashOf("first"))
		wantCode(t, err, kartlaggning.ENOTFOUND)
		inv, err := db.InvitationByHash(ctx, hashOf("second"))
		if err != nil || inv.Unit != habo || !inv.Sent.IsZero() {
			t.Errorf("the new link: %+v, %v", inv, err)
		}
		if list, _ := db.Invitations(ctx, 2019, c.ID); len(list) != 1 {
			t.Errorf("%d invitations for one unit, want 1", len(list))
		}
		// Another survey's invitation of the same unit is another link.
		p := mustSurvey(t, db, personalSurvey())
		mustInvite(t, db, p.ID, habo, "personal")
		if _, err := db.InvitationByHash(ctx, hashOf("second")); err != nil {
			t.Errorf("inviting to another survey revoked the chef's link: %v", err)
		}
		// A hash already in use by another invitation is refused.
		inv2 := survey.Invitation{Year: 2019, Survey: c.ID, Unit: mullsjo, Hash: hashOf("personal"), Expires: "2019-12-31"}
		wantCode(t, db.Invite(ctx, []survey.Invitation{inv2}), kartlaggning.ECONFLICT)
	})

	t.Run("Revoke", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		mustInvite(t, db, c.ID, habo, "t")
		if err := db.Revoke(ctx, 2019, c.ID, habo); err != nil {
			t.Fatal(err)
		}
		if inv, err := db.InvitationByHash(ctx, hashOf("t")); err != nil || !inv.Revoked {
			t.Errorf("after Revoke: %+v, %v", inv, err)
		}
		wantCode(t, db.Revoke(ctx, 2019, c.ID, mullsjo), kartlaggning.ENOTFOUND)
		// Inviting again gives a working link.
		mustInvite(t, db, c.ID, habo, "t2")
		if inv, err := db.InvitationByHash(ctx, hashOf("t2")); err != nil || inv.Revoked {
			t.Errorf("after inviting again: %+v, %v", inv, err)
		}
	})

	t.Run("MarkOpened", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		mustInvite(t, db, c.ID, habo, "t")
		first := time.Date(2019, 11, 30, 9, 0, 0, 0, time.UTC)
		if err := db.MarkOpened(ctx, hashOf("t"), first); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkOpened(ctx, hashOf("t"), first.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if inv, _ := db.InvitationByHash(ctx, hashOf("t")); !inv.Opened.Equal(first) {
			t.Errorf("opened %v, want the first time %v", inv.Opened, first)
		}
		wantCode(t, db.MarkOpened(ctx, hashOf("nope"), first), kartlaggning.ENOTFOUND)
		sent := first.Add(48 * time.Hour)
		if err := db.MarkSent(ctx, 2019, c.ID, habo, sent); err != nil {
			t.Fatal(err)
		}
		if inv, _ := db.InvitationByHash(ctx, hashOf("t")); !inv.Sent.Equal(sent) || !inv.Opened.Equal(first) {
			t.Errorf("after MarkSent: %+v", inv)
		}
		wantCode(t, db.MarkSent(ctx, 2019, c.ID, mullsjo, sent), kartlaggning.ENOTFOUND)
	})
}

// TestSurveysGoWithEdition: the enkäter are part of an edition's file
// tree: deleting the edition removes them and their links, a replacing
// import keeps them.
func TestSurveysGoWithEdition(t *testing.T) {
	ctx := context.Background()

	t.Run("DeleteEdition", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		mustInvite(t, db, c.ID, habo, "t")
		if err := db.DeleteEdition(ctx, 2019, kartlaggning.AnyVersion); err != nil {
			t.Fatal(err)
		}
		_, err := db.InvitationByHash(ctx, hashOf("t"))
		wantCode(t, err, kartlaggning.ENOTFOUND)
		doc := exampleDoc(t)
		doc.Edition.Status = "draft"
		if _, err := db.Import(ctx, doc, false); err != nil {
			t.Fatal(err)
		}
		if list, err := db.Surveys(ctx, 2019); err != nil || len(list) != 0 {
			t.Errorf("the edition imported again has surveys %+v, %v", list, err)
		}
		if _, err := db.InvitationByHash(ctx, hashOf("t")); err == nil {
			t.Error("the old link works in the new edition")
		}
	})

	t.Run("ImportReplace", func(t *testing.T) {
		db := MustImportExample(t)
		c := mustSurvey(t, db, chefSurvey())
		mustInvite(t, db, c.ID, habo, "t")
		if _, err := db.SaveResponse(ctx, chefResponse(habo, survey.Submitted)); err != nil {
			t.Fatal(err)
		}
		doc := exampleDoc(t)
		doc.Edition.Status = "draft"
		if _, err := db.Import(ctx, doc, true); err != nil {
			t.Fatal(err)
		}
		if list, err := db.Surveys(ctx, 2019); err != nil || len(list) != 1 {
			t.Fatalf("after replacing: surveys %+v, %v", list, err)
		}
		if inv, err := db.InvitationByHash(ctx, hashOf("t")); err != nil || inv.Unit != habo {
			t.Errorf("the link after replacing: %+v, %v", inv, err)
		}
		if rs, err := db.Responses(ctx, 2019, c.ID); err != nil || len(rs) != 1 || rs[0].Status != survey.Submitted {
			t.Errorf("the answers after replacing: %+v, %v", rs, err)
		}
		// The ids go on from where they were.
		if p := mustSurvey(t, db, personalSurvey()); p.ID != "personal-2" {
			t.Errorf("next id %q after replacing, want personal-2", p.ID)
		}
		if doc, err := db.Export(ctx, 2019); err != nil || len(doc.Units) != len(exampleDoc(t).Units) {
			t.Errorf("export after replacing: %v", err)
		}
	})
}

// Migration 4 gives the editions of a schema-3 file their enkäter.
func TestMigrationSurveys(t *testing.T) {
	ctx := context.Background()
	path := gunzipTo(t, "testdata/schema2.db.gz", filepath.Join(t.TempDir(), "kartlaggning.db"))
	if err := store.MigrateFile(path, 3); err != nil {
		t.Fatal(err)
	}
	paths, err := store.FileBucketPaths(path)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(paths, "invitation_hashes") || slices.Contains(paths, "editions/2019/surveys") {
		t.Fatal("the schema-3 file has survey buckets already")
	}
	if err := store.MigrateFile(path, 4); err != nil {
		t.Fatal(err)
	}
	if v, err := store.FileSchemaVersion(path); err != nil || v != 4 {
		t.Errorf("version %d, %v; want 4", v, err)
	}
	paths, _ = store.FileBucketPaths(path)
	want := []string{"invitation_hashes"}
	for _, year := range []string{"2019", "2020", "2021"} {
		for _, b := range []string{"", "/surveys", "/invitations", "/responses", "/response_idx", "/proposals", "/proposal_idx"} {
			want = append(want, "editions/"+year+"/surveys"+b)
		}
	}
	for _, p := range want {
		if !slices.Contains(paths, p) {
			t.Errorf("no bucket %s after the migration", p)
		}
	}
	db := MustOpenPath(t, path)
	// 2019 is published in the fixture; its enkäter are not its content.
	s, err := db.CreateSurvey(ctx, 2019, chefSurvey())
	if err != nil || s.ID != "chef-1" {
		t.Fatalf("a survey in the migrated 2019: %+v, %v", s, err)
	}
	if err := db.Invite(ctx, []survey.Invitation{{Year: 2019, Survey: s.ID, Unit: "enter", Hash: hashOf("t"), Expires: "2019-12-31"}}); err != nil {
		t.Fatalf("an invitation in the migrated file: %v", err)
	}
	if inv, err := db.InvitationByHash(ctx, hashOf("t")); err != nil || inv.Unit != "enter" {
		t.Errorf("the link in the migrated file: %+v, %v", inv, err)
	}
	if doc, err := db.Export(ctx, 2019); err != nil || len(doc.Forums) != 58 {
		t.Errorf("export after migrating: %v", err)
	}
	// A file at schema 4 made new has the same tree.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if err := store.MigrateFile(fresh, store.SchemaVersion); err != nil {
		t.Fatal(err)
	}
	if names, _ := store.FileBuckets(fresh); !slices.Contains(names, "invitation_hashes") {
		t.Errorf("a new file lacks invitation_hashes: %v", names)
	}
}

// clock is a settable clock for the store's times.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// mustExampleWithClock is MustImportExample with the store's clock set.
func mustExampleWithClock(tb testing.TB) (*store.DB, *clock) {
	tb.Helper()
	c := &clock{t: time.Date(2019, 11, 30, 9, 0, 0, 0, time.UTC)}
	db := MustOpenWith(tb, filepath.Join(tb.TempDir(), "kartlaggning.db"), store.Options{Now: c.now})
	if _, err := db.Import(context.Background(), exampleYear(tb, 2019), false); err != nil {
		tb.Fatal(err)
	}
	return db, c
}

func TestResponses(t *testing.T) {
	ctx := context.Background()

	t.Run("ChefOnePerUnit", func(t *testing.T) {
		db, clk := mustExampleWithClock(t)
		mustSurvey(t, db, chefSurvey())
		first, err := db.SaveResponse(ctx, chefResponse(habo, survey.Draft))
		if err != nil {
			t.Fatal(err)
		}
		if first.ID != "chef-1-"+habo || !first.Started.Equal(clk.now()) || !first.Updated.Equal(clk.now()) || !first.Submitted.IsZero() {
			t.Fatalf("first save: id %q, started %v, updated %v, submitted %v", first.ID, first.Started, first.Updated, first.Submitted)
		}
		started := clk.now()
		clk.add(time.Hour)
		// The chef comes back without the id: the unit's answer is found.
		again := chefResponse(habo, survey.Draft)
		again.Answer.WorksWell = "Allt fungerar.\nNästan."
		second, err := db.SaveResponse(ctx, again)
		if err != nil {
			t.Fatal(err)
		}
		if second.ID != first.ID || !second.Started.Equal(started) || !second.Updated.Equal(clk.now()) {
			t.Errorf("second save: %+v", second)
		}
		rs, err := db.Responses(ctx, 2019, "chef-1")
		if err != nil || len(rs) != 1 || rs[0].Answer.WorksWell != "Allt fungerar.\nNästan." {
			t.Fatalf("Responses = %+v, %v; want the one answer, updated", rs, err)
		}
		got, err := db.Response(ctx, 2019, first.ID)
		if err != nil || len(got.Answer.Forums) != 12 || got.Answer.Forums[0].Frequency == nil || *got.Answer.Forums[0].Frequency.Min != 10 {
			t.Errorf("Response = %+v, %v", got, err)
		}
		// Another unit's answer is another response.
		if r, err := db.SaveResponse(ctx, chefResponse(mullsjo, survey.Draft)); err != nil || r.ID != "chef-1-"+mullsjo {
			t.Errorf("another unit: %+v, %v", r, err)
		}
		if rs, _ := db.Responses(ctx, 2019, "chef-1"); len(rs) != 2 || rs[0].Unit != habo || rs[1].Unit != mullsjo {
			t.Errorf("two units' answers: %d", len(rs))
		}
	})

	t.Run("SubmittedIsLocked", func(t *testing.T) {
		db, clk := mustExampleWithClock(t)
		mustSurvey(t, db, chefSurvey())
		r, err := db.SaveResponse(ctx, chefResponse(habo, survey.Submitted))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != survey.Submitted || !r.Submitted.Equal(clk.now()) {
			t.Fatalf("submitted: %+v", r)
		}
		clk.add(time.Minute)
		change := chefResponse(habo, survey.Draft)
		change.Answer.WorksWell = "Ändrat i efterhand"
		e := wantCode(t, func() error { _, err := db.SaveResponse(ctx, change); return err }(), kartlaggning.ECONFLICT)
		if !strings.Contains(e.Message, "redan inskickat") {
			t.Errorf("message %q", e.Message)
		}
		if got, _ := db.Response(ctx, 2019, r.ID); got.Answer.WorksWell == "Ändrat i efterhand" || got.Status != survey.Submitted {
			t.Errorf("the locked answer changed: %+v", got)
		}
		if err := db.Reopen(ctx, 2019, r.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Response(ctx, 2019, r.ID); got.Status != survey.Draft || !got.Submitted.IsZero() {
			t.Errorf("after Reopen: %+v", got)
		}
		if err := db.Reopen(ctx, 2019, r.ID); err != nil {
			t.Errorf("reopening a draft: %v", err)
		}
		if got, err := db.SaveResponse(ctx, change); err != nil || got.Answer.WorksWell != "Ändrat i efterhand" {
			t.Errorf("saving the reopened answer: %+v, %v", got, err)
		}
		wantCode(t, db.Reopen(ctx, 2019, "chef-1-ingen"), kartlaggning.ENOTFOUND)
	})

	t.Run("Personal", func(t *testing.T) {
		db, _ := mustExampleWithClock(t)
		mustSurvey(t, db, chefSurvey())
		p := mustSurvey(t, db, personalSurvey())
		for _, key := range []string{"a", "b", "c"} {
			if _, err := db.SaveResponse(ctx, personalResponse(p.ID, habo, key, survey.Submitted)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SaveResponse(ctx, personalResponse(p.ID, mullsjo, "d", survey.Draft)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveResponse(ctx, chefResponse(habo, survey.Draft)); err != nil {
			t.Fatal(err)
		}
		rs, err := db.Responses(ctx, 2019, p.ID)
		if err != nil || len(rs) != 4 {
			t.Fatalf("%d personal answers, %v; want 4", len(rs), err)
		}
		for _, r := range rs {
			if r.Survey != p.ID || r.Answer.Obstacles != "Sekretessen.\nOch tiden." {
				t.Errorf("answer %+v", r)
			}
		}
		if all, _ := db.Responses(ctx, 2019, ""); len(all) != 5 {
			t.Errorf("the edition's answers: %d, want 5", len(all))
		}
		// The respondent comes back to the draft with the key.
		d := personalResponse(p.ID, mullsjo, "d", survey.Submitted)
		d.Answer.Ideas = "Fler träffar"
		if got, err := db.SaveResponse(ctx, d); err != nil || got.ID != hashOf("d") || got.Status != survey.Submitted {
			t.Errorf("submitting the draft: %+v, %v", got, err)
		}
		// A draft key's hash cannot be moved to another unit.
		moved := personalResponse(p.ID, habo, "d", survey.Draft)
		_, err = db.SaveResponse(ctx, moved)
		wantCode(t, err, kartlaggning.ECONFLICT)
		bad := personalResponse(p.ID, habo, "e", survey.Draft)
		bad.ID = "mitt-svar"
		if paths := fieldPaths(t, func() error { _, err := db.SaveResponse(ctx, bad); return err }()); !slices.Equal(paths, []string{"id"}) {
			t.Errorf("a personal answer without a hash id: %v", paths)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db, _ := mustExampleWithClock(t)
		mustSurvey(t, db, chefSurvey())
		for name, r := range map[string]survey.Response{
			"survey":  {Year: 2019, Survey: "chef-5", Unit: habo, Status: survey.Draft},
			"unit":    {Year: 2019, Survey: "chef-1", Unit: "ingen-enhet", Status: survey.Draft},
			"edition": {Year: 2031, Survey: "chef-1", Unit: habo, Status: survey.Draft},
		} {
			_, err := db.SaveResponse(ctx, r)
			if e := wantCode(t, err, kartlaggning.ENOTFOUND); name == "unit" && !strings.Contains(e.Message, "ingen-enhet") {
				t.Errorf("message %q does not name the unit", e.Message)
			}
		}
		_, err := db.Response(ctx, 2019, "chef-1-"+habo)
		wantCode(t, err, kartlaggning.ENOTFOUND)
		_, err = db.Responses(ctx, 2019, "chef-5")
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db, _ := mustExampleWithClock(t)
		p := mustSurvey(t, db, personalSurvey())
		r := personalResponse(p.ID, habo, "a", "skickat")
		r.Answer.Collaborations[0].Works = 7
		r.Answer.Ratings = []survey.Rating{{Organisation: "Försäkringskassan", Level: 5}}
		r.Answer.Ideas = "Idé\x00"
		_, err := db.SaveResponse(ctx, r)
		paths := fieldPaths(t, err)
		for _, want := range []string{"status", "answer.collaborations[0].works", "answer.ratings[0].organisation", "answer.ratings[0].level", "answer.ideas"} {
			if !slices.Contains(paths, want) {
				t.Errorf("no message for %s among %v", want, paths)
			}
		}
		if rs, _ := db.Responses(ctx, 2019, ""); len(rs) != 0 {
			t.Errorf("an invalid answer was stored")
		}
	})

	t.Run("ErrTooLarge", func(t *testing.T) {
		db, _ := mustExampleWithClock(t)
		s := chefSurvey()
		for i := range 10 {
			s.Questions = append(s.Questions, survey.Question{ID: fmt.Sprintf("fraga-%d", i), Text: "Något mer?"})
		}
		mustSurvey(t, db, s)
		r := chefResponse(habo, survey.Draft)
		// 15,000 characters, each six bytes in JSON: within every field's
		// and the answer's limits on characters, 900 kB stored.
		long := strings.Repeat("<", 15000)
		r.Answer = survey.Answer{Custom: map[string]string{}}
		for i := range 10 {
			r.Answer.Custom[fmt.Sprintf("fraga-%d", i)] = long
		}
		_, err := db.SaveResponse(ctx, r)
		e := wantCode(t, err, kartlaggning.ETOOLARGE)
		if !strings.Contains(e.Message, "256 KiB") {
			t.Errorf("message %q does not say the limit", e.Message)
		}
		if _, err := db.Response(ctx, 2019, "chef-1-"+habo); err == nil {
			t.Error("the answer over the limit was stored")
		}
		for i := range 8 {
			delete(r.Answer.Custom, fmt.Sprintf("fraga-%d", i))
		}
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Errorf("an answer of about 180 KiB: %v", err)
		}
	})
}

func TestProposals(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*store.DB, *clock, string) {
		db, clk := mustExampleWithClock(t)
		mustSurvey(t, db, chefSurvey())
		r, err := db.SaveResponse(ctx, chefResponse(habo, survey.Submitted))
		if err != nil {
			t.Fatal(err)
		}
		return db, clk, r.ID
	}
	compiled := func() []survey.Proposal {
		return []survey.Proposal{
			{ID: "add-forum-natverk-0", Op: survey.OpAddForum, After: map[string]any{"name": "Nätverk för samverkan 0"}},
			{ID: "set-level-arena", Op: survey.OpSetLevel, Target: kartlaggning.Ref{Kind: kartlaggning.Forums, ID: "arena"}, Before: "strategisk", After: "operativ"},
			{Op: survey.OpSetUnitField, Field: "works_well", Before: "", After: "Allt"},
		}
	}

	t.Run("OK", func(t *testing.T) {
		db, clk, rid := setup(t)
		saved, err := db.SaveProposals(ctx, 2019, rid, compiled())
		if err != nil {
			t.Fatal(err)
		}
		if len(saved) != 3 || saved[0].ID != "add-forum-natverk-0" || saved[2].ID == "" {
			t.Fatalf("saved %+v", saved)
		}
		for _, p := range saved {
			if p.Unit != habo || p.Response != rid || p.Year != 2019 || p.Status != survey.Open || !p.Made.Equal(clk.now()) {
				t.Errorf("proposal %+v", p)
			}
		}
		ps, err := db.Proposals(ctx, 2019, habo)
		if err != nil || len(ps) != 3 || ps[1].ID != "set-level-arena" || ps[1].Before != "strategisk" || ps[1].Target.ID != "arena" {
			t.Fatalf("Proposals = %+v, %v", ps, err)
		}
		if ps, _ := db.Proposals(ctx, 2019, mullsjo); len(ps) != 0 {
			t.Errorf("another unit's proposals: %+v", ps)
		}
		if ps, _ := db.Proposals(ctx, 2019, ""); len(ps) != 3 {
			t.Errorf("all proposals: %d", len(ps))
		}
	})

	t.Run("CompileAgainKeepsDecided", func(t *testing.T) {
		db, clk, rid := setup(t)
		saved, err := db.SaveProposals(ctx, 2019, rid, compiled())
		if err != nil {
			t.Fatal(err)
		}
		decided := clk.now().Add(time.Hour)
		if err := db.DecideProposal(ctx, 2019, "set-level-arena", survey.Accepted, "p@forbundet.se", decided); err != nil {
			t.Fatal(err)
		}
		// Compiled again after the answer changed: the first proposal is
		// gone, the decided one stands, a new one comes.
		again := compiled()[1:]
		again = append(again, survey.Proposal{ID: "add-wish-fk", Op: survey.OpAddWish, After: "Träffa FK"})
		out, err := db.SaveProposals(ctx, 2019, rid, again)
		if err != nil {
			t.Fatal(err)
		}
		if out[0].Status != survey.Accepted || out[0].By != "p@forbundet.se" {
			t.Errorf("the decided proposal came back as %+v", out[0])
		}
		ps, _ := db.Proposals(ctx, 2019, "")
		var got []string
		for _, p := range ps {
			got = append(got, p.Op+" "+p.Status)
		}
		want := []string{"set-level accepted", "set-unit-field open", "add-wish open"}
		if !slices.Equal(got, want) {
			t.Errorf("after compiling again: %v, want %v", got, want)
		}
		if slices.ContainsFunc(ps, func(p survey.Proposal) bool { return p.ID == saved[2].ID }) {
			t.Errorf("the old open proposal %s stayed", saved[2].ID)
		}
	})

	t.Run("Decide", func(t *testing.T) {
		db, _, rid := setup(t)
		if _, err := db.SaveProposals(ctx, 2019, rid, compiled()); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2019, 12, 1, 10, 0, 0, 0, time.UTC)
		if err := db.DecideProposal(ctx, 2019, "add-forum-natverk-0", survey.Rejected, "p@forbundet.se", at); err != nil {
			t.Fatal(err)
		}
		ps, _ := db.Proposals(ctx, 2019, habo)
		if ps[0].Status != survey.Rejected || !ps[0].Decided.Equal(at) || ps[0].By != "p@forbundet.se" {
			t.Errorf("after rejecting: %+v", ps[0])
		}
		e := wantCode(t, db.DecideProposal(ctx, 2019, "add-forum-natverk-0", survey.Accepted, "q@forbundet.se", at), kartlaggning.ECONFLICT)
		if !strings.Contains(e.Message, "redan avvisat") {
			t.Errorf("message %q", e.Message)
		}
		if paths := fieldPaths(t, db.DecideProposal(ctx, 2019, "set-level-arena", survey.Open, "p", at)); !slices.Equal(paths, []string{"status"}) {
			t.Errorf("deciding to open: %v", paths)
		}
		wantCode(t, db.DecideProposal(ctx, 2019, "finns-inte", survey.Accepted, "p", at), kartlaggning.ENOTFOUND)
	})

	t.Run("Errors", func(t *testing.T) {
		db, _, rid := setup(t)
		_, err := db.SaveProposals(ctx, 2019, "chef-1-ingen", compiled())
		wantCode(t, err, kartlaggning.ENOTFOUND)
		bad := compiled()
		bad[0].Op, bad[1].ID = "drop-table", "ett id/med snedstreck"
		_, err = db.SaveProposals(ctx, 2019, rid, bad)
		if paths := fieldPaths(t, err); !slices.Equal(paths, []string{"[0].op", "[1].id"}) {
			t.Errorf("bad proposals: %v", paths)
		}
		// Ids are the edition's: another answer's proposal keeps its own.
		if _, err := db.SaveProposals(ctx, 2019, rid, compiled()); err != nil {
			t.Fatal(err)
		}
		other, err := db.SaveResponse(ctx, chefResponse(mullsjo, survey.Submitted))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.SaveProposals(ctx, 2019, other.ID, compiled()[:1])
		wantCode(t, err, kartlaggning.ECONFLICT)
		if ps, _ := db.Proposals(ctx, 2019, habo); len(ps) != 3 || ps[0].Response != rid {
			t.Errorf("the refused save changed the first answer's proposals: %+v", ps)
		}
	})
}

// The enkäter are not the edition's content: answers keep coming after
// the editor publishes, and they leave the edition's revision (which the
// caches of maps and pages key on) alone.
func TestSurveysBesideEdition(t *testing.T) {
	ctx := context.Background()
	db := MustImportExample(t)
	c := mustSurvey(t, db, chefSurvey())
	mustInvite(t, db, c.ID, habo, "t")
	if _, err := db.SetEditionStatus(ctx, 2019, "published", kartlaggning.AnyVersion); err != nil {
		t.Fatal(err)
	}
	rev, err := db.Revision(ctx, 2019)
	if err != nil {
		t.Fatal(err)
	}
	writes := map[string]func() error{
		"MarkOpened": func() error { return db.MarkOpened(ctx, hashOf("t"), time.Now()) },
		"SaveResponse": func() error {
			_, err := db.SaveResponse(ctx, chefResponse(habo, survey.Submitted))
			return err
		},
		"SaveProposals": func() error {
			_, err := db.SaveProposals(ctx, 2019, "chef-1-"+habo, []survey.Proposal{{Op: survey.OpAddWish, After: "FK"}})
			return err
		},
		"CreateSurvey": func() error { _, err := db.CreateSurvey(ctx, 2019, personalSurvey()); return err },
	}
	for _, name := range []string{"MarkOpened", "SaveResponse", "SaveProposals", "CreateSurvey"} {
		if err := writes[name](); err != nil {
			t.Errorf("%s in a published edition: %v", name, err)
		}
	}
	if now, _ := db.Revision(ctx, 2019); now != rev {
		t.Errorf("the enkäter's writes changed the edition's revision from %d to %d", rev, now)
	}
	// The edition's own content stays locked.
	_, err = db.Update(ctx, 2019, &kartlaggning.Municipality{ID: "habo", Name: "Habo kommun"}, kartlaggning.AnyVersion)
	wantCode(t, err, kartlaggning.ECONFLICT)
}
