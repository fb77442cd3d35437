package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

var _ survey.Store = (*DB)(nil)

// The enkäter of an edition live under one bucket of the edition's, so
// that they go with it: DeleteEdition removes them, a replacing Import
// carries the whole tree over in one move (see carrySurveys). The index
// of invitation hashes is top-level because a respondent's link carries
// the token only, not the year. doc.go draws the tree.
var (
	surveysBucket       = []byte("surveys")
	svSurveysBucket     = []byte("surveys")      // id → record of survey.Survey; its sequence numbers the ids
	svInvitationsBucket = []byte("invitations")  // survey\x00unit → invitationRecord
	svResponsesBucket   = []byte("responses")    // id → record of survey.Response
	svResponseIdxBucket = []byte("response_idx") // survey\x00unit\x00id → empty
	svProposalsBucket   = []byte("proposals")    // id → record of survey.Proposal
	svProposalIdxBucket = []byte("proposal_idx") // response\x00id → empty
	invitationHashes    = []byte("invitation_hashes")
)

// surveyChildren are the buckets inside an edition's surveys bucket.
var surveyChildren = [][]byte{svSurveysBucket, svInvitationsBucket, svResponsesBucket,
	svResponseIdxBucket, svProposalsBucket, svProposalIdxBucket}

// Bounds on what one call may store. A response's are the contract's:
// the domain's per-field limits allow more in total than one answer
// should hold, so the store caps the whole record.
const (
	maxResponseBytes     = 256 << 10
	maxProposalsPerSave  = 2000
	maxInvitationsPerRun = 5000
	maxProposalIDLen     = 128
)

