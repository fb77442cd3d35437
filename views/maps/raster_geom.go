package maps

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Geometry for the rasteriser: paths flattened to polylines, dashes, and
// strokes drawn as quads with round joins.

type pt struct{ x, y float64 }

func (p pt) add(q pt) pt         { return pt{p.x + q.x, p.y + q.y} }
func (p pt) sub(q pt) pt         { return pt{p.x - q.x, p.y - q.y} }
func (p pt) mul(k float64) pt    { return pt{p.x * k, p.y * k} }
func (p pt) len() float64        { return math.Hypot(p.x, p.y) }
func lerp(p, q pt, t float64) pt { return p.add(q.sub(p).mul(t)) }
func (t affine) pt(p pt) pt      { x, y := t.apply(p.x, p.y); return pt{x, y} }

type segment struct {
	cubic   bool
	c1, c2  pt
	to      pt
	closing bool
}

// path is subpaths of lines and cubic Béziers in user units.
type path struct {
	subs [][]segment
	// starts holds each subpath's first point.
	starts []pt
}

func (p *path) moveTo(q pt) {
	p.starts = append(p.starts, q)
	p.subs = append(p.subs, nil)
}

func (p *path) lineTo(q pt) {
	if len(p.subs) == 0 {
		p.moveTo(q)
		return
	}
	p.subs[len(p.subs)-1] = append(p.subs[len(p.subs)-1], segment{to: q})
}

func (p *path) cubeTo(c1, c2, q pt) {
	if len(p.subs) == 0 {
		p.moveTo(c1)
	}
	p.subs[len(p.subs)-1] = append(p.subs[len(p.subs)-1], segment{cubic: true, c1: c1, c2: c2, to: q})
}

func (p *path) close() {
	if n := len(p.subs); n > 0 {
		p.subs[n-1] = append(p.subs[n-1], segment{to: p.starts[n-1], closing: true})
	}
}

// flatten returns each subpath as a polyline in pixels; curves are split
// finely enough that no facet shows.
func (p *path) flatten(t affine) [][]pt {
	var out [][]pt
	for i, sub := range p.subs {
		cur := t.pt(p.starts[i])
		line := []pt{cur}
		for _, s := range sub {
			to := t.pt(s.to)
			if !s.cubic {
				line = append(line, to)
				cur = to
				continue
			}
			c1, c2 := t.pt(s.c1), t.pt(s.c2)
			n := int(math.Ceil((cur.sub(c1).len() + c1.sub(c2).len() + c2.sub(to).len()) / 3))
			n = max(2, min(n, 200))
			for k := 1; k <= n; k++ {
				u := float64(k) / float64(n)
				a, b, c := lerp(cur, c1, u), lerp(c1, c2, u), lerp(c2, to, u)
				line = append(line, lerp(lerp(a, b, u), lerp(b, c, u), u))
			}
			cur = to
		}
		out = append(out, line)
	}
	return out
}

// dash cuts polylines into the dashes of a pattern (on, off, on, off …).
func dash(lines [][]pt, pattern []float64) [][]pt {
	var total float64
	for _, v := range pattern {
		total += v
	}
	if total <= 0 {
		return lines
	}
	var out [][]pt
	for _, line := range lines {
		i, left, on := 0, pattern[0], true
		var cur []pt
		if on {
			cur = []pt{line[0]}
		}
		for k := 1; k < len(line); k++ {
			a, b := line[k-1], line[k]
			seg := b.sub(a).len()
			pos := 0.0
			for seg-pos > left {
				pos += left
				q := lerp(a, b, pos/seg)
				if on {
					out = append(out, append(cur, q))
					cur = nil
				} else {
					cur = []pt{q}
				}
				on = !on
				i = (i + 1) % len(pattern)
				left = pattern[i]
			}
			left -= seg - pos
			if on {
				cur = append(cur, b)
			}
		}
		if on && len(cur) > 1 {
			out = append(out, cur)
		}
	}
	return out
}

// strokeOutline turns polylines into polygons covering a stroke of the
// given width: a quad per segment and a disc at every joint and end, all
// wound the same way so that the non-zero rule unites them.
func strokeOutline(lines [][]pt, width float64) [][]pt {
	half := math.Max(width, 0.8) / 2
	var out [][]pt
	for _, line := range lines {
		for k := 1; k < len(line); k++ {
			a, b := line[k-1], line[k]
			d := b.sub(a)
			l := d.len()
			if l == 0 {
				continue
			}
			n := pt{-d.y / l * half, d.x / l * half}
			out = append(out, []pt{a.add(n), b.add(n), b.sub(n), a.sub(n)})
		}
		if half >= 0.9 {
			for _, q := range line {
				out = append(out, disc(q, half))
			}
		}
	}
	return out
}

func disc(c pt, r float64) []pt {
	const n = 12
	out := make([]pt, n)
	for i := range out {
		a := -2 * math.Pi * float64(i) / n
		out[i] = pt{c.x + r*math.Cos(a), c.y + r*math.Sin(a)}
	}
	return out
}

// parsePathData reads the path commands Graphviz writes (absolute M, L, C
// and Z, with implicit repeats); anything else is an error.
func parsePathData(d string) (path, error) {
	var p path
	tokens := pathTokens(d)
	var cmd byte
	nums := func(n int) ([]float64, bool) {
		if len(tokens) < n {
			return nil, false
		}
		out := make([]float64, n)
		for i := range out {
			v, err := strconv.ParseFloat(tokens[i], 64)
			if err != nil {
				return nil, false
			}
			out[i] = v
		}
		tokens = tokens[n:]
		return out, true
	}
	for len(tokens) > 0 {
		if c := tokens[0][0]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			cmd = c
			tokens = tokens[1:]
			if cmd == 'Z' || cmd == 'z' {
				p.close()
				continue
			}
		}
		switch cmd {
		case 'M':
			v, ok := nums(2)
			if !ok {
				return p, fmt.Errorf("bad path %q", d)
			}
			p.moveTo(pt{v[0], v[1]})
			cmd = 'L' // further pairs are lines
		case 'L':
			v, ok := nums(2)
			if !ok {
				return p, fmt.Errorf("bad path %q", d)
			}
			p.lineTo(pt{v[0], v[1]})
		case 'C':
			v, ok := nums(6)
			if !ok {
				return p, fmt.Errorf("bad path %q", d)
			}
			p.cubeTo(pt{v[0], v[1]}, pt{v[2], v[3]}, pt{v[4], v[5]})
		default:
			return p, fmt.Errorf("unsupported path command %q", string(cmd))
		}
	}
	return p, nil
}

// pathTokens splits path data into commands and numbers.
func pathTokens(d string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c == ' ' || c == ',' || c == '\n' || c == '\t':
			flush()
		case c == '-' && b.Len() > 0 && !strings.HasSuffix(b.String(), "e"):
			flush()
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z' && c != 'E' || c >= 'a' && c <= 'z' && c != 'e':
			flush()
			out = append(out, string(c))
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return out
}
