package importance

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/importance"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/paper/papertest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
)

// The artefacts' checks are tested on finished study folders made from chosen
// numbers, without training: the marker is written by study.Prepare and every
// run's files as Execute writes them (the package's row types through
// results.WriteRows), so what reads them is the code that reads real runs.

// fixtureStudy is a small importance study: two seeds with p starting at p_min
// and one starting uniform, the paper's lesion fractions. Plan needs no trained
// network (RunsDir is only looked at by Execute).
func fixtureStudy() Study {
	s := Default()
	s.Seeds, s.UniformSeeds, s.Samples, s.RunsDir = []uint64{1, 2}, []uint64{1}, 2, ""
	return s
}

// group is a set of alike synapses of a made-up network. Their p, |w| and Fisher
// are spread over five steps around the given values that keep the mean and the
// median (each group's size is a multiple of 5).
type group struct {
	n               int
	p, absW, fisher float64
}

// numbers say what the made-up runs measured. baseNumbers match every
// artefact.
type numbers struct {
	// Lesion is the accuracy of seed's network with fraction of its synapses
	// removed, least important by imp first.
	Lesion func(imp string, fraction float64, seed uint64) float64
	// Network is the synapses of a Fisher run's network.
	Network func(seed uint64, uniform bool) []group
	// Fisher is a Fisher run's Pearson correlation of Fisher information and p.
	Fisher func(seed uint64) FisherRow
	// Sparsity is what a sparsity run found of a layer (1 and 2 hidden, 3 output).
	Sparsity func(seed uint64, layer int) SparsityRow
}

func baseNumbers() numbers {
	return numbers{
		// Low p first loses accuracy slowest, random fastest: p above random at
		// every fraction (at 10%: 0.969 - 0.002 seed against 0.962 - 0.002 seed).
		Lesion: func(imp string, f float64, seed uint64) float64 {
			slope := map[string]float64{importance.ByP: 0.1, importance.ByAbsW: 0.2, importance.ByPAbsW: 0.15, importance.ByRandom: 0.8}[imp]
			return 0.97 - slope*f*f - 0.002*float64(seed)
		},
		// 10% of the synapses at p 0.95 (mean p 0.275), with five times the |w|
		// and 100 times the Fisher information of the rest.
		Network: func(uint64, bool) []group {
			return []group{{n: 30, p: 0.95, absW: 0.5, fisher: 1e-3}, {n: 270, p: 0.2, absW: 0.1, fisher: 1e-5}}
		},
		Fisher: func(seed uint64) FisherRow { return FisherRow{Seed: seed, PearsonR: 0.6, PearsonP: 1e-30} },
		// The paper's numbers: layer 2 D = 0.505 (fig3a), r = 0.9390 and 0.7999
		// (fig3c, app2b), the output layer's KS p = 0.41 (app2a).
		Sparsity: func(seed uint64, layer int) SparsityRow {
			r := SparsityRow{Seed: seed, Layer: layer, NLow: 20, NMedium: 10, NHigh: 20, NLowShuffled: 5, NMediumShuffle: 40, NHighShuffled: 5}
			switch layer {
			case 1:
				r.KSD, r.KSP, r.RInOut = 0.6, 1e-5, 0.9390
			case 2:
				r.KSD, r.KSP, r.RInOut = 0.505, 1e-4, 0.7999
			default:
				r.KSD, r.KSP, r.RInOut = 0.1, 0.41, math.NaN()
			}
			return r
		},
	}
}

// The edits of baseNumbers the cases make.

func lesionEdit(edit func(imp string, f float64, seed uint64, acc float64) float64) func(*numbers) {
	return func(n *numbers) {
		base := n.Lesion
		n.Lesion = func(imp string, f float64, seed uint64) float64 { return edit(imp, f, seed, base(imp, f, seed)) }
	}
}

// networkOf gives the runs of seed (uniform or not) the network groups.
func networkOf(seed uint64, uniform bool, groups ...group) func(*numbers) {
	return func(n *numbers) {
		base := n.Network
		n.Network = func(s uint64, u bool) []group {
			if s == seed && u == uniform {
				return groups
			}
			return base(s, u)
		}
	}
}