// createSurveyBuckets makes an edition's surveys bucket and its children.
func createSurveyBuckets(yb *bolt.Bucket) error {
	sb, err := yb.CreateBucketIfNotExists(surveysBucket)
	if err != nil {
		return err
	}
	for _, name := range surveyChildren {
		if _, err := sb.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// createSurveyBucketsAll (migration 4) gives every edition its surveys
// buckets and the file the index of invitation hashes.
func createSurveyBucketsAll(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(invitationHashes); err != nil {
		return err
	}
	editions, err := needBucket(tx, editionsBucket)
	if err != nil {
		return err
	}
	return editions.ForEachBucket(func(year []byte) error {
		if err := createSurveyBuckets(editions.Bucket(year)); err != nil {
			return fmt.Errorf("edition %s: %w", year, err)
		}
		return nil
	})
}

// surveyTree returns one child bucket of the edition's surveys bucket;
// ENOTFOUND if the edition does not exist.
//
// Survey writes go around writeYear on purpose: answers and invitations
// are not the edition's content, so they neither bump its revision (200
// respondents saving would otherwise throw away every cached map and
// page of the edition) nor stop at the publish lock (a respondent's
// answer is not refused because the editor published). What an answer
// changes in the edition goes through the ordinary writes when the
// editor accepts a proposal, and those do both.
func surveyTree(tx *bolt.Tx, year int, child []byte) (*bolt.Bucket, error) {
	yb, err := yearBucket(tx, year)
	if err != nil {
		return nil, err
	}
	return needBucket(yb, surveysBucket, child)
}

// carrySurveys moves the surveys tree of an edition that a replacing
// Import is about to delete out of its way, into meta (which has no
// child of that name), and returns a function that moves it into the new
// edition bucket, replacing the empty one createYearBucket made. Moving
// is a change of two parent pages, whatever the tree holds.
func carrySurveys(tx *bolt.Tx, old *bolt.Bucket) (func(yb *bolt.Bucket) error, error) {
	if old.Bucket(surveysBucket) == nil {
		return func(*bolt.Bucket) error { return nil }, nil
	}
	meta := tx.Bucket(metaBucket)
	if err := tx.MoveBucket(surveysBucket, old, meta); err != nil {
		return nil, err
	}
	return func(yb *bolt.Bucket) error {
		if err := yb.DeleteBucket(surveysBucket); err != nil {
			return err
		}
		return tx.MoveBucket(surveysBucket, meta, yb)
	}, nil
}

// dropInvitationHashes removes the index entries of an edition's
// invitations, before the edition itself goes.
func dropInvitationHashes(tx *bolt.Tx, yb *bolt.Bucket) error {
	invs := getBucket(yb, surveysBucket, svInvitationsBucket)
	if invs == nil {
		return nil
	}
	idx, err := needBucket(tx, invitationHashes)
	if err != nil {
		return err
	}
	var hashes [][]byte
	err = invs.ForEach(func(_, raw []byte) error {
		rec, err := decodeInvitation(raw)
		if err != nil {
			return err
		}
		hashes = append(hashes, []byte(rec.Hash))
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range hashes {
		if err := idx.Delete(h); err != nil {
			return err
		}
	}
	return nil
}

// ---- Surveys ----

func surveyNotFound(id string, year int) error {
	return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen enkät med id %q i %d.", id, year)
}

// checkSurvey runs the domain's rules over a survey.
func checkSurvey(s survey.Survey) error { return survey.ValidateSurvey(s) }

// CreateSurvey validates and stores a new survey; its id is its kind and
// a number that is never used again in the edition ("chef-1",
// "personal-2").
func (db *DB) CreateSurvey(ctx context.Context, year int, s survey.Survey) (survey.Survey, error) {
	if err := ctx.Err(); err != nil {
		return survey.Survey{}, err
	}
	s.Year = year
	if err := checkSurvey(s); err != nil {
		return survey.Survey{}, err
	}
	if s.Created.IsZero() {
		s.Created = db.now()
	}
	err := db.update(func(tx *bolt.Tx) error {
		b, err := surveyTree(tx, year, svSurveysBucket)
		if err != nil {
			return err
		}
		n, err := b.NextSequence()
		if err != nil {
			return err
		}
		s.ID = s.Kind + "-" + strconv.FormatUint(n, 10)
		return putJSON(b, []byte(s.ID), 1, n, s)
	})
	if err != nil {
		return survey.Survey{}, err
	}
	return s, nil
}

// Surveys lists an edition's surveys, oldest first.
func (db *DB) Surveys(ctx context.Context, year int) ([]survey.Survey, error) {
	return listMade(ctx, db, year, svSurveysBucket, func(survey.Survey) bool { return true })
}

// listMade decodes the records of one of an edition's enkät buckets that
// keep passes, in the order they were made (by their sequence numbers:
// the keys are ids, whose order says nothing).
func listMade[T any](ctx context.Context, db *DB, year int, bucket []byte, keep func(T) bool) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type item struct {
		seq uint64
		v   T
	}
	var items []item
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b, err := surveyTree(tx, year, bucket)
		if err != nil {
			return err
		}
		return b.ForEach(func(_, raw []byte) error {
			var v T
			rec, err := decodeInto(raw, &v)
			if err == nil && keep(v) {
				items = append(items, item{rec.Seq, v})
			}
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]T, len(items))
	for i, it := range items {
		out[i] = it.v
	}
	return out, nil
}

// Survey returns one survey.
func (db *DB) Survey(ctx context.Context, year int, id string) (survey.Survey, error) {
	return viewOne(ctx, db, year, id, getSurvey)
}

func getSurvey(tx *bolt.Tx, year int, id string) (survey.Survey, record, error) {
	return getOne[survey.Survey](tx, year, svSurveysBucket, id, surveyNotFound)
}

// viewOne reads one record of an edition's enkäter with get, in a read
// transaction of its own.
func viewOne[T any](ctx context.Context, db *DB, year int, id string, get func(*bolt.Tx, int, string) (T, record, error)) (T, error) {
	var v T
	if err := ctx.Err(); err != nil {
		return v, err
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		v, _, err = get(tx, year, id)
		return err
	})
	return v, err
}

// getOne decodes the record id of one of an edition's enkät buckets
// (surveys, responses), or answers notFound.
func getOne[T any](tx *bolt.Tx, year int, bucket []byte, id string, notFound func(id string, year int) error) (T, record, error) {
	var v T
	b, err := surveyTree(tx, year, bucket)
	if err != nil {
		return v, record{}, err
	}
	raw := b.Get([]byte(id))
	if raw == nil {
		return v, record{}, notFound(id, year)
	}
	rec, err := decodeInto(raw, &v)
	return v, rec, err
}

// UpdateSurvey replaces a survey's texts and questions. Its kind stays:
// the id names it, and answers already given follow it.
func (db *DB) UpdateSurvey(ctx context.Context, year int, s survey.Survey) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.Year = year
	if err := checkSurvey(s); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		old, rec, err := getSurvey(tx, year, s.ID)
		if err != nil {
			return err
		}
		if s.Kind != old.Kind {
			msg := "Enkätens typ kan inte ändras; skapa en ny enkät i stället."
			return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: msg,
				Fields: []kartlaggning.FieldError{{Path: "kind", Message: msg}}}
		}
		s.Created = old.Created
		b := getBucket(tx, editionsBucket, yearKey(year), surveysBucket, svSurveysBucket)
		return putJSON(b, []byte(s.ID), rec.V+1, rec.Seq, s)
	})
}

