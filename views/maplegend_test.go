package views_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// On screen the key is HTML under the map and the picture has none; the
// downloaded SVG and PNG carry it inside, so that a file alone explains
// itself. The key names what this map shows and nothing else.
func TestMapLegendIsHTMLOnScreenAndInsideDownloads(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	page := do(t, srv, http.MethodGet, "/editions/2019/maps/municipality/mullsjo", nil).Body.String()
	svg := svgOf(t, page)
	if strings.Contains(svg, "Teckenförklaring") || strings.Contains(svg, `id="legend`) {
		t.Error("the map on the page still draws its key inside the picture")
	}
	i := strings.Index(page, `<div class="map-legend"`)
	if i < 0 {
		t.Fatal("the map page has no key under the map")
	}
	legend := page[i:]
	legend = legend[:strings.Index(legend, "</div>")]
	rows := regexp.MustCompile(`<li><svg class="legend-sample"[^>]*aria-hidden="true"[^>]*>.*?</svg> <span>([^<]+)</span></li>`).FindAllStringSubmatch(legend, -1)
	var texts []string
	for _, r := range rows {
		texts = append(texts, r[1])
	}
	all := strings.Join(texts, " | ")
	for _, want := range []string{"Enhet", "Kommunens egna (gul, tjock ram)", "Forum på strategisk nivå (färg och ram)", "Deltar i forumet", "Önskad samverkan som saknas idag (röd rad i enhetens ruta)"} {
		if !strings.Contains(all, want) {
			t.Errorf("the key lacks %q: %s", want, all)
		}
	}
	// Every forum kind on the map has its shape in the key.
	for _, kind := range regexp.MustCompile(`Forum: ([^,<]+),`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(all, kind[1]) {
			t.Errorf("the map has a forum of kind %q that the key does not show: %s", kind[1], all)
		}
	}
	// With only strategic forums, the other levels leave the key.
	strategic := do(t, srv, http.MethodGet, "/editions/2019/maps/municipality/mullsjo?level=strategisk", nil).Body.String()
	if strings.Contains(strategic, "Forum på individnivå") {
		t.Error("the key of a map of strategic forums explains forums on individnivå")
	}

	file := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/mullsjo.svg", nil).Body.String()
	if !strings.Contains(file, "Teckenförklaring") || !strings.Contains(file, "Deltar i forumet") {
		t.Error("the downloaded SVG lost its key")
	}
	if png := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/mullsjo.png", nil); png.Code != http.StatusOK || png.Body.Len() < 1000 {
		t.Errorf("the PNG download: %d, %d bytes", png.Code, png.Body.Len())
	}
}
