package views

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// handleMapFile serves /maps/{view}.{svg|png|dot} and
// /maps/{view}/{id}.{svg|png|dot}; view is "" for the first form, where
// the file's name is the view.
func (s *Server) handleMapFile(fixed kartlaggning.MapView) echo.HandlerFunc {
	return func(c echo.Context) error {
		view := fixed
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
		if m.a4 && ext != "dot" {
			svg := data
			if ext != "svg" {
				if svg, err = s.mapImage(c.Request().Context(), m, maps.SVG); err != nil {
					return err
				}
			}
			sheet, err := parseSheet(c.QueryParam("blad"))
			if err != nil {
				return err
			}
			sized := a4SVG(svg)
			var pngData []byte
			if ext == "png" {
				pngData = a4PNG(data, svgWidthPt(sized))
			}
			svg, pngData, err = a4Sheet(sized, pngData, sheet)
			if err != nil {
				return err
			}
			data = map[bool][]byte{true: svg, false: pngData}[ext == "svg"]
			if sheet > 0 {
				name := mapFileName(m, ext)
				name = strings.TrimSuffix(name, "."+ext) + "-ark-" + c.QueryParam("blad") + "." + ext
				return sendMapFile(c, m.key(ext)+"|"+c.QueryParam("blad"), ext, name, data)
			}
		}
		return sendMapFile(c, m.key(ext), ext, mapFileName(m, ext), data)
	}
}
