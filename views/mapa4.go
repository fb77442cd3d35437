package views

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"html/template"
	"image"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// Maps downloaded for A4. "?a4=1" on a map's SVG or PNG draws it for
// paper (the compact key, the landscape proportions) and gives the file a
// physical size that fits a landscape A4 page with 10 mm margins: the SVG
// in points, the PNG in its pHYs chunk. A map that would have to shrink
// below printMinPoints to fit is split like the report's maps, one map per
// level and, on a kommun's or unit's map, a level in parts ("&del=2/3");
// the map page lists the pieces (mapA4Page). A piece that still does not
// fit (a level of the overview) is printed as a poster: sheets of A4 at
// 7 pt that overlap a little ("&blad=3", the third, row by row).

// parseA4 reads the a4 parameter: "1" or "true" asks for the A4 size.
func parseA4(s string) (bool, error) {
	switch s {
	case "":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Kartans filter är felaktigt.", Fields: []kartlaggning.FieldError{{Path: "a4",
		Message: fmt.Sprintf("Ogiltigt värde %q: a4 ska vara 1 för en karta i A4-storlek, eller utelämnas.", s)}}}
}

// parseMapPart reads del=k/n, the k-th of n maps a level is split into
// (from 1), as Part (from 0) and Parts.
func parseMapPart(s string) (int, int, error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > printMaxParts || k < 1 || k > n {
		return 0, 0, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Kartans filter är felaktigt.", Fields: []kartlaggning.FieldError{{Path: "del",
			Message: fmt.Sprintf("Ogiltigt värde %q: del ska vara k/n, den k:te av n delar (n högst %d), till exempel 2/3.", s, printMaxParts)}}}
	}
	return k - 1, n, nil
}

// a4File is the full SVG file with its size set for the page.
func a4SVG(svg []byte) []byte {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return svg
	}
	sized, _ := sizeForPrint(svg[i:])
	out := make([]byte, 0, len(svg))
	out = append(out, svg[:i]...)
	return append(out, sized...)
}

