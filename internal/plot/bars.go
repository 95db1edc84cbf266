package plot

import (
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// barRect is one bar from y0 to y1. Unlike a plotter.Polygon it is cut at the
// plot's y range when drawn, so a bar from 0 on an axis that starts at 50 does not
// spill over the tick labels below.
type barRect struct {
	x0, x1, y0, y1 float64
	fill           color.Color
	outline        draw.LineStyle
}

// Plot implements gplot.Plotter.
func (r *barRect) Plot(c draw.Canvas, p *gplot.Plot) {
	lo, hi := math.Min(r.y0, r.y1), math.Max(r.y0, r.y1)
	lo, hi = math.Max(lo, p.Y.Min), math.Min(hi, p.Y.Max)
	if lo >= hi {
		return
	}
	trX, trY := p.Transforms(&c)
	rect := vg.Rectangle{Min: vg.Point{X: trX(r.x0), Y: trY(lo)}, Max: vg.Point{X: trX(r.x1), Y: trY(hi)}}
	c.SetColor(r.fill)
	c.Fill(rect.Path())
	if r.outline.Width > 0 {
		c.SetLineStyle(r.outline)
		c.Stroke(rect.Path())
	}
}

// DataRange implements gplot.DataRanger: the bar from y0 to y1.
func (r *barRect) DataRange() (xmin, xmax, ymin, ymax float64) {
	return r.x0, r.x1, math.Min(r.y0, r.y1), math.Max(r.y0, r.y1)
}

// axisBreak marks a y axis that does not reach down to 0 while bars stand on it:
// two short slanted strokes across the axis near its foot, with the axis line cut
// between them, the usual sign that the scale is broken. It draws nothing when the
// axis includes 0.
type axisBreak struct{}

// axisBroken reports whether p's y axis leaves out 0, where bars stand.
func axisBroken(p *gplot.Plot) bool { return p.Y.Min > 0 || p.Y.Max < 0 }

// Plot implements gplot.Plotter.
func (axisBreak) Plot(c draw.Canvas, p *gplot.Plot) {
	if !axisBroken(p) {
		return
	}
	x := c.Min.X
	y := c.Min.Y + vg.Points(8)
	w, h, gap := vg.Points(5), vg.Points(2.5), vg.Points(2.5)
	// Cut the axis line: a background-coloured gap, then the two strokes.
	c.SetColor(color.White)
	c.Fill(vg.Rectangle{Min: vg.Point{X: x - w, Y: y - gap/2}, Max: vg.Point{X: x + vg.Points(0.6), Y: y + gap/2}}.Path())
	sty := draw.LineStyle{Color: color.Black, Width: p.Y.LineStyle.Width}
	for _, dy := range []vg.Length{-gap / 2, gap / 2} {
		c.StrokeLine2(sty, x-w, y+dy-h/2, x+w, y+dy+h/2)
	}
}