// DeleteSurvey removes a survey with its invitations (and their links);
// a survey that has an answer stays, since the answer refers to it.
func (db *DB) DeleteSurvey(ctx context.Context, year int, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if _, _, err := getSurvey(tx, year, id); err != nil {
			return err
		}
		sb := getBucket(tx, editionsBucket, yearKey(year), surveysBucket)
		prefix := append([]byte(id), 0)
		if k, _ := sb.Bucket(svResponseIdxBucket).Cursor().Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) {
			return kartlaggning.Errorf(kartlaggning.ECONFLICT,
				"Enkäten %q har svar och kan inte tas bort.", id)
		}
		invs := sb.Bucket(svInvitationsBucket)
		idx, err := needBucket(tx, invitationHashes)
		if err != nil {
			return err
		}
		var keys, hashes [][]byte
		c := invs.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			rec, err := decodeInvitation(v)
			if err != nil {
				return err
			}
			keys = append(keys, bytes.Clone(k))
			hashes = append(hashes, []byte(rec.Hash))
		}
		for i := range keys {
			if err := invs.Delete(keys[i]); err != nil {
				return err
			}
			if err := idx.Delete(hashes[i]); err != nil {
				return err
			}
		}
		return sb.Bucket(svSurveysBucket).Delete([]byte(id))
	})
}

// ---- Invitations ----

// invitationRecord is an invitation as stored: the hash is not part of
// the domain's JSON (it must never reach a client), so it sits beside.
type invitationRecord struct {
	Hash string          `json:"hash"`
	Data json.RawMessage `json:"data"`
}

func decodeInvitation(raw []byte) (invitationRecord, error) {
	var r invitationRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("store: bad invitation record: %w", err)
	}
	return r, nil
}

func (r invitationRecord) invitation() (survey.Invitation, error) {
	var inv survey.Invitation
	if err := json.Unmarshal(r.Data, &inv); err != nil {
		return inv, fmt.Errorf("store: bad invitation record: %w", err)
	}
	inv.Hash = r.Hash
	return inv, nil
}

func encodeInvitation(inv survey.Invitation) ([]byte, error) {
	data, err := json.Marshal(inv)
	if err != nil {
		return nil, err
	}
	return json.Marshal(invitationRecord{Hash: inv.Hash, Data: data})
}

func invitationKey(surveyID, unit string) []byte {
	return append(append([]byte(surveyID), 0), unit...)
}

// hashTarget is the index's value: where the invitation lives.
func hashTarget(year int, surveyID, unit string) []byte {
	return append(append(yearKey(year), 0), invitationKey(surveyID, unit)...)
}

func parseHashTarget(v []byte) (year int, surveyID, unit string, err error) {
	parts := bytes.Split(v, []byte{0})
	if len(parts) != 3 {
		return 0, "", "", fmt.Errorf("store: bad invitation hash entry %q", v)
	}
	year, err = strconv.Atoi(string(parts[0]))
	return year, string(parts[1]), string(parts[2]), err
}

