package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// SearchRange is one hyperparameter of a random search: a config key drawn
// uniformly in [Lo, Hi], log-uniformly with Log, or, with Grid, trial k takes
// the grid's value k (cycling).
type SearchRange struct {
	Key  string    `json:"key"` // as --set takes it, e.g. presyn.p_up
	Lo   float64   `json:"lo"`
	Hi   float64   `json:"hi"`
	Log  bool      `json:"log,omitempty"`
	Grid []float64 `json:"grid,omitempty"`
}

// searchSpaces are the published random-search ranges (../shared/REFERENCE.md),
// per method searched at random.
var searchSpaces = map[string][]SearchRange{
	lifelong.MethodPresyn: {
		{Key: "presyn.p_up", Lo: 0.01, Hi: 0.1},
		{Key: "presyn.p_down", Lo: 0.01, Hi: 0.1},
		{Key: "presyn.p_freeze", Lo: 0.9, Hi: 0.96},
	},
	// BGD: both log-uniform.
	"bgd": {
		{Key: "bgd.std_init", Lo: 0.001, Hi: 0.06, Log: true},
		{Key: "bgd.eta", Lo: 0.1, Hi: 10, Log: true},
	},
}

// GridAxis is one axis of a grid search: config keys set together (an
// optimiser and its learning rate, the inputs and the init they were run
// with) and, per point of the axis, their values.
type GridAxis struct {
	Keys   []string
	Values [][]string
}

// searchGrids are the methods searched on a grid, every point once: trial k
// is point k of the axes' product, the last axis the fastest, so that the
// first trials are the setting most likely to matter.
var searchGrids = map[string][]GridAxis{
	// EWC (issue 24): its base optimiser and learning rate, the inputs with
	// the init they go with in the BGD fork (raw with Xavier) or in the
	// published code (standardised with PyTorch's), and lambda on a log grid
	// from 1 to 1e4 in decades: 4 x 2 x 5 = 40 trials.
	"ewc": {
		{Keys: []string{"ewc.optimizer", "ewc.lr"}, Values: [][]string{{"adam", "0.001"}, {"adam", "0.0001"}, {"sgd", "0.01"}, {"sgd", "0.001"}}},
		{Keys: []string{"inputs", "init"}, Values: [][]string{{"raw", "xavier"}, {"standardised", "pytorch"}}},
		{Keys: []string{"ewc.lambda"}, Values: [][]string{{"1"}, {"10"}, {"100"}, {"1000"}, {"10000"}}},
	},
}

// GridSize is the number of points of method's grid search, 0 for a method
// searched at random.
func GridSize(method string) int {
	axes, ok := searchGrids[method]
	if !ok {
		return 0
	}
	n := 1
	for _, a := range axes {
		n *= len(a.Values)
	}
	return n
}

// searchKeys are the keys a search of method sets, in the order of its
// trials' values.
func searchKeys(method string) []string {
	var keys []string
	for _, a := range searchGrids[method] {
		keys = append(keys, a.Keys...)
	}
	for _, r := range searchSpaces[method] {
		keys = append(keys, r.Key)
	}
	return keys
}

// Tune is a search of a method's hyperparameters on a lifelong benchmark
// (the paper tuned on Permuted MNIST and kept the values for the others): a
// random search (presyn, bgd), whose trial k draws its values from the search
// seed and k alone, so adding trials never changes the earlier ones, or a grid
// (ewc), whose trial k is the grid's point k; each trial trains on the tuning
// seeds, which should differ
// from the seeds results are reported on. Runs are
// runs/trial-<k>_seed-<seed>. It is a study.Study; its exported fields are its
// spec.
type Tune struct {
	Task       string   `json:"task"`
	Method     string   `json:"method"`
	Trials     int      `json:"trials"`
	Seeds      []uint64 `json:"seeds"` // tuning seeds
	SearchSeed uint64   `json:"search_seed"`
	Overrides  []string `json:"overrides,omitempty"`

	Data data.Loader `json:"-"`
}

// DefaultTune searches presyn on Permuted MNIST with 20 trials on seeds 1 and 2,
// apart from the reporting seeds 2019-2021.
func DefaultTune() Tune {
	return Tune{Task: lifelong.PermMNIST, Method: lifelong.MethodPresyn, Trials: 20, Seeds: []uint64{1, 2}, SearchSeed: 1}
}

// Name implements study.Study.
func (Tune) Name() string { return "tune" }

// Spec implements study.Study.
func (t Tune) Spec() any { return t }

