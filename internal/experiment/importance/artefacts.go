package importance

import (
	"fmt"
	"math"
	"strings"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
)

// The folder of a results folder the study is made in, its tables and the
// artefacts it draws (each figure saved as <id>.png, .svg and .pdf).
const (
	Folder = "importance"

	Fig2a = "fig2a" // release probabilities before and after learning
	Fig2b = "fig2b" // lesions
	Fig2c = "fig2c" // energy of high- against low-p synapses
	Fig2d = "fig2d" // Fisher information of high- against low-p synapses
	Fig3a = "fig3a" // important inputs per neuron, layer 2, against shuffled
	Fig3b = "fig3b" // low, medium and high importance neurons
	Fig3c = "fig3c" // important inputs against outputs, layer 1
	App1d = "app1d" // fig2a with p starting uniform
	App2a = "app2a" // fig3a for every layer
	App2b = "app2b" // fig3c for both hidden layers

	LesionAggregateFile = "lesion_aggregate.csv" // LesionAggregate
	SynapseGroupsFile   = "synapse_groups.csv"   // SynapseGroup
	FisherTableFile     = "fisher.csv"           // FisherRow, every seed
	SparsityTableFile   = "sparsity.csv"         // SparsityRow, every seed and layer
	ReadingsTableFile   = "in_out_readings.csv"  // ReadingAggregate: fig3c's correlation read every way
	LesionTableFile     = "lesion.csv"           // LesionRow, every seed
)

// The paper's numbers the sparsity artefacts are held to.
var (
	paperKSD     = paper.Fraction(0.505, 3, "fig3a: KS test D = 0.505, p < 0.01")
	paperRLayer1 = paper.Fraction(0.9390, 4, "fig3c: Pearson r = 0.9390; app2b: r = 0.9390 (layer 1)")
	paperRLayer2 = paper.Fraction(0.7999, 4, "app2b: r = 0.7999 (layer 2)")
)

// Artefacts are the paper's artefacts this package reproduces, in
// PAPER_RESULTS.md's order.
func Artefacts() []paper.Artefact {
	src := func(fig string) []paper.Source {
		return []paper.Source{{Dir: Folder, Study: Study{}.Name(), Figure: fig}}
	}
	const cmd = "presyn importance"
	return []paper.Artefact{
		{ID: Fig2a, What: "release probabilities before and after learning", Claim: "most p low, a sparse set high",
			Command: cmd, Sources: src(Fig2a),
			Rule:  "p from p_min: mean p below 0.5 and under a third of synapses at p >= 0.9, in every seed",
			Check: checkWith(func(s Summary) (paper.Finding, error) { return judgeSparseP(s, false) })},
		{ID: Fig2b, What: "lesion: accuracy against the fraction of synapses removed, low p first against random", Claim: "low-p-first keeps accuracy far longer",
			Command: cmd, Sources: src(Fig2b),
			Rule: "low p first above random at every fraction from 10% to 90%", Check: checkWith(judgeLesion)},
		{ID: Fig2c, What: "synaptic energy of synapses with p >= 0.9 against p < 0.9", Claim: "high-p synapses consume much more",
			Command: cmd, Sources: src(Fig2c),
			Rule: "mean |w| of high-p synapses more than twice that of low-p ones, in every seed", Check: checkWith(judgeEnergyHighLow)},
		{ID: Fig2d, What: "Fisher information of high against low p", Claim: "high p has high Fisher",
			Command: cmd, Sources: src(Fig2d),
			Rule:  "median Fisher of high-p synapses above that of low-p ones and a positive Pearson r (Fisher, p) with p < 0.01, in every seed",
			Check: checkWith(judgeFisher)},
		{ID: Fig3a, What: "important inputs per neuron, layer 2, learned against shuffled", Claim: "KS test D = 0.505, p < 0.01",
			Command: cmd, Sources: src(Fig3a), Values: []paper.Value{paperKSD},
			Rule: "layer 2: KS p < 0.01 in every seed and D within tolerance of 0.505", Check: checkWith(judgeKS)},
		{ID: Fig3b, What: "low, medium and high importance neurons, learned against shuffled, SE over the seeds (3 in the paper)", Claim: "many more high and low neurons than shuffled",
			Command: cmd, Sources: src(Fig3b),
			Rule: "layer 2: low plus high neurons at least twice the shuffled count, mean over seeds", Check: checkWith(judgeNeuronCounts)},
		{ID: Fig3c, What: "important inputs against outputs per first-layer neuron", Claim: "Pearson r = 0.9390",
			Command: cmd, Sources: src(Fig3c), Values: []paper.Value{paperRLayer1},
			Rule: "layer 1 r within tolerance of 0.9390", Check: checkWith(func(s Summary) (paper.Finding, error) {
				return judgeInOut(s, []int{1}, []paper.Value{paperRLayer1})
			})},
		{ID: App1d, What: "fig2a with p initialised uniformly in [0.25, 1]", Claim: "the same sparse outcome",
			Command: cmd, Sources: src(App1d),
			Rule:  "p from uniform: mean p below 0.5 and under a third of synapses at p >= 0.9",
			Check: checkWith(func(s Summary) (paper.Finding, error) { return judgeSparseP(s, true) })},
		{ID: App2a, What: "important synapses per neuron for every layer, learned against shuffled, KS tests", Claim: "p < 0.01 for all layers except the output layer (p = 0.41)",
			Command: cmd, Sources: src(App2a),
			Rule:  "KS p < 0.01 in every seed for layers 1 and 2, and not below 0.01 (mean over seeds) for the output layer",
			Check: checkWith(judgeKSLayers)},
		{ID: App2b, What: "inputs against outputs for both hidden layers", Claim: "r = 0.9390 (layer 1), r = 0.7999 (layer 2)",
			Command: cmd, Sources: src(App2b), Values: []paper.Value{paperRLayer1, paperRLayer2},
			Rule: "both layers' r within tolerance", Check: checkWith(func(s Summary) (paper.Finding, error) {
				return judgeInOut(s, []int{1, 2}, []paper.Value{paperRLayer1, paperRLayer2})
			})},
	}
}

