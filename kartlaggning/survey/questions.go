package survey

import (
	"fmt"
	"strings"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// StandardQuestion is one question every questionnaire of a kind asks
// unless the editor switches it off. ID is the JSON name of the Answer
// field that holds the answer.
type StandardQuestion struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Help string `json:"help,omitempty"`
}

// Part is one field of a question that asks several things at once (a
// forum: its kind, level, frequency …); Options are the allowed values
// with their Swedish labels, empty for a free text or a pick among the
// edition's forums or organisations.
type Part struct {
	ID      string                `json:"id"`
	Text    string                `json:"text"`
	Help    string                `json:"help,omitempty"`
	Options []kartlaggning.Option `json:"options,omitempty"`
}

// Item is one question of a questionnaire as the respondent sees it, in
// order: the form, the preview and the report's appendices (bilaga 1
// and 2) all print Questions(s).
type Item struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Help string `json:"help,omitempty"`
	// Source is "standard", "ratings" or "custom" (the editor's own).
	Source string `json:"source"`
	Parts  []Part `json:"parts,omitempty"`
}

// Item sources.
const (
	SourceStandard = "standard"
	SourceRatings  = "ratings"
	SourceCustom   = "custom"
)

// The chefsenkät follows the hand-made kartläggning's bilaga 1: the
// unit's uppdrag and target groups, every forum it takes part in, what
// works, what needs development, and whom it wants to meet.
var chefQuestions = []StandardQuestion{
	{"description", "Beskriv kort enhetens uppdrag.",
		"Vad enheten gör, för vem och på vems uppdrag. Några meningar räcker."},
	{"target_groups", "Vilka målgrupper arbetar enheten med?",
		"En målgrupp per rad, till exempel ”nyanlända” eller ”unga som omfattas av KAA”."},
	{"forums", "I vilka samverkansforum deltar enheten?",
		"Ta med alla nätverk, styrgrupper, arbetsgrupper, ARENA-grupper, ärendeforum och regelbundna kontakter där enheten möter andra verksamheter eller parter. Välj forumet i listan om det finns där, annars skriver ni dess namn. Ange för varje forum vilken typ av forum det är, på vilken nivå det arbetar, hur ofta det träffas, vem som sammankallar, vilka andra parter som deltar och enhetens roll."},
	{"works_well", "Vad fungerar bra idag?",
		"Vad i samverkan med andra verksamheter och parter fungerar bra, och varför?"},
	{"needs_development", "Vad behöver utvecklas?",
		"Vad i samverkan fungerar mindre bra eller saknas? Vad skulle göra skillnad för enhetens målgrupper?"},
	{"wishes", "Vilka parter eller enheter vill ni träffa men gör det inte idag?",
		"Välj organisation eller enhet om den finns i listan och beskriv kort vad samverkan skulle gälla."},
}

// The personalenkät follows bilaga 2: samverkan in the work with
// individual clients and the own professional role.
var personalQuestions = []StandardQuestion{
	{"collaborations", "Med vilka parter samverkar du kring enskilda klienter?",
		"Välj de organisationer du samverkar med i ditt arbete med enskilda klienter. Ange för varje part i vilka former ni samverkar och hur väl det fungerar."},
	{"obstacles", "Vad försvårar samverkan kring klienterna?",
		"Till exempel regelverk, sekretess, långa beslutsvägar, olika synsätt eller brist på tid och kontaktvägar."},
	{"ideas", "Har du idéer om hur samverkan kan bli bättre?",
		"Allt från små förändringar i vardagen till nya forum eller arbetssätt."},
}

// Standard returns the standard questions of a kind in order; nil for an
// unknown kind.
func Standard(kind string) []StandardQuestion {
	switch kind {
	case Chef:
		return append([]StandardQuestion(nil), chefQuestions...)
	case Personal:
		return append([]StandardQuestion(nil), personalQuestions...)
	}
	return nil
}

// standardIDs are the ids of every standard question of every kind and
// of the ratings block: the ids an editor's own question may not take.
func standardIDs() map[string]bool {
	ids := map[string]bool{"ratings": true}
	for _, q := range chefQuestions {
		ids[q.ID] = true
	}
	for _, q := range personalQuestions {
		ids[q.ID] = true
	}
	return ids
}