// Validate checks the spec; its errors are the user's to fix.
func (t Tune) Validate() error {
	b, err := lifelong.LookupBenchmark(t.Task)
	if err != nil {
		return err
	}
	if _, ok := b.Configs[t.Method]; !ok {
		return fmt.Errorf("tune: %s has no method %q", t.Task, t.Method)
	}
	if len(searchKeys(t.Method)) == 0 {
		return fmt.Errorf("tune: no search space for method %q (have presyn, ewc, bgd)", t.Method)
	}
	if t.Trials < 1 || t.Trials > 10000 {
		return fmt.Errorf("tune: --trials is %d, want 1 to 10000", t.Trials)
	}
	if n := GridSize(t.Method); n > 0 && t.Trials > n {
		return fmt.Errorf("tune: --trials is %d, but %s's grid has %d points", t.Trials, t.Method, n)
	}
	if len(t.Seeds) == 0 {
		return errors.New("tune: no seeds given")
	}
	if err := study.Unique("seed", t.Seeds); err != nil {
		return fmt.Errorf("tune: %w", err)
	}
	return nil
}

// trialValues are trial k's values of the search's keys (searchKeys): its
// grid point's, or its draws, as --set takes them.
func (t Tune) trialValues(k int) []string {
	if axes, ok := searchGrids[t.Method]; ok {
		var vals []string
		rest := k - 1
		index := make([]int, len(axes))
		for i := len(axes) - 1; i >= 0; i-- {
			index[i] = rest % len(axes[i].Values)
			rest /= len(axes[i].Values)
		}
		for i, a := range axes {
			vals = append(vals, a.Values[index[i]]...)
		}
		return vals
	}
	var vals []string
	for _, v := range drawPoint(t.SearchSeed, fmt.Sprintf("tune %s %s trial %d", t.Task, t.Method, k), searchSpaces[t.Method], k) {
		vals = append(vals, results.FormatExact(v))
	}
	return vals
}

// trialConfig is trial k's config.
func (t Tune) trialConfig(k int) (config.Train, error) {
	b, _ := lifelong.LookupBenchmark(t.Task)
	// The drawn values are the study's: a key the user also set is refused,
	// or the report would list the drawn value while the runs use the user's.
	var own []config.Own
	values := t.trialValues(k)
	for i, key := range searchKeys(t.Method) {
		own = append(own, config.Own{KV: key + "=" + values[i], From: "tune's search of " + key})
	}
	cfg, err := config.LoadOwn(b.Configs[t.Method], t.Overrides, own)
	if err != nil {
		return config.Train{}, fmt.Errorf("tune: %w", err)
	}
	cfg.Name = fmt.Sprintf("%s-trial-%d", b.Configs[t.Method], k)
	return cfg, nil
}

// Plan implements study.Study: trials, then seeds.
func (t Tune) Plan() ([]study.Run, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	var runs []study.Run
	for k := 1; k <= t.Trials; k++ {
		cfg, err := t.trialConfig(k)
		if err != nil {
			return nil, err
		}
		for _, seed := range t.Seeds {
			runs = append(runs, study.Run{ID: fmt.Sprintf("trial-%d_seed-%d", k, seed), Seed: seed, Config: cfg, Point: k})
		}
	}
	return runs, nil
}

// Execute implements study.Study: a lifelong run.
// A trial whose loss diverges is an outcome of its values, not a fault: the run
// is kept, marked (runkit.DivergedFile) and never redone, and the trial cannot be best.
func (t Tune) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	summary, err := lifelong.ExecuteRun(ctx, t.Data, r, dir, train.Evaluation{})
	if errors.Is(err, train.ErrDiverged) {
		if err := results.WriteFileAtomic(filepath.Join(dir, runkit.DivergedFile), []byte(err.Error()+"\n")); err != nil {
			return "", err
		}
		return fmt.Sprintf("DIVERGED (%v)", err), nil
	}
	return summary, err
}

// TuneRun is a finished trial run.
type TuneRun struct {
	Trial    int
	Diverged bool
	lifelong.Run
}

// Collect implements study.Study.
func (t Tune) Collect(r study.Run, dir string) (TuneRun, error) {
	if _, err := os.Stat(filepath.Join(dir, runkit.DivergedFile)); err == nil {
		return TuneRun{Trial: r.Point.(int), Diverged: true}, nil
	}
	run, err := lifelong.CollectRun(study.Run{ID: r.ID, Seed: r.Seed, Config: r.Config, Point: t.Method}, dir, train.Evaluation{})
	return TuneRun{Trial: r.Point.(int), Run: run}, err
}

