package importance

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/importance"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/train"
)

// Analyses of the importance study.
const (
	AnalysisLesion   = "lesion"
	AnalysisFisher   = "fisher"
	AnalysisSparsity = "sparsity"
)

// Analyses lists them in the order of the paper.
var Analyses = []string{AnalysisLesion, AnalysisFisher, AnalysisSparsity}

// Study is the study of Figures 2 and 3, Appendix 1 figure 1d and Appendix 2:
// what the learned release probabilities of trained energy-presyn networks (L2
// 0.01) say about their synapses. Each (analysis, seed) is a run,
// runs/<analysis>_seed-<seed>; app1d's networks, whose release probabilities start
// uniform in [p_min, 1], get the Fisher analysis as runs/fisher_uniform_seed-<seed>.
//
// The networks are those `presyn energy` trained into RunsDir
// (RunsDir/runs/presyn_l2-<L2>_seed-<seed>) when they are there and were made with
// the planned config; the others are trained by Networks into Dir/trained (and
// Dir/trained-uniform), themselves energy studies. An analysis run whose network
// is not trained yet waits (study.ErrNotReady). It is a study.Study; its exported
// fields are its spec.
type Study struct {
	Analyses     []string  `json:"analyses"`      // of ImportanceAnalyses
	Seeds        []uint64  `json:"seeds"`         // networks with p starting at p_min
	UniformSeeds []uint64  `json:"uniform_seeds"` // networks with p starting uniform (app1d); may be empty
	L2           float64   `json:"l2"`
	Fractions    []float64 `json:"fractions"` // lesioned fractions
	Samples      int       `json:"samples"`   // sampled networks per lesioned accuracy
	Overrides    []string  `json:"overrides,omitempty"`
	RunsDir      string    `json:"runs"`            // where trained networks are looked for first
	Quick        bool      `json:"quick,omitempty"` // the smoke profile (--quick): see study.Smoke

	Data data.Loader `json:"-"`
	Dir  string      `json:"-"` // the study's results folder
}

// Default is the paper's setting: the three analyses on seeds
// 2019-2021 at L2 0.01, app1d on seed 2019, lesions of 0% to 90% in steps of 10%
// with 10 sampled networks.
func Default() Study {
	return Study{
		Analyses: slices.Clone(Analyses), Seeds: []uint64{2019, 2020, 2021}, UniformSeeds: []uint64{2019},
		L2: 0.01, Fractions: []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, Samples: 10,
		RunsDir: filepath.Join("results", energy.Folder),
	}
}

// Quick is the smoke profile: seed 2019 (and app1d's 2019), networks of 5
// epochs, as energy.Quick trains them.
func Quick() Study {
	s := Default()
	s.Seeds, s.UniformSeeds, s.Overrides, s.Quick = []uint64{2019}, []uint64{2019}, []string{"epochs=5"}, true
	return s
}

// Name implements study.Study.
func (Study) Name() string { return "importance" }

// Spec implements study.Study.
func (s Study) Spec() any { return s }

// Validate checks the spec; its errors are the user's to fix.
func (s Study) Validate() error {
	if len(s.Analyses) == 0 {
		return errors.New("importance: no analyses given")
	}
	for _, a := range s.Analyses {
		if !slices.Contains(Analyses, a) {
			return fmt.Errorf("importance: unknown analysis %q (want %s)", a, strings.Join(Analyses, ", "))
		}
	}
	if len(s.Seeds) == 0 {
		return errors.New("importance: no seeds given")
	}
	if !(s.L2 >= 0) {
		return fmt.Errorf("importance: L2 strength %v is negative or not a number", s.L2)
	}
	for _, f := range s.Fractions {
		if !(f >= 0 && f <= 1) {
			return fmt.Errorf("importance: lesion fraction %v is not in [0, 1]", f)
		}
	}
	if slices.Contains(s.Analyses, AnalysisLesion) && (len(s.Fractions) == 0 || s.Samples < 1) {
		return fmt.Errorf("importance: the lesion needs fractions and at least one sampled network (have %v and %d)", s.Fractions, s.Samples)
	}
	for _, err := range []error{study.Unique("analysis", s.Analyses), study.Unique("seed", s.Seeds),
		study.Unique("uniform seed", s.UniformSeeds), study.Unique("fraction", s.Fractions)} {
		if err != nil {
			return fmt.Errorf("importance: %w", err)
		}
	}
	return nil
}

