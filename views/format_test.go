package views

import "testing"

func TestSwedishNumber(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1234, "1\u00a0234"},
		{1234567, "1\u00a0234\u00a0567"},
		{int64(-12345), "−12\u00a0345"},
		{1234.5, "1\u00a0234,5"},
		{2.0, "2"},
		{0.25, "0,2"}, // one decimal, rounded half to even as strconv does
		{"x", "x"},
	} {
		if got := swedishNumber(tt.in); got != tt.want {
			t.Errorf("swedishNumber(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