// isHexHash reports whether s is a hex SHA-256 as the contract makes
// them: 64 lowercase hex digits.
func isHexHash(s string) bool {
	if len(s) != 64 || strings.ToLower(s) != s {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func checkInvitation(inv survey.Invitation, prefix string) []kartlaggning.FieldError {
	fields := kartlaggning.Check(&inv, prefix)
	if _, err := time.Parse(time.DateOnly, inv.Expires); err != nil {
		fields = append(fields, kartlaggning.FieldError{Path: prefix + "expires",
			Message: "Sista dag för länken måste vara ett datum (åååå-mm-dd)."})
	}
	if !isHexHash(inv.Hash) {
		fields = append(fields, kartlaggning.FieldError{Path: prefix + "hash",
			Message: "Länkens kontrollsumma måste vara 64 hexadecimala tecken (SHA-256)."})
	}
	return fields
}

// Invite stores invitations in one transaction, all or none. A unit's
// earlier invitation to the same survey is replaced and its hash leaves
// the index, so the old link stops working at once.
func (db *DB) Invite(ctx context.Context, invs []survey.Invitation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(invs) > maxInvitationsPerRun {
		return kartlaggning.Errorf(kartlaggning.ETOOLARGE,
			"Högst %d inbjudningar kan skapas på en gång (du skickade %d).", maxInvitationsPerRun, len(invs))
	}
	var fields []kartlaggning.FieldError
	for i, inv := range invs {
		fields = append(fields, checkInvitation(inv, fmt.Sprintf("[%d].", i))...)
	}
	if err := kartlaggning.Invalid(fields); err != nil {
		return err
	}
	now := db.now()
	return db.update(func(tx *bolt.Tx) error {
		idx, err := needBucket(tx, invitationHashes)
		if err != nil {
			return err
		}
		for _, inv := range invs {
			if _, _, err := getSurvey(tx, inv.Year, inv.Survey); err != nil {
				return err
			}
			yb, _ := yearBucket(tx, inv.Year)
			if err := needUnit(yb, inv.Year, inv.Unit); err != nil {
				return err
			}
			b := getBucket(yb, surveysBucket, svInvitationsBucket)
			key := invitationKey(inv.Survey, inv.Unit)
			target := hashTarget(inv.Year, inv.Survey, inv.Unit)
			if v := idx.Get([]byte(inv.Hash)); v != nil && !bytes.Equal(v, target) {
				return kartlaggning.Errorf(kartlaggning.ECONFLICT, "Länken finns redan för en annan inbjudan; skapa en ny länk.")
			}
			if raw := b.Get(key); raw != nil {
				old, err := decodeInvitation(raw)
				if err != nil {
					return err
				}
				if old.Hash != inv.Hash {
					if err := idx.Delete([]byte(old.Hash)); err != nil {
						return err
					}
				}
			}
			// A new link has not been opened, sent or revoked.
			inv.Revoked, inv.Opened, inv.Sent = false, time.Time{}, time.Time{}
			if inv.Created.IsZero() {
				inv.Created = now
			}
			raw, err := encodeInvitation(inv)
			if err != nil {
				return err
			}
			if err := b.Put(key, raw); err != nil {
				return err
			}
			if err := idx.Put([]byte(inv.Hash), target); err != nil {
				return err
			}
		}
		return nil
	})
}

func needUnit(yb *bolt.Bucket, year int, unit string) error {
	b, err := kindBucket(yb, kartlaggning.Units)
	if err != nil {
		return err
	}
	if unit == "" || b.Get([]byte(unit)) == nil {
		return notFound(kartlaggning.Units, unit, year)
	}
	return nil
}

// Invitations lists a survey's invitations, one per unit, in the order
// of the units' ids.
func (db *DB) Invitations(ctx context.Context, year int, surveyID string) ([]survey.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []survey.Invitation{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if _, _, err := getSurvey(tx, year, surveyID); err != nil {
			return err
		}
		c := getBucket(tx, editionsBucket, yearKey(year), surveysBucket, svInvitationsBucket).Cursor()
		prefix := append([]byte(surveyID), 0)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			rec, err := decodeInvitation(v)
			if err != nil {
				return err
			}
			inv, err := rec.invitation()
			if err != nil {
				return err
			}
			out = append(out, inv)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// changeInvitation reads a unit's invitation to a survey, lets fn change
// it and stores it again.
func changeInvitation(tx *bolt.Tx, year int, surveyID, unit string, fn func(*survey.Invitation) error) error {
	b, err := surveyTree(tx, year, svInvitationsBucket)
	if err != nil {
		return err
	}
	key := invitationKey(surveyID, unit)
	raw := b.Get(key)
	if raw == nil {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND,
			"Enheten %q har ingen inbjudan till enkäten %q i %d.", unit, surveyID, year)
	}
	rec, err := decodeInvitation(raw)
	if err != nil {
		return err
	}
	inv, err := rec.invitation()
	if err != nil {
		return err
	}
	if err := fn(&inv); err != nil {
		return err
	}
	raw, err = encodeInvitation(inv)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// Revoke revokes a unit's invitation to a survey. The hash stays in the
// index so that the link is known but refused like an expired one.
func (db *DB) Revoke(ctx context.Context, year int, surveyID, unit string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return changeInvitation(tx, year, surveyID, unit, func(inv *survey.Invitation) error {
			inv.Revoked = true
			return nil
		})
	})
}

var errNoInvitation = kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Länken finns inte.")

// InvitationByHash finds an invitation by its token's hash: one lookup
// in the index and one in the edition.
func (db *DB) InvitationByHash(ctx context.Context, hash string) (survey.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return survey.Invitation{}, err
	}
	var inv survey.Invitation
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		inv, err = invitationByHash(tx, hash)
		return err
	})
	return inv, err
}