// damagedSynapse adds a synapse with damaged numbers to the network of seed.
func damagedSynapse(seed uint64, uniform bool, g group) func(*numbers) {
	return func(n *numbers) {
		base := n.Network
		n.Network = func(s uint64, u bool) []group {
			if s == seed && u == uniform {
				return append(base(s, u), g)
			}
			return base(s, u)
		}
	}
}

func fisherEdit(edit func(r *FisherRow)) func(*numbers) {
	return func(n *numbers) {
		base := n.Fisher
		n.Fisher = func(seed uint64) FisherRow { r := base(seed); edit(&r); return r }
	}
}

func sparsityEdit(edit func(r *SparsityRow)) func(*numbers) {
	return func(n *numbers) {
		base := n.Sparsity
		n.Sparsity = func(seed uint64, layer int) SparsityRow { r := base(seed, layer); edit(&r); return r }
	}
}

func madeUpSynapses(uniform bool, groups []group) []SynapseRow {
	var rows []SynapseRow
	for _, g := range groups {
		for i := range g.n {
			step := float64(i%5 - 2)
			pInit := 0.25
			if uniform {
				pInit = 0.25 + 0.75*(float64(i)+0.5)/float64(g.n)
			}
			rows = append(rows, SynapseRow{Layer: 1 + i%3, PInit: pInit, P: g.p + 0.01*step,
				AbsW: g.absW * (1 + 0.1*step), Fisher: g.fisher * (1 + 0.1*step)})
		}
	}
	return rows
}

// madeUpNeurons are a sparsity run's neurons: eight a layer.
func madeUpNeurons() []NeuronRow {
	var rows []NeuronRow
	for layer := 1; layer <= 3; layer++ {
		for j := range 8 {
			n := NeuronRow{Layer: layer, Neuron: j + 1, Inputs: 5 + 10*j, InputsShuffled: 20 + j%3, Outputs: float64(8 + 9*j), Fan: 100}
			if layer == 3 {
				n.Outputs = math.NaN()
			}
			rows = append(rows, n)
		}
	}
	return rows
}

// finish makes dir a folder of study s in which every planned run but those
// named unfinished has finished with the numbers n.
func finish(t *testing.T, s Study, dir string, n numbers, unfinished ...string) {
	t.Helper()
	runs, err := study.Prepare[Run](s, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if slices.Contains(unfinished, r.ID) {
			continue
		}
		rd := filepath.Join(dir, "runs", r.ID)
		if err := os.MkdirAll(rd, 0o755); err != nil {
			t.Fatal(err)
		}
		errs := []error{results.NewManifest(s.Name(), r.Config, r.Seed, "").Write(rd)}
		switch p := r.Point.(importancePoint); p.Analysis {
		case AnalysisLesion:
			var rows []LesionRow
			for _, imp := range importance.Importances {
				for _, f := range s.Fractions {
					rows = append(rows, LesionRow{Importance: imp, Fraction: f, Seed: r.Seed, Accuracy: n.Lesion(imp, f, r.Seed)})
				}
			}
			errs = append(errs, results.WriteRows(filepath.Join(rd, lesionFile), rows))
		case AnalysisFisher:
			errs = append(errs, results.WriteRows(filepath.Join(rd, synapsesFile), madeUpSynapses(p.Uniform, n.Network(r.Seed, p.Uniform))),
				results.WriteRows(filepath.Join(rd, fisherFile), []FisherRow{n.Fisher(r.Seed)}))
		case AnalysisSparsity:
			var rows []SparsityRow
			for layer := 1; layer <= 3; layer++ {
				rows = append(rows, n.Sparsity(r.Seed, layer))
			}
			errs = append(errs, results.WriteRows(filepath.Join(rd, sparsityFile), rows),
				results.WriteRows(filepath.Join(rd, neuronsFile), madeUpNeurons()))
		}
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
	}
}

