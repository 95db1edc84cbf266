package plot

import (
	"image/color"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// swatch is a legend entry's filled rectangle: a bar or a band. Unlike gonum's
// Polygon thumbnail, which fills the whole entry box up to the plot's edge, it is
// inset from the box, so that it is not cut at the edge and its text does not touch
// it.
type swatch struct {
	fill    color.Color
	outline draw.LineStyle // zero Width for none
}

// swatchInset is the gap left around a swatch inside its legend entry box.
var swatchInset = vg.Points(1.5)

// Thumbnail implements gplot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	r.Min.X += swatchInset
	r.Max.X -= swatchInset
	r.Min.Y += swatchInset
	r.Max.Y -= swatchInset
	if s.fill != nil {
		c.SetColor(s.fill)
		c.Fill(r.Path())
	}
	if s.outline.Width > 0 {
		c.SetLineStyle(s.outline)
		c.Stroke(r.Path())
	}
}

// flushLine is a line drawn without the glyph boxes gonum gives each of its points.
// Those boxes, half a line width around every point, make gonum pad the data area
// away from the axes whenever a line touches the range's edge, as every curve and
// histogram does, so that the axes no longer meet at the corner.
type flushLine struct{ l *plotter.Line }

// Plot implements gplot.Plotter.
func (f flushLine) Plot(c draw.Canvas, p *gplot.Plot) { f.l.Plot(c, p) }

// DataRange implements gplot.DataRanger.
func (f flushLine) DataRange() (xmin, xmax, ymin, ymax float64) { return f.l.DataRange() }

// Thumbnail implements gplot.Thumbnailer.
func (f flushLine) Thumbnail(c *draw.Canvas) { f.l.Thumbnail(c) }
