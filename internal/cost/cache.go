package cost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/presyn/presyn/internal/results"
)

// CacheFile is where Cached keeps calibrations, under the user's cache folder
// (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache on Linux).
const CacheFile = "presyn/calibration.json"

// Cached returns this machine's calibration: the one kept in the cache when
// it was made on this machine by this presyn (Matches), else a new one
// (Calibrate), which it keeps. recalibrate calibrates anew whatever the cache
// holds. fresh says the calibration was made now. A cache that cannot be read
// or written only costs the calibration's seconds.
func Cached(ctx context.Context, recalibrate bool) (m Machine, fresh bool, err error) {
	path := cachePath()
	here := Current()
	kept, _ := readCache(path)
	if !recalibrate {
		for _, c := range kept {
			if c.Matches(here) {
				return c, false, nil
			}
		}
	}
	if m, err = Calibrate(ctx); err != nil {
		return Machine{}, false, err
	}
	if path != "" {
		others := []Machine{m}
		for _, c := range kept {
			if !c.Matches(here) {
				others = append(others, c)
			}
		}
		_ = os.MkdirAll(filepath.Dir(path), 0o755)
		_ = results.WriteJSONAtomic(path, others)
	}
	return m, true, nil
}

// Kept returns the calibration the cache holds for this machine and this
// presyn, if any: what Cached returns without calibrating.
func Kept() (Machine, bool) {
	kept, _ := readCache(cachePath())
	here := Current()
	for _, c := range kept {
		if c.Matches(here) {
			return c, true
		}
	}
	return Machine{}, false
}

// cachePath is the cache file, or "" where the user has no cache folder.
func cachePath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, filepath.FromSlash(CacheFile))
}

// readCache reads the calibrations kept at path.
func readCache(path string) ([]Machine, error) {
	if path == "" {
		return nil, errors.New("no cache folder")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ms []Machine
	return ms, json.Unmarshal(raw, &ms)
}

// Load reads a calibration from a file, as presyn bench --calibrate --json
// prints it: to predict for another machine than this one.
func Load(path string) (Machine, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Machine{}, err
	}
	var m Machine
	if err := json.Unmarshal(raw, &m); err != nil {
		return Machine{}, fmt.Errorf("%s: not a calibration: %w", path, err)
	}
	if len(m.Rates) == 0 {
		return Machine{}, fmt.Errorf("%s: not a calibration: it has no rates", path)
	}
	return m, nil
}
