package store_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
)

// drawnBuckets reads the bucket tree drawn in doc.go: the path of every
// name that ends in "/", with its depth from the indentation, and the
// schema version the drawing states.
func drawnBuckets(tb testing.TB) ([]string, int) {
	tb.Helper()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		tb.Fatal(err)
	}
	var (
		paths   []string
		stack   []string
		version = -1
	)
	for line := range strings.Lines(string(src)) {
		text, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "//\t")
		if !ok {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if fields[0] == "schema_version" && len(fields) > 2 {
			version, _ = strconv.Atoi(strings.Trim(fields[2], `"`))
		}
		name, isBucket := strings.CutSuffix(fields[0], "/")
		if !isBucket {
			continue
		}
		depth := (len(text) - len(strings.TrimLeft(text, " "))) / 4
		if depth > len(stack) {
			tb.Fatalf("doc.go: %q is indented deeper than its parent", text)
		}
		stack = append(stack[:depth], name)
		paths = append(paths, strings.Join(stack, "/"))
	}
	return paths, version
}

var yearPath = regexp.MustCompile(`^editions/\d{4}`)

// doc.go draws every bucket a file can hold, at the version the code
// brings files to: after every kind of write, the file has exactly the
// buckets the drawing names.
func TestBucketTreeDocumented(t *testing.T) {
	ctx := context.Background()
	drawn, version := drawnBuckets(t)
	if version != store.SchemaVersion {
		t.Errorf("doc.go describes schema version %d, the migrations are at %d", version, store.SchemaVersion)
	}

	path := filepath.Join(t.TempDir(), "kartlaggning.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	editor := kartlaggning.WithActor(ctx, kartlaggning.Principal{Email: "p@forbundet.se", Role: kartlaggning.RoleEditor})
	writes := []func() error{
		func() error {
			return db.CreateFirstUser(ctx, kartlaggning.User{Email: "admin@forbundet.se", Role: kartlaggning.RoleAdmin}, []byte("h"))
		},
		func() error { return db.CreateSession(ctx, []byte("s"), "admin@forbundet.se", time.Now()) },
		func() error {
			return db.CreateToken(ctx, kartlaggning.Token{ID: "t", Name: "Import", Role: kartlaggning.RoleEditor}, []byte("t"))
		},
		func() error { _, err := db.Import(editor, exampleYear(t, 2019), false); return err },
		func() error {
			_, err := db.Create(editor, 2019, &kartlaggning.Municipality{ID: "vetlanda", Name: "Vetlanda"})
			return err
		},
		func() error {
			_, err := db.Update(editor, 2019, &kartlaggning.Municipality{ID: "vetlanda", Name: "Vetlanda kommun"}, kartlaggning.AnyVersion)
			return err
		},
		func() error {
			return db.Delete(editor, 2019, kartlaggning.Municipalities, "vetlanda", kartlaggning.AnyVersion)
		},
		func() error {
			return db.SetReviews(editor, 2019, []string{"enter"}, kartlaggning.Review{Status: "sent"})
		},
		func() error {
			_, err := db.SetEditionStatus(editor, 2019, "published", kartlaggning.AnyVersion)
			return err
		},
		func() error {
			_, err := db.SetEditionStatus(editor, 2019, "draft", kartlaggning.AnyVersion)
			return err
		},
		func() error { _, err := db.Import(editor, exampleYear(t, 2019), true); return err },
		func() error {
			_, err := db.CreateEdition(editor, kartlaggning.Edition{Year: 2020, Title: "Kartläggning", Status: "draft"})
			return err
		},
		func() error {
			_, err := db.UpdateEdition(editor, kartlaggning.Edition{Year: 2020, Title: "Ny titel", Status: "draft"}, kartlaggning.AnyVersion)
			return err
		},
		func() error { return db.RevokeToken(ctx, "t") },
		// The enkäter, in 2020 too, which CreateEdition made.
		func() error { _, err := db.CreateSurvey(ctx, 2019, chefSurvey()); return err },
		func() error { _, err := db.CreateSurvey(ctx, 2020, personalSurvey()); return err },
		func() error {
			return db.Invite(ctx, []survey.Invitation{{Year: 2019, Survey: "chef-1", Unit: "enter", Hash: hashOf("t"), Expires: "2019-12-31"}})
		},
		func() error { return db.MarkOpened(ctx, hashOf("t"), time.Now()) },
		func() error { _, err := db.SaveResponse(ctx, chefResponse("enter", survey.Submitted)); return err },
		func() error {
			_, err := db.SaveProposals(ctx, 2019, "chef-1-enter", []survey.Proposal{{Op: survey.OpAddForum}})
			return err
		},
		func() error {
			return db.DecideProposal(ctx, 2019, "p-1", survey.Rejected, "p@forbundet.se", time.Now())
		},
		func() error { return db.Reopen(ctx, 2019, "chef-1-enter") },
		func() error { _, err := db.Import(editor, exampleYear(t, 2019), true); return err },
		func() error { return db.DeleteSurvey(ctx, 2020, "personal-1") },
	}
	for i, w := range writes {
		if err := w(); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	paths, err := store.FileBucketPaths(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paths {
		got = append(got, yearPath.ReplaceAllString(p, "editions/2019"))
	}
	slices.Sort(got)
	got = slices.Compact(got)
	want := slices.Clone(drawn)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the file's buckets and doc.go's drawing differ:\n%s", diffLines(got, want))
	}
}
