package survey

import (
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Where a unit is with a questionnaire, from nothing to an answer; Draft
// and Submitted are the response statuses.
const (
	NotSent = "not-sent" // no invitation
	Sent    = "sent"     // invited, the link never opened
	Opened  = "opened"   // the link opened, nothing saved
)

// ProgressStatuses are the statuses of the dashboard in order, with
// their Swedish labels.
var ProgressStatuses = []kartlaggning.Option{{Value: NotSent, Label: "Ej skickad"}, {Value: Sent, Label: "Skickad"},
	{Value: Opened, Label: "Öppnad"}, {Value: Draft, Label: "Påbörjad"}, {Value: Submitted, Label: "Inskickad"}}

// UnitProgress is one unit's row of the response dashboard.
type UnitProgress struct {
	Unit         string `json:"unit"`
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	// Status is the furthest any answer of the unit has come: submitted
	// when one answer is in (for the personal, at least one).
	Status string `json:"status"`
	// The invitation, if any: its last day, and whether it no longer
	// works because it expired or was revoked.
	Expires string    `json:"expires,omitempty"`
	Expired bool      `json:"expired,omitempty"`
	Revoked bool      `json:"revoked,omitempty"`
	Opened  time.Time `json:"opened,omitzero"`
	Sent    time.Time `json:"sent,omitzero"`
	// Drafts and Submitted count the unit's answers (a chef's is one;
	// the personal's many).
	Drafts    int `json:"drafts"`
	Submitted int `json:"submitted"`
	// Updated is when an answer of the unit was last saved.
	Updated time.Time `json:"updated,omitzero"`
	// Remind is true for a unit invited by a link that still works and
	// with no answer submitted.
	Remind bool `json:"remind,omitempty"`
}

// Rollup counts the units of an organisation or a municipality (or of
// the whole edition) by status; a unit serving several municipalities
// counts in each.
type Rollup struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	Units   int    `json:"units"`
	Invited int    `json:"invited"`
	// By status: exactly one of these counts each unit.
	NotSent   int `json:"not_sent"`
	Sent      int `json:"sent"`
	Opened    int `json:"opened"`
	Drafts    int `json:"drafts"`
	Submitted int `json:"submitted"`
	// Answers counts the submitted answers (the personal's many).
	Answers int `json:"answers"`
	// Rate is the share of invited units with an answer submitted, 0–1.
	Rate float64 `json:"rate"`
}

func (r *Rollup) count(u UnitProgress) {
	r.Units++
	switch u.Status {
	case NotSent:
		r.NotSent++
	case Sent:
		r.Sent++
	case Opened:
		r.Opened++
	case Draft:
		r.Drafts++
	case Submitted:
		r.Submitted++
	}
	if u.Status != NotSent {
		r.Invited++
	}
	r.Answers += u.Submitted
}

func (r *Rollup) finish() {
	if r.Invited > 0 {
		r.Rate = float64(r.Submitted) / float64(r.Invited)
	}
}

// Dashboard is the response dashboard of one questionnaire.
type Dashboard struct {
	Units          []UnitProgress `json:"units"`
	Organisations  []Rollup       `json:"organisations"`
	Municipalities []Rollup       `json:"municipalities"`
	Total          Rollup         `json:"total"`
	// Remind lists the units to remind, in the edition's order.
	Remind []string `json:"remind"`
}

// Progress builds the dashboard of one questionnaire from its
// invitations and answers: a row per unit of the edition, in the
// edition's order, and the roll-ups per organisation and municipality
// with the response rate. Invitations and answers of units the edition
// does not have are left out.
func Progress(x *kartlaggning.Index, invs []Invitation, rs []Response, now time.Time) Dashboard {
	inv := make(map[string]Invitation, len(invs))
	for _, i := range invs {
		if prev, ok := inv[i.Unit]; !ok || i.Created.After(prev.Created) {
			inv[i.Unit] = i
		}
	}
	type counts struct {
		drafts, submitted int
		updated           time.Time
	}
	answers := map[string]*counts{}
	for _, r := range rs {
		c := answers[r.Unit]
		if c == nil {
			c = &counts{}
			answers[r.Unit] = c
		}
		switch r.Status {
		case Draft:
			c.drafts++
		case Submitted:
			c.submitted++
		}
		if r.Updated.After(c.updated) {
			c.updated = r.Updated
		}
	}

	d := Dashboard{Units: make([]UnitProgress, 0, len(x.Doc.Units)), Remind: []string{}}
	orgs := map[string]*Rollup{}
	munis := map[string]*Rollup{}
	for i := range x.Doc.Units {
		u := &x.Doc.Units[i]
		p := UnitProgress{Unit: u.ID, Name: u.Name, Organisation: u.Organisation, Status: NotSent}
		invited := false
		if in, ok := inv[u.ID]; ok {
			invited = true
			p.Status = Sent
			p.Expires, p.Revoked, p.Opened, p.Sent = in.Expires, in.Revoked, in.Opened, in.Sent
			p.Expired = !in.Revoked && !Usable(in, now)
			if !in.Opened.IsZero() {
				p.Status = Opened
			}
		}
		if c := answers[u.ID]; c != nil {
			p.Drafts, p.Submitted, p.Updated = c.drafts, c.submitted, c.updated
			switch {
			case c.submitted > 0:
				p.Status = Submitted
			case c.drafts > 0:
				p.Status = Draft
			}
		}
		if invited {
			p.Remind = Usable(inv[u.ID], now) && p.Status != Submitted
		}
		if p.Remind {
			d.Remind = append(d.Remind, u.ID)
		}
		d.Units = append(d.Units, p)

		d.Total.count(p)
		if orgs[u.Organisation] == nil {
			orgs[u.Organisation] = &Rollup{ID: u.Organisation,
				Name: x.Name(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation})}
		}
		orgs[u.Organisation].count(p)
		for _, m := range x.UnitMunicipalities(u) {
			if munis[m] == nil {
				munis[m] = &Rollup{ID: m, Name: x.Name(kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: m})}
			}
			munis[m].count(p)
		}
	}
	d.Total.finish()
	for _, o := range x.Doc.Organisations {
		if r := orgs[o.ID]; r != nil {
			r.finish()
			d.Organisations = append(d.Organisations, *r)
		}
	}
	for _, m := range x.Doc.Municipalities {
		if r := munis[m.ID]; r != nil {
			r.finish()
			d.Municipalities = append(d.Municipalities, *r)
		}
	}
	return d
}
