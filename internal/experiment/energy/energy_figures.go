package energy

import (
	"image/color"
	"io"
	"math"
	"path/filepath"
	"sort"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/results"
)

// energyModelLabels are the legend names of the energy experiment's models.
var energyModelLabels = map[string]string{
	"presyn":    "Presynaptic (learned p)",
	"mlp":       "Deterministic MLP",
	"mlp-fixed": "Stochastic, fixed p = 0.4",
}

// models returns the models present in aggs, in plotting order.
func models(aggs []Aggregate) []string {
	present := map[string]bool{}
	for _, a := range aggs {
		present[a.Model] = true
	}
	var out []string
	for _, m := range ModelOrder {
		if present[m] {
			out = append(out, m)
		}
	}
	return out
}

// Figures writes fig1a, fig1b, app1a and app1b (PNG, SVG, PDF) into dir and
// returns the files written. Points that are not finite are dropped and reported to
// warn.
func Figures(aggs []Aggregate, dir string, warn io.Writer) ([]string, error) {
	var written []string
	for _, fig := range []func([]Aggregate, string, io.Writer) ([]string, error){fig1a, fig1b, app1Ratio(false), app1Ratio(true)} {
		files, err := fig(aggs, dir, warn)
		written = append(written, files...)
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// fig1a: mutual information against synaptic energy over the L2 sweep, one curve per
// model, standard errors on both axes.
func fig1a(aggs []Aggregate, dir string, warn io.Writer) ([]string, error) {
	p := plot.New("Information vs energy (labels: L2 strength λ)", "synaptic energy  Σ|w|", "mutual information (bits)")
	p.Legend.Top, p.Legend.Left = false, false // information rises with energy: bottom right is free
	p.Legend.XOffs = -legendInset
	for i, m := range models(aggs) {
		var c plot.ErrorCurve
		c.Name, c.Color, c.Shape = energyModelLabels[m], plot.ColorOf(m), i
		var tags []string
		for _, a := range aggs {
			if a.Model == m {
				c.X, c.XSE = append(c.X, a.Energy.Mean), append(c.XSE, a.Energy.SE)
				c.Y, c.YSE = append(c.Y, a.Bits.Mean), append(c.YSE, a.Bits.SE)
				tags = append(tags, results.FormatExact(a.L2))
			}
		}
		dropped, err := c.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, Fig1a, dropped)
		// Below and to the right of each point: the curves rise to the upper
		// right, so that quadrant is clear of a point's own curve.
		if err := tagPoints(p, c.X, c.Y, tags, c.Color); err != nil {
			return nil, err
		}
	}
	plot.Pad(p, 0.04)
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, Fig1a))
}

// fig1b: the best information per energy of each model (over L2), with SE bars.
func fig1b(aggs []Aggregate, dir string, warn io.Writer) ([]string, error) {
	best := BestInfoPerEnergy(aggs)
	var series plot.BarSeries
	var groups []string
	for _, m := range models(aggs) {
		b := best[m]
		groups = append(groups, energyModelLabels[m]+"\nL2 "+results.FormatExact(b.L2))
		series.Means = append(series.Means, 1000*b.InfoPerEnergy.Mean)
		series.SEs = append(series.SEs, 1000*b.InfoPerEnergy.SE)
		series.Colors = append(series.Colors, plot.ColorOf(m))
	}
	p := plot.New("Best information per energy", "", "bits per 1000 units of energy")
	dropped, err := plot.Bars{Groups: groups, Series: []plot.BarSeries{series}}.Add(p)
	if err != nil {
		return nil, err
	}
	plot.ReportDropped(warn, Fig1b, dropped...)
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, Fig1b))
}

