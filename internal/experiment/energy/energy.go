package energy

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Models maps the energy experiment's model names to their configs: the
// presynaptic model, the deterministic MLP and the MLP with stochastic release at a
// fixed probability 0.4.
var Models = map[string]string{
	"presyn":    "energy-presyn",
	"mlp":       "energy-mlp",
	"mlp-fixed": "energy-mlp-fixed",
}

// ModelOrder is the order models are listed and plotted in.
var ModelOrder = []string{"presyn", "mlp", "mlp-fixed"}

// Study is the L2 sweep of the energy experiment (Figure 1, Appendix 1 figure 1a,
// b): every (model, L2 strength, seed) is one training run,
// runs/<model>_l2-<L2>_seed-<seed>. It is a study.Study; its exported fields are its
// spec.
type Study struct {
	Models    []string  `json:"models"` // names from Models
	L2s       []float64 `json:"l2"`     // weight-decay strengths
	Seeds     []uint64  `json:"seeds"`
	Overrides []string  `json:"overrides,omitempty"` // key=value for every run's config, before its l2
	Quick     bool      `json:"quick,omitempty"`     // the smoke profile (--quick): see study.Smoke

	Data data.Loader `json:"-"`
}

// Default is the paper's sweep: 3 models x 6 strengths x 3 seeds.
func Default() Study {
	return Study{
		Models: []string{"presyn", "mlp", "mlp-fixed"},
		L2s:    []float64{0, 0.001, 0.005, 0.01, 0.05, 0.1},
		Seeds:  []uint64{2019, 2020, 2021},
	}
}

// Quick is the smoke profile: 1 seed, two strengths, 5 epochs.
func Quick() Study {
	s := Default()
	s.L2s = []float64{0.01, 0.05}
	s.Seeds = []uint64{2019}
	s.Overrides = []string{"epochs=5"}
	s.Quick = true
	return s
}

// Name implements study.Study.
func (Study) Name() string { return "energy" }

// Spec implements study.Study.
func (e Study) Spec() any { return e }

// Validate checks the sweep's lists; its errors are the user's to fix.
func (e Study) Validate() error {
	if len(e.Models) == 0 {
		return errors.New("energy: no models given")
	}
	for _, m := range e.Models {
		if _, ok := Models[m]; !ok {
			return fmt.Errorf("energy: unknown model %q (want %s)", m, strings.Join(ModelOrder, ", "))
		}
	}
	if len(e.L2s) == 0 {
		return errors.New("energy: the L2 list is empty")
	}
	for _, l2 := range e.L2s {
		if !(l2 >= 0) {
			return fmt.Errorf("energy: L2 strength %v is negative or not a number", l2)
		}
	}
	if len(e.Seeds) == 0 {
		return errors.New("energy: no seeds given")
	}
	for _, err := range []error{study.Unique("model", e.Models), study.Unique("L2 strength", e.L2s), study.Unique("seed", e.Seeds)} {
		if err != nil {
			return fmt.Errorf("energy: %w", err)
		}
	}
	return nil
}

// energyPoint is a run's place in the sweep.
type energyPoint struct {
	Model string
	L2    float64
}

// Plan implements study.Study: models, then L2 strengths, then seeds.
func (e Study) Plan() ([]study.Run, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	var runs []study.Run
	var methods []string
	for _, model := range e.Models {
		for _, l2 := range e.L2s {
			// The study sets l2 itself: --set l2 beside it is refused, not lost.
			own := []config.Own{{KV: "l2=" + results.FormatExact(l2), From: "--l2"}}
			cfg, err := config.LoadShared(Models[model], e.Overrides, own)
			if err != nil {
				return nil, fmt.Errorf("energy: %s: %w", model, err)
			}
			methods = append(methods, cfg.Method)
			for _, seed := range e.Seeds {
				runs = append(runs, study.Run{
					ID:   runID(model, l2, seed),
					Seed: seed, Config: cfg, Point: energyPoint{model, l2},
				})
			}
		}
	}
	if err := config.SectionsUsed(e.Overrides, methods); err != nil {
		return nil, fmt.Errorf("energy: %w", err)
	}
	return runs, nil
}

// Measured is what an energy run measures on the test set: the last epoch,
// which is all fig1, app1a and app1b read (the config's eval_every adds more).
var Measured = train.Evaluation{}

// Execute implements study.Study: one training run.
func (e Study) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	return runkit.TrainRun(ctx, r.Config.(config.Train), r.Seed, e.Data, dir, Measured)
}

