package maps

import "testing"

// Each kind of DOT string escapes Graphviz's escape sequences as many
// times as Graphviz reads them (TestDOTKeepsTextAsWritten checks the
// rendered result); the table pins what is written.
func TestQuoteKinds(t *testing.T) {
	for _, tc := range []struct {
		in, id, text, tooltip, html string
	}{
		{`plain`, `"plain"`, `"plain"`, `"plain"`, `plain`},
		{`\N`, `"\\N"`, `"\\N"`, `"\\\\N"`, `\\N`},
		{`\G\E\T\H\L`, `"\\G\\E\\T\\H\\L"`, `"\\G\\E\\T\\H\\L"`, `"\\\\G\\\\E\\\\T\\\\H\\\\L"`, `\\G\\E\\T\\H\\L`},
		{`\n\l\r`, `"\\n\\l\\r"`, `"\\n\\l\\r"`, `"\\\\n\\\\l\\\\r"`, `\\n\\l\\r`},
		{`\"`, `"\\\""`, `"\\\""`, `"\\\\\""`, `\\&quot;`},
		{`end\`, `"end\\"`, `"end\\"`, `"end\\\\"`, `end\\`},
		{`<b> & "q"`, `"<b> &amp; \"q\""`, `"<b> &amp; \"q\""`, `"<b> &amp; \"q\""`, `&lt;b&gt; &amp; &quot;q&quot;`},
		{"two\nlines", `"two lines"`, `"two\nlines"`, `"two\nlines"`, `two lines`},
		{"tab\tcr\rvt\vff\f", `"tab cr vt ff "`, `"tab cr vt ff "`, `"tab cr vt ff "`, `tab cr vt ff `},
		{"nul\x00esc\x1bdel\x7fc1\u0085", `"nul�esc�del�c1�"`, `"nul�esc�del�c1�"`, `"nul�esc�del�c1�"`, `nul�esc�del�c1�`},
		{"non\uFFFE\uFFFF\uFDD0\U0010FFFF", `"non����"`, `"non����"`, `"non����"`, `non����`},
		{"bad\xff", `"bad�"`, `"bad�"`, `"bad�"`, `bad�`},
		{"Åäö – €", `"Åäö – €"`, `"Åäö – €"`, `"Åäö – €"`, `Åäö – €`},
	} {
		for _, k := range []struct {
			name string
			f    func(string) string
			want string
		}{{"quoteID", quoteID, tc.id}, {"quoteText", quoteText, tc.text}, {"quoteTooltip", quoteTooltip, tc.tooltip}, {"htmlText", htmlText, tc.html}} {
			if got := k.f(tc.in); got != k.want {
				t.Errorf("%s(%q) = %s, want %s", k.name, tc.in, got, k.want)
			}
		}
	}
}
