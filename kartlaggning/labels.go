package kartlaggning

import "strings"

// Option is one allowed value of an enumerated field with its Swedish label.
type Option struct {
	Value string
	Label string
}

// The enumerations of the data model, in the spec's order, with the words
// a Swedish reader expects.
var (
	OrganisationKinds = []Option{{"kommun", "Kommun"}, {"region", "Region"}, {"myndighet", "Myndighet"},
		{"samordningsforbund", "Samordningsförbund"}, {"kommunalt-bolag", "Kommunalt bolag"},
		{"ideell", "Ideell organisation"}, {"naringsliv", "Näringsliv"}, {"annan", "Annan"}}
	ForumKinds = []Option{{"natverk", "Nätverk"}, {"styrgrupp", "Styrgrupp"}, {"ledningsgrupp", "Ledningsgrupp"},
		{"beredningsgrupp", "Beredningsgrupp"}, {"arbetsgrupp", "Arbetsgrupp"}, {"referensgrupp", "Referensgrupp"},
		{"arendeforum", "Ärendeforum"}, {"arena", "ARENA-grupp"}, {"strategimote", "Strategimöte"}, {"rad", "Råd"},
		{"samverkansdag", "Samverkansdag"}, {"projekt", "Projekt"}, {"kontakt", "Kontakter i enskilda ärenden"},
		{"annan", "Annan"}}
	Levels          = []Option{{"strategisk", "Strategisk"}, {"operativ", "Operativ"}, {"individ", "Individ"}}
	Scopes          = []Option{{"kommun", "En kommun"}, {"flera-kommuner", "Flera kommuner"}, {"forbund", "Förbundet"}, {"lan", "Länet"}, {"nationell", "Nationell"}}
	Roles           = []Option{{"ordforande", "Ordförande"}, {"sammankallande", "Sammankallande"}, {"ledamot", "Ledamot"}, {"adjungerad", "Adjungerad"}, {"ersattare", "Ersättare"}}
	Statuses        = []Option{{"active", "Aktivt"}, {"planned", "Planerat"}, {"ended", "Avslutat"}}
	EditionStatuses = []Option{{"draft", "Utkast"}, {"published", "Publicerad"}}
	ReviewStatuses  = []Option{{"not-sent", "Ej skickad"}, {"sent", "Skickad för påseende"}, {"confirmed", "Bekräftad"}, {"changes-requested", "Ändringar begärda"}}
)

// FrequencyChoice is a common way a kartläggning says how often a forum
// meets, with the meetings per year it means; Known is false for "vid
// behov", which has no number.
type FrequencyChoice struct {
	Text     string
	Min, Max int
	Known    bool
}

// FrequencyChoices are the frequencies the forum form offers, so that the
// usual ones are picked rather than typed twice (as text and as numbers).
var FrequencyChoices = []FrequencyChoice{
	{"1 gång per vecka", 52, 52, true}, {"varannan vecka", 26, 26, true}, {"1 gång per månad", 12, 12, true},
	{"var 6:e vecka", 8, 9, true}, {"1 gång per kvartal", 4, 4, true}, {"2 gånger per år", 2, 2, true},
	{"1 gång per år", 1, 1, true}, {"vid behov", 0, 0, false},
}

// LevelPhrase names a level in running text: "strategisk nivå",
// "operativ nivå", but "individnivå", one word as Swedish writes it.
func LevelPhrase(level string) string {
	if level == "individ" {
		return "individnivå"
	}
	return strings.ToLower(OptionLabel(Levels, level)) + " nivå"
}

// OptionLabel returns the label of value among options, or value itself.
func OptionLabel(options []Option, value string) string {
	for _, o := range options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}