// Scales of the answers 1–4; index 0 is the label of 1.
var (
	WorksLabels = []string{"Dåligt", "Mindre bra", "Bra", "Mycket bra"}
	ValueLabels = []string{"Litet värde", "Visst värde", "Stort värde", "Mycket stort värde"}
	TrustLabels = []string{"Lågt förtroende", "Visst förtroende", "Högt förtroende", "Mycket högt förtroende"}
	// FormLabels name the forms of collaboration (Forms) in Swedish.
	FormLabels = []kartlaggning.Option{{Value: "sip", Label: "SIP (samordnad individuell plan)"},
		{Value: "arendeforum", Label: "Ärendeforum"}, {Value: "kontakter", Label: "Personliga kontakter"},
		{Value: "annat", Label: "Annat"}}
	// StillLabels answer "Stämmer detta fortfarande?".
	StillLabels = []kartlaggning.Option{{Value: "ja", Label: "Ja, enheten deltar fortfarande"},
		{Value: "nej", Label: "Nej, enheten deltar inte längre"}}
)

// ScaleSteps returns the survey's four steps of samverkansnivå.
func (s Survey) ScaleSteps() []string {
	if len(s.Scale) == 4 {
		return s.Scale
	}
	return DefaultScale
}

func numbered(labels []string) []kartlaggning.Option {
	out := make([]kartlaggning.Option, len(labels))
	for i, l := range labels {
		out[i] = kartlaggning.Option{Value: fmt.Sprint(i + 1), Label: fmt.Sprintf("%d – %s", i+1, l)}
	}
	return out
}

func frequencyOptions() []kartlaggning.Option {
	out := make([]kartlaggning.Option, len(kartlaggning.FrequencyChoices))
	for i, c := range kartlaggning.FrequencyChoices {
		out[i] = kartlaggning.Option{Value: c.Text, Label: c.Text}
	}
	return out
}

// parts are the fields of the questions that ask several things.
func parts(id string, s Survey) []Part {
	switch id {
	case "forums":
		return []Part{
			{ID: "forum", Text: "Forum", Help: "Välj forumet i listan, eller skriv dess namn nedan om det inte finns där."},
			{ID: "name", Text: "Forumets namn (om det inte finns i listan)"},
			{ID: "still", Text: "Stämmer detta fortfarande?", Help: "Frågas för forum från förra årets svar.", Options: StillLabels},
			{ID: "kind", Text: "Typ av forum", Options: kartlaggning.ForumKinds},
			{ID: "level", Text: "Nivå", Options: kartlaggning.Levels},
			{ID: "frequency", Text: "Hur ofta träffas forumet?", Options: frequencyOptions()},
			{ID: "convener", Text: "Vem sammankallar?", Help: "Den organisation som kallar till mötena."},
			{ID: "parties", Text: "Vilka andra parter deltar?"},
			{ID: "role", Text: "Enhetens roll i forumet", Options: kartlaggning.Roles},
			{ID: "note", Text: "Övrigt om forumet"},
		}
	case "wishes":
		return []Part{
			{ID: "organisation", Text: "Organisation"},
			{ID: "unit", Text: "Enhet"},
			{ID: "text", Text: "Vad skulle samverkan gälla?"},
		}
	case "collaborations":
		return []Part{
			{ID: "organisation", Text: "Part"},
			{ID: "forms", Text: "I vilka former samverkar ni?", Options: FormLabels},
			{ID: "works", Text: "Hur väl fungerar samverkan?", Options: numbered(WorksLabels)},
			{ID: "note", Text: "Kommentar"},
		}
	case "ratings":
		return []Part{
			{ID: "organisation", Text: "Part"},
			{ID: "level", Text: "Samverkansnivå", Options: numbered(s.ScaleSteps())},
			{ID: "value", Text: "Hur värdefull är samverkan?", Options: numbered(ValueLabels)},
			{ID: "trust", Text: "Hur stort förtroende har du för samverkan?", Options: numbered(TrustLabels)},
		}
	}
	return nil
}

