package kartlaggning

import (
	"context"
	"encoding/json"
	"fmt"
)

// maxYear is the last year an edition may have (see Edition.Year).
const maxYear = 2100

// NextEdition starts the next year's kartläggning from doc: a deep copy
// with the same ids, so that the two years can be compared, as a draft of
// year+1. What belonged to the old year alone is cleared: every unit's
// review goes back to not sent (the new texts have not been seen), and the
// meetings held, which count the old year's meetings, become unknown.
func NextEdition(doc *Document) (*Document, error) {
	if doc.Edition.Year >= maxYear {
		return nil, &Error{Code: EINVALID, Message: fmt.Sprintf("Det går inte att starta en kartläggning för %d: år kan vara högst %d.", doc.Edition.Year+1, maxYear),
			Fields: []FieldError{{Path: "edition.year", Message: fmt.Sprintf("År får inte vara större än %d.", maxYear)}}}
	}
	// A JSON round trip is the deep copy that cannot miss a pointer or a
	// slice added to the entities later.
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var next Document
	if err := json.Unmarshal(data, &next); err != nil {
		return nil, err
	}
	next.Format = Format
	next.Edition.Year++
	next.Edition.Status = "draft"
	for i := range next.Units {
		if next.Units[i].Review != nil {
			next.Units[i].Review = &Review{Status: "not-sent"}
		}
	}
	for i := range next.Forums {
		next.Forums[i].Held = nil
	}
	return &next, nil
}

// StartNextEdition copies an edition of the store to the next year as a
// draft (see NextEdition) and returns the new year: the yearly cycle's
// one step that the HTML pages and the API share.
func StartNextEdition(ctx context.Context, store Store, year int) (int, Counts, error) {
	if _, _, err := store.Edition(ctx, year+1); err == nil {
		return 0, Counts{}, Errorf(ECONFLICT,
			"Det finns redan en kartläggning för %d. Ta bort den först om du vill starta om den från %d.", year+1, year)
	} else if ErrorCode(err) != ENOTFOUND {
		return 0, Counts{}, err
	}
	doc, err := store.Export(ctx, year)
	if err != nil {
		return 0, Counts{}, err
	}
	next, err := NextEdition(doc)
	if err != nil {
		return 0, Counts{}, err
	}
	// Import refuses the year if someone else started it meanwhile.
	counts, err := store.Import(ctx, next, false)
	return next.Edition.Year, counts, err
}
