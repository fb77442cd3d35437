package kartlaggning_test

import (
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// FuzzDecodeDocument: any input either decodes and validates or gives a
// *kartlaggning.Error that a user can act on; nothing panics, and every
// field error names a path.
func FuzzDecodeDocument(f *testing.F) {
	// The example edition is too large a seed: the fuzzer spends its time
	// minimising it. These small documents reach the same rules.
	f.Add([]byte(`{"format":"kartlaggning/v1","edition":{"year":2019,"title":"T","status":"draft"},"municipalities":[],"organisations":[],"units":[],"forums":[]}`))
	f.Add([]byte(`{"forums":[{"id":"a","kind":"kontakt","members":[{"unit":"x"},{"unit":"x"}],"frequency":{"min":3,"max":1}}]}`))
	f.Add([]byte(`{"units":[{"id":"a","parent":"b"},{"id":"b","parent":"a"}]}`))
	f.Add([]byte(`{"format":"kartlaggning/v1","edition":{"year":2019,"title":"T","status":"draft"},"municipalities":[{"id":"m","name":"M","code":"0642"}],"organisations":[{"id":"o","name":"O","kind":"kommun","municipality":"m","party":true}],"units":[{"id":"u","organisation":"o","name":"U","wishes":[{"forum":"f","text":"t"}],"review":{"status":"sent","at":"2019-03-01T10:00:00+01:00"}}],"forums":[{"id":"f","name":"F","kind":"arena","level":"individ","formal":true,"held":5,"members":[{"unit":"u","role":"ledamot"},{"organisation":"o"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var doc kartlaggning.Document
		err := kartlaggning.DecodeJSON(data, &doc)
		if err == nil {
			err = doc.Validate()
		}
		if err == nil {
			return
		}
		e, ok := kartlaggning.AsError(err)
		if !ok {
			t.Fatalf("%T %v is not a *kartlaggning.Error", err, err)
		}
		if e.Message == "" {
			t.Fatal("an error without a message")
		}
		if e.Code == kartlaggning.EINVALID && len(e.Fields) == 0 {
			t.Fatalf("an invalid document without field errors: %v", e)
		}
	})
}