// Questions returns the questionnaire as the respondent sees it: the
// standard questions not switched off, the ratings block when asked for,
// then the editor's own questions.
func Questions(s Survey) []Item {
	off := map[string]bool{}
	for _, id := range s.Off {
		off[id] = true
	}
	var out []Item
	for _, q := range Standard(s.Kind) {
		if !off[q.ID] {
			out = append(out, Item{ID: q.ID, Text: q.Text, Help: q.Help, Source: SourceStandard, Parts: parts(q.ID, s)})
		}
	}
	if s.Ratings {
		out = append(out, Item{ID: "ratings", Source: SourceRatings, Parts: parts("ratings", s),
			Text: "Hur upplever du samverkan med de parter du möter?",
			Help: "För varje part: på vilken nivå ni samverkar, hur värdefull samverkan är och hur stort förtroende du har för den, från 1 (lägst) till 4 (högst). Svaren redovisas bara som medelvärden där minst tre svar ligger bakom."})
	}
	for _, q := range s.Questions {
		out = append(out, Item{ID: q.ID, Text: q.Text, Help: q.Help, Source: SourceCustom})
	}
	return out
}

// New returns a questionnaire of a kind for an edition, with a Swedish
// title and the information sheet as its introduction; the editor edits
// both before sending.
func New(kind string, year int, closes time.Time) Survey {
	s := Survey{Year: year, Kind: kind, Closes: closes.Format(time.DateOnly)}
	switch kind {
	case Chef:
		s.Title = fmt.Sprintf("Chefsenkät %d", year)
	case Personal:
		s.Title = fmt.Sprintf("Personalenkät %d", year)
	default:
		s.Title = fmt.Sprintf("Enkät %d", year)
	}
	s.Intro = Intro(kind, closes)
	return s
}

// Intro is the information sheet (bilaga 3 and 4 of the hand-made
// kartläggning) for a kind of questionnaire.
func Intro(kind string, closes time.Time) string {
	var b strings.Builder
	b.WriteString("Samordningsförbundet kartlägger varje år de samverkansarenor som finns mellan parterna – kommunerna, regionen, Arbetsförmedlingen och Försäkringskassan – och hur samverkan fungerar. Syftet är att få en samlad bild av var och hur verksamheterna möter varandra, så att förbundet och parterna kan se vad som fungerar, vad som saknas och var samverkan kan utvecklas.\n\n")
	switch kind {
	case Personal:
		b.WriteString("Den här enkäten riktar sig till dig som arbetar med enskilda klienter. Den handlar om samverkan i klientarbetet och din egen yrkesroll: vilka parter du samverkar med, i vilka former, hur det fungerar och vad som försvårar.\n\n")
		b.WriteString("Dina svar är anonyma. Vi frågar inte efter ditt namn, och svaren redovisas bara sammanställda per enhet och bara där minst tre svar ligger bakom en siffra. Det du skriver i fritext kan användas i sammanställningen utan att du pekas ut.\n\n")
	default:
		b.WriteString("Den här enkäten riktar sig till dig som är chef. Den handlar om enhetens uppdrag och målgrupper, de forum där enheten samverkar med andra, vad som fungerar bra och vad som behöver utvecklas.\n\n")
		b.WriteString("Svaren sammanställs per enhet av förbundets processutvecklare och blir enhetens avsnitt i kartläggningen. Sammanställningen skickas till dig för påseende innan kartläggningen publiceras, så att du kan rätta det som inte stämmer. Bedömningar av samverkan med andra parter redovisas bara som medelvärden där minst tre svar ligger bakom.\n\n")
	}
	b.WriteString("Du kan spara och fortsätta senare. När du är klar trycker du på ”Skicka in”.\n\n")
	fmt.Fprintf(&b, "Sista dag att svara är %s.", SwedishDate(closes))
	return b.String()
}

var months = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli",
	"augusti", "september", "oktober", "november", "december"}

// SwedishDate writes a date as Swedish text does: "30 november 2026".
func SwedishDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}
