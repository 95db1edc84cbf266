package importance

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/presyn/presyn/internal/importance"
	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/stats"
)

// importanceFigures draws the figures of the analyses present in runs; dropped
// points are reported to warn.
func importanceFigures(dir string, runs []Run, sum Summary, warn io.Writer) ([]string, error) {
	var written []string
	save := func(files []string, err error) error {
		written = append(written, files...)
		return err
	}
	if len(sum.LesionAgg) > 0 {
		if err := save(fig2b(dir, sum, warn)); err != nil {
			return written, err
		}
	}
	for _, uniform := range []bool{false, true} {
		var syn []SynapseRow
		seeds := 0
		for _, r := range runs {
			if r.Uniform == uniform && len(r.Synapses) > 0 {
				syn = append(syn, r.Synapses...)
				seeds++
			}
		}
		if len(syn) == 0 {
			continue
		}
		id := Fig2a
		if uniform {
			id = App1d
		}
		if err := save(pHistogram(dir, id, uniform, syn, warn)); err != nil {
			return written, err
		}
		if uniform {
			continue
		}
		if err := save(highLowHistogram(dir, Fig2c, "Synaptic energy of high and low p", "|w| (energy of one synapse)", syn, seeds,
			func(r SynapseRow) float64 { return r.AbsW }, warn)); err != nil {
			return written, err
		}
		if err := save(highLowHistogram(dir, Fig2d, "Fisher information of high and low p", "Fisher information", syn, seeds,
			func(r SynapseRow) float64 { return r.Fisher }, warn)); err != nil {
			return written, err
		}
	}
	var neurons []NeuronRow
	for _, r := range runs {
		neurons = append(neurons, r.Neurons...)
	}
	if len(sum.Sparsity) > 0 && len(neurons) > 0 {
		// The paper's networks have two hidden layers; ours may have one or none.
		// Each figure draws the layers of its kind the networks have (app2a every
		// layer, app2b the hidden layers among 1 and 2) and is not drawn, with a
		// note, when they have none: fig3a and fig3b are of hidden layer 2, fig3c
		// of hidden layer 1.
		out := outputLayer(sum.Sparsity)
		var all []int
		for l := 1; l <= out; l++ {
			all = append(all, l)
		}
		for _, f := range []struct {
			id     string
			layers []int
			draw   func(layers []int) ([]string, error)
		}{
			{Fig3a, hiddenOf(sum.Sparsity, 2), func(ls []int) ([]string, error) {
				return sparsityFigure(dir, Fig3a, ls, out, neurons, sum.Sparsity, warn)
			}},
			{Fig3b, hiddenOf(sum.Sparsity, 2), func([]int) ([]string, error) { return fig3b(dir, sum.Sparsity, warn) }},
			{Fig3c, hiddenOf(sum.Sparsity, 1), func(ls []int) ([]string, error) {
				return inOutFigure(dir, Fig3c, ls, runs, sum.Sparsity, warn)
			}},
			{App2a, all, func(ls []int) ([]string, error) {
				return sparsityFigure(dir, App2a, ls, out, neurons, sum.Sparsity, warn)
			}},
			{App2b, hiddenOf(sum.Sparsity, 1, 2), func(ls []int) ([]string, error) {
				return inOutFigure(dir, App2b, ls, runs, sum.Sparsity, warn)
			}},
		} {
			if len(f.layers) == 0 {
				fmt.Fprintf(warn, "%s: not drawn: %s\n", f.id, shapeNote(sum.Sparsity))
				continue
			}
			if err := save(f.draw(f.layers)); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

// fig2b: test accuracy against the fraction of synapses removed, one band (mean
// and SE over seeds) per importance.
func fig2b(dir string, sum Summary, warn io.Writer) ([]string, error) {
	p := plot.New("Lesion: least important synapses removed first", "synapses removed (%)", "test accuracy")
	labels := map[string]string{importance.ByP: "low p first", importance.ByAbsW: "low |w| first",
		importance.ByPAbsW: "low p|w| first", importance.ByRandom: "random"}
	// The |w| and p|w| orders lesion almost the same synapses, so their curves
	// coincide: |w| is drawn after p|w| and dotted, so that both show where they
	// overlap. Colours stay those of importance.Importances' order.
	colour := map[string]int{}
	for i, imp := range importance.Importances {
		colour[imp] = i
	}
	dashes := map[string][]vg.Length{
		importance.ByAbsW:   {vg.Points(2), vg.Points(2)},
		importance.ByRandom: {vg.Points(5), vg.Points(2)},
	}
	for _, imp := range []string{importance.ByP, importance.ByPAbsW, importance.ByAbsW, importance.ByRandom} {
		var b plot.Band
		b.Name, b.Color, b.Dashes = labels[imp], plot.Palette(colour[imp]), dashes[imp]
		if imp == importance.ByRandom {
			b.Color = plot.Palette(7)
		}
		for _, a := range sum.LesionAgg {
			if a.Importance == imp {
				b.X, b.Mean, b.SE = append(b.X, 100*a.Fraction), append(b.Mean, a.Accuracy.Mean), append(b.SE, a.Accuracy.SE)
			}
		}
		dropped, err := b.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, Fig2b, dropped)
	}
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.XOffs, p.Legend.YOffs = legendInset, legendInset
	p.Y.Min, p.Y.Max = 0, 1.02 // the curves start near 1: not flush with the frame
	p.X.Min, p.X.Max = p.X.Min-1, p.X.Max+1
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, Fig2b))
}