// a4PNG sets the PNG's resolution (pHYs) so that it prints as wide as the
// SVG of the same map sized for A4: widthPt points.
func a4PNG(png []byte, widthPt float64) []byte {
	// The signature (8 bytes) and IHDR (4 length, 4 type, 13 data, 4 CRC).
	const ihdrEnd = 8 + 25
	if len(png) < ihdrEnd || string(png[12:16]) != "IHDR" || widthPt <= 0 {
		return png
	}
	px := binary.BigEndian.Uint32(png[16:20])
	metres := widthPt / pointsPerInch * 0.0254
	ppm := uint32(math.Round(float64(px) / metres))
	chunk := make([]byte, 4+4+9+4)
	binary.BigEndian.PutUint32(chunk[0:], 9)
	copy(chunk[4:], "pHYs")
	binary.BigEndian.PutUint32(chunk[8:], ppm)
	binary.BigEndian.PutUint32(chunk[12:], ppm)
	chunk[16] = 1 // the unit is the metre
	binary.BigEndian.PutUint32(chunk[17:], crc32.ChecksumIEEE(chunk[4:17]))
	out := make([]byte, 0, len(png)+len(chunk))
	out = append(out, png[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, png[ihdrEnd:]...)
}

const pointsPerInch = 72.0

// svgWidthPt is the declared width of an SVG sized in points.
func svgWidthPt(svg []byte) float64 {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return 0
	}
	m := svgPointSize.FindSubmatch(svg[i:])
	if m == nil {
		return 0
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	return w
}

// mapA4Page lists a map's pieces for A4: each as it prints, with its
// downloads.
type mapA4Page struct {
	page
	Heading string
	Back    link
	Figures []mapA4Figure
}

type mapA4Figure struct {
	SVG       template.HTML
	Caption   string
	Downloads []link
	// Sheets are the A4 sheets of a piece too large for one.
	Sheets []mapA4Sheet
}

type mapA4Sheet struct {
	Label     string
	Downloads []link
}

// a4Figures draws m for A4, split as the report splits it, with the
// address of each piece's files.
func (s *Server) a4Figures(ctx context.Context, m mapQuery) ([]mapA4Figure, error) {
	figs, err := s.printMaps(ctx, m)
	if err != nil {
		return nil, err
	}
	out := make([]mapA4Figure, 0, len(figs))
	for _, f := range figs {
		fig := mapA4Figure{SVG: f.SVG, Caption: f.Caption}
		files := func(extra string) []link {
			var ls []link
			for _, d := range []struct{ label, ext string }{{"SVG för A4", ".svg"}, {"PNG för A4", ".png"}} {
				u := mapPath(m.year, f.req, true, d.ext)
				u += map[bool]string{true: "&", false: "?"}[strings.Contains(u, "?")] + "a4=1" + extra + "&download=1"
				ls = append(ls, link{Label: d.label, URL: u})
			}
			return ls
		}
		if g, ok := a4Grid([]byte(f.SVG)); ok && g.sheets() > 1 {
			for k := 1; k <= g.sheets(); k++ {
				fig.Sheets = append(fig.Sheets, mapA4Sheet{Label: fmt.Sprintf("Ark %d av %d (rad %d, kolumn %d)", k, g.sheets(), (k-1)/g.cols+1, (k-1)%g.cols+1),
					Downloads: files(fmt.Sprintf("&blad=%d", k))})
			}
		} else {
			fig.Downloads = files("")
		}
		out = append(out, fig)
	}
	return out, nil
}

// a4Sheet cuts the k-th sheet out of a map sized for A4 (a4SVG), and its
// PNG when png is not nil; an error names blad when there is no such
// sheet, or when a map too large for one sheet is asked for whole.
func a4Sheet(sized, pngData []byte, k int) ([]byte, []byte, error) {
	g, ok := a4Grid(sized)
	if !ok || (k == 0 && g.sheets() <= 1) {
		return sized, pngData, nil
	}
	if k < 1 || k > g.sheets() {
		msg := fmt.Sprintf("Kartan ryms inte på ett A4-ark: den skrivs ut på %d ark. Ange vilket med blad=1 till blad=%d.", g.sheets(), g.sheets())
		if k != 0 {
			msg = fmt.Sprintf("Ogiltigt värde %d: kartan har %d ark, ange blad=1 till blad=%d.", k, g.sheets(), g.sheets())
		}
		return nil, nil, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Kartans ark för A4 finns inte.", Fields: []kartlaggning.FieldError{{Path: "blad", Message: msg}}}
	}
	svg, box := g.sheet(sized, k)
	if pngData == nil {
		return svg, nil, nil
	}
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return nil, nil, err
	}
	// The PNG covers the whole viewBox: find the sheet's pixels.
	m := svgBox.FindSubmatch(sized)
	vx, _ := strconv.ParseFloat(string(m[3]), 64)
	vy, _ := strconv.ParseFloat(string(m[4]), 64)
	vw, _ := strconv.ParseFloat(string(m[5]), 64)
	px := float64(img.Bounds().Dx()) / vw
	rect := image.Rect(int((box[0]-vx)*px), int((box[1]-vy)*px), int(math.Ceil((box[0]-vx+box[2])*px)), int(math.Ceil((box[1]-vy+box[3])*px))).Intersect(img.Bounds())
	// The maps' PNGs are opaque RGB, which image/png reads as RGBA.
	rgba, ok := img.(*image.RGBA)
	if !ok {
		return nil, nil, fmt.Errorf("cutting a sheet out of a %T", img)
	}
	sheet, err := maps.EncodePNG(rgba.SubImage(rect).(*image.RGBA))
	if err != nil {
		return nil, nil, err
	}
	return svg, a4PNG(sheet, box[2]*g.scale), nil
}

// parseSheet reads blad, a sheet's number from 1; 0 when not given.
func parseSheet(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	k, err := strconv.Atoi(s)
	if err != nil || k < 1 || k > 1000 {
		return 0, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Kartans ark för A4 finns inte.", Fields: []kartlaggning.FieldError{{Path: "blad",
			Message: fmt.Sprintf("Ogiltigt värde %q: blad ska vara ett arks nummer från 1.", s)}}}
	}
	return k, nil
}
