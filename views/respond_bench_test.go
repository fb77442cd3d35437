package views_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// The budgets: the form page within 50 ms, saving an answer
// within 20 ms, through the whole server over a real database. Besides
// the wall time, which other work on a shared machine stretches, each
// reports the process's CPU time per request (cpu-ms/op).

// reportCPU runs the benchmark's loop and reports its CPU time per op.
func reportCPU(b *testing.B, loop func(i int)) {
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		loop(i)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func BenchmarkRespondForm(b *testing.B) {
	srv, _, _, link := serveRespondent(b, survey.Chef, true)
	respondent(b, srv, "GET", link, "", "") // the read model is built once per revision
	reportCPU(b, func(int) {
		if rec := respondent(b, srv, "GET", link, "", ""); rec.Code != http.StatusOK {
			b.Fatalf("GET: %d", rec.Code)
		}
	})
}

func BenchmarkRespondSave(b *testing.B) {
	srv, _, _, link := serveRespondent(b, survey.Chef, true)
	reportCPU(b, func(i int) {
		body := fmt.Sprintf(`{"answer":{"description":"Utkast %d","forums":[{"forum":"arena-mullsjo","still":"ja","kind":"arena","level":"operativ","parties":["af","fk"]},{"name":"Nytt nätverk","kind":"natverk","level":"operativ"}],"works_well":%q,"ratings":[{"organisation":"af","level":3,"value":4,"trust":2}]}}`,
			i, strings.Repeat("Det fungerar bra. ", 50))
		if rec := respondent(b, srv, "POST", link, "application/json", body); rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
			b.Fatalf("POST: %d %s", rec.Code, rec.Body)
		}
	})
}

func BenchmarkRespondSaveForm(b *testing.B) {
	srv, _, _, link := serveRespondent(b, survey.Chef, true)
	reportCPU(b, func(i int) {
		body := fmt.Sprintf("action=save&forums_rows=3&description=Utkast+%d&forums[0].forum=arena-mullsjo&forums[0].kind=arena&forums[0].level=operativ&forums[0].parties=af&forums[1].name=Nytt&ratings[af].level=3", i)
		if rec := respondent(b, srv, "POST", link, formType, body); rec.Code != http.StatusSeeOther {
			b.Fatalf("POST: %d %s", rec.Code, rec.Body)
		}
	})
}
