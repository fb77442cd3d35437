package survey

import (
	"slices"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Carry starts next year's answer from last year's, so that the chef
// confirms rather than writes again ("Stämmer detta fortfarande?"):
// the forums that still exist are kept with Still empty, to be
// confirmed; a forum last year named in free text that the edition now
// has (by MatchForum) becomes that forum; the texts, target groups and
// wishes are kept. What refers to a forum, organisation or unit the
// edition no longer has is dropped, and so are forums the unit said it
// had left, the ratings (they are this year's view) and the answers to
// the editor's own questions (next year's questionnaire has its own).
func Carry(prev Answer, x *kartlaggning.Index) Answer {
	org := func(id string) bool { return id != "" && x.Organisations[id] != nil }
	out := Answer{
		Description:      prev.Description,
		TargetGroups:     slices.Clone(prev.TargetGroups),
		WorksWell:        prev.WorksWell,
		NeedsDevelopment: prev.NeedsDevelopment,
		Obstacles:        prev.Obstacles,
		Ideas:            prev.Ideas,
	}
	var m *matcher
	seen := map[string]bool{}
	for _, fa := range prev.Forums {
		if fa.Still == "nej" {
			continue
		}
		fa.Still = ""
		if fa.Forum != "" && x.Forums[fa.Forum] == nil {
			fa.Forum = "" // gone: what is left is the name, if the chef wrote one
		}
		if fa.Forum == "" {
			if fa.Name == "" {
				continue
			}
			if m == nil {
				m = matcherOf(x)
			}
			if id, _ := m.match(fa.Name); id != "" {
				fa.Forum, fa.Name = id, ""
			}
		}
		if fa.Forum != "" {
			if seen[fa.Forum] {
				continue
			}
			seen[fa.Forum] = true
		}
		if !org(fa.Convener) {
			fa.Convener = ""
		}
		fa.Parties = slices.DeleteFunc(slices.Clone(fa.Parties), func(p string) bool { return !org(p) })
		if len(fa.Parties) == 0 {
			fa.Parties = nil
		}
		fa.Frequency = cloneFrequency(fa.Frequency)
		out.Forums = append(out.Forums, fa)
	}
	for _, w := range prev.Wishes {
		if w.Organisation != "" && !org(w.Organisation) {
			w.Organisation = ""
		}
		if w.Unit != "" && x.Units[w.Unit] == nil {
			w.Unit = ""
		}
		out.Wishes = append(out.Wishes, w)
	}
	for _, c := range prev.Collaborations {
		if org(c.Organisation) {
			c.Forms = slices.Clone(c.Forms)
			out.Collaborations = append(out.Collaborations, c)
		}
	}
	return out
}
