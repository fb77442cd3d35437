package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
	"github.com/kartlaggning/kartlaggning/store"
)

// listFlag collects a flag given several times (--unit a --unit b).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// runUser handles "user add": the way to make the first admin. The
// password is read from the terminal, or from standard input when that is
// not a terminal, never from a flag (flags show in the process list).
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("användning: kartlaggning user add --db FIL --email ADRESS --role admin|editor|manager|reader [--unit ID …]")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	email := fs.String("email", "", "the account's e-mail address")
	name := fs.String("name", "", "the account holder's name (optional)")
	role := fs.String("role", "", "admin, editor, manager or reader")
	var units listFlag
	fs.Var(&units, "unit", "a unit a manager answers for (repeat for several)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	u := kartlaggning.User{Email: *email, Name: *name, Role: *role, Units: units}
	if err := kartlaggning.ValidateUser(u); err != nil {
		return describe(err)
	}
	password, err := readPassword(stdin, stdout)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, u, hash); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "Kontot %s (%s) är skapat.\n", kartlaggning.NormaliseEmail(*email), *role)
	return nil
}

func readPassword(stdin io.Reader, stdout io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stdout, "Lösenord: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stdout, "Samma lösenord igen: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		if string(first) != string(second) {
			return "", errors.New("lösenorden är inte lika")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("inget lösenord på standard in")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// runToken handles "token create": prints a new API token once; only its
// hash is stored, so it cannot be shown again.
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("användning: kartlaggning token create --db FIL --role ROLL [--unit ID …] [--name NAMN]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	dbPath := fs.String("db", env("KARTLAGGNING_DB", "kartlaggning.db"), "database file")
	role := fs.String("role", "", "admin, editor, manager or reader")
	name := fs.String("name", "", "what the token is for")
	var units listFlag
	fs.Var(&units, "unit", "a unit a manager token answers for (repeat for several)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	secret, hash := auth.NewSecret("kl_")
	t := kartlaggning.Token{ID: fmt.Sprintf("%x", hash[:6]), Name: *name, Role: *role, Units: units, Created: time.Now().UTC()}
	if err := db.CreateToken(ctx, t, hash); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "%s\n", secret)
	fmt.Fprintf(stderr, "Token %s (%s) är skapad. Spara den nu: den visas inte igen.\n", t.ID, t.Role)
	return nil
}
