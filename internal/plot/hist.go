package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// HistNorm says what the bar heights of a Histogram measure. Series of different
// sizes only compare once normalised, so the zero value is HistDensity.
type HistNorm int

const (
	// HistDensity: count / (n * bin width), so the bars' area is 1 whatever the
	// bin widths. With log bins the width is measured in decades, log10(hi/lo), so
	// the area seen on a log x axis is 1.
	HistDensity HistNorm = iota
	// HistFraction: count / n, the share of the series' values in each bin; the
	// heights sum to 1.
	HistFraction
	// HistCount: the raw counts (or the given Counts).
	HistCount
)

// HistSeries is one series of a Histogram: raw values to bin, or counts already
// binned on the histogram's Edges (for instance summed over seeds with BinCounts).
type HistSeries struct {
	Name   string      // legend entry; empty for none
	Values []float64   // raw observations; nil when Counts is given
	Counts []float64   // per-bin counts on Histogram.Edges (len(Edges)-1 of them); nil when Values is given
	Color  color.Color // nil: Palette(series index)
}

// Histogram overlays the distributions of one or more series, binned on shared
// edges so that the series compare bin by bin, drawn as step outlines (readable when
// several overlap) or as translucent filled bars.
//
// n, the total a series is normalised by, is the number of its values that fell
// into a bin (the sum of its Counts), so normalised heights describe what is drawn.
// A series with nothing left to bin draws nothing.
//
// Bar heights start at 0, so a Histogram cannot go on a log y axis; for a log x
// axis set LogBins and call LogX after Add.
type Histogram struct {
	Series []HistSeries
	// Edges are the shared bin edges, finite and strictly increasing; bin i is
	// [Edges[i], Edges[i+1]), the last bin also holds Edges[len-1]. nil: Bins
	// bins spanning the smallest to the largest value of all series. Required
	// when a series gives Counts.
	Edges   []float64
	Bins    int      // number of bins when Edges is nil; 0 or less means 20
	LogBins bool     // geometric bins for a log x axis: values <= 0 are dropped and reported, HistDensity is per decade
	Norm    HistNorm // bar heights; the zero value is HistDensity
	Filled  bool     // translucent filled bars under a solid outline, instead of a bare step outline
}

// histAlpha is the opacity of filled bars: light enough that overlaid series stay
// readable.
const histAlpha = 0x60

// defaultBins is the number of bins a Histogram uses when neither Edges nor Bins is
// set.
const defaultBins = 20