// load collects the importance study in dir.
func load(dir string) (Summary, int, error) {
	s, err := study.ReadSpec[Study](dir, Study{}.Name())
	if err != nil {
		return Summary{}, 0, err
	}
	s.Dir = dir
	// Collect holds every run file to its config (Run.check): a damaged
	// number is an error naming the file.
	runs, missing, err := study.Collect[Run](s, dir)
	if err != nil {
		return Summary{}, 0, err
	}
	return Summarise(runs), len(missing), nil
}

// constantCounts reports whether the neurons of layer in the run's neurons.csv
// all have the same number of important inputs, or all the same of outputs, so
// that their correlation is undefined.
func (r Run) constantCounts(layer int) bool {
	var in, out []float64
	for _, n := range r.Neurons {
		if n.Layer == layer {
			in, out = append(in, float64(n.Inputs)), append(out, n.Outputs)
		}
	}
	constant := func(xs []float64) bool {
		for _, x := range xs {
			if x != xs[0] {
				return false
			}
		}
		return stats.Finite(xs[0])
	}
	return len(in) > 0 && (constant(in) || constant(out))
}

// checkWith collects the study of the artefact's one source and judges it.
func checkWith(judge func(Summary) (paper.Finding, error)) func([]string) (paper.Finding, error) {
	return func(dirs []string) (paper.Finding, error) {
		s, missing, err := load(dirs[0])
		if err != nil {
			return paper.Finding{}, err
		}
		f, err := judge(s)
		if err != nil {
			return f, err
		}
		f.Note = paper.JoinNotes(f.Note, paper.MissingNote(missing))
		return f, nil
	}
}