// Network returns the config of the trained networks: energy-presyn at L2, with
// the spec's overrides, and with uniform initial release probabilities if asked.
func (s Study) Network(uniform bool) (config.Train, error) {
	own := []config.Own{{KV: "l2=" + results.FormatExact(s.L2), From: "--l2"}}
	if uniform {
		own = append(own, config.Own{KV: "p_init=uniform", From: "the uniform networks' p_init"})
	}
	return config.LoadOwn(energy.Models["presyn"], s.Overrides, own)
}

// Networks are the energy studies that train the networks the analyses need
// and RunsDir lacks: the p_min networks of the seeds it has not got, into
// Dir/trained, and app1d's networks with uniform initial p, into
// Dir/trained-uniform (NetworkDir).
func (s Study) Networks() []energy.Study {
	return s.NetworksBesides(func(uint64) bool { return false })
}

// NetworksBesides is Networks when RunsDir will also hold the networks of the
// seeds planned says (an energy study that runs beside this one, as in presyn
// paper): those are not trained twice.
func (s Study) NetworksBesides(planned func(seed uint64) bool) []energy.Study {
	var missing []uint64
	for _, seed := range s.Seeds {
		if !s.inRunsDir(seed) && !planned(seed) {
			missing = append(missing, seed)
		}
	}
	var studies []energy.Study
	base := energy.Study{Models: []string{"presyn"}, L2s: []float64{s.L2}, Data: s.Data}
	if len(missing) > 0 {
		e := base
		e.Seeds, e.Overrides = missing, slices.Clone(s.Overrides)
		studies = append(studies, e)
	}
	if len(s.UniformSeeds) > 0 {
		e := base
		e.Seeds, e.Overrides = s.UniformSeeds, append(slices.Clone(s.Overrides), "p_init=uniform")
		studies = append(studies, e)
	}
	return studies
}

// NetworkDir is where a study of Networks trains: Dir/trained for p starting
// at p_min, Dir/trained-uniform for uniform.
func (s Study) NetworkDir(e energy.Study) string {
	if slices.Contains(e.Overrides, "p_init=uniform") {
		return filepath.Join(s.Dir, "trained-uniform")
	}
	return filepath.Join(s.Dir, "trained")
}

// NetworkDirs are the folders of Networks, in its order.
func (s Study) NetworkDirs() []string {
	var dirs []string
	for _, e := range s.Networks() {
		dirs = append(dirs, s.NetworkDir(e))
	}
	return dirs
}

// NetworkID is the run ID of the network of seed at L2 l2 in an energy study's
// folder (energy's own run ID for the presyn model).
func NetworkID(l2 float64, seed uint64) string { return networkID(l2, seed) }

func networkID(l2 float64, seed uint64) string {
	return fmt.Sprintf("presyn_l2-%s_seed-%d", results.FormatExact(l2), seed)
}

// inRunsDir reports whether RunsDir holds the finished network of seed.
func (s Study) inRunsDir(seed uint64) bool {
	return s.RunsDir != "" && (results.RunDirs{Root: filepath.Join(s.RunsDir, "runs")}).Done(networkID(s.L2, seed))
}

// source returns the folder of the trained network of seed, or an error wrapping
// study.ErrNotReady if it is not trained yet.
func (s Study) source(seed uint64, uniform bool) (string, error) {
	id := networkID(s.L2, seed)
	var candidates []string
	if uniform {
		candidates = []string{filepath.Join(s.Dir, "trained-uniform")}
	} else {
		if s.RunsDir != "" {
			candidates = append(candidates, s.RunsDir)
		}
		candidates = append(candidates, filepath.Join(s.Dir, "trained"))
	}
	for _, c := range candidates {
		dirs := results.RunDirs{Root: filepath.Join(c, "runs")}
		if dirs.Done(id) {
			return dirs.Final(id), nil
		}
	}
	return "", fmt.Errorf("network %s is not trained yet (looked in %s): %w", id, strings.Join(candidates, " and "), study.ErrNotReady)
}

// importancePoint is a run's place in the study.
type importancePoint struct {
	Analysis string
	Uniform  bool
}

