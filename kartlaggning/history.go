package kartlaggning

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"time"
)

// LogEntry is one write in an edition's change log: who, when, what, and
// the entity before and after (as its kartlaggning/v1 JSON).
type LogEntry struct {
	Seq    uint64          `json:"seq"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"` // create, update, delete, import, edition
	Kind   Kind            `json:"kind,omitempty"`
	ID     string          `json:"id,omitempty"`
	Fields []string        `json:"fields,omitempty"` // the top-level fields that changed
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Source says where the write came from when the actor did not type
	// it, e.g. an accepted enkätsvar; empty for a hand edit.
	Source string `json:"source,omitempty"`
}

// HistoryFilter narrows a change log; zero values match everything.
type HistoryFilter struct {
	Kind  Kind
	ID    string
	Actor string
	From  time.Time // inclusive
	To    time.Time // exclusive
	Limit int       // newest first; 0 means 500
}

// History reads change logs.
type History interface {
	// History returns an edition's changes that match f, newest first.
	History(ctx context.Context, year int, f HistoryFilter) ([]LogEntry, error)
}

// ChangedFields lists the top-level fields whose JSON differs between two
// versions of an entity, sorted. A missing side counts as empty.
func ChangedFields(before, after []byte) []string {
	var b, a map[string]json.RawMessage
	_ = json.Unmarshal(before, &b)
	_ = json.Unmarshal(after, &a)
	var out []string
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
