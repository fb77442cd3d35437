package views

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// statusOf maps domain error codes to HTTP statuses; this is the only place.
var statusOf = map[string]int{
	kartlaggning.EINVALID:      http.StatusUnprocessableEntity,
	kartlaggning.EMALFORMED:    http.StatusBadRequest,
	kartlaggning.ENOTFOUND:     http.StatusNotFound,
	kartlaggning.ECONFLICT:     http.StatusConflict,
	kartlaggning.EPRECONDITION: http.StatusPreconditionFailed,
	kartlaggning.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	kartlaggning.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	kartlaggning.EUNAUTHORIZED: http.StatusUnauthorized,
	kartlaggning.EFORBIDDEN:    http.StatusForbidden,
	kartlaggning.ESTORAGE:      http.StatusInsufficientStorage,
	kartlaggning.EINTERNAL:     http.StatusInternalServerError,
	kartlaggning.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// retryAfter is the Retry-After of a 503, in seconds: long enough for a
// map worker to be replaced.
const retryAfter = "5"

// codeOf is the API code for statuses that come from Echo itself.
var codeOf = map[int]string{
	http.StatusBadRequest:            "invalid",
	http.StatusNotFound:              kartlaggning.ENOTFOUND,
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusForbidden:             "forbidden",
	http.StatusRequestEntityTooLarge: kartlaggning.ETOOLARGE,
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
}

// swedish is the message for statuses that come from Echo itself.
var swedish = map[int]string{
	http.StatusBadRequest:            "Förfrågan kunde inte läsas.",
	http.StatusNotFound:              "Sidan finns inte.",
	http.StatusMethodNotAllowed:      "Metoden är inte tillåten här.",
	http.StatusForbidden:             "Förfrågan nekades (ogiltig eller saknad CSRF-token; ladda om sidan och försök igen).",
	http.StatusRequestEntityTooLarge: "Innehållet är för stort: högst 32 MiB för en import och 1 MiB annars.",
	http.StatusUnsupportedMediaType:  "Innehållstypen stöds inte.",
}

type apiError struct {
	Code      string                    `json:"code"`
	Message   string                    `json:"message"`
	Fields    []kartlaggning.FieldError `json:"fields,omitempty"`
	Referrers []kartlaggning.Referrer   `json:"referrers,omitempty"`
}

// toAPIError turns any error into its status and JSON body.
func toAPIError(err error) (int, apiError) {
	if e, ok := kartlaggning.AsError(err); ok {
		code := e.Code
		if code == kartlaggning.EMALFORMED {
			code = kartlaggning.EINVALID
		}
		status, ok := statusOf[e.Code]
		if !ok {
			status = http.StatusInternalServerError
		}
		return status, apiError{Code: code, Message: e.Message, Fields: e.Fields, Referrers: e.Referrers}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code, ok := codeOf[he.Code]
		if !ok {
			code = kartlaggning.EINTERNAL
		}
		msg, ok := swedish[he.Code]
		if !ok {
			msg = http.StatusText(he.Code)
		}
		return he.Code, apiError{Code: code, Message: msg}
	}
	return http.StatusInternalServerError, apiError{Code: kartlaggning.EINTERNAL, Message: kartlaggning.ErrorMessage(err)}
}

// handleError is Echo's HTTPErrorHandler: JSON for the API, a Swedish
// page for people. Only internal errors are logged with their detail.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := toAPIError(err)
	if status >= 500 {
		s.Logger.Error("internal error", "uri", redactURI(c.Request().RequestURI), "error", err)
	}
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", retryAfter)
	}
	if wantsJSON(c) {
		err = c.JSON(status, map[string]apiError{"error": body})
	} else {
		p := s.errorPage(c, status, body.Message)
		p.Denied = kartlaggning.ErrorCode(err) == kartlaggning.EFORBIDDEN
		err = c.Render(status, "error", p)
	}
	if err != nil {
		s.Logger.Error("writing error response", "error", err)
	}
}

// formStatus is the status of a form shown again with the errors of err
// beside its fields: 422 for broken rules, 409 for a taken id, and so on.
func formStatus(err error) int {
	if status, ok := statusOf[kartlaggning.ErrorCode(err)]; ok {
		return status
	}
	return http.StatusUnprocessableEntity
}

func wantsJSON(c echo.Context) bool {
	r := c.Request()
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return true
	}
	accept := r.Header.Get(echo.HeaderAccept)
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

func errorTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Sidan finns inte"
	case http.StatusForbidden:
		return "Åtkomst nekad"
	case http.StatusConflict:
		return "Det gick inte att genomföra"
	case http.StatusPreconditionFailed:
		return "Någon annan har ändrat uppgifterna"
	}
	if status >= 500 {
		return "Något gick fel"
	}
	return "Felaktig förfrågan"
}

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
		t := s.now()
		p.At = fmt.Sprintf("%s kl. %02d.%02d", swedishDate(t), t.Hour(), t.Minute())
	}
	return p
}
