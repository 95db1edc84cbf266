package energy

import (
	"io"
	"math"
	"path/filepath"
	"sort"

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
	p := plot.New("Information vs energy", "synaptic energy  Σ|w|", "mutual information (bits)")
	p.Legend.Top, p.Legend.Left = false, false // information rises with energy: bottom right is free
	for i, m := range models(aggs) {
		var c plot.ErrorCurve
		c.Name, c.Color, c.Shape = energyModelLabels[m], plot.Palette(i), i
		for _, a := range aggs {
			if a.Model == m {
				c.X, c.XSE = append(c.X, a.Energy.Mean), append(c.XSE, a.Energy.SE)
				c.Y, c.YSE = append(c.Y, a.Bits.Mean), append(c.YSE, a.Bits.SE)
			}
		}
		dropped, err := c.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, Fig1a, dropped)
	}
	plot.Pad(p, 0.04)
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, Fig1a))
}

// fig1b: the best information per energy of each model (over L2), with SE bars.
func fig1b(aggs []Aggregate, dir string, warn io.Writer) ([]string, error) {
	best := BestInfoPerEnergy(aggs)
	var series plot.BarSeries
	var groups []string
	for i, m := range models(aggs) {
		b := best[m]
		groups = append(groups, energyModelLabels[m]+"\nL2 "+results.FormatExact(b.L2))
		series.Means = append(series.Means, 1000*b.InfoPerEnergy.Mean)
		series.SEs = append(series.SEs, 1000*b.InfoPerEnergy.SE)
		series.Colors = append(series.Colors, plot.Palette(i))
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
		for i, m := range models(aggs) {
			s := plot.BarSeries{Name: energyModelLabels[m], Color: plot.Palette(i)}
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
		p.Y.Max *= 1.3 // headroom: the legend sits above the tallest bars
		return plot.Save(p, plot.DoubleColumn, plot.SingleColumn, filepath.Join(dir, name))
	}
}
