package survey_test

import (
	"fmt"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// chefAnswers makes n submitted chef answers for an edition's units in
// turn, as a year of real answers looks: every forum the unit sits in
// picked from the list, some with another role, frequency or level, one
// left; a forum named in free text like an existing one and a new one;
// new texts and wishes.
func chefAnswers(x *kartlaggning.Index, n int) []survey.Response {
	units := x.Doc.Units
	out := make([]survey.Response, 0, n)
	for i := 0; i < n; i++ {
		u := units[i%len(units)]
		var a survey.Answer
		a.Description = fmt.Sprintf("Enhetens uppdrag enligt svaret %d.\nAndra stycket.", i)
		a.TargetGroups = append([]string{"nyanlända"}, u.TargetGroups...)
		a.WorksWell = u.WorksWell
		a.NeedsDevelopment = fmt.Sprintf("Samverkan med parterna behöver utvecklas (%d).", i)
		for j, f := range x.ForumsOf[kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.ID}] {
			fa := survey.ForumAnswer{Forum: f.ID, Still: "ja"}
			switch j % 5 {
			case 1:
				fa.Role = "ordforande"
			case 2:
				fa.Frequency = &kartlaggning.Frequency{Min: ptr(12), Max: ptr(12), Text: "1 gång per månad"}
			case 3:
				fa.Level = "operativ"
			case 4:
				if j == 4 {
					fa.Still = "nej"
				}
			}
			a.Forums = append(a.Forums, fa)
		}
		other := x.Doc.Forums[(i*7)%len(x.Doc.Forums)]
		a.Forums = append(a.Forums,
			survey.ForumAnswer{Name: other.Name + "gruppen", Role: "ledamot"},
			survey.ForumAnswer{Name: fmt.Sprintf("Nytt nätverk för samordnare %d", i), Kind: "natverk",
				Parties: []string{x.Doc.Organisations[i%len(x.Doc.Organisations)].ID}})
		org := x.Doc.Organisations[(i+1)%len(x.Doc.Organisations)]
		a.Wishes = []survey.WishAnswer{{Organisation: org.ID, Text: "Vill träffa " + org.Name + " oftare."},
			{Text: fmt.Sprintf("Ett gemensamt forum för frågor om unga (%d).", i)}}
		out = append(out, survey.Response{ID: fmt.Sprintf("r%04d", i), Year: x.Doc.Edition.Year, Survey: "chef",
			Unit: u.ID, Status: survey.Submitted, Answer: a,
			Submitted: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)})
	}
	return out
}
