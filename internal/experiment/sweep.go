package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/progress"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/version"
)

// ExperimentFile marks a results folder with the experiment that owns it, so that
// one experiment never resumes from another's runs.
const ExperimentFile = "experiment.json"

type experimentMarker struct {
	Experiment string `json:"experiment"`
	Version    string `json:"presyn_version"`
}

// sweepRun is one training run of a sweep, in DIR/runs/<ID>.
type sweepRun struct {
	ID     string
	Config config.Train
	Seed   uint64
}

// sweep is a set of training runs sharing a results folder. Finished runs are
// never redone: each is built in a partial folder and renamed into place when
// complete, so a killed sweep resumes with only the unfinished runs.
type sweep struct {
	Experiment string // names the folder's owner, e.g. "energy"
	Dir        string
	Runs       []sweepRun
	Workers    int
	DataDir    string
	Progress   io.Writer
}

func (s sweep) runDirs() results.RunDirs { return results.RunDirs{Root: filepath.Join(s.Dir, "runs")} }

// check returns an error if the folder holds another experiment's results, or
// finished runs whose settings differ from the planned ones (resuming would mix
// them). Both are the user's to fix, by another --out.
func (s sweep) check() error {
	raw, err := os.ReadFile(filepath.Join(s.Dir, ExperimentFile))
	if err == nil {
		var m experimentMarker
		if err := json.Unmarshal(raw, &m); err != nil || m.Experiment != s.Experiment {
			return fmt.Errorf("%s: --out %s holds results of another experiment (%q); choose another folder", s.Experiment, s.Dir, m.Experiment)
		}
	} else if entries, _ := os.ReadDir(s.Dir); len(entries) > 0 {
		return fmt.Errorf("%s: --out %s is not empty and holds no %s results; choose another folder", s.Experiment, s.Dir, s.Experiment)
	}
	dirs := s.runDirs()
	for _, r := range s.Runs {
		if !dirs.Done(r.ID) {
			continue
		}
		var done config.Train
		if _, err := results.ReadManifestConfig(dirs.Final(r.ID), &done); err != nil {
			return fmt.Errorf("%s: finished run %s is unreadable (%v); delete that folder to redo it", s.Experiment, r.ID, err)
		}
		if !reflect.DeepEqual(done, r.Config) {
			return fmt.Errorf("%s: --out %s holds run %s made with other settings; choose another folder or the same settings", s.Experiment, s.Dir, r.ID)
		}
	}
	return nil
}

// run trains every unfinished run on the worker pool and returns how many it
// trained. A failed run does not stop the others; the failures are reported
// together once the rest have finished. Cancelling ctx stops the sweep between
// steps, keeping the finished runs.
func (s sweep) run(ctx context.Context) (int, error) {
	if err := results.PrepareOutDir(s.Dir); err != nil {
		return 0, err
	}
	if err := s.check(); err != nil {
		return 0, err
	}
	marker := experimentMarker{Experiment: s.Experiment, Version: version.String()}
	if err := results.WriteJSONAtomic(filepath.Join(s.Dir, ExperimentFile), marker); err != nil {
		return 0, err
	}
	dirs := s.runDirs()
	if err := os.MkdirAll(dirs.Root, 0o755); err != nil {
		return 0, fmt.Errorf("%s: %w", s.Experiment, err)
	}
	if err := dirs.CleanPartial(); err != nil {
		return 0, err
	}
	var todo []sweepRun
	for _, r := range s.Runs {
		if !dirs.Done(r.ID) {
			todo = append(todo, r)
		}
	}
	if s.Progress != nil && len(todo) < len(s.Runs) {
		fmt.Fprintf(s.Progress, "%s: %d of %d runs already finished in %s; running the other %d\n", s.Experiment, len(s.Runs)-len(todo), len(s.Runs), s.Dir, len(todo))
	}
	report := progress.New(s.Progress, s.Experiment, len(todo))
	errs := forEach(ctx, s.Workers, len(todo), func(ctx context.Context, i int) error {
		r := todo[i]
		tmp, err := dirs.Begin(r.ID)
		if err != nil {
			return err
		}
		res, err := Train(ctx, TrainSpec{Config: r.Config, Seed: r.Seed, DataDir: s.DataDir, OutDir: tmp})
		if errors.Is(err, ErrDiverged) {
			// A diverged run is an outcome (a learning rate too large for its
			// setting), not a fault: keep it, marked, so a resume does not redo it.
			if err := results.WriteFileAtomic(filepath.Join(tmp, DivergedFile), []byte(err.Error()+"\n")); err != nil {
				return err
			}
			if err := dirs.Commit(r.ID, tmp); err != nil {
				return err
			}
			report.Done(1, fmt.Sprintf("%s: DIVERGED (%v)", r.ID, err))
			return nil
		}
		if err != nil {
			return err
		}
		if err := dirs.Commit(r.ID, tmp); err != nil {
			return err
		}
		last := res.Last()
		report.Done(1, fmt.Sprintf("%s: acc %.4f, %.3f bits, energy %.0f (%.0fs)", r.ID, last.TestAcc, last.MutualInfoBits, last.EnergySynaptic, res.Seconds))
		return nil
	})
	var failed []string
	for i, err := range errs {
		if err != nil {
			if ctx.Err() != nil {
				return 0, fmt.Errorf("%s: stopped (%w); finished runs are kept, run the same command to resume", s.Experiment, ctx.Err())
			}
			failed = append(failed, fmt.Sprintf("%s (%v)", todo[i].ID, err))
		}
	}
	if len(failed) > 0 {
		return len(todo) - len(failed), fmt.Errorf("%s: %d of %d runs failed: %s", s.Experiment, len(failed), len(todo), strings.Join(failed, "; "))
	}
	return len(todo), nil
}

// DivergedFile marks a finished run of a sweep whose loss diverged; it holds the
// error that stopped it.
const DivergedFile = "DIVERGED"

// runStatus is what a sweep knows of one of its runs.
type runStatus int

const (
	runMissing  runStatus = iota // not finished (or not started)
	runFinished                  // trained to the end
	runDiverged                  // stopped by a diverged loss; kept, not redone
)

// lastMetrics returns the named fields of the last row of a finished run's
// metrics.csv, and the run's status; values is nil unless the run finished.
func (s sweep) lastMetrics(id string) (values map[string]float64, status runStatus, err error) {
	dirs := s.runDirs()
	if !dirs.Done(id) {
		return nil, runMissing, nil
	}
	if _, err := os.Stat(filepath.Join(dirs.Final(id), DivergedFile)); err == nil {
		return nil, runDiverged, nil
	}
	path := filepath.Join(dirs.Final(id), MetricsFile)
	table, err := results.ReadTable(path, metricsHeader...)
	if err != nil {
		return nil, runMissing, err
	}
	if len(table.Rows) == 0 {
		return nil, runMissing, fmt.Errorf("%s: %s has no epochs", s.Experiment, path)
	}
	last := table.Rows[len(table.Rows)-1]
	values = map[string]float64{}
	for i, h := range table.Header {
		if last[i] == "" {
			continue
		}
		v, err := strconv.ParseFloat(last[i], 64)
		if err != nil {
			return nil, runMissing, fmt.Errorf("%s: %s: column %s: %w", s.Experiment, path, h, err)
		}
		values[h] = v
	}
	return values, runFinished, nil
}
