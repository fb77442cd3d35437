package kartlaggning

import "slices"

// Matrix is the partner matrix: for each two parties, the forums where
// they meet and how often those forums meet.
type Matrix struct {
	Year int `json:"year"`
	// Parties are the organisations with party: true, in document order.
	Parties []MatrixParty `json:"parties"`
	// Cells[i][j] is what parties i and j share; it is symmetric. Off the
	// diagonal: the forums where a member of one meets a member of the
	// other (as an organisation-level member or through one of its units,
	// by the meeting rule: a kontakt forum is a star around its convener).
	// On the diagonal: the forums the party takes part in at all.
	Cells [][]MatrixCell `json:"cells"`
}

// MatrixParty names a row and column of the matrix.
type MatrixParty struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Short string `json:"short,omitempty"`
}

// MatrixCell is the number of shared forums and their meetings per year,
// summed as in MeetingLoad.
type MatrixCell struct {
	Forums          int         `json:"forums"`
	MeetingsPerYear MeetingLoad `json:"meetings_per_year"`
}

// Matrix builds the partner matrix of the edition.
func (x *Index) Matrix() *Matrix {
	m := &Matrix{Year: x.Doc.Edition.Year, Parties: []MatrixParty{}}
	index := map[string]int{}
	for _, o := range x.Doc.Organisations {
		if o.Party {
			index[o.ID] = len(m.Parties)
			m.Parties = append(m.Parties, MatrixParty{ID: o.ID, Name: o.Name, Short: o.Short})
		}
	}
	n := len(m.Parties)
	m.Cells = make([][]MatrixCell, n)
	for i := range m.Cells {
		m.Cells[i] = make([]MatrixCell, n)
	}
	partyOf := func(r Ref) (int, bool) {
		i, ok := index[x.OrganisationOf(r)]
		return i, ok
	}
	var pairs [][2]int
	var present []int
	seen := map[[2]int]bool{}
	for fi := range x.Doc.Forums {
		f := &x.Doc.Forums[fi]
		pairs, present = pairs[:0], present[:0]
		clear(seen)
		for _, s := range f.seats() {
			if i, ok := partyOf(s); ok && !slices.Contains(present, i) {
				present = append(present, i)
			}
		}
		for _, p := range f.Pairs() {
			i, okA := partyOf(p.A)
			j, okB := partyOf(p.B)
			if !okA || !okB || i == j {
				continue
			}
			if j < i {
				i, j = j, i
			}
			if p := [2]int{i, j}; !seen[p] {
				seen[p] = true
				pairs = append(pairs, p)
			}
		}
		for _, i := range present {
			m.Cells[i][i].add(f)
		}
		for _, p := range pairs {
			m.Cells[p[0]][p[1]].add(f)
			m.Cells[p[1]][p[0]].add(f)
		}
	}
	return m
}

func (c *MatrixCell) add(f *Forum) {
	c.Forums++
	min, max, known := f.MeetingsPerYear()
	if !known {
		c.MeetingsPerYear.Unknown++
		return
	}
	c.MeetingsPerYear.Min += min
	c.MeetingsPerYear.Max += max
}