func invitationByHash(tx *bolt.Tx, hash string) (survey.Invitation, error) {
	idx, err := needBucket(tx, invitationHashes)
	if err != nil {
		return survey.Invitation{}, err
	}
	v := idx.Get([]byte(hash))
	if v == nil {
		return survey.Invitation{}, errNoInvitation
	}
	year, surveyID, unit, err := parseHashTarget(v)
	if err != nil {
		return survey.Invitation{}, err
	}
	raw := getBucket(tx, editionsBucket, yearKey(year), surveysBucket, svInvitationsBucket).Get(invitationKey(surveyID, unit))
	if raw == nil {
		return survey.Invitation{}, fmt.Errorf("store: invitation hash points at %d/%s/%s, which is missing", year, surveyID, unit)
	}
	rec, err := decodeInvitation(raw)
	if err != nil {
		return survey.Invitation{}, err
	}
	return rec.invitation()
}

// MarkOpened records the first time an invitation's link was opened.
// Every later opening finds the time set in a read transaction and
// writes nothing, so a respondent reloading the form does not queue for
// the writer's lock.
func (db *DB) MarkOpened(ctx context.Context, hash string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	inv, err := db.InvitationByHash(ctx, hash)
	if err != nil || !inv.Opened.IsZero() {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		inv, err := invitationByHash(tx, hash)
		if err != nil {
			return err
		}
		return changeInvitation(tx, inv.Year, inv.Survey, inv.Unit, func(inv *survey.Invitation) error {
			if inv.Opened.IsZero() {
				inv.Opened = at
			}
			return nil
		})
	})
}

// MarkSent records that an invitation was mailed.
func (db *DB) MarkSent(ctx context.Context, year int, surveyID, unit string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return changeInvitation(tx, year, surveyID, unit, func(inv *survey.Invitation) error {
			inv.Sent = at
			return nil
		})
	})
}

// ---- shared record helpers ----

// putJSON stores v as a record.
func putJSON(b *bolt.Bucket, key []byte, v int64, seq uint64, x any) error {
	data, err := json.Marshal(x)
	if err != nil {
		return err
	}
	return b.Put(key, encodeRecord(v, seq, data))
}

// decodeInto decodes a record and its data into x in one pass (a
// listing of 300 answers spent half its time parsing each one twice);
// x holds copies, so it outlives the transaction. The record it returns
// has no Data.
func decodeInto(raw []byte, x any) (record, error) {
	rec := struct {
		V    int64  `json:"v"`
		Seq  uint64 `json:"seq"`
		Data any    `json:"data"`
	}{Data: x}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return record{}, fmt.Errorf("store: bad %T record: %w", x, err)
	}
	return record{V: rec.V, Seq: rec.Seq}, nil
}

