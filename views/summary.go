package views

import (
	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func (s *Server) handleSummaryPage(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		l, err := s.editionOf(c)
		if err != nil {
			return "", nil, err
		}
		year := l.year
		x := l.x
		sum, err := x.Summarise(c.Param("id"))
		if err != nil {
			return "", nil, err
		}
		m := sum.Municipality
		title := "Sammanställning för " + m.Name
		p, _, err := s.editionPage(c, title, crumb{Label: kartlaggning.Municipalities.Plural(), URL: joinPath("editions", year, kartlaggning.Municipalities)},
			crumb{Label: m.Name, URL: entityURL(year, kartlaggning.Municipalities, m.ID)}, crumb{Label: "Sammanställning"})
		if err != nil {
			return "", nil, err
		}
		return "summary", summaryData(p, l, sum), nil
	})
}