// artefactCase is a fixture and the outcome of one artefact's check on it.
type artefactCase struct {
	id, name string
	spec     func(*Study)   // edits fixtureStudy; nil for none
	edit     func(*numbers) // edits baseNumbers; nil for none
	// unfinished are planned runs left without a folder.
	unfinished []string
	// corrupt edits a run's file after it is written.
	corrupt func(t *testing.T, dir string)
	// want is Matched or Differs for a finding, NotRun for an error wrapping
	// paper.ErrNotRun, Error for another error naming the file file (relative
	// to the study folder) and saying bad: what in it is damaged.
	want      paper.Verdict
	file, bad string
	note      string // what the finding's Note must contain
}

var artefactCases = []artefactCase{
	// fig2a: mean p below 0.5 and under a third at p >= 0.9, every seed.
	{id: Fig2a, name: "10% high, mean p 0.275", want: paper.Matched},
	{id: Fig2a, name: "seed 2: 40% high, mean p 0.44", want: paper.Differs,
		edit: networkOf(2, false, group{n: 120, p: 0.95, absW: 0.5, fisher: 1e-3}, group{n: 180, p: 0.1, absW: 0.1, fisher: 1e-5})},
	{id: Fig2a, name: "seed 2: 10% high, mean p 0.59", want: paper.Differs,
		edit: networkOf(2, false, group{n: 30, p: 0.95, absW: 0.5, fisher: 1e-3}, group{n: 270, p: 0.55, absW: 0.1, fisher: 1e-5})},
	{id: Fig2a, name: "only the uniform Fisher run finished", want: paper.NotRun, unfinished: []string{"fisher_seed-1", "fisher_seed-2"}},
	{id: Fig2a, name: "a NaN p", want: paper.Error, file: "runs/fisher_seed-2/synapses.csv", bad: `column "p" is NaN`,
		edit: damagedSynapse(2, false, group{n: 1, p: math.NaN(), absW: 0.1, fisher: 1e-5})},

	// fig2b: low p first above random at every fraction from 10% to 90%.
	{id: Fig2b, name: "p above random throughout", want: paper.Matched},
	{id: Fig2b, name: "seed 2 unfinished", want: paper.Matched, unfinished: []string{"lesion_seed-2"}, note: "1 planned run not finished"},
	{id: Fig2b, name: "p below random at 90%", want: paper.Differs,
		edit: lesionEdit(func(imp string, f float64, _ uint64, acc float64) float64 {
			if imp == importance.ByP && f == 0.9 {
				return 0.1 // random is at 0.32 - 0.002 seed
			}
			return acc
		})},
	{id: Fig2b, name: "no lesion planned", want: paper.NotRun, spec: func(s *Study) { s.Analyses = []string{AnalysisFisher, AnalysisSparsity} }},
	{id: Fig2b, name: "no lesion run finished", want: paper.NotRun, unfinished: []string{"lesion_seed-1", "lesion_seed-2"}},
	{id: Fig2b, name: "a NaN accuracy", want: paper.Error, file: "runs/lesion_seed-1/lesion.csv", bad: `column "accuracy" is NaN`,
		edit: lesionEdit(func(imp string, f float64, seed uint64, acc float64) float64 {
			if imp == importance.ByRandom && f == 0.5 && seed == 1 {
				return math.NaN()
			}
			return acc
		})},

	// fig2c: mean |w| of high p more than twice that of low p, every seed.
	{id: Fig2c, name: "|w| high/low 5", want: paper.Matched},
	{id: Fig2c, name: "seed 1: |w| high/low 2.1", want: paper.Matched,
		edit: networkOf(1, false, group{n: 30, p: 0.95, absW: 0.21, fisher: 1e-3}, group{n: 270, p: 0.2, absW: 0.1, fisher: 1e-5})},
	{id: Fig2c, name: "seed 1: |w| high/low 1.9", want: paper.Differs,
		edit: networkOf(1, false, group{n: 30, p: 0.95, absW: 0.19, fisher: 1e-3}, group{n: 270, p: 0.2, absW: 0.1, fisher: 1e-5})},
	{id: Fig2c, name: "no Fisher run planned", want: paper.NotRun, spec: func(s *Study) { s.Analyses = []string{AnalysisLesion, AnalysisSparsity} }},
	{id: Fig2c, name: "an infinite |w|", want: paper.Error, file: "runs/fisher_seed-1/synapses.csv", bad: `column "abs_w" is +Inf`,
		edit: damagedSynapse(1, false, group{n: 1, p: 0.95, absW: math.Inf(1), fisher: 1e-3})},

	// fig2d: median Fisher of high p above low p, and r > 0 with p < 0.01, every seed.
	{id: Fig2d, name: "median Fisher high/low 100, r 0.6", want: paper.Matched},
	{id: Fig2d, name: "seed 2: Pearson p 0.02", want: paper.Differs,
		edit: fisherEdit(func(r *FisherRow) {
			if r.Seed == 2 {
				r.PearsonP = 0.02
			}
		})},
	{id: Fig2d, name: "seed 1: r -0.3", want: paper.Differs,
		edit: fisherEdit(func(r *FisherRow) {
			if r.Seed == 1 {
				r.PearsonR = -0.3
			}
		})},
	{id: Fig2d, name: "seed 1: median Fisher of high p a tenth of low", want: paper.Differs,
		edit: networkOf(1, false, group{n: 30, p: 0.95, absW: 0.5, fisher: 1e-6}, group{n: 270, p: 0.2, absW: 0.1, fisher: 1e-5})},
	{id: Fig2d, name: "only the uniform Fisher run finished", want: paper.NotRun, unfinished: []string{"fisher_seed-1", "fisher_seed-2"}},
	{id: Fig2d, name: "a NaN pearson_r", want: paper.Error, file: "runs/fisher_seed-2/fisher.csv", bad: `column "pearson_r" is NaN`,
		edit: fisherEdit(func(r *FisherRow) {
			if r.Seed == 2 {
				r.PearsonR = math.NaN()
			}
		})},
	{id: Fig2d, name: "a NaN pearson_p", want: paper.Error, file: "runs/fisher_seed-1/fisher.csv", bad: `column "pearson_p" is NaN`,
		edit: fisherEdit(func(r *FisherRow) {
			if r.Seed == 1 {
				r.PearsonP = math.NaN()
			}
		})},

	// fig3a: layer 2 KS p < 0.01 every seed, mean D within tolerance of the
	// paper's. PAPER_RESULTS.md fig3a: "KS test D = 0.505, p < 0.01"; the paper
	// gives no SE, so the tolerance is 1.5 points of 0.01 (0.015), or 3 SE of
	// ours where that is larger.
	{id: Fig3a, name: "D 0.505, the paper's", want: paper.Matched},
	{id: Fig3a, name: "D 0.519 in both seeds: 0.014 above 0.505", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.KSD = 0.519
			}
		})},
	{id: Fig3a, name: "D 0.521 in both seeds: 0.016 above 0.505", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.KSD = 0.521
			}
		})},
	{id: Fig3a, name: "D 0.489 in both seeds: 0.016 below 0.505", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.KSD = 0.489
			}
		})},
	{id: Fig3a, name: "D 0.48 and 0.58: 0.025 above 0.505, but 3 SE 0.15", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.KSD = map[uint64]float64{1: 0.48, 2: 0.58}[r.Seed]
			}
		})},
	{id: Fig3a, name: "seed 2: KS p 0.02", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 && r.Seed == 2 {
				r.KSP = 0.02
			}
		})},
	{id: Fig3a, name: "no sparsity run finished", want: paper.NotRun, unfinished: []string{"sparsity_seed-1", "sparsity_seed-2"}},
	{id: Fig3a, name: "a NaN ks_d", want: paper.Error, file: "runs/sparsity_seed-2/sparsity.csv", bad: `column "ks_d" is NaN`,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 && r.Seed == 2 {
				r.KSD = math.NaN()
			}
		})},

	// fig3b: layer 2 low plus high neurons at least twice the shuffled count.
	{id: Fig3b, name: "40 against 10", want: paper.Matched},
	{id: Fig3b, name: "20 against 10: exactly twice", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.NLow, r.NHigh = 10, 10
			}
		})},
	{id: Fig3b, name: "19 against 10", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.NLow, r.NHigh = 10, 9
			}
		})},
	{id: Fig3b, name: "the mean over seeds: 30 and 9 against 10", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 && r.Seed == 2 {
				r.NLow, r.NHigh = 5, 4
			}
		})},
	{id: Fig3b, name: "no sparsity planned", want: paper.NotRun, spec: func(s *Study) { s.Analyses = []string{AnalysisLesion, AnalysisFisher} }},
	{id: Fig3b, name: "n_high not a number", want: paper.Error, file: "runs/sparsity_seed-1/sparsity.csv", bad: `column "n_high"`,
		corrupt: func(t *testing.T, dir string) {
			// The counts are integers: a NaN there is a cell that does not parse.
			resultstest.SetCell(t, filepath.Join(dir, "runs/sparsity_seed-1/sparsity.csv"), 2, "n_high", "NaN") // layer 2
		}},

	// fig3c: layer 1 r within tolerance of the paper's. PAPER_RESULTS.md fig3c:
	// "Pearson r = 0.9390"; no SE: 1.5 points of 0.01 (0.015), or 3 SE of ours.
	{id: Fig3c, name: "r 0.9390, the paper's", want: paper.Matched},
	{id: Fig3c, name: "r 0.9250 in both seeds: 0.014 below 0.9390", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 1 {
				r.RInOut = 0.9250
			}
		})},
	{id: Fig3c, name: "r 0.9230 in both seeds: 0.016 below 0.9390", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 1 {
				r.RInOut = 0.9230
			}
		})},
	{id: Fig3c, name: "r 0.88 and 0.96: 0.019 below 0.9390, 3 SE 0.12", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 1 {
				r.RInOut = map[uint64]float64{1: 0.88, 2: 0.96}[r.Seed]
			}
		})},
	{id: Fig3c, name: "no sparsity run finished", want: paper.NotRun, unfinished: []string{"sparsity_seed-1", "sparsity_seed-2"}},
	{id: Fig3c, name: "an empty r_in_out in layer 1", want: paper.Error, file: "runs/sparsity_seed-1/sparsity.csv", bad: `column "r_in_out" is NaN`,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 1 && r.Seed == 1 {
				r.RInOut = math.NaN()
			}
		})},

	// app1d: fig2a's rule for the networks whose p start uniform.
	{id: App1d, name: "10% high, mean p 0.275", want: paper.Matched},
	{id: App1d, name: "40% high, mean p 0.44", want: paper.Differs,
		edit: networkOf(1, true, group{n: 120, p: 0.95, absW: 0.5, fisher: 1e-3}, group{n: 180, p: 0.1, absW: 0.1, fisher: 1e-5})},
	{id: App1d, name: "10% high but mean p 0.635", want: paper.Differs,
		edit: networkOf(1, true, group{n: 30, p: 0.95, absW: 0.5, fisher: 1e-3}, group{n: 270, p: 0.6, absW: 0.1, fisher: 1e-5})},
	{id: App1d, name: "no uniform seeds", want: paper.NotRun, spec: func(s *Study) { s.UniformSeeds = nil }},
	{id: App1d, name: "the uniform run unfinished", want: paper.NotRun, unfinished: []string{"fisher_uniform_seed-1"}},
	{id: App1d, name: "a NaN Fisher", want: paper.Error, file: "runs/fisher_uniform_seed-1/synapses.csv", bad: `column "fisher" is NaN`,
		edit: damagedSynapse(1, true, group{n: 1, p: 0.3, absW: 0.1, fisher: math.NaN()})},

	// app2a: KS p < 0.01 every seed in layers 1 and 2; the output layer's mean
	// not below 0.01 (PAPER_RESULTS.md app2a: "except the output layer (p = 0.41)").
	{id: App2a, name: "layers 1 and 2 p < 0.01, output 0.41", want: paper.Matched},
	{id: App2a, name: "output p 0.41 and 0.001: mean 0.21", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 3 && r.Seed == 2 {
				r.KSP = 0.001
			}
		})},
	{id: App2a, name: "output p 0.005 in both seeds", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 3 {
				r.KSP = 0.005
			}
		})},
	{id: App2a, name: "seed 1: layer 1 p 0.02", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 1 && r.Seed == 1 {
				r.KSP = 0.02
			}
		})},
	{id: App2a, name: "no sparsity run finished", want: paper.NotRun, unfinished: []string{"sparsity_seed-1", "sparsity_seed-2"}},
	{id: App2a, name: "a NaN ks_p in the output layer", want: paper.Error, file: "runs/sparsity_seed-1/sparsity.csv", bad: `column "ks_p" is NaN`,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 3 && r.Seed == 1 {
				r.KSP = math.NaN()
			}
		})},

	// app2b: both hidden layers' r within tolerance. PAPER_RESULTS.md app2b:
	// "r = 0.9390 (layer 1), r = 0.7999 (layer 2)"; no SE: 0.015, or 3 SE of ours.
	{id: App2b, name: "r 0.9390 and 0.7999, the paper's", want: paper.Matched},
	{id: App2b, name: "layer 2 r 0.8139: 0.014 above 0.7999", want: paper.Matched,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.RInOut = 0.8139
			}
		})},
	{id: App2b, name: "layer 2 r 0.7839: 0.016 below 0.7999", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 {
				r.RInOut = 0.7839
			}
		})},
	{id: App2b, name: "layer 1 r 0.9550: 0.016 above 0.9390", want: paper.Differs,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 1 {
				r.RInOut = 0.9550
			}
		})},
	{id: App2b, name: "no sparsity planned", want: paper.NotRun, spec: func(s *Study) { s.Analyses = []string{AnalysisLesion, AnalysisFisher} }},
	{id: App2b, name: "an infinite r_in_out in layer 2", want: paper.Error, file: "runs/sparsity_seed-2/sparsity.csv", bad: `column "r_in_out" is -Inf`,
		edit: sparsityEdit(func(r *SparsityRow) {
			if r.Layer == 2 && r.Seed == 2 {
				r.RInOut = math.Inf(-1)
			}
		})},
}