// ---- Responses ----

func responseNotFound(id string, year int) error {
	return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns inget svar med id %q i %d.", id, year)
}

// chefResponseID is the id of a unit's one chef answer to a survey. It is
// made from the two, so a second answer for the unit finds the first
// without an index; survey ids are "<kind>-<n>" and unit ids slugs, so it
// names one pair only, and it cannot be a personal answer's 64 hex digits.
func chefResponseID(surveyID, unit string) string { return surveyID + "-" + unit }

func responseIdxKey(r survey.Response) []byte {
	return append(append(invitationKey(r.Survey, r.Unit), 0), r.ID...)
}

// checkResponse runs the field rules that need no survey, before the
// transaction: a batch that fails is run again alone, so the common
// mistakes should not reach it. The rules across fields run inside, once
// the survey is read.
func checkResponse(r survey.Response) error {
	return kartlaggning.Invalid(kartlaggning.Check(&r, ""))
}

// SaveResponse validates and stores an answer in one transaction. The
// store keeps the times: Started of the first save, Updated of this one,
// Submitted of the save that submitted it.
//
// It runs in bbolt's Batch: when many respondents save at once (the
// invitation mail reaches everyone at the same minute), their saves
// share one commit and one fsync instead of queueing for one each. Batch
// may run the function again after another in the batch failed; it
// changes nothing outside the transaction but the result it hands back,
// which the last run sets, so a rerun is harmless.
func (db *DB) SaveResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	if err := ctx.Err(); err != nil {
		return survey.Response{}, err
	}
	if err := checkResponse(r); err != nil {
		return survey.Response{}, err
	}
	now := db.now()
	in := r
	var out survey.Response
	err := storageError(db.bolt.Batch(func(tx *bolt.Tx) error {
		r := in
		s, _, err := getSurvey(tx, r.Year, r.Survey)
		if err != nil {
			return err
		}
		if err := survey.ValidateResponse(s, r); err != nil {
			return err
		}
		yb, _ := yearBucket(tx, r.Year)
		if err := needUnit(yb, r.Year, r.Unit); err != nil {
			return err
		}
		switch s.Kind {
		case survey.Chef:
			r.ID = chefResponseID(s.ID, r.Unit)
		default:
			if !isHexHash(r.ID) {
				return kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "id",
					Message: "Ett svar på personalenkäten måste ha en id av 64 hexadecimala tecken (SHA-256 av utkastets nyckel)."}})
			}
		}
		sb := getBucket(yb, surveysBucket)
		b := sb.Bucket(svResponsesBucket)
		var v int64 = 1
		var seq uint64
		if raw := b.Get([]byte(r.ID)); raw != nil {
			var old survey.Response
			rec, err := decodeInto(raw, &old)
			if err != nil {
				return err
			}
			if old.Survey != r.Survey || old.Unit != r.Unit {
				return kartlaggning.Errorf(kartlaggning.ECONFLICT, "Svaret hör till en annan enkät eller enhet.")
			}
			if old.Status == survey.Submitted {
				return kartlaggning.Errorf(kartlaggning.ECONFLICT,
					"Svaret är redan inskickat och kan inte ändras. Be den som skickade enkäten att öppna det igen.")
			}
			r.Started = old.Started
			v, seq = rec.V+1, rec.Seq
		} else {
			if seq, err = b.NextSequence(); err != nil {
				return err
			}
			r.Started = now
		}
		r.Updated = now
		r.Submitted = time.Time{}
		if r.Status == survey.Submitted {
			r.Submitted = now
		}
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		value := encodeRecord(v, seq, data)
		if len(value) > maxResponseBytes {
			return kartlaggning.Errorf(kartlaggning.ETOOLARGE,
				"Svaret är för stort (%d KiB); ett svar får vara högst %d KiB. Korta de längsta texterna.",
				(len(value)+1023)/1024, maxResponseBytes/1024)
		}
		if err := b.Put([]byte(r.ID), value); err != nil {
			return err
		}
		if err := sb.Bucket(svResponseIdxBucket).Put(responseIdxKey(r), nil); err != nil {
			return err
		}
		out = r
		return nil
	}))
	if err != nil {
		return survey.Response{}, err
	}
	return out, nil
}

