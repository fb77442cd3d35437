package kartlaggning_test

import (
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestAllows(t *testing.T) {
	anon := kartlaggning.Principal{}
	reader := kartlaggning.Principal{Email: "l@x.se", Role: kartlaggning.RoleReader}
	manager := kartlaggning.Principal{Email: "c@x.se", Role: kartlaggning.RoleManager, Units: []string{"enter"}}
	editor := kartlaggning.Principal{Email: "p@x.se", Role: kartlaggning.RoleEditor}
	admin := kartlaggning.Principal{Email: "a@x.se", Role: kartlaggning.RoleAdmin}
	for _, tc := range []struct {
		who  kartlaggning.Principal
		perm kartlaggning.Permission
		unit string
		want bool
	}{
		{anon, kartlaggning.Public, "", true},
		{anon, kartlaggning.Read, "", false},
		{reader, kartlaggning.Read, "", true},
		{reader, kartlaggning.UnitText, "enter", false},
		{manager, kartlaggning.UnitText, "enter", true},
		{manager, kartlaggning.UnitText, "habo-integration", false},
		{manager, kartlaggning.Edit, "", false},
		{editor, kartlaggning.UnitText, "habo-integration", true},
		{editor, kartlaggning.Edit, "", true},
		{editor, kartlaggning.Admin, "", false},
		{admin, kartlaggning.Edit, "", true},
		{admin, kartlaggning.Admin, "", true},
	} {
		if got := tc.who.Allows(tc.perm, tc.unit); got != tc.want {
			t.Errorf("%s (%q) allowed %d on %q: %v, want %v", tc.who.Name(), tc.who.Role, tc.perm, tc.unit, got, tc.want)
		}
	}
}

func TestManagerEditKeepsOtherFields(t *testing.T) {
	stored := &kartlaggning.Unit{ID: "enter", Organisation: "region", Name: "ENTER", WorksWell: "gammalt",
		Review: &kartlaggning.Review{Status: "sent"}}
	edited := &kartlaggning.Unit{ID: "enter", Organisation: "af", Name: "Nytt namn", WorksWell: "nytt",
		NeedsDevelopment: "mer", Wishes: []kartlaggning.Wish{{Text: "önskan"}}}
	got := kartlaggning.ManagerEdit(stored, edited)
	if got.Organisation != "region" || got.Name != "ENTER" || got.Review == nil {
		t.Errorf("a manager changed fields their role does not allow: %+v", got)
	}
	if got.WorksWell != "nytt" || got.NeedsDevelopment != "mer" || len(got.Wishes) != 1 {
		t.Errorf("a manager's own texts were not taken: %+v", got)
	}
}

func TestValidateUser(t *testing.T) {
	err := kartlaggning.ValidateUser(kartlaggning.User{Email: "inte en adress", Role: kartlaggning.RoleManager})
	if msg := fieldMessage(t, err, "units"); msg == "" {
		t.Error("a manager without units")
	}
	if msg := fieldMessage(t, err, "email"); msg != "E-postadress måste vara en giltig e-postadress." {
		t.Errorf("email message %q", msg)
	}
	if err := kartlaggning.ValidateUser(kartlaggning.User{Email: "a@x.se", Role: kartlaggning.RoleAdmin}); err != nil {
		t.Error(err)
	}
}
