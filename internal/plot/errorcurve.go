package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ErrorCurve is a line through points that carry standard errors on both axes, such
// as information against energy over a sweep.
type ErrorCurve struct {
	Name           string // legend entry; empty for none
	X, XSE, Y, YSE []float64
	Color          color.Color
	Shape          int // glyph: 0 circle, 1 square, 2 triangle, 3 diamond
}

// xyErrors is the data of an ErrorCurve for gonum's error-bar plotters.
type xyErrors struct{ x, xse, y, yse []float64 }

func (e xyErrors) Len() int                        { return len(e.x) }
func (e xyErrors) XY(i int) (float64, float64)     { return e.x[i], e.y[i] }
func (e xyErrors) XError(i int) (float64, float64) { return e.xse[i], e.xse[i] }
func (e xyErrors) YError(i int) (float64, float64) { return e.yse[i], e.yse[i] }

// Add draws the curve on p. Points with a NaN or Inf coordinate or SE are dropped and
// reported.
func (c ErrorCurve) Add(p *gplot.Plot) (Dropped, error) {
	kept, dropped := Finite(c.Name, c.X, c.XSE, c.Y, c.YSE)
	data := xyErrors{kept[0], kept[1], kept[2], kept[3]}
	if data.Len() == 0 {
		return dropped, nil
	}
	clr := c.Color
	if clr == nil {
		clr = Palette(0)
	}
	line, points, err := plotter.NewLinePoints(data)
	if err != nil {
		return dropped, fmt.Errorf("plot: curve %q: %w", c.Name, err)
	}
	line.Color = clr
	line.Width = vg.Points(1.2)
	points.Color = clr
	points.Radius = vg.Points(2.5)
	points.Shape = glyph(c.Shape)
	xerr, err := plotter.NewXErrorBars(data)
	if err != nil {
		return dropped, fmt.Errorf("plot: curve %q: %w", c.Name, err)
	}
	yerr, err := plotter.NewYErrorBars(data)
	if err != nil {
		return dropped, fmt.Errorf("plot: curve %q: %w", c.Name, err)
	}
	xerr.Color, yerr.Color = clr, clr
	p.Add(line, points, xerr, yerr)
	if c.Name != "" {
		p.Legend.Add(c.Name, line, points)
	}
	return dropped, nil
}

// glyph returns the i-th of four distinguishable point shapes, so curves stay
// distinguishable in greyscale print.
func glyph(i int) draw.GlyphDrawer {
	switch ((i % 4) + 4) % 4 {
	case 1:
		return draw.BoxGlyph{}
	case 2:
		return draw.TriangleGlyph{}
	case 3:
		return draw.PyramidGlyph{}
	default:
		return draw.CircleGlyph{}
	}
}

// Pad widens both axis ranges of p by frac of their span on each side, so that
// glyphs and error bars at the extremes are not cut by the frame. On a log axis
// (LogX, LogY) the span is measured in decades, so the range stays positive.
func Pad(p *gplot.Plot, frac float64) {
	for _, ax := range []*gplot.Axis{&p.X, &p.Y} {
		if isLog(ax) && ax.Min > 0 && ax.Max > 0 {
			ratio := math.Pow(ax.Max/ax.Min, frac)
			ax.Min /= ratio
			ax.Max *= ratio
			continue
		}
		span := ax.Max - ax.Min
		ax.Min -= frac * span
		ax.Max += frac * span
	}
}
