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
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/progress"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/version"
)

// EnergyModels maps the energy experiment's model names to their configs: the
// presynaptic model, the deterministic MLP and the MLP with stochastic release at a
// fixed probability 0.4.
var EnergyModels = map[string]string{
	"presyn":    "energy-presyn",
	"mlp":       "energy-mlp",
	"mlp-fixed": "energy-mlp-fixed",
}

// EnergyModelOrder is the order models are listed and plotted in.
var EnergyModelOrder = []string{"presyn", "mlp", "mlp-fixed"}

// EnergySpec is an L2 sweep of the energy experiment (Figure 1, Appendix 1 figure 1).
type EnergySpec struct {
	Models    []string  // names from EnergyModels
	L2s       []float64 // weight-decay strengths
	Seeds     []uint64
	Overrides []string // key=value applied to every run's config (before its l2)
	Workers   int      // parallel runs; < 1 means one per core
	DataDir   string
	OutDir    string
	Progress  io.Writer // a line per finished run; nil for none
}

// DefaultEnergySpec is the paper's sweep: 3 models x 6 strengths x 3 seeds.
func DefaultEnergySpec() EnergySpec {
	return EnergySpec{
		Models: []string{"presyn", "mlp", "mlp-fixed"},
		L2s:    []float64{0, 0.001, 0.005, 0.01, 0.05, 0.1},
		Seeds:  []uint64{2019, 2020, 2021},
	}
}

// QuickEnergySpec is the smoke profile: 1 seed, two strengths, 5 epochs.
func QuickEnergySpec() EnergySpec {
	s := DefaultEnergySpec()
	s.L2s = []float64{0.01, 0.05}
	s.Seeds = []uint64{2019}
	s.Overrides = []string{"epochs=5"}
	return s
}

// energyRun is one (model, L2, seed) training run of a sweep.
type energyRun struct {
	Model  string
	L2     float64
	Seed   uint64
	Config config.Train
}

// ID names the run's folder.
func (r energyRun) ID() string {
	return fmt.Sprintf("%s_l2-%s_seed-%d", r.Model, strconv.FormatFloat(r.L2, 'g', -1, 64), r.Seed)
}

// ExperimentFile marks a results folder with the experiment that owns it, so that
// one experiment never resumes from another's runs.
const ExperimentFile = "experiment.json"

type experimentMarker struct {
	Experiment string `json:"experiment"`
	Version    string `json:"presyn_version"`
}

// ValidateEnergySpec checks a sweep's lists; its errors are the user's to fix.
func ValidateEnergySpec(s EnergySpec) error {
	if len(s.Models) == 0 {
		return errors.New("energy: no models given")
	}
	seen := map[string]bool{}
	for _, m := range s.Models {
		if _, ok := EnergyModels[m]; !ok {
			return fmt.Errorf("energy: unknown model %q (want %s)", m, strings.Join(EnergyModelOrder, ", "))
		}
		if seen[m] {
			return fmt.Errorf("energy: model %q given twice", m)
		}
		seen[m] = true
	}
	if len(s.L2s) == 0 {
		return errors.New("energy: the L2 list is empty")
	}
	l2seen := map[float64]bool{}
	for _, l2 := range s.L2s {
		if l2 < 0 || l2 != l2 {
			return fmt.Errorf("energy: L2 strength %v is negative or not a number", l2)
		}
		if l2seen[l2] {
			return fmt.Errorf("energy: L2 strength %v given twice", l2)
		}
		l2seen[l2] = true
	}
	if len(s.Seeds) == 0 {
		return errors.New("energy: no seeds given")
	}
	seedSeen := map[uint64]bool{}
	for _, seed := range s.Seeds {
		if seedSeen[seed] {
			return fmt.Errorf("energy: seed %d given twice", seed)
		}
		seedSeen[seed] = true
	}
	return nil
}

