package kartlaggning

import (
	"errors"
	"fmt"
)

// Error codes. They are also the codes of the API's JSON errors; the views
// map them to HTTP statuses in one place.
const (
	EINVALID      = "invalid"                // the input breaks a rule (422)
	EMALFORMED    = "malformed"              // the input cannot be read at all (400, shown as "invalid")
	ENOTFOUND     = "not_found"              // 404
	ECONFLICT     = "conflict"               // exists already, or is referred to (409)
	EPRECONDITION = "precondition_failed"    // the version the client had is stale (412)
	ETOOLARGE     = "too_large"              // 413
	EUNSUPPORTED  = "unsupported_media_type" // the body is not of a type the call reads (415)
	EUNAUTHORIZED = "unauthorized"           // no valid credentials (401)
	EFORBIDDEN    = "forbidden"              // credentials that do not allow this (403)
	ESTORAGE      = "storage"                // the disk refused the write (full, read-only); nothing was saved (507)
	EINTERNAL     = "internal"               // 500
	EUNAVAILABLE  = "unavailable"            // busy or failed for now: try again later (503)
)

// Error is an error a user can act on: its Message is Swedish and fit to
// show, and Fields says which inputs are wrong.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// Referrers lists who refers to an entity that could not be deleted.
	Referrers []Referrer
}

// FieldError is a problem with one field; Path is the JSON path in the
// document or request body ("forums[3].members[0].unit").
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Referrer is an entity that refers to another through a field.
type Referrer struct {
	Kind  Kind   `json:"kind"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	Field string `json:"field"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	return fmt.Sprintf("%s (%s: %s)", e.Message, e.Fields[0].Path, e.Fields[0].Message)
}

// Errorf returns an *Error with the code and a formatted Swedish message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors
// get a generic message so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Ett internt fel inträffade."
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
