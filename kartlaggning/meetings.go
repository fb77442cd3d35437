package kartlaggning

import "slices"

// seats returns the forum's distinct members, in document order.
func (f *Forum) seats() []Ref {
	out := make([]Ref, 0, len(f.Members))
	var seen map[Ref]bool // only for big forums; small ones scan
	if len(f.Members) > 16 {
		seen = make(map[Ref]bool, len(f.Members))
	}
	for _, m := range f.Members {
		r := m.Ref()
		if r.ID == "" {
			continue
		}
		if seen != nil {
			if seen[r] {
				continue
			}
			seen[r] = true
		} else if slices.Contains(out, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// MetBy returns the members that r meets in the forum, by the rule of
// Pairs and Meets: everyone meets everyone, except in a kontakt forum,
// where the convener meets each member and the members only the
// convener. It is empty when r is not a member.
func (f *Forum) MetBy(r Ref) []Ref {
	seats := f.seats()
	member := false
	for _, s := range seats {
		member = member || s == r
	}
	if !member {
		return nil
	}
	var out []Ref
	if f.Kind == "kontakt" {
		if f.Convener == nil || f.Convener.Unit == "" {
			return nil
		}
		hub := Ref{Units, f.Convener.Unit}
		for _, s := range seats {
			if s != r && (r == hub || s == hub) {
				out = append(out, s)
			}
		}
		return out
	}
	for _, s := range seats {
		if s != r {
			out = append(out, s)
		}
	}
	return out
}

// meetingLoad sums the frequencies of forums: min and max of those whose
// frequency is known, and how many are not known.
type meetingLoad struct{ min, max, unknown int }

func (l *meetingLoad) add(f *Forum) {
	min, max, known := f.MeetingsPerYear()
	if !known {
		l.unknown++
		return
	}
	l.min += min
	l.max += max
}

// forumsOf returns the forums r sits in, each once: a member listed twice
// in a forum (two representatives) is still one seat.
func (x *Index) forumsOf(r Ref) []*Forum {
	all := x.ForumsOf[r]
	for i := 1; i < len(all); i++ {
		if all[i] == all[i-1] {
			out := make([]*Forum, 0, len(all))
			for j, f := range all {
				if j == 0 || f != all[j-1] {
					out = append(out, f)
				}
			}
			return out
		}
	}
	return all
}
