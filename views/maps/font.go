package maps

import (
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// FontFamily is the font every map is drawn in: Go Regular (BSD licence,
// has å ä ö). The page serves it as a web font, the PNG rasteriser embeds
// it, and labels are measured with it, because Graphviz's built-in metrics
// give letters like å ä ö a generic width and make such labels too tight.
// A downloaded SVG falls back to fonts of about the same width.
const FontFamily = "Go"

// fontFallback is what the SVG asks for when the Go font is missing.
const fontFallback = "Go, Arial, 'Liberation Sans', Helvetica, sans-serif"

var goRegular = func() *opentype.Font {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("maps: the embedded Go font does not parse: " + err.Error())
	}
	return f
}()

// measurer caches glyph advances at 1 pt; faces are not safe for
// concurrent use, so one mutex guards both.
var measurer = struct {
	sync.Mutex
	face    font.Face
	advance map[rune]fixed.Int26_6
}{advance: map[rune]fixed.Int26_6{}}

// TextWidth returns the width in points of s set in the map font at size
// points, kerning left out (it only ever narrows a line).
func TextWidth(s string, size float64) float64 { return textWidth(s, size) }

func textWidth(s string, size float64) float64 {
	m := &measurer
	m.Lock()
	defer m.Unlock()
	if m.face == nil {
		// 64 pt keeps the 26.6 fixed-point rounding below 0.02 %.
		face, err := opentype.NewFace(goRegular, &opentype.FaceOptions{Size: 64, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			panic("maps: " + err.Error())
		}
		m.face = face
	}
	var w fixed.Int26_6
	for _, r := range s {
		a, ok := m.advance[r]
		if !ok {
			a, _ = m.face.GlyphAdvance(r)
			m.advance[r] = a
		}
		w += a
	}
	return float64(w) / 64 / 64 * size
}
