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
	switch n := v.(type) {
	case int:
		return swedishDigits(strconv.Itoa(n))
	case int64:
		return swedishDigits(strconv.FormatInt(n, 10))
	case float64:
		return swedishDigits(strings.TrimSuffix(strconv.FormatFloat(n, 'f', 1, 64), ".0"))
	}
	return fmt.Sprint(v)
}

// swedishDecimal writes x with exactly the given decimals: 0.8333, 2 →
// "0,83".
func swedishDecimal(x float64, decimals int) string {
	return swedishDigits(strconv.FormatFloat(x, 'f', decimals, 64))
}

// swedishDigits turns Go's "-1234.5" into "−1 234,5". A value that rounds
// to zero has no sign.
func swedishDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		s = s[1:]
		if strings.Trim(s, "0.") != "" {
			sign = "−"
		}
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
