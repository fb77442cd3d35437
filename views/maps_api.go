package views

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// mapTypes are the files a map comes as.
var mapTypes = map[string]string{
	"svg": "image/svg+xml",
	"png": "image/png",
	"dot": "text/vnd.graphviz; charset=utf-8",
}

// handleMapFile serves /maps/{view}.{svg|png|dot} and
// /maps/{view}/{id}.{svg|png|dot}; view is "" for the first form, where
// the file's name is the view.
func (s *Server) handleMapFile(route kartlaggning.MapView) echo.HandlerFunc {
	return func(c echo.Context) error {
		view := route
		name, ext, ok := strings.Cut(c.Param("file"), ".")
		if _, known := mapTypes[ext]; !ok || !known {
			return kartlaggning.Errorf(kartlaggning.ENOTFOUND,
				"Okänt kartformat %q: ange .svg, .png eller .dot sist i adressen.", c.Param("file"))
		}
		id := name
		if view == "" {
			switch v := kartlaggning.MapView(name); v {
			case kartlaggning.MapOverview, kartlaggning.MapUnits:
				view, id = v, ""
			default:
				return kartlaggning.Errorf(kartlaggning.ENOTFOUND,
					"Det finns ingen karta %q. Kartorna heter overview, units, municipality/{id}, unit/{id} och forum/{id}.", name)
			}
		}
		m, err := s.readMapQuery(c, view, id)
		if err != nil {
			return err
		}
		var data []byte
		if ext == "dot" {
			data, err = s.mapDOT(m)
		} else {
			data, err = s.mapImage(c.Request().Context(), m, maps.Format(ext))
		}
		if err != nil {
			return err
		}
		return sendMapFile(c, m.key(ext), ext, mapFileName(m, ext), data)
	}
}

// sendMapFile answers with a drawn map: an ETag from its cache key (the
// key names the revision, so it changes with the data), 304 when the
// client has it, and a file name when it is a download.
func sendMapFile(c echo.Context, key, ext, filename string, data []byte) error {
	h := c.Response().Header()
	sum := sha256.Sum256([]byte(key))
	tag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h.Set("ETag", tag)
	h.Set("Cache-Control", "no-cache")
	if c.Request().Header.Get("If-None-Match") == tag {
		return c.NoContent(http.StatusNotModified)
	}
	if c.QueryParam("download") != "" {
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	}
	return c.Blob(http.StatusOK, mapTypes[ext], data)
}

// mapFileName is what a downloaded map is saved as:
// samverkanskarta-2019-municipality-mullsjo.svg.
func mapFileName(m mapQuery, ext string) string {
	parts := []string{"samverkanskarta", fmt.Sprint(m.year), string(m.req.View)}
	for _, p := range []string{m.req.ID, m.req.Municipality} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "-") + "." + ext
}