// plan resolves every run's config.
func (s EnergySpec) plan() ([]energyRun, error) {
	var runs []energyRun
	for _, model := range s.Models {
		for _, l2 := range s.L2s {
			overrides := append(append([]string{}, s.Overrides...), "l2="+strconv.FormatFloat(l2, 'g', -1, 64))
			cfg, err := config.Load(EnergyModels[model], overrides)
			if err != nil {
				return nil, err
			}
			for _, seed := range s.Seeds {
				runs = append(runs, energyRun{Model: model, L2: l2, Seed: seed, Config: cfg})
			}
		}
	}
	return runs, nil
}

// CheckEnergyOutDir returns an error if dir holds another experiment's results, or
// finished runs whose settings differ from the ones spec would make (resuming would
// mix them). Both are the user's to fix, by another --out.
func CheckEnergyOutDir(spec EnergySpec) error {
	runs, err := spec.plan()
	if err != nil {
		return err
	}
	return checkOutDir(spec.OutDir, "energy", runs)
}

func checkOutDir(dir, experiment string, runs []energyRun) error {
	raw, err := os.ReadFile(filepath.Join(dir, ExperimentFile))
	if err == nil {
		var m experimentMarker
		if err := json.Unmarshal(raw, &m); err != nil || m.Experiment != experiment {
			return fmt.Errorf("%s: --out %s holds results of another experiment (%q); choose another folder", experiment, dir, m.Experiment)
		}
	} else if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		return fmt.Errorf("%s: --out %s is not empty and holds no %s results; choose another folder", experiment, dir, experiment)
	}
	dirs := results.RunDirs{Root: filepath.Join(dir, "runs")}
	for _, r := range runs {
		if !dirs.Done(r.ID()) {
			continue
		}
		var done config.Train
		if _, err := results.ReadManifestConfig(dirs.Final(r.ID()), &done); err != nil {
			return fmt.Errorf("%s: finished run %s is unreadable (%v); delete that folder to redo it", experiment, r.ID(), err)
		}
		if !reflect.DeepEqual(done, r.Config) {
			return fmt.Errorf("%s: --out %s holds run %s made with other settings; choose another folder or the same settings", experiment, dir, r.ID())
		}
	}
	return nil
}

// EnergyResult is a finished sweep: one row per run and the per-(model, L2)
// aggregates.
type EnergyResult struct {
	Rows      []EnergyRow
	Aggregate []EnergyAggregate
	Ran       int // runs trained by this call (the rest were resumed)
	Seconds   float64
}

// EnergyRow is summary.csv's row: a run's values after its last epoch.
type EnergyRow struct {
	Model               string
	L2                  float64
	Seed                uint64
	TestAcc, Bits       float64
	EnergySynaptic      float64
	EnergyNeuron        float64
	InfoPerEnergy       float64 // bits / synaptic energy
	InfoPerNeuronEnergy float64 // bits / neuron energy
}

// MeanSE is a mean with its standard error over seeds.
type MeanSE struct{ Mean, SE float64 }

// EnergyAggregate is aggregate.csv's row: means and standard errors over seeds.
type EnergyAggregate struct {
	Model                               string
	L2                                  float64
	N                                   int
	TestAcc, Bits, Energy, NeuronEnergy MeanSE
	InfoPerEnergy, InfoPerNeuronEnergy  MeanSE
}

