package views

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The network as a whole (kartlaggning.Network): how dense the actor
// graph is, whether it hangs together, and which actors and ties it
// hangs on, for the edition or one municipality's part of it.

func (s *Server) handleAPINetwork(c echo.Context) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	n, err := l.x.Network(c.QueryParam("municipality"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}

// maxNetworkRows bounds each list on the page (a national edition has
// thousands of isolated actors); the API has them all.
const maxNetworkRows = 300

type networkBridge struct{ A, B link }

type networkPage struct {
	page
	Year           int
	Municipality   string
	Name           string // the municipality's name, empty for the edition
	Municipalities []kartlaggning.Option
	Actors, Ties   string
	Density        string
	DensityPercent string
	AverageDegree  string
	Centralization string
	Components     string
	Isolates       []link
	IsolatesTotal  string
	Articulation   []link
	ArticTotal     string
	Bridges        []networkBridge
	BridgesTotal   string
	Truncated      bool
	APIURL         string
}

func (s *Server) handleNetworkPage(c echo.Context) error {
	return s.cachedPage(c, func() (string, any, error) {
		year, err := yearParam(c)
		if err != nil {
			return "", nil, err
		}
		p, _, err := s.editionPage(c, "Nätverket som helhet", analysisCrumb(year), crumb{Label: "Nätverket som helhet"})
		if err != nil {
			return "", nil, err
		}
		l, err := s.edition(c.Request().Context(), year)
		if err != nil {
			return "", nil, err
		}
		municipality := c.QueryParam("municipality")
		n, err := l.x.Network(municipality)
		if err != nil {
			return "", nil, err
		}
		data := networkPage{page: p, Year: year, Municipality: municipality, APIURL: "/api/v1" + joinPath("editions", year, "network"),
			Actors: swedishNumber(n.Actors), Ties: swedishNumber(n.Ties), Density: swedishDecimal(n.Density, 3),
			DensityPercent: swedishPercent(n.Density), AverageDegree: swedishDecimal(n.AverageDegree, 1),
			Centralization: swedishDecimal(n.Centralization, 2), Components: swedishNumber(n.Components),
			IsolatesTotal: swedishNumber(len(n.Isolates)), ArticTotal: swedishNumber(len(n.ArticulationPoints)),
			BridgesTotal: swedishNumber(len(n.Bridges))}
		if m := l.x.Municipalities[municipality]; m != nil {
			data.Name = m.Name
			data.Title = "Nätverket i " + m.Name
			data.APIURL += "?municipality=" + url.QueryEscape(municipality)
		}
		for _, m := range l.x.Doc.Municipalities {
			data.Municipalities = append(data.Municipalities, kartlaggning.Option{Value: m.ID, Label: m.Name})
		}
		sortOptions(data.Municipalities)
		data.Isolates, data.Truncated = actorLinks(l, n.Isolates, maxNetworkRows)
		var cut bool
		data.Articulation, cut = actorLinks(l, n.ArticulationPoints, maxNetworkRows)
		data.Truncated = data.Truncated || cut
		for i, b := range n.Bridges {
			if i == maxNetworkRows {
				data.Truncated = true
				break
			}
			data.Bridges = append(data.Bridges, networkBridge{A: l.member(b[0].Ref()), B: l.member(b[1].Ref())})
		}
		return "analysis_network", data, nil
	})
}
