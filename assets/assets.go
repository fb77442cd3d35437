// Package assets embeds the style sheets, scripts and images the pages
// use. The service works offline: nothing is loaded from elsewhere.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
)

//go:embed css js fonts img
var files embed.FS

// FS holds the assets, with paths like "css/app.css".
var FS fs.FS = files

// sums maps each asset to a short hash of its content, computed once.
var sums = func() map[string]string {
	m := map[string]string{}
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		m[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return m
}()

// URL returns the address of an asset with its checksum in the query, so
// that it can be cached for a year and still change on every release.
func URL(name string) string {
	return path.Join("/assets", name) + "?v=" + sums[name]
}

// Sum returns an asset's checksum, "" if there is no such asset.
func Sum(name string) string { return sums[name] }
