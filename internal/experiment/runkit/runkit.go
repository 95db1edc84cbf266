package runkit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/train"
)

// The studies whose runs are training runs (energy, fixed-p) share these: a run
// is `presyn train` of a config and seed in the run's folder, and a run whose loss
// diverged is an outcome (a learning rate too large for its setting), not a
// fault: it is kept, marked, and not redone.

// The tables every study writes in its folder: one row per finished run, and
// the runs summarised over seeds.
const (
	SummaryFile   = "summary.csv"
	AggregateFile = "aggregate.csv"
)

// DivergedFile marks a finished run whose loss diverged; it holds the error that
// stopped it.
const DivergedFile = "DIVERGED"

// TrainRun trains cfg with seed into dir, measuring as eval says, and returns
// the progress summary.
func TrainRun(ctx context.Context, cfg config.Train, seed uint64, source data.Loader, dir string, eval train.Evaluation) (string, error) {
	res, err := train.Run(ctx, train.Spec{Config: cfg, Seed: seed, Data: source, OutDir: dir, Eval: eval})
	if errors.Is(err, train.ErrDiverged) {
		if err := results.WriteFileAtomic(filepath.Join(dir, DivergedFile), []byte(err.Error()+"\n")); err != nil {
			return "", err
		}
		return fmt.Sprintf("DIVERGED (%v)", err), nil
	}
	if err != nil {
		return "", err
	}
	last := res.Last()
	return fmt.Sprintf("acc %.4f, %.3f bits, synaptic energy %.0f (sum |w|)", last.TestAcc, last.MutualInfoBits, last.EnergySynaptic), nil
}

// Trained is a finished training run as a study collects it.
type Trained struct {
	Diverged bool
	Last     train.EpochMetrics // the last epoch's metrics; zero if diverged
	// BestRatio is the epoch with the highest information per synaptic energy
	// among those whose information was measured (every epoch where the run's
	// train.Evaluation has Info).
	BestRatio train.EpochMetrics
}

// CollectTrained reads the folder of a finished training run of cfg measured
// as ev says. Its metrics.csv must be complete and in range
// (train.ReadFinishedMetrics), unless
// the run diverged: then it holds the epochs before the divergence, which no
// table uses.
func CollectTrained(cfg config.Train, dir string, ev train.Evaluation) (Trained, error) {
	if _, err := os.Stat(filepath.Join(dir, DivergedFile)); err == nil {
		return Trained{Diverged: true}, nil
	}
	rows, err := train.ReadFinishedMetrics(dir, cfg, ev)
	if err != nil {
		return Trained{}, err
	}
	// The earliest epoch of the highest ratio; the last epoch is always
	// measured, and an epoch whose information was not (NaN) is passed over.
	t := Trained{Last: rows[len(rows)-1]}
	best := math.Inf(-1)
	for _, r := range rows {
		if ratio := r.MutualInfoBits / r.EnergySynaptic; ratio > best {
			t.BestRatio, best = r, ratio
		}
	}
	if math.IsInf(best, -1) {
		t.BestRatio = t.Last
	}
	return t, nil
}

// FigureNotes turns the figures' warnings (points dropped for not being finite),
// one per line, into a paragraph of the report.
func FigureNotes(lines string) string {
	lines = strings.TrimSpace(lines)
	if lines == "" {
		return ""
	}
	return "\nFigure notes:\n- " + strings.ReplaceAll(lines, "\n", "\n- ") + "\n"
}

// Tables writes a study's Tables into one folder and lists the files written; after
// the first error it writes nothing more and keeps that error.
type Tables struct {
	Dir   string   // the folder written into
	Files []string // the paths written, in order
	Err   error    // the first error; nothing is written after it
}

// WriteTable writes rows as dir/name.
func WriteTable[R any](t *Tables, name string, rows []R) {
	if t.Err != nil {
		return
	}
	path := filepath.Join(t.Dir, name)
	if t.Err = results.WriteRows(path, rows); t.Err == nil {
		t.Files = append(t.Files, path)
	}
}
