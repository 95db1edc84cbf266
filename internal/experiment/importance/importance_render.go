package importance

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/importance"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
)

// Summary is what the importance study's tables and report hold.
type Summary struct {
	Lesion    []LesionRow
	LesionAgg []LesionAggregate
	Fisher    []FisherRow
	Groups    []SynapseGroup // energy and Fisher of p >= 0.9 vs p < 0.9, per seed
	Sparsity  []SparsityRow
	Readings  []ReadingAggregate // the in/out correlation under every reading of Figure 3c
	Seconds   float64
}

// ReadingAggregate is in_out_readings.csv's row: a hidden layer's in/out
// correlation under one reading, over the seeds where it is defined.
type ReadingAggregate struct {
	Reading string         `csv:"reading"`
	Layer   int            `csv:"layer"`
	N       int            `csv:"n"` // seeds where it is defined
	R       stats.Estimate `csv:"r"`
	Neurons float64        `csv:"mean_neurons"` // neurons counted, mean over seeds
}

// LesionAggregate is a point of fig2b: one importance at one fraction, over seeds.
type LesionAggregate struct {
	Importance string         `csv:"importance"`
	Fraction   float64        `csv:"fraction"`
	N          int            `csv:"n"`
	Accuracy   stats.Estimate `csv:"accuracy"`
}

// SynapseGroup compares a network's important synapses (p >= 0.9) with the rest.
type SynapseGroup struct {
	Seed               uint64  `csv:"seed"`
	Uniform            bool    `csv:"p_init_uniform"`
	FracHigh           float64 `csv:"frac_high"`         // share of synapses with p >= 0.9
	MeanP              float64 `csv:"mean_p"`            // after learning
	EnergyHigh         float64 `csv:"energy_share_high"` // their share of the synaptic energy
	MeanAbsWHigh       float64 `csv:"mean_abs_w_high"`
	MeanAbsWLow        float64 `csv:"mean_abs_w_low"`
	MedianFisherHigh   float64 `csv:"median_fisher_high"`
	MedianFisherLow    float64 `csv:"median_fisher_low"`
	FisherRatioOfMeans float64 `csv:"mean_fisher_ratio"` // mean Fisher of high over that of low
}

// Summarise turns collected runs into the study's tables.
func Summarise(runs []Run) Summary {
	var s Summary
	for _, r := range runs {
		s.Lesion = append(s.Lesion, r.Lesion...)
		if !r.Uniform {
			s.Fisher = append(s.Fisher, r.Fisher...)
		}
		if len(r.Synapses) > 0 {
			s.Groups = append(s.Groups, groupSynapses(r.Seed, r.Uniform, r.Synapses))
		}
		s.Sparsity = append(s.Sparsity, r.Sparsity...)
		s.Seconds += r.Seconds
	}
	s.Readings = aggregateReadings(runs)
	type key struct {
		imp string
		f   float64
	}
	acc := map[key][]float64{}
	var keys []key
	for _, l := range s.Lesion {
		k := key{l.Importance, l.Fraction}
		if _, ok := acc[k]; !ok {
			keys = append(keys, k)
		}
		acc[k] = append(acc[k], l.Accuracy)
	}
	order := func(imp string) int { return slices.Index(importance.Importances, imp) }
	slices.SortFunc(keys, func(a, b key) int {
		if a.imp != b.imp {
			return order(a.imp) - order(b.imp)
		}
		switch {
		case a.f < b.f:
			return -1
		case a.f > b.f:
			return 1
		}
		return 0
	})
	for _, k := range keys {
		s.LesionAgg = append(s.LesionAgg, LesionAggregate{Importance: k.imp, Fraction: k.f, N: len(acc[k]), Accuracy: stats.EstimateOf(acc[k])})
	}
	return s
}

