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
		return sendMapFile(c, m.key(ext), ext, mapFileName(m, ext), data)
	}
}