// runID names a run of the sweep: <model>_l2-<L2>_seed-<seed>.
func runID(model string, l2 float64, seed uint64) string {
	return fmt.Sprintf("%s_l2-%s_seed-%d", model, results.FormatExact(l2), seed)
}

// Run is a finished run of the sweep as collected.
type Run struct {
	Model string
	L2    float64
	Seed  uint64
	runkit.Trained
}

// Collect implements study.Study.
func (Study) Collect(r study.Run, dir string) (Run, error) {
	t, err := runkit.CollectTrained(r.Config.(config.Train), dir, Measured)
	p := r.Point.(energyPoint)
	return Run{Model: p.Model, L2: p.L2, Seed: r.Seed, Trained: t}, err
}

// Row is summary.csv's row: a run's values after its last epoch.
type Row struct {
	Model               string  `csv:"model"`
	L2                  float64 `csv:"l2"`
	Seed                uint64  `csv:"seed"`
	TestAcc             float64 `csv:"test_acc"`
	Bits                float64 `csv:"mutual_info_bits"`
	EnergySynaptic      float64 `csv:"energy_synaptic"`
	EnergyNeuron        float64 `csv:"energy_neuron"`
	InfoPerEnergy       float64 `csv:"info_per_energy"`        // bits / synaptic energy
	InfoPerNeuronEnergy float64 `csv:"info_per_neuron_energy"` // bits / neuron energy
}

// Aggregate is aggregate.csv's row: means and standard errors over seeds.
type Aggregate struct {
	Model               string         `csv:"model"`
	L2                  float64        `csv:"l2"`
	N                   int            `csv:"n"`
	TestAcc             stats.Estimate `csv:"test_acc"`
	Bits                stats.Estimate `csv:"mutual_info_bits"`
	Energy              stats.Estimate `csv:"energy_synaptic"`
	NeuronEnergy        stats.Estimate `csv:"energy_neuron"`
	InfoPerEnergy       stats.Estimate `csv:"info_per_energy"`
	InfoPerNeuronEnergy stats.Estimate `csv:"info_per_neuron_energy"`
}

// Summary is what the sweep's tables hold.
type Summary struct {
	Rows      []Row
	Aggregate []Aggregate
	Diverged  []string // runs whose loss diverged: kept, left out of the tables
}

// Summarise turns collected runs into the sweep's tables.
func Summarise(runs []Run) Summary {
	var s Summary
	for _, r := range runs {
		if r.Diverged {
			s.Diverged = append(s.Diverged, runID(r.Model, r.L2, r.Seed))
			continue
		}
		last := r.Last
		row := Row{Model: r.Model, L2: r.L2, Seed: r.Seed, TestAcc: last.TestAcc, Bits: last.MutualInfoBits,
			EnergySynaptic: last.EnergySynaptic, EnergyNeuron: last.EnergyNeuron}
		row.InfoPerEnergy = row.Bits / row.EnergySynaptic
		row.InfoPerNeuronEnergy = row.Bits / row.EnergyNeuron
		s.Rows = append(s.Rows, row)
	}
	s.Aggregate = aggregateEnergy(s.Rows)
	return s
}

// Render implements study.Study: summary.csv, aggregate.csv, the figures fig1a,
// fig1b, app1a, app1b and the report section.
func (e Study) Render(dir string, runs []Run, missing []study.Run) (study.Report, error) {
	s := Summarise(runs)
	if len(s.Rows) == 0 {
		return study.Report{}, fmt.Errorf("energy: every finished run in %s diverged", dir)
	}
	out := runkit.Tables{Dir: dir}
	runkit.WriteTable(&out, SummaryFile, s.Rows)
	runkit.WriteTable(&out, AggregateFile, s.Aggregate)
	rep := study.Report{Files: out.Files}
	if out.Err != nil {
		return rep, out.Err
	}
	var notes strings.Builder
	files, err := Figures(s.Aggregate, dir, &notes)
	rep.Files = append(rep.Files, files...)
	if err != nil {
		return rep, err
	}
	rep.Markdown = s.Markdown(len(runs)) + runkit.FigureNotes(notes.String())
	return rep, nil
}

