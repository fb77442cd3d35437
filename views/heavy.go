package views

import (
	"runtime"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Heavy work (the printed report, the metrics of a large edition, the
// exports and imports of whole editions) takes seconds and hundreds of
// megabytes for a national edition. Any reader may ask for it (anyone,
// with --public-read), so it runs at most a few at a time: a request
// that finds no free slot within heavyWait is told to come back, and the
// service stays up for everybody else.

// defaultHeavyWait is how long a request waits for a slot before the 503.
const defaultHeavyWait = 10 * time.Second

// defaultHeavySlots is one slot per core, between 1 and 4.
func defaultHeavySlots() int { return min(max(runtime.NumCPU(), 1), 4) }

// heavy runs h in one of the slots of heavy work.
func (s *Server) heavy(h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		release, err := s.acquire(c, s.heavySlots)
		if err != nil {
			return err
		}
		defer release()
		return h(c)
	}
}

// acquire takes one of slots, waiting at most heavyWait.
func (s *Server) acquire(c echo.Context, slots chan struct{}) (release func(), err error) {
	timer := time.NewTimer(s.heavyWait)
	defer timer.Stop()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-timer.C:
		return nil, kartlaggning.Errorf(kartlaggning.EUNAVAILABLE,
			"Tjänsten arbetar redan med andra stora uppgifter (rapporter, exporter, importer). Försök igen om en stund.")
	case <-c.Request().Context().Done():
		return nil, c.Request().Context().Err()
	}
}