// app1Ratio returns the figure of information per energy for every L2 strength,
// grouped by strength: app1a with synaptic energy, app1b with neuron energy.
func app1Ratio(neuron bool) func([]Aggregate, string, io.Writer) ([]string, error) {
	return func(aggs []Aggregate, dir string, warn io.Writer) ([]string, error) {
		name, title, ylabel, scale := App1a, "Information per synaptic energy", "bits per 1000 units of synaptic energy", 1000.0
		if neuron {
			name, title, ylabel, scale = App1b, "Information per neuron energy", "bits per unit of neuron activity", 1.0
		}
		var l2s []float64
		seen := map[float64]bool{}
		for _, a := range aggs {
			if !seen[a.L2] {
				seen[a.L2] = true
				l2s = append(l2s, a.L2)
			}
		}
		sort.Float64s(l2s)
		groups := make([]string, len(l2s))
		for i, l2 := range l2s {
			groups[i] = results.FormatExact(l2)
		}
		var series []plot.BarSeries
		for _, m := range models(aggs) {
			s := plot.BarSeries{Name: energyModelLabels[m], Color: plot.ColorOf(m)}
			for _, l2 := range l2s {
				mean, se := math.NaN(), math.NaN()
				for _, a := range aggs {
					if a.Model == m && a.L2 == l2 {
						r := a.InfoPerEnergy
						if neuron {
							r = a.InfoPerNeuronEnergy
						}
						mean, se = scale*r.Mean, scale*r.SE
					}
				}
				s.Means, s.SEs = append(s.Means, mean), append(s.SEs, se)
			}
			series = append(series, s)
		}
		p := plot.New(title, "L2 strength λ", ylabel)
		dropped, err := plot.Bars{Groups: groups, Series: series}.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, name, dropped...)
		// The legend Bars made sets its swatches flush against the right edge
		// of the figure, where half their outline is cut, and its text a
		// space from them: rebuilt here with swatches set in from the edge and
		// apart from the text.
		p.Legend = gplot.NewLegend()
		p.Legend.Top, p.Legend.XOffs = true, -legendInset
		for _, s := range series {
			p.Legend.Add(s.Name, swatch{s.Color})
		}
		p.Y.Max *= 1.3 // headroom: the legend sits above the tallest bars
		return plot.Save(p, plot.DoubleColumn, plot.SingleColumn, filepath.Join(dir, name))
	}
}

// legendInset keeps a legend clear of the figure's edge: gonum/plot draws a
// right-hand legend's thumbnails up to the very edge of the canvas.
const legendInset = 6 * vg.Inch / 72

// swatch is a legend thumbnail for a bar series: a filled box with the bars'
// thin outline, set a little in from its left so that the legend's text, which
// gonum/plot right-aligns a single space before the thumbnail, does not touch it.
type swatch struct{ color color.Color }

// Thumbnail implements gplot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	r.Min.X += vg.Points(4)
	r.Max.X -= vg.Points(0.5)
	r.Min.Y += vg.Points(0.5)
	r.Max.Y -= vg.Points(0.5)
	c.SetColor(s.color)
	c.Fill(r.Path())
	c.StrokeLines(draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}, []vg.Point{
		r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min,
	})
}

// tagPoints writes a small label below and to the right of each point (x[i],
// y[i]) in clr, such as the L2 strength a point of a sweep was trained with.
// Points with a coordinate that is not finite get no label.
func tagPoints(p *gplot.Plot, x, y []float64, tags []string, clr color.Color) error {
	var xys plotter.XYs
	var kept []string
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			continue
		}
		xys, kept = append(xys, plotter.XY{X: x[i], Y: y[i]}), append(kept, tags[i])
	}
	if len(xys) == 0 {
		return nil
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: kept})
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Size = vg.Points(8)
		labels.TextStyle[i].Color = clr
		labels.TextStyle[i].XAlign = text.XLeft
		labels.TextStyle[i].YAlign = text.YTop
	}
	labels.Offset = vg.Point{X: vg.Points(4), Y: -vg.Points(3)}
	p.Add(labels)
	return nil
}
