package kartlaggning

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The roles of user accounts and API tokens.
const (
	RoleAdmin   = "admin"   // users, backups, reopening published editions; everything an editor does
	RoleEditor  = "editor"  // the processutvecklare: everything in draft editions, publishing
	RoleManager = "manager" // an enhetschef: their units' own texts and review; reads everything
	RoleReader  = "reader"  // reads everything
)

// UserRoles lists the roles with their Swedish names.
var UserRoles = []Option{{RoleAdmin, "Administratör"}, {RoleEditor, "Redaktör (processutvecklare)"},
	{RoleManager, "Enhetschef"}, {RoleReader, "Läsare"}}

// User is an account. Passwords are not part of it: the store keeps only
// a hash, which never leaves the store and the login check.
type User struct {
	Email    string   `json:"email" validate:"required,email,max=254"`
	Name     string   `json:"name,omitempty" validate:"max=200"`
	Role     string   `json:"role" validate:"required,oneof=admin editor manager reader"`
	Units    []string `json:"units,omitempty" validate:"dive,required,slug"`
	Disabled bool     `json:"disabled,omitempty"`
}

// NormaliseEmail is the form an address is stored and looked up in.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateUser checks an account: a manager must be bound to a unit.
func ValidateUser(u User) error {
	fields := checkStruct(&u, "")
	if u.Role == RoleManager && len(u.Units) == 0 {
		fields = append(fields, FieldError{Path: "units", Message: "En enhetschef måste knytas till minst en enhet."})
	}
	if len(fields) > 0 {
		return invalid(fields)
	}
	return nil
}

// Principal is who makes a request: a signed-in user, a token, or nobody.
type Principal struct {
	Email string // "" for a token or an anonymous reader
	Role  string // "" when anonymous
	Units []string
	Token string // the token's id, when the request came with one
	// Session says the request came with a browser's session cookie: a
	// browser may send it from another site's page, so writes must prove
	// they come from ours.
	Session bool
}

// Anonymous reports whether nobody is signed in.
func (p Principal) Anonymous() bool { return p.Role == "" }

// Name says who the principal is, for the change log.
func (p Principal) Name() string {
	switch {
	case p.Email != "":
		return p.Email
	case p.Token != "":
		return "token:" + p.Token
	}
	return "anonym"
}

// Permission is what an action needs.
type Permission int

const (
	// Public actions need nobody: the login page, the health check.
	Public Permission = iota
	// Read needs a signed-in user of any role (or, with public reading
	// switched on, an anonymous reader of a published edition).
	Read
	// UnitText needs an editor, or a manager bound to the unit: a unit's
	// own texts and its answer to the review.
	UnitText
	// Edit needs an editor or an admin.
	Edit
	// Admin needs an admin.
	Admin
	// Manage needs an editor or an admin, or a manager of any unit: what
	// is about the units' own answers (proposals from enkätsvar), which a
	// reader does not see and the handler narrows to a manager's units.
	Manage
)

// Allows reports whether the principal may do an action that needs perm;
// unit is the unit the action is about, for UnitText.
func (p Principal) Allows(perm Permission, unit string) bool {
	switch perm {
	case Public:
		return true
	case Read:
		return !p.Anonymous()
	case UnitText:
		return p.Role == RoleEditor || p.Role == RoleAdmin || (p.Role == RoleManager && slices.Contains(p.Units, unit))
	case Edit:
		return p.Role == RoleEditor || p.Role == RoleAdmin
	case Admin:
		return p.Role == RoleAdmin
	case Manage:
		return p.Role == RoleEditor || p.Role == RoleAdmin || p.Role == RoleManager
	}
	return false
}

// ManagerEdit returns the unit a manager may save: the stored unit with
// only the fields their role allows taken from the edited one, so that a
// form or request cannot change the rest.
func ManagerEdit(stored, edited *Unit) *Unit {
	out := *stored
	out.Description = edited.Description
	out.TargetGroups = edited.TargetGroups
	out.WorksWell = edited.WorksWell
	out.NeedsDevelopment = edited.NeedsDevelopment
	out.Wishes = edited.Wishes
	return &out
}