// importanceRunConfig is what an analysis run records: the analysis, its
// settings, and the config of the network it analyses.
type importanceRunConfig struct {
	Analysis  string       `json:"analysis"`
	Fractions []float64    `json:"fractions,omitempty"`
	Samples   int          `json:"samples,omitempty"`
	Network   config.Train `json:"network"`
}

// Plan implements study.Study: per analysis, per seed; then app1d's runs.
func (s Study) Plan() ([]study.Run, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var runs []study.Run
	add := func(analysis string, seeds []uint64, uniform bool) error {
		net, err := s.Network(uniform)
		if err != nil {
			return err
		}
		rc := importanceRunConfig{Analysis: analysis, Network: net}
		if analysis == AnalysisLesion {
			rc.Fractions, rc.Samples = s.Fractions, s.Samples
		}
		for _, seed := range seeds {
			id := fmt.Sprintf("%s_seed-%d", analysis, seed)
			if uniform {
				id = fmt.Sprintf("%s_uniform_seed-%d", analysis, seed)
			}
			runs = append(runs, study.Run{ID: id, Seed: seed, Config: rc, Point: importancePoint{analysis, uniform}})
		}
		return nil
	}
	for _, a := range Analyses {
		if slices.Contains(s.Analyses, a) {
			if err := add(a, s.Seeds, false); err != nil {
				return nil, err
			}
		}
	}
	if slices.Contains(s.Analyses, AnalysisFisher) && len(s.UniformSeeds) > 0 {
		if err := add(AnalysisFisher, s.UniformSeeds, true); err != nil {
			return nil, err
		}
	}
	return runs, nil
}

// Files of an analysis run.
const (
	lesionFile   = "lesion.csv"
	fisherFile   = "fisher.csv"
	synapsesFile = "synapses.csv"
	sparsityFile = "sparsity.csv"
	neuronsFile  = "neurons.csv"
	readingsFile = "in_out_readings.csv"
)

// ReadingRow is a sparsity run's in_out_readings.csv row: the in/out
// correlation of a hidden layer under one reading of Figure 3c
// (importance.Readings; the first is the paper's, sparsity.csv's r_in_out).
// Runs made before it have no such file.
type ReadingRow struct {
	Seed    uint64  `csv:"seed"`
	Reading string  `csv:"reading"`
	Layer   int     `csv:"layer"`
	R       float64 `csv:"r,blank"` // empty where undefined (a constant count)
	Neurons int     `csv:"neurons"` // the neurons it counted
}

// LesionRow is lesion.csv's row.
type LesionRow struct {
	Importance string  `csv:"importance"` // p, abs_w, p_abs_w or random
	Fraction   float64 `csv:"fraction"`
	Seed       uint64  `csv:"seed"`
	Accuracy   float64 `csv:"accuracy"`
}

// FisherRow is fisher.csv's row: the correlation of Fisher information and
// release probability over all synapses of a network.
type FisherRow struct {
	Seed     uint64  `csv:"seed"`
	PearsonR float64 `csv:"pearson_r"`
	PearsonP float64 `csv:"pearson_p"`
}

// SynapseRow is a Fisher run's synapses.csv row: one synapse.
type SynapseRow struct {
	Layer  int     `csv:"layer"`  // weight matrix, from 1
	PInit  float64 `csv:"p_init"` // release probability before learning
	P      float64 `csv:"p"`      // after
	AbsW   float64 `csv:"abs_w"`  // |w|: the synapse's share of the synaptic energy
	Fisher float64 `csv:"fisher"`
}

// SparsityRow is sparsity.csv's row: one layer's neurons (those a weight matrix
// feeds) of one network.
type SparsityRow struct {
	Seed           uint64  `csv:"seed"`
	Layer          int     `csv:"layer"` // weight matrix from 1; the last is the output layer (3 in the paper's network)
	KSD            float64 `csv:"ks_d"`
	KSP            float64 `csv:"ks_p"`
	NLow           int     `csv:"n_low"`
	NMedium        int     `csv:"n_medium"`
	NHigh          int     `csv:"n_high"`
	NLowShuffled   int     `csv:"n_low_shuffled"`
	NMediumShuffle int     `csv:"n_medium_shuffled"`
	NHighShuffled  int     `csv:"n_high_shuffled"`
	RInOut         float64 `csv:"r_in_out,blank"` // empty for the output layer
}

