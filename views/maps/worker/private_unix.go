//go:build unix

package worker

import (
	"fmt"
	"os"
	"syscall"
)

// privateDir creates dir (0700) if needed and checks that only this user
// can write there: the cache holds machine code that the worker runs.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// Lstat: a symbolic link could point anywhere.
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("%s belongs to user %d, not to this user (%d)", dir, st.Uid, os.Geteuid())
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("others may write to %s (mode %#o)", dir, perm)
	}
	return nil
}
