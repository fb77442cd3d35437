// Package store keeps editions in a bbolt file. It is the only package that
// imports bbolt, and it implements kartlaggning.Store.
//
// The bucket tree:
//
//	meta/
//	    schema_version        → "1" (decimal): the migrations that have run
//	    used                  → "1" once the file has held an edition (the demo is only offered before)
//	editions/
//	    2019/                 ← one bucket per year, 4-digit key
//	        edition           → record of kartlaggning.Edition (+ "demo": true for the example edition)
//	        municipalities/   ← id → record of kartlaggning.Municipality
//	        organisations/    ← id → record of kartlaggning.Organisation
//	        units/            ← id → record of kartlaggning.Unit
//	        forums/           ← id → record of kartlaggning.Forum (members inside)
//	        refs/             ← reverse-reference index, values empty:
//	            units/mullsjo-fs \x00 forums/arena-mullsjo \x00 members[2].unit
//	            <target kind>/<target id>\x00<source kind>/<source id>\x00<field path>
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
// Every exported method is one bbolt transaction; the lowercase helpers
// take the *bolt.Tx or bucket they work in. Errors a user can act on are
// *kartlaggning.Error; anything else (a broken file, a bbolt failure) is a
// plain error that the views report as internal.
package store