// pHistogram: release probabilities before and after learning, all synapses of
// all seeds, with the importance threshold dashed (fig2a, and app1d for networks
// whose p start uniform).
func pHistogram(dir, id string, uniform bool, syn []SynapseRow, warn io.Writer) ([]string, error) {
	before, after := make([]float64, len(syn)), make([]float64, len(syn))
	for i, r := range syn {
		before[i], after[i] = r.PInit, r.P
	}
	title := "Release probabilities, p starting at p_min"
	if uniform {
		title = "Release probabilities, p starting uniform in [p_min, 1]"
	}
	p := plot.New(title, "release probability p", "fraction of synapses")
	edges := plot.LinearEdges(0.25, 1, 30)
	// "after" as filled bars and "before" as a bare outline drawn over them:
	// two filled series hid whichever was drawn first.
	var dropped []plot.Dropped
	for _, h := range []plot.Histogram{
		{Series: []plot.HistSeries{{Name: "after learning", Values: after, Color: plot.Palette(0)}}, Edges: edges, Norm: plot.HistFraction, Filled: true},
		{Series: []plot.HistSeries{{Name: "before learning", Values: before, Color: plot.Palette(7)}}, Edges: edges, Norm: plot.HistFraction},
	} {
		d, err := h.Add(p)
		if err != nil {
			return nil, err
		}
		dropped = append(dropped, d...)
	}
	plot.ReportDropped(warn, id, dropped...)
	ref := plot.NewRefLine(importance.Threshold)
	p.Add(ref)
	p.Legend.Add(fmt.Sprintf("threshold p = %g", importance.Threshold), ref)
	// The legend sits in the empty middle of the axis, right of the low-p bins
	// and left of the threshold line (p from 0.25 to 1: it starts near p =
	// 0.42), where the paper's networks put next to no synapses.
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = 0.23 * (plot.SingleColumn*1.4 - vg.Points(50))
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, id))
}