// TrialsFile is the table of a search's trials: TrialRow, with a column per
// key searched (ewc.lambda, ...) after trial, holding the trial's value.
const TrialsFile = "trials.csv"

// TrialRow is trials.csv's row: one trial's values and its mean accuracy over the
// tuning seeds.
type TrialRow struct {
	Trial    int            `csv:"trial"`
	Values   []string       `csv:"-"`        // in the order of searchKeys; their own columns
	N        int            `csv:"n"`        // runs that did not diverge
	Diverged int            `csv:"diverged"` // runs whose loss diverged
	MeanAcc  stats.Estimate `csv:"mean_acc"` // over the runs that did not diverge
}

// searchKind names the search in its report.
func (t Tune) searchKind() string {
	if GridSize(t.Method) > 0 {
		return "Grid search"
	}
	return "Random search"
}

// Render implements study.Study: trials.csv, the best trial's config as
// best-config.json (a file --config accepts) and the report section.
func (t Tune) Render(dir string, runs []TuneRun, missing []study.Run) (study.Report, error) {
	accs, diverged, seen := map[int][]float64{}, map[int]int{}, map[int]bool{}
	for _, r := range runs {
		seen[r.Trial] = true
		if r.Diverged {
			diverged[r.Trial]++
			continue
		}
		accs[r.Trial] = append(accs[r.Trial], r.MeanAcc())
	}
	var rows []TrialRow
	best := -1
	for k := 1; k <= t.Trials; k++ {
		if !seen[k] {
			continue
		}
		xs := accs[k]
		row := TrialRow{Trial: k, Values: t.trialValues(k), N: len(xs), Diverged: diverged[k], MeanAcc: stats.Estimate{Mean: math.NaN(), SE: math.NaN()}}
		if len(xs) > 0 {
			row.MeanAcc = stats.EstimateOf(xs)
		}
		rows = append(rows, row)
		if row.Diverged == 0 && row.N > 0 && (best < 0 || row.MeanAcc.Mean > rows[best].MeanAcc.Mean) {
			best = len(rows) - 1
		}
	}
	// trials.csv has a column per key searched (ewc.lambda, ...) after trial.
	keys := searchKeys(t.Method)
	trials := results.RowsTable(rows)
	trials.Header = slices.Insert(trials.Header, 1, keys...)
	for i := range trials.Rows {
		trials.Rows[i] = slices.Insert(trials.Rows[i], 1, rows[i].Values...)
	}
	path := filepath.Join(dir, TrialsFile)
	if err := trials.WriteAtomic(path); err != nil {
		return study.Report{}, err
	}
	rep := study.Report{Files: []string{path}}
	if best < 0 {
		rep.Markdown = fmt.Sprintf("## %s: %s on %s\n\nNo trial has finished without diverging yet.\n", t.searchKind(), t.Method, t.Task)
		return rep, nil
	}
	cfg, err := t.trialConfig(rows[best].Trial)
	if err != nil {
		return rep, err
	}
	bench, _ := lifelong.LookupBenchmark(t.Task)
	cfg.Name = bench.Configs[t.Method] + "-tuned"
	raw, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return rep, err
	}
	path = filepath.Join(dir, "best-config.json")
	if err := results.WriteFileAtomic(path, append(raw, '\n')); err != nil {
		return rep, err
	}
	rep.Files = append(rep.Files, path)
	var b strings.Builder
	fmt.Fprintf(&b, "## %s: %s on %s\n\n", t.searchKind(), t.Method, t.Task)
	fmt.Fprintf(&b, "%d trials of %s, each on the tuning seeds %v; best trial %d: mean accuracy %s.\n\n",
		len(rows), strings.Join(keys, ", "), t.Seeds, rows[best].Trial, study.PM(100*rows[best].MeanAcc.Mean, 100*rows[best].MeanAcc.SE, 2))
	var table [][]string
	for _, r := range rows {
		row := append([]string{fmt.Sprint(r.Trial)}, r.Values...)
		acc := study.PM(100*r.MeanAcc.Mean, 100*r.MeanAcc.SE, 2)
		switch {
		case r.N == 0:
			acc = "diverged"
		case r.Diverged > 0:
			acc += fmt.Sprintf(" (%d diverged)", r.Diverged)
		}
		table = append(table, append(row, acc))
	}
	b.WriteString(study.MarkdownTable(append(append([]string{"trial"}, keys...), "accuracy (%)"), table))
	fmt.Fprintf(&b, "\nThe best config is in %s: `presyn train --config %s`, or keep its values in configs/.\n", path, path)
	rep.Markdown = b.String()
	return rep, nil
}
