package views

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// defaultOverlapMin is the Jaccard threshold when none is asked for: at
// least half of the two forums' members in common.
const defaultOverlapMin = 0.5

// overlapMin reads the min query parameter: a number from 0 to 1, with a
// decimal point or a Swedish decimal comma.
func overlapMin(c echo.Context) (float64, error) { return overlapMinOr(c, defaultOverlapMin) }

// overlapMinOr is overlapMin with another default: overlap groups need a
// stricter one than pairs (kartlaggning.DefaultGroupMin).
func overlapMinOr(c echo.Context, def float64) (float64, error) {
	raw := strings.TrimSpace(c.QueryParam("min"))
	if raw == "" {
		return def, nil
	}
	v, err := strconv.ParseFloat(strings.Replace(raw, ",", ".", 1), 64)
	if err != nil || !(v >= 0 && v <= 1) { // NaN is neither
		msg := fmt.Sprintf("Gränsen min måste vara ett tal från 0 till 1, t.ex. 0,5 (fick %q).", raw)
		return 0, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: msg,
			Fields: []kartlaggning.FieldError{{Path: "min", Message: msg}}}
	}
	return v, nil
}

// parseDay reads a date from a filter (YYYY-MM-DD); empty means none.
func parseDay(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", v, time.Local)
	if err != nil {
		return t, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: "Datumet ska skrivas ÅÅÅÅ-MM-DD.",
			Fields: []kartlaggning.FieldError{{Path: name, Message: "Datumet ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2019-03-01."}}}
	}
	return t, nil
}

// readBody reads at most limit bytes of the request body.
func readBody(c echo.Context, limit int64) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, kartlaggning.Errorf(kartlaggning.ETOOLARGE, "Innehållet är för stort: högst %d MiB.", limit>>20)
	}
	var he *echo.HTTPError // from the BodyLimit middleware
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		return nil, kartlaggning.Errorf(kartlaggning.ETOOLARGE, "Innehållet är för stort: högst %d MiB.", limit>>20)
	}
	return data, err
}

// decodeBody reads a JSON body into v with the domain's strict decoder.
//
// The body must say it is JSON: a browser sends a body without that
// type from any page (a "simple" request needs no permission), so a
// missing or other type is refused rather than read as JSON.
func decodeBody(c echo.Context, limit int64, v any) error {
	if !hasMediaType(c, echo.MIMEApplicationJSON) {
		return kartlaggning.Errorf(kartlaggning.EUNSUPPORTED,
			"Innehållet måste skickas som JSON med Content-Type: application/json (fick %q).", c.Request().Header.Get(echo.HeaderContentType))
	}
	data, err := readBody(c, limit)
	if err != nil {
		return err
	}
	return kartlaggning.DecodeJSON(data, v)
}

// yearParam parses the :year path parameter.
func yearParam(c echo.Context) (int, error) {
	y, err := parseYear(c.Param("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen kartläggning för år %q.", c.Param("year"))
	}
	return y, nil
}

func etag(version int64) string { return fmt.Sprintf(`"%d"`, version) }

// ifMatch returns the version the client had (If-Match), or AnyVersion
// when the header is absent or "*".
func ifMatch(c echo.Context) (int64, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return kartlaggning.AnyVersion, nil
	}
	h = strings.TrimPrefix(h, "W/")
	v, err := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
	if err != nil || v < 1 {
		return 0, kartlaggning.Errorf(kartlaggning.EPRECONDITION, "If-Match %q är inte en version som servern har gett ut.", h)
	}
	return v, nil
}

func entityParams(c echo.Context) (int, kartlaggning.Kind, error) {
	year, err := yearParam(c)
	if err != nil {
		return 0, "", err
	}
	kind, err := kartlaggning.ParseKind(c.Param("kind"))
	return year, kind, err
}

// isXLSX tells a workbook from JSON by its content type.
func isXLSX(c echo.Context) bool { return hasMediaType(c, exports.XLSXContentType) }

// hasMediaType reports whether the request's Content-Type is want,
// parameters (a charset) aside: "application/jsonfoo" is not JSON.
func hasMediaType(c echo.Context, want string) bool {
	mt, _, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	return err == nil && mt == want
}

// zipMagic starts every .xlsx file (a zip archive).
var zipMagic = []byte("PK\x03\x04")

// decodeUpload reads an uploaded file: an Excel workbook by its name or
// its first bytes, else a kartlaggning/v1 document.
func decodeUpload(name string, data []byte) (*kartlaggning.Document, error) {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") || bytes.HasPrefix(data, zipMagic) {
		return exports.ReadXLSX(bytes.NewReader(data))
	}
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// otherYearParam parses the :other path parameter: the edition compared
// with.
func otherYearParam(c echo.Context) (int, error) {
	y, err := parseYear(c.Param("other"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen kartläggning för år %q att jämföra med.", c.Param("other"))
	}
	return y, nil
}

// parseYear reads a year written as a person writes it: four digits, no
// sign and no leading zero ("+2019" and "02019" are not addresses of 2019).
func parseYear(s string) (int, error) {
	if len(s) != 4 || s[0] < '1' || s[0] > '9' {
		return 0, strconv.ErrSyntax
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

// boolParam reads a yes/no query parameter: absent, "false" or "0" is no;
// "true", "1" or "on" (a checked checkbox) is yes. Anything else names
// the parameter in a 400, so that a typo does not silently mean no.
func boolParam(c echo.Context, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(c.QueryParam(name))) {
	case "", "false", "0":
		return false, nil
	case "true", "1", "on":
		return true, nil
	}
	msg := fmt.Sprintf("Parametern %s kan vara true eller false (fick %q).", name, c.QueryParam(name))
	return false, &kartlaggning.Error{Code: kartlaggning.EMALFORMED, Message: msg,
		Fields: []kartlaggning.FieldError{{Path: name, Message: msg}}}
}