// TestArtefacts runs every case's check on its fixture.
func TestArtefacts(t *testing.T) {
	t.Parallel()
	for _, c := range artefactCases {
		t.Run(c.id+"/"+c.name, func(t *testing.T) {
			t.Parallel()
			s, n := fixtureStudy(), baseNumbers()
			if c.spec != nil {
				c.spec(&s)
			}
			if c.edit != nil {
				c.edit(&n)
			}
			dir := t.TempDir()
			finish(t, s, dir, n, c.unfinished...)
			if c.corrupt != nil {
				c.corrupt(t, dir)
			}
			a := papertest.Find(t, Artefacts(), c.id)
			dirs := make([]string, len(a.Sources))
			dirs[0] = dir
			switch c.want {
			case paper.NotRun:
				papertest.WantNotRun(t, a, dirs)
				return
			case paper.Error:
				papertest.WantError(t, a, dirs, filepath.Join(dir, c.file), c.bad)
				return
			}
			f, err := a.Check(dirs)
			if err != nil {
				t.Fatal(err)
			}
			if f.Verdict != c.want {
				t.Errorf("verdict %q, want %q (ours: %s)", f.Verdict, c.want, f.Ours)
			}
			if f.Ours == "" || len(f.Files[".csv"]) == 0 {
				t.Errorf("finding without our numbers or the table behind them: %+v", f)
			}
			if !strings.Contains(f.Note, c.note) || (c.note == "" && f.Note != "") {
				t.Errorf("note %q, want %q", f.Note, c.note)
			}
		})
	}
}

