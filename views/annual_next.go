package views

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// startNext copies an edition to the next year as a draft (see
// kartlaggning.NextEdition) and returns the new year.
func (s *Server) startNext(ctx context.Context, year int) (int, kartlaggning.Counts, error) {
	if _, _, err := s.Store.Edition(ctx, year+1); err == nil {
		return 0, kartlaggning.Counts{}, kartlaggning.Errorf(kartlaggning.ECONFLICT,
			"Det finns redan en kartläggning för %d. Ta bort den först om du vill starta om den från %d.", year+1, year)
	} else if kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		return 0, kartlaggning.Counts{}, err
	}
	doc, err := s.Store.Export(ctx, year)
	if err != nil {
		return 0, kartlaggning.Counts{}, err
	}
	next, err := kartlaggning.NextEdition(doc)
	if err != nil {
		return 0, kartlaggning.Counts{}, err
	}
	// Import refuses the year if someone else started it meanwhile.
	counts, err := s.Store.Import(ctx, next, false)
	return next.Edition.Year, counts, err
}

func (s *Server) handleEditionNext(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	next, _, err := s.startNext(c.Request().Context(), year)
	if err != nil {
		return err
	}
	return redirectWithFlash(c, joinPath("editions", next), fmt.Sprintf(
		"Kartläggningen för %d är startad från %d, med samma kommuner, organisationer, enheter och forum. "+
			"Påseendena är återställda och hållna möten tomma. Se över titel och period under ”Redigera uppgifter och texter”.", next, year))
}

func (s *Server) handleAPIEditionNext(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	next, counts, err := s.startNext(c.Request().Context(), year)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/editions/%d", next))
	return c.JSON(http.StatusCreated, map[string]any{"year": next, "counts": counts})
}