// NeuronRow is a sparsity run's neurons.csv row: one neuron.
type NeuronRow struct {
	Layer          int     `csv:"layer"`
	Neuron         int     `csv:"neuron"`
	Inputs         int     `csv:"inputs"`          // its important inputs
	InputsShuffled int     `csv:"inputs_shuffled"` // the same neuron's with the mask shuffled
	Outputs        float64 `csv:"outputs,blank"`   // its important outputs; empty for output neurons
	Fan            int     `csv:"fan_in"`          // its inputs in all
}

// Execute implements study.Study: load the network, check it, run the analysis.
func (s Study) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	rc := r.Config.(importanceRunConfig)
	p := r.Point.(importancePoint)
	src, err := s.source(r.Seed, p.Uniform)
	if err != nil {
		return "", err
	}
	net, err := loadPresynNet(src, rc.Network, r.Seed)
	if err != nil {
		return "", err
	}
	name, err := data.ParseName(rc.Network.Dataset)
	if err != nil {
		return "", err
	}
	ds, err := train.LoadInputs(s.Data, name, rc.Network)
	if err != nil {
		return "", err
	}
	test := data.Plain(ds).Test
	rng := rngs.Stream(r.Seed, "importance "+rc.Analysis)
	switch rc.Analysis {
	case AnalysisLesion:
		ev := train.NewEvaluator(rc.Network.Layers[0], rc.Network.Outputs(), rc.Network.EvalBatchSize, rc.Samples)
		var rows []LesionRow
		for _, by := range importance.Importances {
			if err := ctx.Err(); err != nil {
				return "", err
			}
			imp, err := importance.Importance(net, by, rng)
			if err != nil {
				return "", err
			}
			for k, acc := range importance.Lesion(net, imp, rc.Fractions, test, ev, rng) {
				rows = append(rows, LesionRow{Importance: by, Fraction: rc.Fractions[k], Seed: r.Seed, Accuracy: acc})
			}
		}
		return fmt.Sprintf("%d lesions", len(rows)), results.WriteRows(filepath.Join(dir, lesionFile), rows)
	case AnalysisFisher:
		fisher := importance.Fisher(net, test)
		initial := synapse.New(net.Config(), rngs.Stream(r.Seed, "network")) // as train.Run built it
		rows := synapseRows(net, initial, fisher)
		ps := make([]float64, len(fisher))
		for i, v := range net.AllProbs() {
			ps[i] = float64(v)
		}
		pr, pp := stats.Pearson(fisher, ps)
		if err := results.WriteRows(filepath.Join(dir, synapsesFile), rows); err != nil {
			return "", err
		}
		return fmt.Sprintf("Fisher and p: r = %.3f", pr), results.WriteRows(filepath.Join(dir, fisherFile), []FisherRow{{r.Seed, pr, pp}})
	case AnalysisSparsity:
		var probs [][]float32
		for l := range net.Layers() {
			probs = append(probs, net.Probs(l).Data)
		}
		sizes := net.Config().Sizes
		layers := importance.Sparsity(sizes, probs, rng)
		var rows []SparsityRow
		var neurons []NeuronRow
		for l, ly := range layers {
			rows = append(rows, SparsityRow{Seed: r.Seed, Layer: l + 1, KSD: ly.KSD, KSP: ly.KSP,
				NLow: ly.Low, NMedium: ly.Medium, NHigh: ly.High,
				NLowShuffled: ly.LowShuffled, NMediumShuffle: ly.MediumShuffled, NHighShuffled: ly.HighShuffled, RInOut: ly.RInOut})
			for j, c := range ly.Counts {
				n := NeuronRow{Layer: l + 1, Neuron: j + 1, Inputs: c, InputsShuffled: ly.Shuffled[j], Outputs: math.NaN(), Fan: ly.Inputs}
				if ly.Outputs != nil {
					n.Outputs = float64(ly.Outputs[j])
				}
				neurons = append(neurons, n)
			}
		}
		if err := results.WriteRows(filepath.Join(dir, neuronsFile), neurons); err != nil {
			return "", err
		}
		var readings []ReadingRow
		for _, reading := range importance.Readings {
			rs, ns := reading.InOut(sizes, probs)
			for l, corr := range rs {
				readings = append(readings, ReadingRow{Seed: r.Seed, Reading: reading.String(), Layer: l + 1, R: corr, Neurons: ns[l]})
			}
		}
		if err := results.WriteRows(filepath.Join(dir, readingsFile), readings); err != nil {
			return "", err
		}
		shown := rows[min(1, len(rows)-1)] // layer 2, or the only layer of a network without hidden layers
		return fmt.Sprintf("layer %d: KS D = %.3f", shown.Layer, shown.KSD), results.WriteRows(filepath.Join(dir, sparsityFile), rows)
	}
	return "", fmt.Errorf("importance: unknown analysis %q", rc.Analysis)
}

