// Package store keeps editions in a bbolt file. It is the only package that
// imports bbolt, and it implements kartlaggning.Store.
//
// The bucket tree at schema version 4 (SchemaVersion); each migration in
// db.go names what it added. A name ending in / is a bucket, → marks a
// key and its value. Open makes every top-level bucket, createYearBucket
// every bucket of an edition; nothing else creates one (see getBucket), so
// this is every bucket a file can hold:
//
//	meta/                     ← its sequence counts revisions (see touch)
//	    schema_version        → "4" (decimal): the migrations that have run
//	    used                  → "1" once the file has held an edition (the demo is only offered before)
//	editions/
//	    2019/                 ← one bucket per edition, the year as 4 digits
//	        edition           → record of kartlaggning.Edition (+ "demo": true for the example edition)
//	        revision          → "17" (decimal): meta's sequence at the edition's last write
//	        municipalities/   ← id → record of kartlaggning.Municipality
//	        organisations/    ← id → record of kartlaggning.Organisation
//	        units/            ← id → record of kartlaggning.Unit (its review, the påseende, inside)
//	        forums/           ← id → record of kartlaggning.Forum (members inside)
//	        refs/             ← reverse-reference index, values empty:
//	            units/mullsjo-fs \x00 forums/arena-mullsjo \x00 members[2].unit
//	            <target kind>/<target id>\x00<source kind>/<source id>\x00<field path>
//	        audit/            ← the change log: seq (8 bytes, big-endian) → auditRecord
//	        audit_idx/        ← one entity's entries, values empty:
//	            <kind>/<id>\x00 + seq (8 bytes)
//	        surveys/              ← the enkäter (schema 4), see survey.go
//	            surveys/          ← id → record of survey.Survey; ids "<kind>-<n>", n the sequence
//	            invitations/      ← survey\x00unit → {"hash", "data": survey.Invitation}
//	            responses/        ← id → record of survey.Response
//	            response_idx/     ← survey\x00unit\x00response id → empty
//	            proposals/        ← id → record of survey.Proposal; seq is the order made
//	            proposal_idx/     ← response id\x00proposal id → empty
//	invitation_hashes/        ← hex(hash of the link's token) → year\x00survey\x00unit (schema 4)
//	users/                    ← normalised email → userRecord {"user": kartlaggning.User, "hash"}
//	sessions/                 ← hex(hash of the session id) → sessionRecord {"email", "created", "last_seen"}
//	tokens/                   ← hex(hash of the secret) → kartlaggning.Token
//
// A record is store-private JSON, {"v": version, "seq": position, "data":
// <the domain struct's JSON>}, so the file format does not change with a
// domain struct unless its JSON does. seq keeps document order: Import
// writes each entity's index in the document and sets the bucket's sequence
// to the count, and Create takes the bucket's NextSequence. List and Export
// sort by seq.
//
// The refs bucket answers "who refers to X?" with one prefix scan on
// "<kind>/<id>\x00". Every write that changes an entity's references
// updates it in the same transaction. Ids are slugs ([a-z0-9-]), so the NUL
// separators cannot occur inside them.
//
// The change log is per edition, so it goes with the edition; a replacing
// Import carries it over. Its entries are auditRecords with the store's
// own JSON names, converted to kartlaggning.LogEntry when read (entries
// written before schema 3 are LogEntry JSON, which decodes alike); audit's
// sequence is the last seq.
//
// The enkäter hang under their edition so that they go with it:
// DeleteEdition removes them (and their links from invitation_hashes), a
// replacing Import moves the surveys bucket into the new edition bucket
// like it carries the change log. invitation_hashes is top-level because
// a respondent's link holds the token only: one Get finds the invitation.
// A unit's chef answer has the id "<survey>-<unit>", so a second answer
// finds the first without an index; a personal answer's id is the hash of
// the respondent's draft key. response_idx lists a survey's answers (and
// tells DeleteSurvey whether there are any) with one prefix scan;
// proposal_idx finds an answer's proposals when it is compiled again.
// Writes to the enkäter do not bump the edition's revision (see
// surveyTree).
//
// Every exported method is one bbolt transaction; the lowercase helpers
// take the *bolt.Tx or bucket they work in. Errors a user can act on are
// *kartlaggning.Error, among them ESTORAGE when the disk refuses a write;
// anything else (a broken file, a bbolt failure) is a plain error that the
// views report as internal.
package store