// TestEveryArtefactHasCases holds the table to Artefacts(): every artefact has a
// case that matches, one that differs, one not run and one damaged.
func TestEveryArtefactHasCases(t *testing.T) {
	var cover papertest.Coverage
	for _, c := range artefactCases {
		cover.Add(c.id, c.want)
	}
	cover.Require(t, Artefacts(), paper.Matched, paper.Differs, paper.NotRun, paper.Error)
}

// allDiffer are numbers with which every artefact differs.
func allDiffer() numbers {
	n := baseNumbers()
	for _, edit := range []func(*numbers){
		lesionEdit(func(imp string, f float64, _ uint64, acc float64) float64 {
			if imp == importance.ByRandom {
				return 0.99 // above low p first everywhere
			}
			return acc
		}),
		// 40% high, with |w| 1.5 and Fisher a tenth of the rest's, in every network.
		func(n *numbers) {
			n.Network = func(uint64, bool) []group {
				return []group{{n: 120, p: 0.95, absW: 0.15, fisher: 1e-6}, {n: 180, p: 0.1, absW: 0.1, fisher: 1e-5}}
			}
		},
		fisherEdit(func(r *FisherRow) { r.PearsonP = 0.5 }),
		sparsityEdit(func(r *SparsityRow) {
			r.KSP = 0.005
			r.NLow, r.NHigh = 5, 5
			switch r.Layer {
			case 1:
				r.RInOut = 0.5
			case 2:
				r.KSD, r.RInOut = 0.3, 0.5
			}
		}),
	} {
		edit(&n)
	}
	return n
}