// RunEnergy trains every run of spec that is not finished yet, in parallel, then
// summarises all of them and writes the tables. A failed run does not stop the
// others; RunEnergy reports the failures after the rest have finished.
func RunEnergy(ctx context.Context, spec EnergySpec) (*EnergyResult, error) {
	start := time.Now()
	if err := ValidateEnergySpec(spec); err != nil {
		return nil, err
	}
	runs, err := spec.plan()
	if err != nil {
		return nil, err
	}
	if err := results.PrepareOutDir(spec.OutDir); err != nil {
		return nil, err
	}
	if err := checkOutDir(spec.OutDir, "energy", runs); err != nil {
		return nil, err
	}
	if err := writeMarker(spec.OutDir, "energy"); err != nil {
		return nil, err
	}
	dirs := results.RunDirs{Root: filepath.Join(spec.OutDir, "runs")}
	if err := os.MkdirAll(dirs.Root, 0o755); err != nil {
		return nil, fmt.Errorf("energy: %w", err)
	}
	if err := dirs.CleanPartial(); err != nil {
		return nil, err
	}
	var todo []energyRun
	for _, r := range runs {
		if !dirs.Done(r.ID()) {
			todo = append(todo, r)
		}
	}
	if spec.Progress != nil && len(todo) < len(runs) {
		fmt.Fprintf(spec.Progress, "energy: %d of %d runs already finished in %s; running the other %d\n", len(runs)-len(todo), len(runs), spec.OutDir, len(todo))
	}
	report := progress.New(spec.Progress, "energy", len(todo))
	errs := forEach(ctx, spec.Workers, len(todo), func(ctx context.Context, i int) error {
		r := todo[i]
		tmp, err := dirs.Begin(r.ID())
		if err != nil {
			return err
		}
		res, err := Train(ctx, TrainSpec{Config: r.Config, Seed: r.Seed, DataDir: spec.DataDir, OutDir: tmp})
		if err != nil {
			return fmt.Errorf("run %s: %w", r.ID(), err)
		}
		if err := dirs.Commit(r.ID(), tmp); err != nil {
			return err
		}
		last := res.Last()
		report.Done(1, fmt.Sprintf("%s: acc %.4f, %.3f bits, energy %.0f (%.0fs)", r.ID(), last.TestAcc, last.MutualInfoBits, last.EnergySynaptic, res.Seconds))
		return nil
	})
	var failed []string
	for i, err := range errs {
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("energy: stopped (%w); finished runs are kept, run the same command to resume", ctx.Err())
			}
			failed = append(failed, fmt.Sprintf("%s (%v)", todo[i].ID(), err))
		}
	}
	res, sumErr := SummariseEnergy(spec.OutDir, runs)
	if sumErr != nil && len(failed) == 0 {
		return nil, sumErr
	}
	if res != nil {
		res.Ran = len(todo) - len(failed)
		res.Seconds = time.Since(start).Seconds()
	}
	if len(failed) > 0 {
		return res, fmt.Errorf("energy: %d of %d runs failed: %s", len(failed), len(todo), strings.Join(failed, "; "))
	}
	return res, nil
}

func writeMarker(dir, experiment string) error {
	return results.WriteJSONAtomic(filepath.Join(dir, ExperimentFile), experimentMarker{Experiment: experiment, Version: version.String()})
}

// SummariseEnergy reads the finished runs' metrics and writes summary.csv and
// aggregate.csv.
func SummariseEnergy(dir string, runs []energyRun) (*EnergyResult, error) {
	dirs := results.RunDirs{Root: filepath.Join(dir, "runs")}
	res := &EnergyResult{}
	for _, r := range runs {
		if !dirs.Done(r.ID()) {
			continue
		}
		last, err := lastMetrics(filepath.Join(dirs.Final(r.ID()), MetricsFile))
		if err != nil {
			return nil, err
		}
		row := EnergyRow{Model: r.Model, L2: r.L2, Seed: r.Seed, TestAcc: last["test_acc"], Bits: last["mutual_info_bits"],
			EnergySynaptic: last["energy_synaptic"], EnergyNeuron: last["energy_neuron"]}
		row.InfoPerEnergy = row.Bits / row.EnergySynaptic
		row.InfoPerNeuronEnergy = row.Bits / row.EnergyNeuron
		res.Rows = append(res.Rows, row)
	}
	if len(res.Rows) == 0 {
		return nil, fmt.Errorf("energy: no finished runs in %s", dirs.Root)
	}
	res.Aggregate = aggregateEnergy(res.Rows)
	summary := results.NewTable("model", "l2", "seed", "test_acc", "mutual_info_bits", "energy_synaptic", "energy_neuron", "info_per_energy", "info_per_neuron_energy")
	for _, r := range res.Rows {
		summary.AddRow(r.Model, ff(r.L2), strconv.FormatUint(r.Seed, 10), ff(r.TestAcc), ff(r.Bits), ff(r.EnergySynaptic), ff(r.EnergyNeuron), ff(r.InfoPerEnergy), ff(r.InfoPerNeuronEnergy))
	}
	if err := summary.WriteAtomic(filepath.Join(dir, "summary.csv")); err != nil {
		return nil, err
	}
	agg := results.NewTable("model", "l2", "n",
		"test_acc_mean", "test_acc_se", "mutual_info_bits_mean", "mutual_info_bits_se",
		"energy_synaptic_mean", "energy_synaptic_se", "energy_neuron_mean", "energy_neuron_se",
		"info_per_energy_mean", "info_per_energy_se", "info_per_neuron_energy_mean", "info_per_neuron_energy_se")
	for _, a := range res.Aggregate {
		agg.AddRow(a.Model, ff(a.L2), strconv.Itoa(a.N),
			ff(a.TestAcc.Mean), ff(a.TestAcc.SE), ff(a.Bits.Mean), ff(a.Bits.SE),
			ff(a.Energy.Mean), ff(a.Energy.SE), ff(a.NeuronEnergy.Mean), ff(a.NeuronEnergy.SE),
			ff(a.InfoPerEnergy.Mean), ff(a.InfoPerEnergy.SE), ff(a.InfoPerNeuronEnergy.Mean), ff(a.InfoPerNeuronEnergy.SE))
	}
	if err := agg.WriteAtomic(filepath.Join(dir, "aggregate.csv")); err != nil {
		return nil, err
	}
	return res, nil
}

