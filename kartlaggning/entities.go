// Package kartlaggning is the domain of the service: the entities of a
// kartläggning of samverkansarenor, their validation and the analysis that
// needs no I/O. It imports only the standard library and the validator.
//
// The JSON tags are the interchange format kartlaggning/v1
// (data-model.md beside this file); field order follows the spec so that exports read
// like the spec's examples.
package kartlaggning

// Edition is one annual kartläggning of one samordningsförbund.
type Edition struct {
	Year       int    `json:"year" validate:"min=2000,max=2100"`
	Title      string `json:"title" validate:"required,max=500"`
	Federation string `json:"federation,omitempty" validate:"max=500"`
	Period     string `json:"period,omitempty" validate:"max=200"`
	Author     string `json:"author,omitempty" validate:"max=200"`
	Status     string `json:"status" validate:"required,oneof=draft published"`
	Background string `json:"background,omitempty" validate:"max=100000"`
	Purpose    string `json:"purpose,omitempty" validate:"max=100000"`
	Method     string `json:"method,omitempty" validate:"max=100000"`
	Reflection string `json:"reflection,omitempty" validate:"max=100000"`
	Closing    string `json:"closing,omitempty" validate:"max=100000"`
}

// Municipality is a kommun the förbund covers or that a forum's scope names.
type Municipality struct {
	ID   string `json:"id" validate:"required,slug"`
	Name string `json:"name" validate:"required,max=300"`
	Code string `json:"code,omitempty" validate:"omitempty,kommunkod"`
}

// Organisation is a huvudman or another actor.
type Organisation struct {
	ID           string `json:"id" validate:"required,slug"`
	Name         string `json:"name" validate:"required,max=300"`
	Short        string `json:"short,omitempty" validate:"max=30"`
	Kind         string `json:"kind" validate:"required,oneof=kommun region myndighet samordningsforbund kommunalt-bolag ideell naringsliv annan"`
	Municipality string `json:"municipality,omitempty" validate:"omitempty,slug"`
	Party        bool   `json:"party"`
}

// Unit is an enhet or verksamhet inside an organisation: the row the
// kartläggning is written per.
type Unit struct {
	ID               string   `json:"id" validate:"required,slug"`
	Organisation     string   `json:"organisation" validate:"required,slug"`
	Name             string   `json:"name" validate:"required,max=300"`
	Parent           string   `json:"parent,omitempty" validate:"omitempty,slug"`
	Description      string   `json:"description,omitempty" validate:"max=100000"`
	Municipalities   []string `json:"municipalities,omitempty" validate:"dive,required,slug"`
	TargetGroups     []string `json:"target_groups,omitempty" validate:"dive,required,max=300"`
	WorksWell        string   `json:"works_well,omitempty" validate:"max=100000"`
	NeedsDevelopment string   `json:"needs_development,omitempty" validate:"max=100000"`
	Wishes           []Wish   `json:"wishes,omitempty" validate:"dive"`
	Review           *Review  `json:"review,omitempty"`
}

// Wish is a collaboration a unit asks for and does not have.
type Wish struct {
	Organisation string `json:"organisation,omitempty" validate:"omitempty,slug"`
	Unit         string `json:"unit,omitempty" validate:"omitempty,slug"`
	Forum        string `json:"forum,omitempty" validate:"omitempty,slug"`
	Text         string `json:"text" validate:"required,max=10000"`
}

// Review is the state of a unit's påseende.
type Review struct {
	Status  string `json:"status" validate:"required,oneof=not-sent sent confirmed changes-requested"`
	Comment string `json:"comment,omitempty" validate:"max=10000"`
	At      string `json:"at,omitempty" validate:"omitempty,datetime=2006-01-02T15:04:05Z07:00"`
}

// Forum is a samverkansarena: a network, styrgrupp, working group, ARENA
// group, or a unit's case-by-case contacts (kind kontakt).
type Forum struct {
	ID             string     `json:"id" validate:"required,slug"`
	Name           string     `json:"name" validate:"required,max=300"`
	Kind           string     `json:"kind" validate:"required,oneof=natverk styrgrupp ledningsgrupp beredningsgrupp arbetsgrupp referensgrupp arendeforum arena strategimote rad samverkansdag projekt kontakt annan"`
	Level          string     `json:"level" validate:"required,oneof=strategisk operativ individ"`
	Formal         bool       `json:"formal"`
	Frequency      *Frequency `json:"frequency,omitempty"`
	Held           *int       `json:"held,omitempty" validate:"omitempty,min=0,max=1000"`
	Convener       *Convener  `json:"convener,omitempty"`
	Scope          string     `json:"scope,omitempty" validate:"omitempty,oneof=kommun flera-kommuner forbund lan nationell"`
	Municipalities []string   `json:"municipalities,omitempty" validate:"dive,required,slug"`
	TargetGroups   []string   `json:"target_groups,omitempty" validate:"dive,required,max=300"`
	Purpose        string     `json:"purpose,omitempty" validate:"max=100000"`
	Parent         string     `json:"parent,omitempty" validate:"omitempty,slug"`
	Agreement      string     `json:"agreement,omitempty" validate:"max=300"`
	Status         string     `json:"status,omitempty" validate:"omitempty,oneof=active planned ended"`
	Members        []Member   `json:"members" validate:"dive"`
}

// Frequency is meetings per year; Min and Max are nil when unknown, Text
// keeps the source's wording ("var 6:e vecka").
type Frequency struct {
	Min  *int   `json:"min,omitempty" validate:"omitempty,min=0,max=1000"`
	Max  *int   `json:"max,omitempty" validate:"omitempty,min=0,max=1000"`
	Text string `json:"text,omitempty" validate:"max=300"`
}

// Convener names who calls the forum's meetings.
type Convener struct {
	Organisation string `json:"organisation,omitempty" validate:"omitempty,slug"`
	Unit         string `json:"unit,omitempty" validate:"omitempty,slug"`
}

// Member is one seat in a forum: a unit, or an organisation when only that
// is known.
type Member struct {
	Unit           string `json:"unit,omitempty" validate:"omitempty,slug"`
	Organisation   string `json:"organisation,omitempty" validate:"omitempty,slug"`
	Role           string `json:"role,omitempty" validate:"omitempty,oneof=ordforande sammankallande ledamot adjungerad ersattare"`
	Representative string `json:"representative,omitempty" validate:"max=300"`
	Note           string `json:"note,omitempty" validate:"max=10000"`
}

// Ref returns the member's target: the unit if set, else the organisation.
func (m Member) Ref() Ref {
	if m.Unit != "" {
		return Ref{Kind: Units, ID: m.Unit}
	}
	return Ref{Kind: Organisations, ID: m.Organisation}
}