// highLowHistogram: the distribution of a synapse measure for p >= 0.9 against p <
// 0.9, all seeds, log-binned on a log axis (fig2c, fig2d).
//
// The axis is drawn as log10 of the measure on a linear scale, labelled in the
// measure's own values, rather than with plot.LogX: gonum/plot reserves room
// for the axis label at the arithmetic middle of a log axis' range, which lies
// near its right end, and so left the right 15% of the figure empty.
func highLowHistogram(dir, id, title, xlabel string, syn []SynapseRow, seeds int, measure func(SynapseRow) float64, warn io.Writer) ([]string, error) {
	var high, low []float64
	var nonPositive [2]int
	for _, r := range syn {
		v, side := measure(r), 0
		if r.P >= importance.Threshold {
			side = 1
		}
		if v <= 0 {
			nonPositive[side]++
			continue
		}
		if side == 1 {
			high = append(high, math.Log10(v))
		} else {
			low = append(low, math.Log10(v))
		}
	}
	p := plot.New(fmt.Sprintf("%s, %s", title, seedsPooled(seeds)), xlabel, "density per decade")
	names := [2]string{
		fmt.Sprintf("p < %g: %d synapses", importance.Threshold, len(low)+nonPositive[0]),
		fmt.Sprintf("p >= %g: %d synapses", importance.Threshold, len(high)+nonPositive[1]),
	}
	h := plot.Histogram{
		Series: []plot.HistSeries{
			{Name: names[0], Values: low, Color: plot.Palette(7)},
			{Name: names[1], Values: high, Color: plot.Palette(1)},
		},
		Bins: 40, Filled: true, // bins of equal width in decades; density per decade
	}
	dropped, err := h.Add(p)
	if err != nil {
		return nil, err
	}
	for i := range dropped {
		dropped[i].Points += nonPositive[i]
		dropped[i].Of += nonPositive[i]
		dropped[i].NonPositive += nonPositive[i]
		dropped[i].Series = names[i]
	}
	plot.ReportDropped(warn, id, dropped...)
	if p.X.Min < p.X.Max {
		p.X.Tick.Marker = decadeTicks(p.X.Min, p.X.Max)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = legendInset
	p.Y.Max *= 1.15 // headroom: the legend sits above the tallest bars
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, id))
}