// findings checks every artefact on the study folder dir.
func findings(t *testing.T, dir string) map[string]paper.Finding {
	t.Helper()
	out := map[string]paper.Finding{}
	for _, a := range Artefacts() {
		f, err := a.Check([]string{dir})
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		out[a.ID] = f
	}
	return out
}

// The checks read the runs, not the study's tables that Render writes: the
// tables of a study where every artefact differs, put in place of a matching
// study's, change no finding. The tables are written by importanceTables, which
// is Render's step that writes them (its figures would take a second to draw).
func TestArtefactsReadTheRuns(t *testing.T) {
	t.Parallel()
	s := fixtureStudy()
	matching, differing := t.TempDir(), t.TempDir()
	finish(t, s, matching, baseNumbers())
	finish(t, s, differing, allDiffer())
	tables := func(dir string) Summary {
		runs, missing, err := study.Collect[Run](s, dir)
		if err != nil || len(missing) != 0 {
			t.Fatalf("collect %s: %v, missing %v", dir, err, missing)
		}
		return Summarise(runs)
	}
	own, other := tables(matching), tables(differing)
	if _, err := importanceTables(matching, own); err != nil {
		t.Fatal(err)
	}
	before := findings(t, matching)
	for id, f := range findings(t, differing) {
		if f.Verdict != paper.Differs {
			t.Fatalf("%s: the differing study's finding is %q (%s)", id, f.Verdict, f.Ours)
		}
	}
	files, err := importanceTables(matching, other)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{LesionTableFile, LesionAggregateFile, FisherTableFile, SynapseGroupsFile, SparsityTableFile} {
		if !slices.Contains(files, filepath.Join(matching, name)) {
			t.Errorf("%s was not replaced (replaced %v)", name, files)
		}
	}
	for id, f := range findings(t, matching) {
		b := before[id]
		if f.Verdict != paper.Matched || f.Verdict != b.Verdict || f.Ours != b.Ours || f.Note != b.Note || !bytes.Equal(f.Files[".csv"], b.Files[".csv"]) {
			t.Errorf("%s: with the study's tables replaced: %q (%s), before %q (%s)", id, f.Verdict, f.Ours, b.Verdict, b.Ours)
		}
	}
}

// A folder of another study is not the importance study's: an error naming it,
// not ErrNotRun.
func TestArtefactsOnAnotherStudy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := energy.Study{Models: []string{"presyn"}, L2s: []float64{0.01}, Seeds: []uint64{1}}
	if _, err := study.Prepare[energy.Run](e, dir); err != nil {
		t.Fatal(err)
	}
	for _, a := range Artefacts() {
		papertest.WantError(t, a, []string{dir}, dir, `"energy"`)
	}
}
