package survey

import (
	"fmt"
	"strings"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// OpLabels name the proposal operations in Swedish, for lists and filters.
var OpLabels = []kartlaggning.Option{
	{Value: OpAddForum, Label: "Nytt forum"}, {Value: OpAddMember, Label: "Ny deltagare"},
	{Value: OpRemoveMember, Label: "Lämnar forum"}, {Value: OpSetRole, Label: "Ändrad roll"},
	{Value: OpSetFrequency, Label: "Ändrad mötesfrekvens"}, {Value: OpSetLevel, Label: "Ändrad nivå"},
	{Value: OpSetKind, Label: "Ändrad typ av forum"}, {Value: OpSetUnitField, Label: "Ändrad text om enheten"},
	{Value: OpAddWish, Label: "Önskad samverkan"},
}

// StatusLabels name the proposal statuses and states in Swedish.
var StatusLabels = []kartlaggning.Option{
	{Value: Open, Label: "Öppet"}, {Value: Accepted, Label: "Godtaget"}, {Value: Rejected, Label: "Avböjt"},
	{Value: StateApplicable, Label: "Kan genomföras"}, {Value: StateApplied, Label: "Redan infört"},
	{Value: StateConflict, Label: "Konflikt: ändrat sedan svaret"},
}

// Describe says in one Swedish sentence what accepting p does, with the
// edition's names: the proposals page's line and the change log's
// message.
func Describe(p Proposal, x *kartlaggning.Index) string {
	unit := x.Name(kartlaggning.Ref{Kind: kartlaggning.Units, ID: p.Unit})
	forum := func() string { return x.Name(p.Target) }
	str := func(v any) string { s, _ := as[string](v); return s }
	switch p.Op {
	case OpAddForum:
		f, err := as[kartlaggning.Forum](p.After)
		if err != nil {
			break
		}
		s := fmt.Sprintf("Nytt forum ”%s” (%s, %s) med %s som deltagare.", f.Name,
			strings.ToLower(kartlaggning.OptionLabel(kartlaggning.ForumKinds, f.Kind)), kartlaggning.LevelPhrase(f.Level), unit)
		if p.Match != "" {
			s += fmt.Sprintf(" Liknar det befintliga forumet ”%s”.", x.Name(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: p.Match}))
		}
		return s
	case OpAddMember:
		m, _ := as[kartlaggning.Member](p.After)
		if m.Role != "" {
			return fmt.Sprintf("%s deltar i ”%s” som %s.", unit, forum(), strings.ToLower(kartlaggning.OptionLabel(kartlaggning.Roles, m.Role)))
		}
		return fmt.Sprintf("%s deltar i ”%s”.", unit, forum())
	case OpRemoveMember:
		return fmt.Sprintf("%s deltar inte längre i ”%s”.", unit, forum())
	case OpSetRole:
		return fmt.Sprintf("Enhetens roll i ”%s”: %s → %s.", forum(), roleText(str(p.Before)), roleText(str(p.After)))
	case OpSetLevel:
		return fmt.Sprintf("Nivå för ”%s”: %s → %s.", forum(), kartlaggning.LevelPhrase(str(p.Before)), kartlaggning.LevelPhrase(str(p.After)))
	case OpSetKind:
		return fmt.Sprintf("Typ av forum för ”%s”: %s → %s.", forum(),
			kartlaggning.OptionLabel(kartlaggning.ForumKinds, str(p.Before)), kartlaggning.OptionLabel(kartlaggning.ForumKinds, str(p.After)))
	case OpSetFrequency:
		b, _ := as[*kartlaggning.Frequency](p.Before)
		a, _ := as[*kartlaggning.Frequency](p.After)
		return fmt.Sprintf("Mötesfrekvens för ”%s”: %s → %s.", forum(), FrequencyText(b), FrequencyText(a))
	case OpSetUnitField:
		if p.Field == "target_groups" {
			b, _ := as[[]string](p.Before)
			a, _ := as[[]string](p.After)
			return fmt.Sprintf("Målgrupper för %s: %s → %s.", unit, listText(b), listText(a))
		}
		return fmt.Sprintf("Ny text under ”%s” för %s.", kartlaggning.Label(p.Field), unit)
	case OpAddWish:
		w, _ := as[kartlaggning.Wish](p.After)
		switch {
		case w.Unit != "":
			return fmt.Sprintf("%s önskar samverkan med %s: ”%s”", unit, x.Name(kartlaggning.Ref{Kind: kartlaggning.Units, ID: w.Unit}), w.Text)
		case w.Organisation != "":
			return fmt.Sprintf("%s önskar samverkan med %s: ”%s”", unit, x.Name(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: w.Organisation}), w.Text)
		}
		return fmt.Sprintf("%s önskar samverkan: ”%s”", unit, w.Text)
	}
	return fmt.Sprintf("%s: %s.", kartlaggning.OptionLabel(OpLabels, p.Op), x.Name(p.Target))
}

func roleText(r string) string {
	if r == "" {
		return "ingen roll angiven"
	}
	return strings.ToLower(kartlaggning.OptionLabel(kartlaggning.Roles, r))
}

func listText(l []string) string {
	if len(l) == 0 {
		return "inga angivna"
	}
	return strings.Join(l, ", ")
}

// FrequencyText writes a frequency as the edition shows it: its wording,
// or else the meetings per year; "okänd" when it says nothing.
func FrequencyText(f *kartlaggning.Frequency) string {
	if f == nil {
		return "okänd"
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		return t
	}
	min, max, ok := (&kartlaggning.Forum{Frequency: f}).MeetingsPerYear()
	switch {
	case !ok:
		return "okänd"
	case min == max && min == 1:
		return "1 gång per år"
	case min == max:
		return fmt.Sprintf("%d gånger per år", min)
	}
	return fmt.Sprintf("%d–%d gånger per år", min, max)
}

// ValidateInvitation checks an invitation before it is stored: a last
// day that is a real date, not before the day it is made (in
// Stockholm), and an e-mail address if one is given.
func ValidateInvitation(inv Invitation, now time.Time) error {
	fields := kartlaggning.Check(&inv, "")
	last, err := time.ParseInLocation(time.DateOnly, inv.Expires, Stockholm)
	today := now.In(Stockholm).Format(time.DateOnly)
	switch {
	case err != nil:
		fields = append(fields, kartlaggning.FieldError{Path: "expires", Message: "Sista giltighetsdag ska vara ett datum, t.ex. 2019-03-31."})
	case inv.Expires < today:
		fields = append(fields, kartlaggning.FieldError{Path: "expires",
			Message: fmt.Sprintf("Sista giltighetsdag (%s) har redan passerat.", SwedishDate(last))})
	}
	if inv.Unit == "" {
		fields = append(fields, kartlaggning.FieldError{Path: "unit", Message: "Enhet måste anges."})
	}
	return kartlaggning.Invalid(fields)
}
