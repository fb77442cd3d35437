package kartlaggning

// ForumCoverage is which of the förbund's parties take part in a forum:
// the four-party samverkan the förbund exists for (Försäkringskassan,
// Arbetsförmedlingen, the Region and the kommuner).
type ForumCoverage struct {
	Forum string `json:"forum"`
	// Present are the parties with a seat in the forum, directly or
	// through one of their units; Missing the expected ones without a
	// seat. Both in document order.
	Present []string `json:"present"`
	Missing []string `json:"missing"`
}

// Coverage returns the party coverage of every forum in document order,
// or of a municipality's forums (MunicipalityForums); ENOTFOUND if there
// is no such municipality.
//
// A forum is expected to have every party that is not a kommun, and of
// the party kommuner those whose municipality the forum names, or all of
// them when it names none (a förbund-wide forum). A party kommun present
// outside its forum's municipalities is still listed as present: it sits
// there, expected or not.
func (x *Index) Coverage(municipality string) ([]ForumCoverage, error) {
	var mine map[string]bool
	if municipality != "" {
		var err error
		if mine, err = x.MunicipalityForums(municipality); err != nil {
			return nil, err
		}
	}
	var parties []*Organisation
	party := map[string]int{}      // organisation id → position in parties
	kommuner := map[string][]int{} // municipality → its party kommuner
	for i := range x.Doc.Organisations {
		if o := &x.Doc.Organisations[i]; o.Party {
			party[o.ID] = len(parties)
			if o.Kind == "kommun" {
				kommuner[o.Municipality] = append(kommuner[o.Municipality], len(parties))
			}
			parties = append(parties, o)
		}
	}
	out := []ForumCoverage{}
	present := make([]bool, len(parties))
	named := make([]bool, len(parties)) // kommuner of the forum's municipalities
	for fi := range x.Doc.Forums {
		f := &x.Doc.Forums[fi]
		if mine != nil && !mine[f.ID] {
			continue
		}
		clear(present)
		clear(named)
		for _, m := range f.Municipalities {
			for _, i := range kommuner[m] {
				named[i] = true
			}
		}
		for _, m := range f.Members {
			if i, ok := party[x.OrganisationOf(m.Ref())]; ok {
				present[i] = true
			}
		}
		c := ForumCoverage{Forum: f.ID, Present: []string{}, Missing: []string{}}
		for i, p := range parties {
			switch {
			case present[i]:
				c.Present = append(c.Present, p.ID)
			case p.Kind != "kommun" || len(f.Municipalities) == 0 || named[i]:
				c.Missing = append(c.Missing, p.ID)
			}
		}
		out = append(out, c)
	}
	return out, nil
}