type actorKey struct{}

// WithActor returns a context that says who is acting, for the change log.
func WithActor(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, actorKey{}, p)
}

type sourceKey struct{}

// WithSource returns a context that says where a write comes from when
// it is not the actor's own typing, e.g. "enkätsvar: Chefsenkät 2019, AME
// Vaggeryd": the change log keeps it beside the actor, so that a reader
// of the log can tell an accepted answer from a hand edit.
func WithSource(ctx context.Context, source string) context.Context {
	return context.WithValue(ctx, sourceKey{}, source)
}

// SourceOf returns the source of the writes in ctx; "" when nobody said.
func SourceOf(ctx context.Context) string {
	s, _ := ctx.Value(sourceKey{}).(string)
	return s
}

// ActorOf returns who is acting in ctx; "system" when nobody said.
func ActorOf(ctx context.Context) string {
	if p, ok := ctx.Value(actorKey{}).(Principal); ok {
		return p.Name()
	}
	return "system"
}

// Forbidden is the error for a principal that may not do something.
func Forbidden(what string) *Error {
	return Errorf(EFORBIDDEN, "Du har inte behörighet att %s.", what)
}

// Unauthorized is the error for a request without valid credentials.
func Unauthorized() *Error {
	return Errorf(EUNAUTHORIZED, "Du behöver logga in.")
}

// Token is an API token: a role (and units, for a manager) without a
// user. Only a hash of its secret is stored; the secret is shown once.
type Token struct {
	ID      string    `json:"id"`
	Name    string    `json:"name,omitempty"`
	Role    string    `json:"role"`
	Units   []string  `json:"units,omitempty"`
	Created time.Time `json:"created"`
	Revoked bool      `json:"revoked,omitempty"`
}

// Accounts keeps users, their sessions and API tokens. Secrets never
// reach it: it stores the hashes the views compute.
type Accounts interface {
	// CreateUser adds an account with a password hash (ECONFLICT if the
	// address is taken).
	CreateUser(ctx context.Context, u User, passwordHash []byte) error
	// CreateFirstUser adds the installation's first account, an admin, in
	// one transaction with the check that there is no account yet:
	// ECONFLICT if any account exists, so that of several concurrent
	// first-run requests exactly one succeeds.
	CreateFirstUser(ctx context.Context, u User, passwordHash []byte) error
	// UpdateUser replaces an account's details; the password stays.
	UpdateUser(ctx context.Context, u User) error
	// SetPassword replaces an account's password hash and ends its sessions.
	SetPassword(ctx context.Context, email string, passwordHash []byte) error
	// DeleteUser removes an account and its sessions.
	DeleteUser(ctx context.Context, email string) error
	// Users lists the accounts by address.
	Users(ctx context.Context) ([]User, error)
	// User returns an account and its password hash (ENOTFOUND if none).
	User(ctx context.Context, email string) (User, []byte, error)

	// CreateSession records a signed-in session under the hash of its id.
	CreateSession(ctx context.Context, idHash []byte, email string, now time.Time) error
	// Session returns the user of a session that has been used within
	// idle, and marks it used now; EUNAUTHORIZED when there is none.
	Session(ctx context.Context, idHash []byte, now time.Time, idle time.Duration) (User, error)
	// DeleteSession ends a session.
	DeleteSession(ctx context.Context, idHash []byte) error

	// CreateToken records a token under the hash of its secret.
	CreateToken(ctx context.Context, t Token, secretHash []byte) error
	// TokenBySecret returns the token whose secret hashes to secretHash;
	// EUNAUTHORIZED when there is none or it is revoked.
	TokenBySecret(ctx context.Context, secretHash []byte) (Token, error)
	// Tokens lists every token, newest first.
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken makes a token useless for good.
	RevokeToken(ctx context.Context, id string) error
}

// PrincipalOf returns who is acting in ctx (see WithActor); anonymous
// when nobody said.
func PrincipalOf(ctx context.Context) Principal {
	p, _ := ctx.Value(actorKey{}).(Principal)
	return p
}
