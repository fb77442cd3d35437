// Package survey is the kartläggning's own method inside the service: the
// questionnaires (enkäter) an editor sends to a unit's chef and personal,
// the invitations that let them answer without an account, their answers,
// and the proposals compiled from the answers into the edition.
//
// It is domain: types, rules and compilation, no I/O. It imports the
// domain package kartlaggning and the standard library only. The store
// implements Store; the views use it.
package survey

import (
	"context"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Kinds of questionnaire: bilaga 1 (chefer) and bilaga 2 (personal) of the
// hand-made kartläggning.
const (
	Chef     = "chef"
	Personal = "personal"
)

// Survey is one questionnaire of an edition. Its standard questions are
// fixed by Kind (see Standard); the editor may switch them off, add free
// text questions and edit the introduction (the information sheet).
type Survey struct {
	ID     string `json:"id"`
	Year   int    `json:"year"`
	Kind   string `json:"kind" validate:"required,oneof=chef personal"`
	Title  string `json:"title" validate:"required,max=300"`
	Intro  string `json:"intro,omitempty" validate:"max=20000"`
	Closes string `json:"closes" validate:"required,datetime=2006-01-02"`
	// Off lists the ids of standard questions the editor switched off.
	Off []string `json:"off,omitempty" validate:"max=50,dive,required,max=50"`
	// Questions are the editor's own free-text questions, in order.
	Questions []Question `json:"questions,omitempty" validate:"max=50,dive"`
	// Ratings asks, per party organisation the respondent meets, for the
	// samverkansnivå and how valuable and trusted the collaboration is.
	Ratings bool `json:"ratings"`
	// Scale names the four steps of samverkansnivå; empty means
	// DefaultScale.
	Scale   []string  `json:"scale,omitempty" validate:"omitempty,len=4,dive,required,max=100"`
	Created time.Time `json:"created"`
}

// Question is a free-text question the editor added.
type Question struct {
	ID   string `json:"id" validate:"required,slug"`
	Text string `json:"text" validate:"required,max=1000"`
	Help string `json:"help,omitempty" validate:"max=2000"`
}

// DefaultScale is samverkansnivå's four steps, lowest first.
var DefaultScale = []string{"Känner till varandra", "Utbyter information", "Samordnar insatser", "Arbetar integrerat"}

// Invitation lets the chef or the personal of one unit answer one survey
// without an account. The secret token is shown once, when the
// invitation is made; the store keeps only its hash.
type Invitation struct {
	Year   int    `json:"year"`
	Survey string `json:"survey"`
	Unit   string `json:"unit"`
	// Hash is the hex SHA-256 of the token: the store's key.
	Hash    string    `json:"-"`
	Expires string    `json:"expires"` // last day the link works, 2006-01-02
	Created time.Time `json:"created"`
	Revoked bool      `json:"revoked,omitempty"`
	// Opened is when the link was first opened; zero if never.
	Opened time.Time `json:"opened,omitempty"`
	// Sent is when the service last mailed the link (or a reminder).
	Sent time.Time `json:"sent,omitempty"`
	// Email is where the invitation is mailed, if the editor gave one.
	Email string `json:"email,omitempty" validate:"omitempty,email,max=300"`
}

// Response statuses.
const (
	Draft     = "draft"
	Submitted = "submitted"
)

// Response is one respondent's answer to a survey: the chef's (one per
// unit) or one of the personal's (many per unit, anonymous).
type Response struct {
	// ID is made by the store for a chef answer; for a personal answer
	// it is the hex SHA-256 of the respondent's own draft key, so that
	// only the respondent can come back to the draft.
	ID        string    `json:"id"`
	Year      int       `json:"year"`
	Survey    string    `json:"survey"`
	Unit      string    `json:"unit"`
	Status    string    `json:"status" validate:"required,oneof=draft submitted"`
	Answer    Answer    `json:"answer"`
	Started   time.Time `json:"started"`
	Updated   time.Time `json:"updated"`
	Submitted time.Time `json:"submitted,omitempty"`
}

// Answer holds every question's answer; the fields a kind does not ask
// stay empty. Field names follow the edition's vocabulary so that
// compiling the chef's answer into the edition is a field-by-field
// comparison.
type Answer struct {
	// Chefsenkät.
	Description      string        `json:"description,omitempty" validate:"max=20000"` // uppdrag
	TargetGroups     []string      `json:"target_groups,omitempty" validate:"max=50,dive,required,max=300"`
	Forums           []ForumAnswer `json:"forums,omitempty" validate:"max=200,dive"`
	WorksWell        string        `json:"works_well,omitempty" validate:"max=20000"`
	NeedsDevelopment string        `json:"needs_development,omitempty" validate:"max=20000"`
	Wishes           []WishAnswer  `json:"wishes,omitempty" validate:"max=50,dive"`

	// Personalenkät.
	Collaborations []Collaboration `json:"collaborations,omitempty" validate:"max=100,dive"`
	Obstacles      string          `json:"obstacles,omitempty" validate:"max=20000"`
	Ideas          string          `json:"ideas,omitempty" validate:"max=20000"`

	// Both, when the survey asks for ratings.
	Ratings []Rating `json:"ratings,omitempty" validate:"max=100,dive"`

	// Custom answers the editor's own questions: question id → text.
	Custom map[string]string `json:"custom,omitempty" validate:"max=50,dive,keys,required,max=50,endkeys,max=20000"`
}

// ForumAnswer is one forum the chef says the unit takes part in: an
// existing forum of the edition (Forum set) or one named in free text.
type ForumAnswer struct {
	Forum     string                  `json:"forum,omitempty" validate:"omitempty,slug"`
	Name      string                  `json:"name,omitempty" validate:"max=300"`
	Kind      string                  `json:"kind,omitempty" validate:"omitempty,oneof=natverk styrgrupp ledningsgrupp beredningsgrupp arbetsgrupp referensgrupp arendeforum arena strategimote rad samverkansdag projekt kontakt annan"`
	Level     string                  `json:"level,omitempty" validate:"omitempty,oneof=strategisk operativ individ"`
	Frequency *kartlaggning.Frequency `json:"frequency,omitempty"`
	// Convener is the organisation that calls the meetings.
	Convener string `json:"convener,omitempty" validate:"omitempty,slug"`
	// Parties are the other organisations that sit in the forum.
	Parties []string `json:"parties,omitempty" validate:"max=50,dive,required,slug"`
	Role    string   `json:"role,omitempty" validate:"omitempty,oneof=ordforande sammankallande ledamot adjungerad ersattare"`
	Note    string   `json:"note,omitempty" validate:"max=2000"`
	// Still answers "Stämmer detta fortfarande?" for a forum carried
	// over from last year's answer: "ja", "nej" (the unit has left it),
	// or empty when not asked.
	Still string `json:"still,omitempty" validate:"omitempty,oneof=ja nej"`
}

// WishAnswer is a party or unit the unit wants to meet and does not.
type WishAnswer struct {
	Organisation string `json:"organisation,omitempty" validate:"omitempty,slug"`
	Unit         string `json:"unit,omitempty" validate:"omitempty,slug"`
	Text         string `json:"text" validate:"required,max=2000"`
}

// Forms of collaboration around individual clients (Personalenkät).
var Forms = []string{"sip", "arendeforum", "kontakter", "annat"}

// Collaboration is one party organisation a personal respondent works
// with around individual clients.
type Collaboration struct {
	Organisation string   `json:"organisation" validate:"required,slug"`
	Forms        []string `json:"forms,omitempty" validate:"max=4,dive,oneof=sip arendeforum kontakter annat"`
	// Works is how well it works, 1 (dåligt) to 4 (mycket bra); 0 unanswered.
	Works int    `json:"works,omitempty" validate:"min=0,max=4"`
	Note  string `json:"note,omitempty" validate:"max=2000"`
}

// Rating is the respondent's view of collaborating with one party
// organisation: Level on the survey's scale (1–4), Value and Trust 1–4;
// 0 is unanswered.
type Rating struct {
	Organisation string `json:"organisation" validate:"required,slug"`
	Level        int    `json:"level,omitempty" validate:"min=0,max=4"`
	Value        int    `json:"value,omitempty" validate:"min=0,max=4"`
	Trust        int    `json:"trust,omitempty" validate:"min=0,max=4"`
}

// Proposal operations: what accepting a proposal does to the edition.
const (
	OpAddForum     = "add-forum"      // create a forum named in an answer, the unit a member
	OpAddMember    = "add-member"     // make the unit a member of an existing forum
	OpRemoveMember = "remove-member"  // the unit says it has left the forum ("nej")
	OpSetRole      = "set-role"       // the unit's role in a forum
	OpSetFrequency = "set-frequency"  // a forum's frequency
	OpSetLevel     = "set-level"      // a forum's level
	OpSetKind      = "set-kind"       // a forum's kind
	OpSetUnitField = "set-unit-field" // description, target_groups, works_well, needs_development
	OpAddWish      = "add-wish"       // a wish of the unit
)

// Proposal statuses.
const (
	Open     = "open"
	Accepted = "accepted"
	Rejected = "rejected"
)

// Proposal is one change an answer suggests to the edition. Before is the
// target's value when the proposal was made; accepting compares it with
// the value now and refuses (a conflict) when they differ, so nothing is
// applied blindly.
type Proposal struct {
	ID       string           `json:"id"`
	Year     int              `json:"year"`
	Unit     string           `json:"unit"`
	Response string           `json:"response"`
	Op       string           `json:"op"`
	Target   kartlaggning.Ref `json:"target"`
	Field    string           `json:"field,omitempty"`
	Before   any              `json:"before"`
	After    any              `json:"after"`
	// Match names the existing forum a free-text forum name resembles;
	// the editor may accept it as that forum instead of a new one.
	Match  string    `json:"match,omitempty"`
	Status string    `json:"status"`
	Made   time.Time `json:"made"`
	// Decided and By say when and by whom it was accepted or rejected.
	Decided time.Time `json:"decided,omitempty"`
	By      string    `json:"by,omitempty"`
}

// Store keeps surveys, invitations, answers and proposals, per edition.
// Every method is one transaction; errors are *kartlaggning.Error.
type Store interface {
	// CreateSurvey validates and stores a new survey, giving it an id.
	CreateSurvey(ctx context.Context, year int, s Survey) (Survey, error)
	// Surveys lists an edition's surveys, oldest first.
	Surveys(ctx context.Context, year int) ([]Survey, error)
	// Survey returns one (ENOTFOUND if none).
	Survey(ctx context.Context, year int, id string) (Survey, error)
	// UpdateSurvey replaces a survey's texts and questions.
	UpdateSurvey(ctx context.Context, year int, s Survey) error
	// DeleteSurvey removes a survey and its invitations; ECONFLICT if it
	// has any answer.
	DeleteSurvey(ctx context.Context, year int, id string) error

	// Invite stores invitations, replacing (and so revoking) the unit's
	// earlier invitation to the same survey.
	Invite(ctx context.Context, invs []Invitation) error
	// Invitations lists a survey's invitations, one per unit, newest.
	Invitations(ctx context.Context, year int, survey string) ([]Invitation, error)
	// Revoke revokes a unit's invitation to a survey.
	Revoke(ctx context.Context, year int, survey, unit string) error
	// InvitationByHash finds an invitation by its token's hash
	// (ENOTFOUND if none); the caller checks Revoked and Expires.
	InvitationByHash(ctx context.Context, hash string) (Invitation, error)
	// MarkOpened records the first time an invitation's link was opened.
	MarkOpened(ctx context.Context, hash string, at time.Time) error
	// MarkSent records that an invitation was mailed.
	MarkSent(ctx context.Context, year int, survey, unit string, at time.Time) error

	// SaveResponse validates and stores an answer, draft or submitted.
	// A submitted answer is locked: saving it again is ECONFLICT until
	// the editor reopens it.
	SaveResponse(ctx context.Context, r Response) (Response, error)
	// Response returns one answer (ENOTFOUND if none).
	Response(ctx context.Context, year int, id string) (Response, error)
	// Responses lists a survey's answers; survey "" lists the edition's.
	Responses(ctx context.Context, year int, survey string) ([]Response, error)
	// Reopen turns a submitted answer back into a draft.
	Reopen(ctx context.Context, year int, id string) error

	// SaveProposals stores the proposals compiled from one answer,
	// replacing that answer's open ones.
	SaveProposals(ctx context.Context, year int, response string, ps []Proposal) ([]Proposal, error)
	// Proposals lists an edition's proposals; unit "" lists all.
	Proposals(ctx context.Context, year int, unit string) ([]Proposal, error)
	// DecideProposal sets a proposal's status (Accepted or Rejected).
	DecideProposal(ctx context.Context, year int, id, status, by string, at time.Time) error
}
