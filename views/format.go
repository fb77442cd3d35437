package views

import (
	"fmt"
	"strconv"
	"strings"
)

// swedishNumber writes a number the Swedish way: "1 234" and "1 234,5",
// with a no-break space between the thousands so that a number never
// breaks over two lines. Floats keep at most one decimal.
func swedishNumber(v any) string {
	var s string
	switch n := v.(type) {
	case int:
		s = strconv.Itoa(n)
	case int64:
		s = strconv.FormatInt(n, 10)
	case float64:
		s = strconv.FormatFloat(n, 'f', 1, 64)
		s = strings.TrimSuffix(s, ".0")
	default:
		return fmt.Sprint(v)
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "−", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("," + frac)
	}
	return sign + b.String()
}