// aggregateEnergy groups rows by (model, L2) in model order, then by L2.
func aggregateEnergy(rows []EnergyRow) []EnergyAggregate {
	type key struct {
		model string
		l2    float64
	}
	groups := map[key][]EnergyRow{}
	var keys []key
	for _, r := range rows {
		k := key{r.Model, r.L2}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	order := map[string]int{}
	for i, m := range EnergyModelOrder {
		order[m] = i
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].model != keys[j].model {
			return order[keys[i].model] < order[keys[j].model]
		}
		return keys[i].l2 < keys[j].l2
	})
	var out []EnergyAggregate
	for _, k := range keys {
		g := groups[k]
		col := func(f func(EnergyRow) float64) MeanSE {
			xs := make([]float64, len(g))
			for i, r := range g {
				xs[i] = f(r)
			}
			m, se := stats.MeanSE(xs)
			return MeanSE{m, se}
		}
		out = append(out, EnergyAggregate{Model: k.model, L2: k.l2, N: len(g),
			TestAcc:             col(func(r EnergyRow) float64 { return r.TestAcc }),
			Bits:                col(func(r EnergyRow) float64 { return r.Bits }),
			Energy:              col(func(r EnergyRow) float64 { return r.EnergySynaptic }),
			NeuronEnergy:        col(func(r EnergyRow) float64 { return r.EnergyNeuron }),
			InfoPerEnergy:       col(func(r EnergyRow) float64 { return r.InfoPerEnergy }),
			InfoPerNeuronEnergy: col(func(r EnergyRow) float64 { return r.InfoPerNeuronEnergy }),
		})
	}
	return out
}

// lastMetrics returns the named fields of the last row of a metrics.csv.
func lastMetrics(path string) (map[string]float64, error) {
	table, err := results.ReadTable(path, metricsHeader...)
	if err != nil {
		return nil, err
	}
	if len(table.Rows) == 0 {
		return nil, fmt.Errorf("energy: %s has no epochs", path)
	}
	last := table.Rows[len(table.Rows)-1]
	out := map[string]float64{}
	for i, h := range table.Header {
		if last[i] == "" {
			continue
		}
		v, err := strconv.ParseFloat(last[i], 64)
		if err != nil {
			return nil, fmt.Errorf("energy: %s: column %s: %w", path, h, err)
		}
		out[h] = v
	}
	return out, nil
}

// BestInfoPerEnergy returns, per model, the aggregate with the highest mean
// information per synaptic energy (Figure 1b).
func BestInfoPerEnergy(aggs []EnergyAggregate) map[string]EnergyAggregate {
	best := map[string]EnergyAggregate{}
	for _, a := range aggs {
		if b, ok := best[a.Model]; !ok || a.InfoPerEnergy.Mean > b.InfoPerEnergy.Mean {
			best[a.Model] = a
		}
	}
	return best
}
