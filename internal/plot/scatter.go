package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/presyn/presyn/internal/stats"
)

// ScatterSeries is one named cloud of points of a Scatter, such as one synapse per
// point.
type ScatterSeries struct {
	Name  string      // legend entry; empty for none
	X, Y  []float64   // one per point
	Color color.Color // nil: Palette(series index)
}

// Scatter draws one or more series of points as small filled circles, slightly
// translucent so that dense regions of large clouds show as darker, with an
// optional least-squares line per series.
type Scatter struct {
	Series []ScatterSeries
	Radius vg.Length // circle radius; 0 means 1.5 pt
	// Fit adds each series' least-squares line of y on x, fitted in the
	// coordinates the axes draw (log10 of a log axis), so that it is straight on
	// the page: with LogX and LogY it is a power law. A series needs two distinct
	// x values for a line.
	Fit bool
	// LogX and LogY say that the axis will be made logarithmic (LogX, LogY after
	// Add): points with x <= 0 (y <= 0) are dropped and reported, since a log
	// scale cannot show them, and Fit works in log10 of that coordinate.
	LogX, LogY bool
}

// scatterAlpha is the opacity of scatter points.
const scatterAlpha = 0xb0

// Add draws the points and fit lines on p and adds the named series to the legend.
// Points with a NaN or Inf coordinate are dropped and reported, as are points <= 0
// on a LogX or LogY axis; a series left with no points draws nothing. It panics if
// a series' X and Y differ in length.
func (s Scatter) Add(p *gplot.Plot) ([]Dropped, error) {
	radius := s.Radius
	if radius <= 0 {
		radius = vg.Points(1.5)
	}
	dropped := make([]Dropped, len(s.Series))
	for i, series := range s.Series {
		name := seriesName(series.Name, i)
		kept, d := Finite(name, series.X, series.Y)
		x, y := kept[0], kept[1]
		if s.LogX || s.LogY {
			var px, py []float64
			for j := range x {
				if (!s.LogX || x[j] > 0) && (!s.LogY || y[j] > 0) {
					px, py = append(px, x[j]), append(py, y[j])
				}
			}
			d.NonPositive = len(x) - len(px)
			d.Points += d.NonPositive
			x, y = px, py
		}
		dropped[i] = d
		if len(x) == 0 {
			continue
		}
		clr := series.Color
		if clr == nil {
			clr = Palette(i)
		}
		xys := make(plotter.XYs, len(x))
		for j := range x {
			xys[j] = plotter.XY{X: x[j], Y: y[j]}
		}
		points, err := plotter.NewScatter(xys)
		if err != nil {
			return dropped, fmt.Errorf("plot: scatter %q: %w", name, err)
		}
		points.GlyphStyle = draw.GlyphStyle{Color: withAlpha(clr, scatterAlpha), Radius: radius, Shape: draw.CircleGlyph{}}
		p.Add(points)
		if s.Fit {
			if seg, ok := fitSegment(x, y, s.LogX, s.LogY); ok {
				line, err := plotter.NewLine(seg)
				if err != nil {
					return dropped, fmt.Errorf("plot: scatter %q fit: %w", name, err)
				}
				line.LineStyle.Color = clr
				line.LineStyle.Width = vg.Points(1.2)
				p.Add(line)
			}
		}
		if series.Name != "" {
			p.Legend.Add(series.Name, points)
		}
	}
	return dropped, nil
}

// fitSegment returns the least-squares line of y on x, fitted in log10 of the
// coordinates marked log (all positive there), as its two ends at the smallest and
// largest x, in data coordinates. ok is false without two distinct x values or when
// an end is not finite.
func fitSegment(x, y []float64, logX, logY bool) (seg plotter.XYs, ok bool) {
	fx, fy := x, y
	if logX {
		fx = log10All(x)
	}
	if logY {
		fy = log10All(y)
	}
	slope, intercept := stats.LeastSquares(fx, fy)
	if math.IsNaN(slope) {
		return nil, false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range fx {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	seg = make(plotter.XYs, 2)
	for i, u := range []float64{lo, hi} {
		v := intercept + slope*u
		if logX {
			u = math.Pow(10, u)
		}
		if logY {
			v = math.Pow(10, v)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || math.IsInf(u, 0) || (logY && v <= 0) {
			return nil, false
		}
		seg[i] = plotter.XY{X: u, Y: v}
	}
	return seg, true
}

func log10All(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Log10(x)
	}
	return out
}