// decadeTicks marks an axis of log10 values from lo to hi as a log axis would:
// a major tick labelled with its value (0.01, 1e-06) at each power of ten,
// thinned to at most six labels, and minor ticks at 2..9 times each power while
// there are few decades.
func decadeTicks(lo, hi float64) gplot.ConstantTicks {
	k0, k1 := int(math.Ceil(lo-1e-9)), int(math.Floor(hi+1e-9))
	stride := max(1, (k1-k0+6)/6)
	minor := k1-k0 <= 12
	var ticks []gplot.Tick
	for k := int(math.Floor(lo)); k <= k1; k++ {
		if k >= k0 {
			t := gplot.Tick{Value: float64(k)}
			if ((k%stride)+stride)%stride == 0 {
				t.Label = strconv.FormatFloat(math.Pow(10, float64(k)), 'g', -1, 64)
			}
			ticks = append(ticks, t)
		}
		for m := 2; minor && m <= 9; m++ {
			if v := float64(k) + math.Log10(float64(m)); v >= lo && v <= hi {
				ticks = append(ticks, gplot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// seedsPooled says how many seeds a figure pools.
func seedsPooled(n int) string {
	if n == 1 {
		return "1 seed"
	}
	return fmt.Sprintf("%d seeds pooled", n)
}

// legendInset keeps a legend clear of the frame and the figure's edge: gonum/plot
// draws a legend flush with the edge of the figure.
const legendInset = 6 * vg.Inch / 72

// sparsityFigure: per layer, the fraction of a neuron's inputs that are important,
// learned against shuffled, all seeds, with the KS statistics of the seeds in the
// title; fig3a is layer 2, app2a every layer side by side.
func sparsityFigure(dir, id string, layers []int, output int, neurons []NeuronRow, rows []SparsityRow, warn io.Writer) ([]string, error) {
	var panels []*gplot.Plot
	for _, layer := range layers {
		var learned, shuffled []float64
		for _, n := range neurons {
			if n.Layer == layer {
				learned = append(learned, float64(n.Inputs)/float64(n.Fan))
				shuffled = append(shuffled, float64(n.InputsShuffled)/float64(n.Fan))
			}
		}
		var ds, ps []float64
		for _, r := range rows {
			if r.Layer == layer {
				ds, ps = append(ds, r.KSD), append(ps, r.KSP)
			}
		}
		if len(learned) == 0 || len(ps) == 0 {
			continue // the caller asks only for layers the networks have
		}
		name := fmt.Sprintf("Layer %d", layer)
		if layer == output && len(layers) > 1 {
			name = fmt.Sprintf("Layer %d (output)", layer)
		}
		// Two lines, so side-by-side panel titles do not run into each other.
		p := plot.New(name+"\n"+ksSummary(ds, ps), "fraction of important inputs", "fraction of neurons")
		hi := max(slices.Max(learned), slices.Max(shuffled))
		if !(hi > 0) {
			hi = 1
		}
		h := plot.Histogram{
			Series: []plot.HistSeries{{Name: "learned", Values: learned, Color: plot.Palette(0)}, {Name: "shuffled", Values: shuffled, Color: plot.Palette(7)}},
			Edges:  plot.LinearEdges(0, hi, 20),
			Norm:   plot.HistFraction,
			Filled: true,
		}
		dropped, err := h.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, id, dropped...)
		// The legend goes to the side of the panel with the lower bars (the
		// output layer's neurons sit at the right), above them.
		p.Legend.Top, p.Legend.Left = true, tallerRight(h)
		p.Legend.XOffs = legendInset
		if !p.Legend.Left {
			p.Legend.XOffs = -legendInset
		}
		p.Y.Max *= 1.25
		panels = append(panels, p)
	}
	width := plot.SingleColumn * 1.4
	if len(panels) > 1 {
		width = plot.DoubleColumn * 1.3
	}
	return plot.SaveRow(panels, width, plot.SingleColumn, filepath.Join(dir, id))
}

// ksSummary reads the KS tests of one layer over seeds: the mean D, and p
// against 0.01 (the paper's level) when every seed is below it, else the
// largest p, named as the largest when there are several seeds.
func ksSummary(ds, ps []float64) string {
	d := fmt.Sprintf("KS D = %.3f", stats.Mean(ds))
	if len(ds) > 1 {
		d = fmt.Sprintf("KS D = %.3f (mean of %d seeds)", stats.Mean(ds), len(ds))
	}
	worst := slices.Max(ps)
	switch {
	case worst < 0.01 && len(ps) > 1:
		return d + ", p < 0.01 in each"
	case worst < 0.01:
		return d + ", p < 0.01"
	case len(ps) > 1:
		return fmt.Sprintf("%s, largest p = %.2g", d, worst)
	default:
		return fmt.Sprintf("%s, p = %.2g", d, worst)
	}
}

// tallerRight reports whether h's bars are taller in the right half of its bins
// than in the left: where its legend would cover them.
func tallerRight(h plot.Histogram) bool {
	_, heights, _, err := h.Heights()
	if err != nil {
		return false
	}
	var left, right float64
	for _, hs := range heights {
		for i, v := range hs {
			if i < len(hs)/2 {
				left = max(left, v)
			} else {
				right = max(right, v)
			}
		}
	}
	return right > left
}

// fig3b: neurons of layer 2 whose important inputs lie more than 2 SD below the
// shuffled mean, within, or above, learned against shuffled, mean and SE over seeds.
func fig3b(dir string, rows []SparsityRow, warn io.Writer) ([]string, error) {
	var series [2]plot.BarSeries
	series[0] = plot.BarSeries{Name: "learned", Color: plot.Palette(0)}
	// Mid grey, the shade of fig3a's translucent shuffled bars: solid black
	// weighed more than the learned bars it is the baseline for.
	series[1] = plot.BarSeries{Name: "shuffled", Color: plot.ColorOf("shuffled")}
	pick := []func(SparsityRow) [2]int{
		func(r SparsityRow) [2]int { return [2]int{r.NLow, r.NLowShuffled} },
		func(r SparsityRow) [2]int { return [2]int{r.NMedium, r.NMediumShuffle} },
		func(r SparsityRow) [2]int { return [2]int{r.NHigh, r.NHighShuffled} },
	}
	for _, f := range pick {
		var a, b []float64
		for _, r := range rows {
			if r.Layer == 2 {
				v := f(r)
				a, b = append(a, float64(v[0])), append(b, float64(v[1]))
			}
		}
		ma, mb := stats.EstimateOf(a), stats.EstimateOf(b)
		series[0].Means, series[0].SEs = append(series[0].Means, ma.Mean), append(series[0].SEs, ma.SE)
		series[1].Means, series[1].SEs = append(series[1].Means, mb.Mean), append(series[1].SEs, mb.SE)
	}
	p := plot.New("Neurons of layer 2 by importance", "importance (2 SD from the shuffled mean)", "neurons")
	bars := plot.Bars{Groups: []string{"low", "medium", "high"}, Series: series[:]}
	dropped, err := bars.Add(p)
	if err != nil {
		return nil, err
	}
	plot.ReportDropped(warn, Fig3b, dropped...)
	// Each bar's mean above it: a few shuffled neurons make a bar too short to
	// read against an axis that reaches two hundred.
	var at plotter.XYs
	var counts []string
	for s := range bars.Series {
		for g := range bars.Groups {
			if top := bars.Top(s, g); !math.IsNaN(top) && !math.IsInf(top, 0) {
				at = append(at, plotter.XY{X: bars.X(s, g), Y: top})
				counts = append(counts, strconv.FormatFloat(bars.Series[s].Means[g], 'f', countDecimals(bars.Series[s].Means[g]), 64))
			}
		}
	}
	if len(at) > 0 {
		labels, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: counts})
		if err != nil {
			return nil, err
		}
		for i := range labels.TextStyle {
			labels.TextStyle[i].XAlign, labels.TextStyle[i].YAlign = text.XCenter, text.YBottom
			labels.TextStyle[i].Font.Size = vg.Points(9)
		}
		labels.Offset = vg.Point{Y: vg.Points(2)}
		p.Add(labels)
	}
	p.Legend.XOffs = -legendInset
	p.Y.Max *= 1.2
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, Fig3b))
}