func groupSynapses(seed uint64, uniform bool, rows []SynapseRow) SynapseGroup {
	g := SynapseGroup{Seed: seed, Uniform: uniform}
	var high, low []SynapseRow
	var energy, energyHigh, sumP float64
	for _, r := range rows {
		energy += r.AbsW
		sumP += r.P
		if r.P >= importance.Threshold {
			high = append(high, r)
			energyHigh += r.AbsW
		} else {
			low = append(low, r)
		}
	}
	g.FracHigh = float64(len(high)) / float64(len(rows))
	g.MeanP = sumP / float64(len(rows))
	g.EnergyHigh = energyHigh / energy
	col := func(rs []SynapseRow, f func(SynapseRow) float64) []float64 {
		out := make([]float64, len(rs))
		for i, r := range rs {
			out[i] = f(r)
		}
		return out
	}
	absW := func(r SynapseRow) float64 { return r.AbsW }
	fisher := func(r SynapseRow) float64 { return r.Fisher }
	g.MeanAbsWHigh, g.MeanAbsWLow = stats.Mean(col(high, absW)), stats.Mean(col(low, absW))
	g.MedianFisherHigh, g.MedianFisherLow = median(col(high, fisher)), median(col(low, fisher))
	g.FisherRatioOfMeans = stats.Mean(col(high, fisher)) / stats.Mean(col(low, fisher))
	return g
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// outputLayer returns the number of the output layer of the networks whose
// sparsity rows these are: their last weight matrix, 3 in the paper's network
// (two hidden layers), 2 with one hidden layer, 1 without hidden layers; 0 for
// no rows. The seeds of a study share one network config, hence one shape.
func outputLayer(rows []SparsityRow) int {
	n := 0
	for _, r := range rows {
		n = max(n, r.Layer)
	}
	return n
}

// hiddenOf returns those of layers that are hidden layers of the networks of
// rows.
func hiddenOf(rows []SparsityRow, layers ...int) []int {
	var out []int
	for _, l := range layers {
		if l >= 1 && l < outputLayer(rows) {
			out = append(out, l)
		}
	}
	return out
}

// shapeNote says how many hidden layers the networks of rows have, against the
// paper's two.
func shapeNote(rows []SparsityRow) string {
	n := outputLayer(rows) - 1
	s := "s"
	if n == 1 {
		s = ""
	}
	return fmt.Sprintf("the networks have %d hidden layer%s (the paper's have 2), and layer %d is their output layer", n, s, n+1)
}

// orNone formats a group's mean or median, or says the group is empty (NaN: no
// synapse reached p >= 0.9 after a short training, say).
func orNone(format string, x float64) string {
	if math.IsNaN(x) {
		return "none"
	}
	return fmt.Sprintf(format, x)
}

// lesionAt returns the aggregate of an importance at a fraction.
func (s Summary) lesionAt(imp string, f float64) (LesionAggregate, bool) {
	for _, a := range s.LesionAgg {
		if a.Importance == imp && a.Fraction == f {
			return a, true
		}
	}
	return LesionAggregate{}, false
}

// Markdown is the report section of the importance study, the paper's numbers
// beside ours.
func (s Summary) Markdown() string {
	var b strings.Builder
	b.WriteString("## Importance of synapses with high release probability (Figures 2, 3; Appendix 1 figure 1d; Appendix 2)\n\n")
	if len(s.LesionAgg) > 0 {
		b.WriteString("### Lesion (fig2b): test accuracy after removing the least important synapses (mean ± SE over seeds)\n\n")
		var fractions []float64
		for _, a := range s.LesionAgg {
			if !slices.Contains(fractions, a.Fraction) {
				fractions = append(fractions, a.Fraction)
			}
		}
		slices.Sort(fractions)
		header := []string{"removed"}
		for _, imp := range importance.Importances {
			header = append(header, imp+" first")
		}
		header = append(header, "p first - random, in SE")
		var rows [][]string
		for _, f := range fractions {
			row := []string{fmt.Sprintf("%.0f%%", 100*f)}
			for _, imp := range importance.Importances {
				a, ok := s.lesionAt(imp, f)
				if !ok {
					row = append(row, "")
					continue
				}
				row = append(row, study.PM(a.Accuracy.Mean, a.Accuracy.SE, 4))
			}
			p, okP := s.lesionAt(importance.ByP, f)
			r, okR := s.lesionAt(importance.ByRandom, f)
			gap := ""
			if okP && okR {
				// In units of SE, the gap is undefined when the SEs are 0 (one
				// seed, whose SE MeanSE gives as 0): not NaN or Inf but n/a.
				se := math.Hypot(p.Accuracy.SE, r.Accuracy.SE)
				gap = "n/a"
				if se > 0 {
					gap = fmt.Sprintf("%.1f", (p.Accuracy.Mean-r.Accuracy.Mean)/se)
				}
			}
			rows = append(rows, append(row, gap))
		}
		b.WriteString(study.MarkdownTable(header, rows))
		b.WriteString("\nPaper: removing low-p synapses first keeps accuracy far longer than removing at random.\n\n")
	}
	if len(s.Fisher) > 0 {
		b.WriteString("### Fisher information and release probability (fig2c, fig2d)\n\n")
		var rows [][]string
		for _, f := range s.Fisher {
			rows = append(rows, []string{fmt.Sprint(f.Seed), fmt.Sprintf("%.4f", f.PearsonR), fmt.Sprintf("%.3g", f.PearsonP)})
		}
		b.WriteString(study.MarkdownTable([]string{"seed", "Pearson r (Fisher, p)", "p-value"}, rows))
		b.WriteString("\n")
	}
	if len(s.Groups) > 0 {
		var rows [][]string
		for _, g := range s.Groups {
			init := "p_min"
			if g.Uniform {
				init = "uniform"
			}
			rows = append(rows, []string{fmt.Sprint(g.Seed), init, fmt.Sprintf("%.4f", g.MeanP), fmt.Sprintf("%.2f%%", 100*g.FracHigh),
				fmt.Sprintf("%.2f%%", 100*g.EnergyHigh), orNone("%.4f", g.MeanAbsWHigh) + " / " + orNone("%.4f", g.MeanAbsWLow),
				orNone("%.3g", g.MedianFisherHigh) + " / " + orNone("%.3g", g.MedianFisherLow)})
		}
		b.WriteString(study.MarkdownTable([]string{"seed", "p starts at", "mean p", "synapses with p >= 0.9", "their share of energy",
			"mean |w| high / low", "median Fisher high / low"}, rows))
		b.WriteString("\nPaper: most release probabilities end low, a sparse set high (fig2a, app1d, also from uniform initial p); high-p synapses consume much more energy (fig2c) and have high Fisher information (fig2d).\n\n")
	}
	if len(s.Sparsity) > 0 {
		b.WriteString("### Neuron-level sparsity (fig3, app2): important synapses (p >= 0.9) per neuron, learned vs shuffled\n\n")
		var rows [][]string
		for layer := 1; ; layer++ {
			var ds, ps, rs []float64
			var low, med, high, lowS, medS, highS []float64
			for _, r := range s.Sparsity {
				if r.Layer != layer {
					continue
				}
				ds, ps = append(ds, r.KSD), append(ps, r.KSP)
				if !math.IsNaN(r.RInOut) {
					rs = append(rs, r.RInOut)
				}
				low, med, high = append(low, float64(r.NLow)), append(med, float64(r.NMedium)), append(high, float64(r.NHigh))
				lowS, medS, highS = append(lowS, float64(r.NLowShuffled)), append(medS, float64(r.NMediumShuffle)), append(highS, float64(r.NHighShuffled))
			}
			if len(ds) == 0 {
				break
			}
			d, p := stats.EstimateOf(ds), stats.EstimateOf(ps)
			r := "n/a"
			if len(rs) > 0 {
				m := stats.EstimateOf(rs)
				r = study.PM(m.Mean, m.SE, 4)
			}
			ms := func(xs []float64) string { m := stats.EstimateOf(xs); return study.PM(m.Mean, m.SE, 1) }
			rows = append(rows, []string{fmt.Sprint(layer), study.PM(d.Mean, d.SE, 3), fmt.Sprintf("%.3g (max %.3g)", p.Mean, slices.Max(ps)), r,
				ms(low) + " / " + ms(med) + " / " + ms(high), ms(lowS) + " / " + ms(medS) + " / " + ms(highS)})
		}
		b.WriteString(study.MarkdownTable([]string{"layer", "KS D", "KS p", "r (inputs, outputs)", "low / medium / high neurons", "shuffled"}, rows))
		if outputLayer(s.Sparsity) != 3 {
			fmt.Fprintf(&b, "\nLayers are weight matrices from the input: %s.\n", shapeNote(s.Sparsity))
		}
		fmt.Fprintf(&b, "\nPaper: layer 2 D = %s, p < 0.01; p < 0.01 in every layer but the output layer (p = 0.41); r = %s (layer 1) and %s (layer 2); many more high and low importance neurons than shuffled.\n", paperKSD, paperRLayer1, paperRLayer2)
	}
	if len(s.Readings) > 0 {
		b.WriteString("\n### Readings of fig3c: the in/out correlation of important synapses, read each way the paper's text allows (mean ± SE over seeds; the first row is the one judged)\n\n")
		var rows [][]string
		for _, a := range s.Readings {
			r := "undefined"
			if a.N > 0 {
				r = study.PM(a.R.Mean, a.R.SE, 4)
				if a.N < 2 {
					r = fmt.Sprintf("%.4f", a.R.Mean)
				}
			}
			rows = append(rows, []string{a.Reading, fmt.Sprint(a.Layer), r, fmt.Sprint(a.N), fmt.Sprintf("%.0f", a.Neurons)})
		}
		b.WriteString(study.MarkdownTable([]string{"reading", "layer", "r", "seeds", "neurons"}, rows))
		fmt.Fprintf(&b, "\nPaper: r = %s (layer 1) and %s (layer 2).\n", paperRLayer1, paperRLayer2)
	}
	if s.Seconds > 0 {
		fmt.Fprintf(&b, "\nWall time of the analysis runs: %.0f s.\n", s.Seconds)
	}
	return b.String()
}

// aggregateReadings averages the sparsity runs' readings over seeds, in the
// order of importance.Readings and layer.
func aggregateReadings(runs []Run) []ReadingAggregate {
	var out []ReadingAggregate
	for _, reading := range importance.Readings {
		name := reading.String()
		for layer := 1; ; layer++ {
			var rs, ns []float64
			seen := false
			for _, r := range runs {
				for _, row := range r.Readings {
					if row.Reading != name || row.Layer != layer {
						continue
					}
					seen = true
					ns = append(ns, float64(row.Neurons))
					if stats.Finite(row.R) {
						rs = append(rs, row.R)
					}
				}
			}
			if !seen {
				break
			}
			a := ReadingAggregate{Reading: name, Layer: layer, N: len(rs), R: stats.Estimate{Mean: math.NaN(), SE: math.NaN()}, Neurons: stats.Mean(ns)}
			if len(rs) > 0 {
				a.R = stats.EstimateOf(rs)
			}
			out = append(out, a)
		}
	}
	return out
}

// importanceTables writes the study's tables.
func importanceTables(dir string, s Summary) ([]string, error) {
	out := runkit.Tables{Dir: dir}
	if len(s.Lesion) > 0 {
		runkit.WriteTable(&out, LesionTableFile, s.Lesion)
		runkit.WriteTable(&out, LesionAggregateFile, s.LesionAgg)
	}
	if len(s.Fisher) > 0 {
		runkit.WriteTable(&out, FisherTableFile, s.Fisher)
	}
	if len(s.Groups) > 0 {
		runkit.WriteTable(&out, SynapseGroupsFile, s.Groups)
	}
	if len(s.Sparsity) > 0 {
		runkit.WriteTable(&out, SparsityTableFile, s.Sparsity)
	}
	if len(s.Readings) > 0 {
		runkit.WriteTable(&out, ReadingsTableFile, s.Readings)
	}
	return out.Files, out.Err
}

// Render implements study.Study: the tables, the figures and the report section.
func (s Study) Render(dir string, runs []Run, missing []study.Run) (study.Report, error) {
	sum := Summarise(runs)
	files, err := importanceTables(dir, sum)
	rep := study.Report{Files: files}
	if err != nil {
		return rep, err
	}
	var notes strings.Builder
	figs, err := importanceFigures(dir, runs, sum, &notes)
	rep.Files = append(rep.Files, figs...)
	if err != nil {
		return rep, err
	}
	rep.Markdown = sum.Markdown() + runkit.FigureNotes(notes.String())
	return rep, nil
}