// Response returns one answer.
func (db *DB) Response(ctx context.Context, year int, id string) (survey.Response, error) {
	return viewOne(ctx, db, year, id, getResponse)
}

func getResponse(tx *bolt.Tx, year int, id string) (survey.Response, record, error) {
	return getOne[survey.Response](tx, year, svResponsesBucket, id, responseNotFound)
}

// Responses lists a survey's answers (survey "" the edition's), by
// survey, unit and id: the index's order.
func (db *DB) Responses(ctx context.Context, year int, surveyID string) ([]survey.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []survey.Response{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if surveyID != "" {
			if _, _, err := getSurvey(tx, year, surveyID); err != nil {
				return err
			}
		}
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		sb, err := needBucket(yb, surveysBucket)
		if err != nil {
			return err
		}
		b := sb.Bucket(svResponsesBucket)
		var prefix []byte
		if surveyID != "" {
			prefix = append([]byte(surveyID), 0)
		}
		c := sb.Bucket(svResponseIdxBucket).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := k[bytes.LastIndexByte(k, 0)+1:]
			raw := b.Get(id)
			if raw == nil {
				return fmt.Errorf("store: response index names %q, which is missing", id)
			}
			var r survey.Response
			if _, err := decodeInto(raw, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reopen turns a submitted answer back into a draft that its respondent
// can change and submit again; a draft stays as it is.
func (db *DB) Reopen(ctx context.Context, year int, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		r, rec, err := getResponse(tx, year, id)
		if err != nil || r.Status != survey.Submitted {
			return err
		}
		r.Status, r.Submitted, r.Updated = survey.Draft, time.Time{}, db.now()
		b := getBucket(tx, editionsBucket, yearKey(year), surveysBucket, svResponsesBucket)
		return putJSON(b, []byte(id), rec.V+1, rec.Seq, r)
	})
}

// ---- Proposals ----

var proposalOps = []string{survey.OpAddForum, survey.OpAddMember, survey.OpRemoveMember, survey.OpSetRole,
	survey.OpSetFrequency, survey.OpSetLevel, survey.OpSetKind, survey.OpSetUnitField, survey.OpAddWish}

// validProposalID keeps an id fit for a URL path segment and a bbolt key
// beside a NUL separator.
func validProposalID(id string) bool {
	if id == "" || len(id) > maxProposalIDLen {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}

// SaveProposals stores the proposals compiled from one answer, in one
// transaction. The answer's open proposals are replaced; decided ones
// stay, and a proposal that arrives with the id of a decided one is not
// stored again (its decision stands): the domain makes the same id for
// the same change, so compiling again does not ask twice. It returns
// what is stored for each proposal given.
//
// It runs in bbolt's Batch: the proposals page compiles every new answer
// when it is read, hundreds after a round of questionnaires, and saving
// them at once then shares commits and disk syncs (300 answers: 1.5 s
// one by one, 0.4 s together). A rerun after another in the batch failed
// replaces the same open proposals again and sets the result anew.
func (db *DB) SaveProposals(ctx context.Context, year int, response string, ps []survey.Proposal) ([]survey.Proposal, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(ps) > maxProposalsPerSave {
		return nil, kartlaggning.Errorf(kartlaggning.ETOOLARGE,
			"Ett svar kan ge högst %d förslag (det här gav %d).", maxProposalsPerSave, len(ps))
	}
	var fields []kartlaggning.FieldError
	for i, p := range ps {
		if !slices.Contains(proposalOps, p.Op) {
			fields = append(fields, kartlaggning.FieldError{Path: fmt.Sprintf("[%d].op", i),
				Message: fmt.Sprintf("Förslaget har en okänd åtgärd %q.", p.Op)})
		}
		if p.ID != "" && !validProposalID(p.ID) {
			fields = append(fields, kartlaggning.FieldError{Path: fmt.Sprintf("[%d].id", i),
				Message: fmt.Sprintf("Förslagets id får ha högst %d tecken av a–z, A–Z, 0–9, -, _, . och :.", maxProposalIDLen)})
		}
	}
	if err := kartlaggning.Invalid(fields); err != nil {
		return nil, err
	}
	now := db.now()
	var out []survey.Proposal
	err := storageError(db.bolt.Batch(func(tx *bolt.Tx) error {
		out = make([]survey.Proposal, 0, len(ps))
		r, _, err := getResponse(tx, year, response)
		if err != nil {
			return err
		}
		sb := getBucket(tx, editionsBucket, yearKey(year), surveysBucket)
		b, idx := sb.Bucket(svProposalsBucket), sb.Bucket(svProposalIdxBucket)
		// Drop the answer's open proposals, remember its decided ones.
		prefix := append([]byte(response), 0)
		decided := map[string]survey.Proposal{}
		var drop [][]byte
		c := idx.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := k[len(prefix):]
			var p survey.Proposal
			if _, err := decodeInto(b.Get(id), &p); err != nil {
				return err
			}
			if p.Status == survey.Open {
				drop = append(drop, bytes.Clone(k))
			} else {
				decided[p.ID] = p
			}
		}
		for _, k := range drop {
			if err := b.Delete(k[len(prefix):]); err != nil {
				return err
			}
			if err := idx.Delete(k); err != nil {
				return err
			}
		}
		for _, p := range ps {
			if d, ok := decided[p.ID]; ok {
				out = append(out, d)
				continue
			}
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			if p.ID == "" {
				p.ID = "p-" + strconv.FormatUint(seq, 10)
			}
			if b.Get([]byte(p.ID)) != nil {
				return kartlaggning.Errorf(kartlaggning.ECONFLICT,
					"Det finns redan ett förslag med id %q från ett annat svar.", p.ID)
			}
			p.Year, p.Response, p.Unit, p.Status = year, response, r.Unit, survey.Open
			p.Decided, p.By = time.Time{}, ""
			if p.Made.IsZero() {
				p.Made = now
			}
			if err := putJSON(b, []byte(p.ID), 1, seq, p); err != nil {
				return err
			}
			if err := idx.Put(append(bytes.Clone(prefix), p.ID...), nil); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	}))
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Proposals lists an edition's proposals (unit "" all of them) in the
// order they were made.
func (db *DB) Proposals(ctx context.Context, year int, unit string) ([]survey.Proposal, error) {
	return listMade(ctx, db, year, svProposalsBucket, func(p survey.Proposal) bool { return unit == "" || p.Unit == unit })
}

// DecideProposal accepts or rejects an open proposal; a decided one stays
// decided (ECONFLICT), so two editors cannot apply it twice.
func (db *DB) DecideProposal(ctx context.Context, year int, id, status, by string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if status != survey.Accepted && status != survey.Rejected {
		return kartlaggning.Invalid([]kartlaggning.FieldError{{Path: "status",
			Message: fmt.Sprintf("Ett förslag kan bara godtas (%q) eller avvisas (%q).", survey.Accepted, survey.Rejected)}})
	}
	return db.update(func(tx *bolt.Tx) error {
		b, err := surveyTree(tx, year, svProposalsBucket)
		if err != nil {
			return err
		}
		raw := b.Get([]byte(id))
		if raw == nil {
			return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns inget förslag med id %q i %d.", id, year)
		}
		var p survey.Proposal
		rec, err := decodeInto(raw, &p)
		if err != nil {
			return err
		}
		if p.Status != survey.Open {
			word := map[string]string{survey.Accepted: "godtaget", survey.Rejected: "avvisat"}[p.Status]
			return kartlaggning.Errorf(kartlaggning.ECONFLICT, "Förslaget är redan %s.", cmp.Or(word, p.Status))
		}
		p.Status, p.By, p.Decided = status, by, at
		return putJSON(b, []byte(id), rec.V+1, rec.Seq, p)
	})
}
