// Command kartlaggning runs the service and its maintenance tasks:
//
//	kartlaggning [serve] [--addr localhost:8080] [--db kartlaggning.db] [--empty] [--public-read] [--map-cache DIR]
//	kartlaggning import FILE [--db kartlaggning.db] [--replace]
//	kartlaggning export --year N [--db kartlaggning.db]
//	kartlaggning backup --db kartlaggning.db OUT
//	kartlaggning restore BACKUP --db kartlaggning.db
//
// Flags fall back to the environment (KARTLAGGNING_ADDR, KARTLAGGNING_DB,
// KARTLAGGNING_MAP_CACHE).
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kartlaggning:", err)
		os.Exit(1)
	}
}

// Run executes one command; main only wires it to the process.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	switch cmd {
	case "serve":
		return runServe(ctx, args, logger)
	case "import":
		return runImport(ctx, args, stdout)
	case "export":
		return runExport(ctx, args, stdout)
	case "user":
		return runUser(ctx, args, os.Stdin, stdout)
	case "token":
		return runToken(ctx, args, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, stdout)
	case "restore":
		return runRestore(ctx, args, stdout)
	case "publish", "reopen":
		return runSetStatus(ctx, cmd, args, stdout)
	case "render-worker": // hidden: started by the map render pool
		return runRenderWorker()
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("okänt kommando %q\n\n%s", cmd, usage)
}

const usage = `Användning:
  kartlaggning [serve] [--addr localhost:8080] [--db kartlaggning.db] [--empty] [--public-read] [--contact E-POST|URL] [--map-cache MAPP]
  kartlaggning import FIL.json|FIL.xlsx [--db kartlaggning.db] [--replace]
  kartlaggning export --year ÅR [--db kartlaggning.db]
  kartlaggning user add --db kartlaggning.db --email ADRESS --role admin|editor|manager|reader [--unit ID …]
  kartlaggning token create --db kartlaggning.db --role ROLL [--unit ID …] [--name NAMN]
  kartlaggning backup --db kartlaggning.db KOPIA
  kartlaggning restore KOPIA --db kartlaggning.db
  kartlaggning publish --year ÅR [--db kartlaggning.db]
  kartlaggning reopen --year ÅR [--db kartlaggning.db]
`

// env returns the environment variable's value, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// envBool reads a yes/no setting from the environment ("true", "1").
func envBool(name string) bool {
	v, _ := strconv.ParseBool(os.Getenv(name))
	return v
}
