package maps_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// TestEncodePNG: what EncodePNG writes reads back with image/png (which
// checks every chunk's CRC) pixel for pixel, for a whole image, a part of
// one (as the A4 sheets are cut) and an image with transparency.
func TestEncodePNG(t *testing.T) {
	whole := image.NewRGBA(image.Rect(0, 0, 301, 97))
	for y := 0; y < 97; y++ {
		for x := 0; x < 301; x++ {
			whole.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y * 2), uint8(x ^ y), 255})
		}
	}
	clear := image.NewRGBA(image.Rect(0, 0, 5, 5))
	clear.SetRGBA(2, 2, color.RGBA{10, 20, 30, 40})
	for name, img := range map[string]*image.RGBA{
		"whole":       whole,
		"part":        whole.SubImage(image.Rect(17, 5, 250, 90)).(*image.RGBA),
		"transparent": clear,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := maps.EncodePNG(img)
			if err != nil {
				t.Fatal(err)
			}
			back, err := png.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if got := back.Bounds().Size(); got != b.Size() {
				t.Fatalf("the image is %v, want %v", got, b.Size())
			}
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					want := img.RGBAAt(x, y)
					r, g, bl, a := back.At(x-b.Min.X, y-b.Min.Y).RGBA()
					got := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}
					// PNG stores colours not multiplied by their alpha, as
					// image.RGBA does: a translucent pixel may round by one.
					off := func(a, b uint8) bool {
						d := int(a) - int(b)
						return d > 1 || d < -1 || (want.A == 255 && d != 0)
					}
					if off(got.R, want.R) || off(got.G, want.G) || off(got.B, want.B) || got.A != want.A {
						t.Fatalf("pixel (%d, %d) is %v, want %v", x, y, got, want)
					}
				}
			}
		})
	}
}