// loadPresynNet restores the network of a trained run folder, after checking that
// it was trained with the planned config and has release probabilities.
func loadPresynNet(dir string, want config.Train, seed uint64) (*synapse.Net, error) {
	ck, err := train.LoadCheckpoint(dir)
	if err != nil {
		return nil, err
	}
	if ck.Probs == nil || ck.Synapses != synapse.Presynaptic.String() {
		return nil, fmt.Errorf("importance: %s holds a %s network; the analyses need learned release probabilities (presynaptic synapses)",
			filepath.Join(dir, train.CheckpointFile), ck.Synapses)
	}
	var got config.Train
	m, err := results.ReadManifestConfig(dir, &got)
	if err != nil {
		return nil, err
	}
	if !got.Equal(want) || m.Seed != seed {
		return nil, fmt.Errorf("importance: %s was trained with other settings than the planned %s (seed %d, L2 and overrides of the spec); choose its --runs folder or the same settings", dir, want.Name, seed)
	}
	return ck.Net(rngs.Stream(seed, "importance masks"))
}

// synapseRows lists every synapse of net with its initial probability (from
// initial), its |w| and its Fisher information.
func synapseRows(net, initial *synapse.Net, fisher []float64) []SynapseRow {
	rows := make([]SynapseRow, 0, net.NumWeights())
	w, p, p0 := net.AllWeights(), net.AllProbs(), initial.AllProbs()
	i := 0
	for l := range net.Layers() {
		for range net.Weights(l).Data {
			rows = append(rows, SynapseRow{Layer: l + 1, PInit: float64(p0[i]), P: float64(p[i]), AbsW: math.Abs(float64(w[i])), Fisher: fisher[i]})
			i++
		}
	}
	return rows
}

// Run is a finished analysis run as collected.
type Run struct {
	Analysis string
	Seed     uint64
	Uniform  bool
	Lesion   []LesionRow
	Fisher   []FisherRow
	Synapses []SynapseRow
	Sparsity []SparsityRow
	Neurons  []NeuronRow
	Readings []ReadingRow // nil for a run made before they were written
	Seconds  float64      // the run's wall time
}

// Collect implements study.Study.
func (Study) Collect(r study.Run, dir string) (Run, error) {
	p := r.Point.(importancePoint)
	run := Run{Analysis: p.Analysis, Seed: r.Seed, Uniform: p.Uniform, Seconds: study.RunSeconds(dir)}
	var err error
	read := func(name string, into func(string) error) {
		if err == nil {
			err = into(filepath.Join(dir, name))
		}
	}
	switch p.Analysis {
	case AnalysisLesion:
		read(lesionFile, func(path string) (e error) { run.Lesion, e = results.ReadRows[LesionRow](path); return })
	case AnalysisFisher:
		read(fisherFile, func(path string) (e error) { run.Fisher, e = results.ReadRows[FisherRow](path); return })
		read(synapsesFile, func(path string) (e error) { run.Synapses, e = results.ReadRows[SynapseRow](path); return })
	case AnalysisSparsity:
		read(sparsityFile, func(path string) (e error) { run.Sparsity, e = results.ReadRows[SparsityRow](path); return })
		read(neuronsFile, func(path string) (e error) { run.Neurons, e = results.ReadRows[NeuronRow](path); return })
		if _, statErr := os.Stat(filepath.Join(dir, readingsFile)); statErr == nil {
			read(readingsFile, func(path string) (e error) { run.Readings, e = results.ReadRows[ReadingRow](path); return })
		}
	}
	if err != nil {
		return run, err
	}
	return run, run.check(dir, r.Config.(importanceRunConfig))
}