// Markdown is the report section of the sweep: the aggregate table, the best
// information per energy of each model and t-tests between neighbouring models.
func (s Summary) Markdown(finished int) string {
	var b strings.Builder
	b.WriteString("## Energy and information (Figure 1, Appendix 1 figure 1a, b)\n\n")
	fmt.Fprintf(&b, "%d finished runs, %d in the tables (mean ± SE over seeds).\n\n", finished, len(s.Rows))
	if len(s.Diverged) > 0 {
		fmt.Fprintf(&b, "%d runs diverged and are left out of the tables: %s.\n\n", len(s.Diverged), strings.Join(s.Diverged, ", "))
	}
	var rows [][]string
	for _, a := range s.Aggregate {
		rows = append(rows, []string{a.Model, results.FormatExact(a.L2), fmt.Sprint(a.N),
			study.PM(a.TestAcc.Mean, a.TestAcc.SE, 4), study.PM(a.Bits.Mean, a.Bits.SE, 3), study.PM(a.Energy.Mean, a.Energy.SE, 0),
			study.PM(1000*a.InfoPerEnergy.Mean, 1000*a.InfoPerEnergy.SE, 4)})
	}
	b.WriteString(study.MarkdownTable([]string{"model", "l2", "n", "test acc", "bits", "synaptic energy", "bits/1000 energy"}, rows))
	b.WriteString("\n")
	best := BestInfoPerEnergy(s.Aggregate)
	for _, m := range ModelOrder {
		if a, ok := best[m]; ok {
			fmt.Fprintf(&b, "- best bits/1000 energy %s: %s at l2 %s\n", m, study.PM(1000*a.InfoPerEnergy.Mean, 1000*a.InfoPerEnergy.SE, 4), results.FormatExact(a.L2))
		}
	}
	for _, pair := range [][2]string{{"presyn", "mlp"}, {"mlp", "mlp-fixed"}} {
		a, okA := best[pair[0]]
		c, okB := best[pair[1]]
		if !okA || !okB {
			continue
		}
		for _, l2 := range uniqueFloats(a.L2, c.L2, 0.01) {
			t, p := InfoPerEnergyTTest(s.Rows, pair[0], pair[1], l2)
			if t == t { // NaN without two seeds per model
				fmt.Fprintf(&b, "- t-test bits/energy %s vs %s at l2 %s: t = %.2f, p = %.2g\n", pair[0], pair[1], results.FormatExact(l2), t, p)
			}
		}
	}
	b.WriteString("\nFigures: fig1a (information vs synaptic energy), fig1b (best information per energy), app1a, app1b (per L2 strength).\n")
	return b.String()
}

// uniqueFloats returns the distinct values in order of first appearance.
func uniqueFloats(values ...float64) []float64 {
	var out []float64
	seen := map[float64]bool{}
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// aggregateEnergy groups rows by (model, L2) in model order, then by L2.
func aggregateEnergy(rows []Row) []Aggregate {
	type key struct {
		model string
		l2    float64
	}
	groups := map[key][]Row{}
	var keys []key
	for _, r := range rows {
		k := key{r.Model, r.L2}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	order := map[string]int{}
	for i, m := range ModelOrder {
		order[m] = i
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].model != keys[j].model {
			return order[keys[i].model] < order[keys[j].model]
		}
		return keys[i].l2 < keys[j].l2
	})
	var out []Aggregate
	for _, k := range keys {
		g := groups[k]
		col := func(f func(Row) float64) stats.Estimate {
			xs := make([]float64, len(g))
			for i, r := range g {
				xs[i] = f(r)
			}
			return stats.EstimateOf(xs)
		}
		out = append(out, Aggregate{Model: k.model, L2: k.l2, N: len(g),
			TestAcc:             col(func(r Row) float64 { return r.TestAcc }),
			Bits:                col(func(r Row) float64 { return r.Bits }),
			Energy:              col(func(r Row) float64 { return r.EnergySynaptic }),
			NeuronEnergy:        col(func(r Row) float64 { return r.EnergyNeuron }),
			InfoPerEnergy:       col(func(r Row) float64 { return r.InfoPerEnergy }),
			InfoPerNeuronEnergy: col(func(r Row) float64 { return r.InfoPerNeuronEnergy }),
		})
	}
	return out
}

// BestInfoPerEnergy returns, per model, the aggregate with the highest mean
// information per synaptic energy (Figure 1b).
func BestInfoPerEnergy(aggs []Aggregate) map[string]Aggregate {
	best := map[string]Aggregate{}
	for _, a := range aggs {
		if b, ok := best[a.Model]; !ok || a.InfoPerEnergy.Mean > b.InfoPerEnergy.Mean {
			best[a.Model] = a
		}
	}
	return best
}

// InfoPerEnergyTTest compares two models' information per energy at one L2
// strength over seeds (Student's t-test, two-sided); NaN without two runs each.
func InfoPerEnergyTTest(rows []Row, modelA, modelB string, l2 float64) (t, p float64) {
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
