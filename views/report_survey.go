package views

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// The enkäter in the report, as the hand-made kartläggning has them: the
// questionnaires as appendices (bilaga 1 chefsenkät, bilaga 2
// personalenkät), the response rate in the method chapter, and how the
// parties experience their samverkan where the enkäter asked for ratings
// (only averages that at least survey.MinAnswers answers stand behind).

type reportSurveys struct {
	Rates      []string // "Chefsenkäten skickades till 28 enheter; 20 svarade (71 %)."
	Appendices []reportQuestionnaire
	Ratings    *reportRatings
}

type reportQuestionnaire struct {
	Number string // "Bilaga 1"
	Anchor string
	Title  string
	Intro  template.HTML
	Text   string // the intro as typed, for the Word document
	Items  []survey.Item
	Scale  []string // the samverkansnivå's steps, when the enkät asks for ratings
}

type reportRatings struct {
	Cols []string // the rated organisations' names
	Rows []reportRatingsRow
	MinN int
}

type reportRatingsRow struct {
	Name  string
	Cells []string // "2,8 (n = 5)", "–" where fewer answered
}

// reportSurveyData reads the edition's enkäter, nil without any.
func (s *Server) reportSurveyData(ctx context.Context, l *lookup) (*reportSurveys, error) {
	if s.Surveys == nil {
		return nil, nil
	}
	list, err := s.Surveys.Surveys(ctx, l.year)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	// The chefsenkät first, as bilaga 1.
	slices.SortStableFunc(list, func(a, b survey.Survey) int { return kindRank(a.Kind) - kindRank(b.Kind) })
	out := &reportSurveys{}
	var rated []survey.Response
	for i, sv := range list {
		invs, err := s.Surveys.Invitations(ctx, l.year, sv.ID)
		if err != nil {
			return nil, err
		}
		rs, err := s.Surveys.Responses(ctx, l.year, sv.ID)
		if err != nil {
			return nil, err
		}
		if t := survey.Progress(l.x, invs, rs, s.now()).Total; t.Invited > 0 {
			out.Rates = append(out.Rates, fmt.Sprintf("%s skickades till %s; %s svarade (%d %%).", definite(sv),
				plural(t.Invited, "enhet", "enheter"), swedishNumber(t.Submitted), int(math.Round(100*t.Rate))))
		}
		q := reportQuestionnaire{Number: fmt.Sprintf("Bilaga %d", i+1), Anchor: "bilaga-" + sv.ID, Title: sv.Title,
			Intro: markdown(sv.Intro), Text: sv.Intro, Items: survey.Questions(sv)}
		if sv.Ratings {
			q.Scale = sv.Scale
			if len(q.Scale) == 0 {
				q.Scale = survey.DefaultScale
			}
			rated = append(rated, rs...)
		}
		out.Appendices = append(out.Appendices, q)
	}
	if len(rated) > 0 {
		out.Ratings = ratingsTable(l, survey.RatingMatrix(rated, func(unit string) string {
			if u := l.x.Units[unit]; u != nil {
				return u.Organisation
			}
			return ""
		}, survey.MinAnswers))
	}
	return out, nil
}

// reportSurveyVariant names the state of the edition's enkäter that the
// report prints — the enkäter, their invitations and answers, and the day
// (a link expires with it) — as a hash; "" without enkäter. Reading them
// takes milliseconds where building the report takes seconds.
func (s *Server) reportSurveyVariant(ctx context.Context, l *lookup) (string, error) {
	if s.Surveys == nil {
		return "", nil
	}
	list, err := s.Surveys.Surveys(ctx, l.year)
	if err != nil || len(list) == 0 {
		return "", err
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(s.now().Format(time.DateOnly)); err != nil {
		return "", err
	}
	for _, sv := range list {
		invs, err := s.Surveys.Invitations(ctx, l.year, sv.ID)
		if err != nil {
			return "", err
		}
		rs, err := s.Surveys.Responses(ctx, l.year, sv.ID)
		if err != nil {
			return "", err
		}
		for _, v := range []any{sv, invs, rs} {
			if err := enc.Encode(v); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func kindRank(kind string) int {
	if kind == survey.Chef {
		return 0
	}
	return 1
}

// definite is the enkät's name as a sentence's subject: "Chefsenkäten".
func definite(sv survey.Survey) string {
	switch sv.Kind {
	case survey.Chef:
		return "Chefsenkäten"
	case survey.Personal:
		return "Personalenkäten"
	}
	return "Enkäten ”" + sv.Title + "”"
}

// ratingsTable is the matrix of samverkansnivå averages, nil when no
// cell has enough answers behind it.
func ratingsTable(l *lookup, m survey.Matrix) *reportRatings {
	name := func(id string) string {
		if o := l.x.Organisations[id]; o != nil {
			return o.Name
		}
		return id
	}
	t := &reportRatings{MinN: m.MinN}
	for _, c := range m.Cols {
		t.Cols = append(t.Cols, name(c))
	}
	shown := 0
	for _, r := range m.Rows {
		row := reportRatingsRow{Name: name(r)}
		for _, c := range m.Cols {
			cell, ok := m.Cell(r, c)
			if !ok || cell.Level == nil || cell.N < m.MinN {
				row.Cells = append(row.Cells, "–")
				continue
			}
			shown++
			row.Cells = append(row.Cells, strings.Replace(fmt.Sprintf("%.1f (n = %d)", *cell.Level, cell.N), ".", ",", 1))
		}
		t.Rows = append(t.Rows, row)
	}
	if shown == 0 {
		return nil
	}
	return t
}