// check holds a finished analysis run's files to what its config says they
// hold: every importance at every fraction (lesion), one correlation and every
// synapse of the network (Fisher), every weight matrix (sparsity); accuracies,
// probabilities and KS statistics in [0, 1], correlations in [-1, 1], |w| and
// Fisher information finite and >= 0. The error names the file and the line.
func (r Run) check(dir string, rc importanceRunConfig) error {
	layers := rc.Network.Layers
	synapses := 0
	for l := 1; l < len(layers); l++ {
		synapses += layers[l-1] * layers[l]
	}
	correlation := func(c *results.Check, i int, column string, x float64) {
		if !(x >= -1 && x <= 1) {
			c.RowFailf(i, "column %q is %v, want a correlation in [-1, 1]", column, x)
		}
	}
	var checks []*results.Check
	switch r.Analysis {
	case AnalysisLesion:
		c := results.NewCheck(filepath.Join(dir, lesionFile))
		c.Rows(len(r.Lesion), len(importance.Importances)*len(rc.Fractions), fmt.Sprintf("%d importances x %d fractions", len(importance.Importances), len(rc.Fractions)))
		for i, l := range r.Lesion {
			c.Fraction(i, "fraction", l.Fraction)
			c.Fraction(i, "accuracy", l.Accuracy)
		}
		checks = append(checks, c)
	case AnalysisFisher:
		c := results.NewCheck(filepath.Join(dir, fisherFile))
		c.Rows(len(r.Fisher), 1, "one correlation per network")
		for i, f := range r.Fisher {
			correlation(c, i, "pearson_r", f.PearsonR)
			c.Fraction(i, "pearson_p", f.PearsonP)
		}
		// Every synapse of the network, each in a weight matrix of it.
		s := results.NewCheck(filepath.Join(dir, synapsesFile))
		if len(r.Synapses) == 0 || len(r.Synapses) > synapses {
			s.Failf("has %d rows, want %d or fewer, at least one (the synapses of layers %v): the file is damaged", len(r.Synapses), synapses, layers)
		}
		for i, syn := range r.Synapses {
			if syn.Layer < 1 || syn.Layer >= len(layers) {
				s.RowFailf(i, "column %q is %d, want a weight matrix of layers %v (1 to %d)", "layer", syn.Layer, layers, len(layers)-1)
			}
			s.Fraction(i, "p_init", syn.PInit)
			s.Fraction(i, "p", syn.P)
			s.NonNegative(i, "abs_w", syn.AbsW)
			s.NonNegative(i, "fisher", syn.Fisher)
		}
		checks = append(checks, c, s)
	case AnalysisSparsity:
		c := results.NewCheck(filepath.Join(dir, sparsityFile))
		c.Rows(len(r.Sparsity), len(layers)-1, fmt.Sprintf("the weight matrices of layers %v", layers))
		out := outputLayer(r.Sparsity) // whose r_in_out is undefined, blank
		for i, s := range r.Sparsity {
			c.Int(i, "layer", s.Layer, i+1)
			c.Fraction(i, "ks_d", s.KSD)
			c.Fraction(i, "ks_p", s.KSP)
			// A hidden layer's r is undefined, and written blank, when all
			// its neurons have the same number of important inputs or of
			// outputs (none at all after a short training, say): neurons.csv
			// tells that from a damaged file.
			if s.Layer < out && !(math.IsNaN(s.RInOut) && r.constantCounts(s.Layer)) {
				correlation(c, i, "r_in_out", s.RInOut)
			}
		}
		checks = append(checks, c)
	}
	for _, c := range checks {
		if err := c.Err(); err != nil {
			return err
		}
	}
	return nil
}

// CheckRunsDir checks the networks RunsDir holds for the study before anything
// runs: each must have been trained with the planned config and have a readable
// checkpoint of a presynaptic network. The error names the folder or file.
func (s Study) CheckRunsDir() error {
	want, err := s.Network(false)
	if err != nil {
		return err
	}
	for _, seed := range s.Seeds {
		if !s.inRunsDir(seed) {
			continue
		}
		dir := (results.RunDirs{Root: filepath.Join(s.RunsDir, "runs")}).Final(networkID(s.L2, seed))
		if _, err := loadPresynNet(dir, want, seed); err != nil {
			return err
		}
	}
	return nil
}