// countDecimals is how many decimals a mean count is shown with: none from 10.
func countDecimals(v float64) int {
	if math.Abs(v) >= 10 {
		return 0
	}
	return 1
}

// seedColours are the colours of seeds in the scatter figures: the palette
// without its yellow, which is too pale on white for small points.
var seedColours = []int{0, 1, 2, 4, 7, 5, 3}

// countTicks are gonum's default ticks labelled as plain numbers (250, not
// 250.00), for axes of counts.
type countTicks struct{}

// Ticks implements gplot.Ticker.
func (countTicks) Ticks(lo, hi float64) []gplot.Tick {
	ticks := gplot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strconv.FormatFloat(t.Value, 'g', -1, 64)
		}
	}
	return ticks
}

// inOutFigure: important inputs against important outputs per neuron of hidden
// layers, one colour per seed, with the correlations in the title (fig3c is layer
// 1, app2b both hidden layers side by side).
func inOutFigure(dir, id string, layers []int, runs []Run, rows []SparsityRow, warn io.Writer) ([]string, error) {
	var panels []*gplot.Plot
	for _, layer := range layers {
		var sc plot.Scatter
		sc.Fit = true
		// Colours count the runs that have neurons, not every run: runs of the
		// other analyses came first and took the palette up to its yellow.
		i := 0
		for _, r := range runs {
			if len(r.Neurons) == 0 {
				continue
			}
			s := plot.ScatterSeries{Name: fmt.Sprintf("seed %d", r.Seed), Color: plot.Palette(seedColours[i%len(seedColours)])}
			i++
			for _, n := range r.Neurons {
				if n.Layer == layer {
					s.X, s.Y = append(s.X, float64(n.Inputs)), append(s.Y, n.Outputs)
				}
			}
			if len(s.X) > 0 {
				sc.Series = append(sc.Series, s)
			}
		}
		var rs []float64
		for _, r := range rows {
			if r.Layer == layer {
				rs = append(rs, r.RInOut)
			}
		}
		p := plot.New(fmt.Sprintf("Hidden layer %d: r = %.3f", layer, stats.Mean(rs)), "important inputs", "important outputs")
		dropped, err := sc.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, id, dropped...)
		p.Legend.Top, p.Legend.Left = true, true
		p.Legend.XOffs = legendInset
		plot.Pad(p, 0.04) // points and the fit line's ends clear of the axes
		// Counts of synapses: whole-number labels, not gonum's "250.00" that
		// the padded range brings out.
		p.X.Tick.Marker, p.Y.Tick.Marker = countTicks{}, countTicks{}
		panels = append(panels, p)
	}
	width := plot.SingleColumn * 1.3
	if len(panels) > 1 {
		width = plot.DoubleColumn
	}
	return plot.SaveRow(panels, width, plot.SingleColumn, filepath.Join(dir, id))
}
