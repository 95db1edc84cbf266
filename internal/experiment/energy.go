package experiment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
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
	return fmt.Sprintf("%s_l2-%s_seed-%d", r.Model, shortFloat(r.L2), r.Seed)
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

// sweep resolves every run's config.
func (s EnergySpec) sweep() (sweep, []energyRun, error) {
	runs, err := s.plan()
	if err != nil {
		return sweep{}, nil, err
	}
	sw := sweep{Experiment: "energy", Dir: s.OutDir, Workers: s.Workers, DataDir: s.DataDir, Progress: s.Progress}
	for _, r := range runs {
		sw.Runs = append(sw.Runs, sweepRun{ID: r.ID(), Config: r.Config, Seed: r.Seed})
	}
	return sw, runs, nil
}

// plan resolves every run's config.
func (s EnergySpec) plan() ([]energyRun, error) {
	var runs []energyRun
	for _, model := range s.Models {
		for _, l2 := range s.L2s {
			overrides := append(append([]string{}, s.Overrides...), "l2="+shortFloat(l2))
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
	sw, _, err := spec.sweep()
	if err != nil {
		return err
	}
	return sw.check()
}

// EnergyResult is a finished sweep: one row per run and the per-(model, L2)
// aggregates.
type EnergyResult struct {
	Rows      []EnergyRow
	Aggregate []EnergyAggregate
	Diverged  []string // runs whose loss diverged: kept, excluded from the tables
	Ran       int      // runs trained by this call (the rest were resumed)
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
	sw, runs, err := spec.sweep()
	if err != nil {
		return nil, err
	}
	ran, runErr := sw.run(ctx)
	if runErr != nil && ctx.Err() != nil {
		return nil, runErr
	}
	res, sumErr := summariseEnergy(sw, runs)
	if sumErr != nil && runErr == nil {
		return nil, sumErr
	}
	if res != nil {
		res.Ran = ran
		res.Seconds = time.Since(start).Seconds()
	}
	return res, runErr
}

// summariseEnergy reads the finished runs' metrics and writes summary.csv and
// aggregate.csv.
func summariseEnergy(sw sweep, runs []energyRun) (*EnergyResult, error) {
	dir := sw.Dir
	res := &EnergyResult{}
	for _, r := range runs {
		last, status, err := sw.lastMetrics(r.ID())
		if err != nil {
			return nil, err
		}
		if status == runDiverged {
			res.Diverged = append(res.Diverged, r.ID())
		}
		if status != runFinished {
			continue
		}
		row := EnergyRow{Model: r.Model, L2: r.L2, Seed: r.Seed, TestAcc: last["test_acc"], Bits: last["mutual_info_bits"],
			EnergySynaptic: last["energy_synaptic"], EnergyNeuron: last["energy_neuron"]}
		row.InfoPerEnergy = row.Bits / row.EnergySynaptic
		row.InfoPerNeuronEnergy = row.Bits / row.EnergyNeuron
		res.Rows = append(res.Rows, row)
	}
	if len(res.Rows) == 0 {
		return nil, fmt.Errorf("energy: no finished runs in %s", dir)
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

// InfoPerEnergyTTest compares two models' information per energy at one L2
// strength over seeds (Student's t-test, two-sided); NaN without two runs each.
func InfoPerEnergyTTest(rows []EnergyRow, modelA, modelB string, l2 float64) (t, p float64) {
	var a, b []float64
	for _, r := range rows {
		if r.L2 != l2 {
			continue
		}
		switch r.Model {
		case modelA:
			a = append(a, r.InfoPerEnergy)
		case modelB:
			b = append(b, r.InfoPerEnergy)
		}
	}
	return stats.TTestInd(a, b)
}
