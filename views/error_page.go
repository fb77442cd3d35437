package views

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// errorPage is the Swedish page of an error: what happened, what the user
// can do about it, and the way back to the nearest page that exists.
type errorPage struct {
	page
	Status  int
	Message string
	Links   []crumb // from the nearest page up to the start page
	At      string  // when a server error happened, to quote when reporting it
	Denied  bool    // a 403 because of the account's role, not a refused form
}

func (s *Server) errorPage(c echo.Context, status int, message string) errorPage {
	p := errorPage{page: s.basePage(c, errorTitle(status)), Status: status, Message: message}
	// /editions/:year/:kind/… — link what exists of the path the user asked
	// for, and keep the edition's navigation.
	parts := strings.Split(strings.Trim(c.Request().URL.Path, "/"), "/")
	if len(parts) >= 2 && parts[0] == "editions" {
		if year, err := strconv.Atoi(parts[1]); err == nil {
			if info, err := s.editionInfo(c.Request().Context(), year); err == nil {
				p.Edition = info
				if len(parts) >= 3 {
					for _, k := range kartlaggning.Kinds {
						if string(k) == parts[2] {
							p.Section = parts[2]
							p.Links = append(p.Links, crumb{Label: fmt.Sprintf("Alla %s %d", strings.ToLower(k.Plural()), year), URL: joinPath("editions", year, k)})
						}
					}
				}
				p.Links = append(p.Links, crumb{Label: fmt.Sprintf("Kartläggningen %d", year), URL: joinPath("editions", year)})
			}
		}
	}
	p.Links = append(p.Links, crumb{Label: "Alla kartläggningar", URL: "/"})
	if status >= 500 {
		t := now()
		p.At = fmt.Sprintf("%s kl. %02d.%02d", swedishDate(t), t.Hour(), t.Minute())
	}
	return p
}
