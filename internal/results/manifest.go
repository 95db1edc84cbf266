package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/presyn/presyn/internal/version"
)

// ManifestFile is the name of the manifest every run writes beside its results.
const ManifestFile = "config.json"

// Manifest records what produced a run's results: the resolved config, the seed, the
// presyn version and the BLAS backend. It is written before the run starts, so a
// reader can tell what a folder holds even if the run was killed.
type Manifest struct {
	Experiment string    `json:"experiment"` // e.g. "train", "energy", "perceptron"
	Config     any       `json:"config"`     // the resolved config, after overrides
	Overrides  []string  `json:"overrides,omitempty"`
	Seed       uint64    `json:"seed"`
	Version    string    `json:"presyn_version"`
	Backend    string    `json:"blas_backend,omitempty"` // the BLAS core in use, e.g. openblas/SkylakeX
	GoVersion  string    `json:"go_version"`
	Created    time.Time `json:"created"`
	// Seconds is the run's wall time, added when it finished (0 before, and in
	// runs made before it was recorded).
	Seconds float64 `json:"seconds,omitempty"`
}

// NewManifest fills in the version, Go version and creation time.
func NewManifest(experiment string, config any, seed uint64, backend string) Manifest {
	return Manifest{
		Experiment: experiment,
		Config:     config,
		Seed:       seed,
		Version:    version.String(),
		Backend:    backend,
		GoVersion:  runtime.Version(),
		Created:    time.Now().UTC().Truncate(time.Second),
	}
}

// Write stores the manifest in dir atomically.
func (m Manifest) Write(dir string) error {
	return WriteJSONAtomic(filepath.Join(dir, ManifestFile), m)
}

// ReadManifestConfig reads the manifest in dir and decodes its config into config.
func ReadManifestConfig(dir string, config any) (Manifest, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return Manifest{}, fmt.Errorf("results: %w", err)
	}
	var m Manifest
	var cfg json.RawMessage
	m.Config = &cfg
	if err := json.Unmarshal(raw, &m); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			// Not the bytes it met: a damaged file may hold anything.
			return Manifest{}, fmt.Errorf("results: %s is not valid JSON (at byte %d)", filepath.Join(dir, ManifestFile), syn.Offset)
		}
		return Manifest{}, fmt.Errorf("results: %s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if config != nil {
		if err := json.Unmarshal(cfg, config); err != nil {
			return Manifest{}, fmt.Errorf("results: %s: config: %w", filepath.Join(dir, ManifestFile), err)
		}
		m.Config = config
	}
	return m, nil
}

// PrepareOutDir makes sure dir exists and is writable, with an error that names it.
func PrepareOutDir(dir string) error {
	if dir == "" {
		return fmt.Errorf("results: no output folder given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("results: cannot create output folder %s: %w", dir, unwrapPathError(err))
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("results: output folder %s is not writable: %w", dir, unwrapPathError(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// unwrapPathError drops the path from an *os.PathError, which the caller names.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