func synapseGroups(s Summary, uniform bool) ([]SynapseGroup, error) {
	var out []SynapseGroup
	for _, g := range s.Groups {
		if g.Uniform == uniform {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return nil, paper.NotRunError("no finished Fisher run with p_init_uniform %v", uniform)
	}
	return out, nil
}

func judgeSparseP(s Summary, uniform bool) (paper.Finding, error) {
	rows, err := synapseGroups(s, uniform)
	if err != nil {
		return paper.Finding{}, err
	}
	ok := true
	var meanP, high []float64
	for _, r := range rows {
		ok = ok && r.MeanP < 0.5 && r.FracHigh < 1.0/3
		meanP, high = append(meanP, r.MeanP), append(high, r.FracHigh)
	}
	m, h := stats.EstimateOf(meanP), stats.EstimateOf(high).Scaled(100)
	return paper.Finding{Ours: fmt.Sprintf("mean p %s, %s%% at p >= 0.9 (n %d)", study.PM(m.Mean, m.SE, 3), study.PM(h.Mean, h.SE, 1), len(rows)),
		Verdict: paper.Judge(ok), Files: paper.Table(rows)}, nil
}

func judgeLesion(s Summary) (paper.Finding, error) {
	at := map[string]map[float64]stats.Estimate{}
	for _, r := range s.LesionAgg {
		if at[r.Importance] == nil {
			at[r.Importance] = map[float64]stats.Estimate{}
		}
		at[r.Importance][math.Round(100*r.Fraction)/100] = r.Accuracy
	}
	ok, checked := true, 0
	for f := 0.1; f <= 0.91; f += 0.1 {
		f = math.Round(100*f) / 100
		p, okP := at["p"][f]
		rnd, okR := at["random"][f]
		if !okP || !okR {
			continue
		}
		checked++
		ok = ok && p.Mean > rnd.Mean
	}
	if checked == 0 {
		return paper.Finding{}, paper.NotRunError("no finished lesion run with fractions of p and random lesions to compare")
	}
	p, rnd := at["p"][0.5], at["random"][0.5]
	return paper.Finding{Ours: fmt.Sprintf("at 50%% removed: low p first %s, random %s", study.PM(p.Mean, p.SE, 4), study.PM(rnd.Mean, rnd.SE, 4)),
		Verdict: paper.Judge(ok), Files: paper.Table(s.LesionAgg)}, nil
}

func judgeEnergyHighLow(s Summary) (paper.Finding, error) {
	rows, err := synapseGroups(s, false)
	if err != nil {
		return paper.Finding{}, err
	}
	ok := true
	var ratio, share []float64
	for _, r := range rows {
		ratio, share = append(ratio, r.MeanAbsWHigh/r.MeanAbsWLow), append(share, r.EnergyHigh)
		ok = ok && r.MeanAbsWHigh > 2*r.MeanAbsWLow
	}
	m, sh := stats.EstimateOf(ratio), stats.EstimateOf(share).Scaled(100)
	return paper.Finding{Ours: fmt.Sprintf("mean |w| high/low %s; high-p share of the energy %s%%", study.PM(m.Mean, m.SE, 2), study.PM(sh.Mean, sh.SE, 1)),
		Verdict: paper.Judge(ok), Files: paper.Table(rows)}, nil
}

func judgeFisher(s Summary) (paper.Finding, error) {
	groups, err := synapseGroups(s, false)
	if err != nil {
		return paper.Finding{}, err
	}
	if len(s.Fisher) == 0 {
		return paper.Finding{}, paper.NotRunError("no finished Fisher run")
	}
	ok := true
	var r []float64
	for _, f := range s.Fisher {
		ok = ok && f.PearsonR > 0 && f.PearsonP < 0.01
		r = append(r, f.PearsonR)
	}
	var ratio []float64
	for _, g := range groups {
		ok = ok && g.MedianFisherHigh > g.MedianFisherLow
		ratio = append(ratio, g.MedianFisherHigh/g.MedianFisherLow)
	}
	m, q := stats.EstimateOf(r), stats.EstimateOf(ratio)
	return paper.Finding{Ours: fmt.Sprintf("Pearson r (Fisher, p) %s; median Fisher high/low %s", study.PM(m.Mean, m.SE, 3), study.PM(q.Mean, q.SE, 0)),
		Verdict: paper.Judge(ok), Files: paper.Table(s.Fisher)}, nil
}

// sparsity returns the sparsity rows of one layer, every seed.
func sparsity(s Summary, layer int) ([]SparsityRow, error) {
	var out []SparsityRow
	for _, r := range s.Sparsity {
		if r.Layer == layer {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, paper.NotRunError("no finished sparsity run with layer %d", layer)
	}
	return out, nil
}

// hiddenSparsity is sparsity for an artefact about a hidden layer: networks in
// which that layer is the output layer, or is missing, do not have what the
// artefact is about, and it is not run, with their shape as the reason.
func hiddenSparsity(s Summary, layer int) ([]SparsityRow, error) {
	if len(s.Sparsity) > 0 && len(hiddenOf(s.Sparsity, layer)) == 0 {
		return nil, paper.NotRunError("no hidden layer %d: %s", layer, shapeNote(s.Sparsity))
	}
	return sparsity(s, layer)
}

func judgeKS(s Summary) (paper.Finding, error) {
	rows, err := hiddenSparsity(s, 2)
	if err != nil {
		return paper.Finding{}, err
	}
	ok := true
	var d []float64
	maxP := 0.0
	for _, r := range rows {
		ok = ok && r.KSP < 0.01
		d = append(d, r.KSD)
		maxP = math.Max(maxP, r.KSP)
	}
	m := stats.EstimateOf(d)
	ok = ok && paper.Matches(m, paperKSD)
	return paper.Finding{Ours: fmt.Sprintf("layer 2: D %s, largest p %.3g (n %d)", study.PM(m.Mean, m.SE, 3), maxP, len(rows)),
		Verdict: paper.Judge(ok), Files: paper.Table(s.Sparsity)}, nil
}

// judgeKSLayers holds every layer the networks have to the paper's claim for
// its kind: the hidden layers below 0.01, the output layer (the last) not.
func judgeKSLayers(s Summary) (paper.Finding, error) {
	var parts []string
	ok := true
	out := max(outputLayer(s.Sparsity), 1)
	for layer := 1; layer <= out; layer++ {
		rows, err := sparsity(s, layer)
		if err != nil {
			return paper.Finding{}, err
		}
		var ps []float64
		maxP := 0.0
		for _, r := range rows {
			ps = append(ps, r.KSP)
			maxP = math.Max(maxP, r.KSP)
		}
		if layer < out {
			ok = ok && maxP < 0.01
			parts = append(parts, fmt.Sprintf("layer %d largest p %.3g", layer, maxP))
		} else {
			m := stats.Mean(ps)
			ok = ok && m >= 0.01
			parts = append(parts, fmt.Sprintf("output layer mean p %.3g", m))
		}
	}
	return paper.Finding{Ours: strings.Join(parts, "; "), Verdict: paper.Judge(ok), Files: paper.Table(s.Sparsity)}, nil
}

func judgeNeuronCounts(s Summary) (paper.Finding, error) {
	rows, err := hiddenSparsity(s, 2)
	if err != nil {
		return paper.Finding{}, err
	}
	var ext, shuf float64
	for _, r := range rows {
		ext += float64(r.NLow + r.NHigh)
		shuf += float64(r.NLowShuffled + r.NHighShuffled)
	}
	n := float64(len(rows))
	return paper.Finding{Ours: fmt.Sprintf("layer 2 low + high neurons: %.1f learned, %.1f shuffled (mean over seeds, n %d)", ext/n, shuf/n, len(rows)),
		Verdict: paper.Judge(ext >= 2*shuf), Files: paper.Table(rows)}, nil
}

// judgeInOut holds each layer's mean r (important inputs against outputs) to the
// paper's value for it.
func judgeInOut(s Summary, layers []int, values []paper.Value) (paper.Finding, error) {
	var parts []string
	ok := true
	for i, layer := range layers {
		rows, err := hiddenSparsity(s, layer)
		if err != nil {
			return paper.Finding{}, err
		}
		var r []float64
		for _, row := range rows {
			if stats.Finite(row.RInOut) {
				r = append(r, row.RInOut)
			}
		}
		if len(r) < len(rows) {
			// A seed whose r is undefined (every neuron with the same count) has
			// no correlation to show, and differs from the paper's.
			ok = false
			parts = append(parts, fmt.Sprintf("layer %d r undefined in %d of %d seeds (every neuron with the same count; paper %.4f)", layer, len(rows)-len(r), len(rows), values[i].Mean))
			continue
		}
		m := stats.EstimateOf(r)
		ok = ok && paper.Matches(m, values[i])
		parts = append(parts, fmt.Sprintf("layer %d r %s (paper %.4f)", layer, study.PM(m.Mean, m.SE, 4), values[i].Mean))
	}
	return paper.Finding{Ours: strings.Join(parts, "; "), Verdict: paper.Judge(ok), Files: paper.Table(s.Sparsity)}, nil
}

// analysisFigures are the figures each analysis's runs draw.
var analysisFigures = map[string][]string{
	AnalysisLesion:   {Fig2b},
	AnalysisFisher:   {Fig2a, Fig2c, Fig2d, App1d},
	AnalysisSparsity: {Fig3a, Fig3b, Fig3c, App2a, App2b},
}

// FiguresOf lists the figures the analysis draws, in the paper's order; every
// analysis's with "".
func FiguresOf(analysis string) []string {
	if analysis != "" {
		return analysisFigures[analysis]
	}
	var all []string
	for _, a := range Artefacts() {
		all = append(all, a.ID)
	}
	return all
}
