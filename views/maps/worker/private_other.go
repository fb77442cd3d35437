//go:build !unix

package worker

import "errors"

// privateDir cannot check ownership here, so the cache is not used.
func privateDir(string) error {
	return errors.New("a private cache directory cannot be checked on this system")
}