// Heights returns the bin edges the histogram uses and, per series, the height of
// each bin as Add draws it (nil for a series with nothing to bin), with what each
// series dropped: NaN and Inf values, values <= 0 with LogBins, values outside
// given Edges, and NaN or Inf counts (drawn as empty bins). With no Edges and no
// values at all, edges is nil. It returns an error for Edges that are not finite
// and strictly increasing, or not positive with LogBins, and for a negative count.
// It panics on a series that gives both Values and Counts, or Counts without Edges
// or of the wrong length.
func (h Histogram) Heights() (edges []float64, heights [][]float64, dropped []Dropped, err error) {
	if h.Edges != nil {
		if err := checkEdges(h.Edges, h.LogBins); err != nil {
			return nil, nil, nil, fmt.Errorf("plot: histogram: %w", err)
		}
	}
	kept := make([][]float64, len(h.Series))
	dropped = make([]Dropped, len(h.Series))
	lo, hi := math.Inf(1), math.Inf(-1)
	for s, series := range h.Series {
		name := seriesName(series.Name, s)
		if series.Counts != nil {
			if series.Values != nil || h.Edges == nil || len(series.Counts) != len(h.Edges)-1 {
				panic(fmt.Sprintf("plot: histogram series %q has %d values and %d counts for %d edges: give values, or one count per bin of Edges",
					name, len(series.Values), len(series.Counts), len(h.Edges)))
			}
			dropped[s] = Dropped{Series: name, Of: len(series.Counts)}
			continue
		}
		cols, d := Finite(name, series.Values)
		values := cols[0]
		if h.LogBins {
			positive := make([]float64, 0, len(values))
			for _, v := range values {
				if v > 0 {
					positive = append(positive, v)
				}
			}
			d.NonPositive = len(values) - len(positive)
			d.Points += d.NonPositive
			values = positive
		}
		kept[s], dropped[s] = values, d
		for _, v := range values {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}

	if h.Edges != nil {
		edges = slices.Clone(h.Edges)
	} else if lo <= hi {
		edges = h.autoEdges(lo, hi)
	} else {
		return nil, make([][]float64, len(h.Series)), dropped, nil // nothing to bin
	}

	heights = make([][]float64, len(h.Series))
	for s, series := range h.Series {
		var counts []float64
		if series.Counts != nil {
			counts = make([]float64, len(series.Counts))
			for i, c := range series.Counts {
				switch {
				case math.IsNaN(c) || math.IsInf(c, 0):
					dropped[s].Points++
				case c < 0:
					return edges, nil, dropped, fmt.Errorf("plot: histogram %q: bin %d has a negative count %v", dropped[s].Series, i, c)
				default:
					counts[i] = c
				}
			}
		} else {
			var outside int
			counts, outside = BinCounts(kept[s], edges)
			dropped[s].OutOfRange = outside
			dropped[s].Points += outside
		}
		heights[s] = normalise(counts, edges, h.Norm, h.LogBins)
	}
	return edges, heights, dropped, nil
}

// autoEdges returns the histogram's Bins bins from lo to hi, linear or geometric. A
// single distinct value gets bins around it, half a unit (or half a decade) each
// side.
func (h Histogram) autoEdges(lo, hi float64) []float64 {
	n := h.Bins
	if n <= 0 {
		n = defaultBins
	}
	if h.LogBins {
		if lo == hi {
			lo, hi = lo/math.Sqrt(10), hi*math.Sqrt(10)
		}
		return LogEdges(lo, hi, n)
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	return LinearEdges(lo, hi, n)
}

// normalise turns counts on edges into bar heights (a new slice), or nil when
// there is nothing to normalise by.
func normalise(counts, edges []float64, norm HistNorm, logBins bool) []float64 {
	var n float64
	for _, c := range counts {
		n += c
	}
	if n == 0 {
		return nil
	}
	heights := make([]float64, len(counts))
	for i, c := range counts {
		switch norm {
		case HistDensity:
			width := edges[i+1] - edges[i]
			if logBins {
				width = math.Log10(edges[i+1] / edges[i])
			}
			heights[i] = c / (n * width)
		case HistFraction:
			heights[i] = c / n
		case HistCount:
			heights[i] = c
		default:
			panic(fmt.Sprintf("plot: unknown histogram normalisation %d", norm))
		}
	}
	return heights
}

// seriesName names series i in messages when it has no legend name.
func seriesName(name string, i int) string {
	if name == "" {
		return fmt.Sprintf("series %d", i+1)
	}
	return name
}

// Add draws every series on p and adds the named ones to the legend: a filled
// swatch for filled bars, a line for step outlines. With HistCount the y axis is
// labelled in whole numbers. It returns what each series dropped, as Heights does.
func (h Histogram) Add(p *gplot.Plot) ([]Dropped, error) {
	edges, heights, dropped, err := h.Heights()
	if err != nil {
		return dropped, err
	}
	if t, ok := p.Y.Tick.Marker.(Ticker); ok && h.Norm == HistCount {
		t.Integer = true
		p.Y.Tick.Marker = t
	}
	for s, series := range h.Series {
		hs := heights[s]
		if hs == nil {
			continue
		}
		clr := series.Color
		if clr == nil {
			clr = Palette(s)
		}
		// The outline: up the left edge, along each bin top, down the right edge.
		xys := make(plotter.XYs, 0, 2*len(hs)+2)
		xys = append(xys, plotter.XY{X: edges[0], Y: 0})
		for i, y := range hs {
			xys = append(xys, plotter.XY{X: edges[i], Y: y}, plotter.XY{X: edges[i+1], Y: y})
		}
		xys = append(xys, plotter.XY{X: edges[len(edges)-1], Y: 0})
		var thumb gplot.Thumbnailer
		if h.Filled {
			poly, err := plotter.NewPolygon(xys)
			if err != nil {
				return dropped, fmt.Errorf("plot: histogram %q: %w", dropped[s].Series, err)
			}
			poly.Color = withAlpha(clr, histAlpha)
			poly.LineStyle.Color = clr
			poly.LineStyle.Width = vg.Points(1)
			p.Add(poly)
			thumb = swatch{fill: poly.Color, outline: poly.LineStyle}
		} else {
			line, err := plotter.NewLine(xys)
			if err != nil {
				return dropped, fmt.Errorf("plot: histogram %q: %w", dropped[s].Series, err)
			}
			line.LineStyle.Color = clr
			line.LineStyle.Width = vg.Points(1.2)
			p.Add(flushLine{line})
			thumb = line
		}
		if series.Name != "" {
			p.Legend.Add(series.Name, thumb)
		}
	}
	return dropped, nil
}

// LinearEdges returns n+1 equally spaced bin edges from lo to hi, both exact. It
// panics unless lo < hi, both finite, and n >= 1.
func LinearEdges(lo, hi float64, n int) []float64 {
	checkRange("LinearEdges", lo, hi, n)
	edges := make([]float64, n+1)
	for i := range edges {
		edges[i] = lo + (hi-lo)*float64(i)/float64(n)
	}
	edges[n] = hi
	return edges
}

// LogEdges returns n+1 geometrically spaced bin edges from lo to hi, both exact:
// bins of equal width on a log axis. It panics unless 0 < lo < hi, both finite,
// and n >= 1.
func LogEdges(lo, hi float64, n int) []float64 {
	checkRange("LogEdges", lo, hi, n)
	if lo <= 0 {
		panic(fmt.Sprintf("plot: LogEdges from %v: edges must be positive", lo))
	}
	edges := make([]float64, n+1)
	a, b := math.Log(lo), math.Log(hi)
	for i := range edges {
		edges[i] = math.Exp(a + (b-a)*float64(i)/float64(n))
	}
	edges[0], edges[n] = lo, hi
	return edges
}

func checkRange(fn string, lo, hi float64, n int) {
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || n < 1 {
		panic(fmt.Sprintf("plot: %s(%v, %v, %d): want finite lo < hi and n >= 1", fn, lo, hi, n))
	}
}

// BinCounts counts values into the bins of edges: bin i is [edges[i], edges[i+1]),
// and the last bin also holds edges[len(edges)-1], as in NumPy. Values outside the
// edges, and NaNs, are not counted; outside says how many. Counts from several
// seeds binned on the same edges can be summed and drawn as HistSeries.Counts. It
// panics if edges has fewer than two entries or is not strictly increasing.
func BinCounts(values, edges []float64) (counts []float64, outside int) {
	if err := checkEdges(edges, false); err != nil {
		panic(err.Error())
	}
	counts = make([]float64, len(edges)-1)
	last := edges[len(edges)-1]
	for _, v := range values {
		if !(v >= edges[0] && v <= last) { // also NaN
			outside++
			continue
		}
		// The last edge <= v, pulled into the last bin when v is the last edge.
		i := sort.Search(len(edges), func(j int) bool { return edges[j] > v }) - 1
		counts[min(i, len(counts)-1)]++
	}
	return counts, outside
}

// checkEdges reports whether edges can bin values: at least two, finite, strictly
// increasing, and positive for log bins.
func checkEdges(edges []float64, logBins bool) error {
	if len(edges) < 2 {
		return fmt.Errorf("plot: %d bin edges, need at least 2", len(edges))
	}
	for i, e := range edges {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return fmt.Errorf("plot: bin edge %d is %v", i, e)
		}
		if i > 0 && !(e > edges[i-1]) {
			return fmt.Errorf("plot: bin edges %d and %d (%v, %v) do not increase", i-1, i, edges[i-1], e)
		}
	}
	if logBins && edges[0] <= 0 {
		return fmt.Errorf("plot: log bins need positive edges, first is %v", edges[0])
	}
	return nil
}
