package views

import (
	"cmp"
	"slices"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// unitOverlap is one of a unit's forums with the forums that have
// largely the same members: "Här möter ni redan samma parter i …".
type unitOverlap struct {
	Forum  link
	Others []link // each noted with how alike they are
}

// unitOverlaps finds the overlaps (at the default threshold) among the
// forums a unit sits in: places where it meets largely the same members
// twice. An overlap with a forum the unit is not in belongs on the
// overlaps page, not here: "ni" would not meet anyone there. Each pair is
// shown once, under the forum that comes first.
func unitOverlaps(d *edition, seats []string) []unitOverlap {
	var forums []*kartlaggning.Forum
	for _, id := range seats {
		if f := d.forum(id); f != nil {
			forums = append(forums, f)
		}
	}
	order := d.sortIDs(kartlaggning.Forums, seats)
	type alike struct {
		link    link
		jaccard float64
	}
	byForum := map[string][]alike{}
	for _, o := range kartlaggning.FindOverlaps(forums, defaultOverlapMin) {
		own, other := o.A, o.B
		if slices.Index(order, o.B) < slices.Index(order, o.A) {
			own, other = o.B, o.A
		}
		l := d.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: other}).note(swedishPercent(o.Jaccard) + " samma deltagare")
		byForum[own] = append(byForum[own], alike{l, o.Jaccard})
	}
	var out []unitOverlap
	for _, id := range order {
		others := byForum[id]
		if len(others) == 0 {
			continue
		}
		// The most alike first, then by name.
		slices.SortStableFunc(others, func(a, b alike) int {
			if a.jaccard != b.jaccard {
				return cmp.Compare(b.jaccard, a.jaccard)
			}
			return compareSwedish(a.link.Label, b.link.Label)
		})
		uo := unitOverlap{Forum: d.link(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id})}
		for _, a := range others {
			uo.Others = append(uo.Others, a.link)
		}
		out = append(out, uo)
	}
	return out
}
