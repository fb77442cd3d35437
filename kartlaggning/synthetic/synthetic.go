// Package synthetic makes the deterministic synthetic editions that scale tests
// and benchmarks use. It is for tests only: it runs the generator script
// beside the project, which an installed service does not have.
package synthetic

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// ErrNoGenerator says that the synthetic editions cannot be made here:
// the generator (shared/tools/gen-synthetic.py beside the project) or
// python3 is missing. Tests skip on it, saying why.
var ErrNoGenerator = errors.New("the synthetic editions need python3 and shared/tools/gen-synthetic.py beside the project")

// Edition makes a deterministic synthetic edition of a preset (small,
// large, national) with the project's generator, for scale tests and
// benchmarks.
func Edition(preset string, year int) (*kartlaggning.Document, error) {
	_, here, _, _ := runtime.Caller(0)
	gen := filepath.Join(filepath.Dir(here), "..", "..", "..", "shared", "tools", "gen-synthetic.py")
	if _, err := os.Stat(gen); err != nil {
		return nil, fmt.Errorf("%w (no %s)", ErrNoGenerator, gen)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		return nil, fmt.Errorf("%w (no python3)", ErrNoGenerator)
	}
	data, err := exec.Command(python, gen, "--preset", preset, "--year", fmt.Sprint(year)).Output()
	if err != nil {
		return nil, fmt.Errorf("%s --preset %s: %w", gen, preset, err)
	}
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

var indexes sync.Map // "preset/year" → *kartlaggning.Index

// Index is Edition indexed, made once per preset and year in a
// process: benchmarks share it and must not change it.
func Index(preset string, year int) (*kartlaggning.Index, error) {
	key := fmt.Sprintf("%s/%d", preset, year)
	if x, ok := indexes.Load(key); ok {
		return x.(*kartlaggning.Index), nil
	}
	doc, err := Edition(preset, year)
	if err != nil {
		return nil, err
	}
	x, _ := indexes.LoadOrStore(key, kartlaggning.NewIndex(doc))
	return x.(*kartlaggning.Index), nil
}
