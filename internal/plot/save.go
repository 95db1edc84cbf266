package plot

import (
	"bytes"
	"fmt"
	"io"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/presyn/presyn/internal/results"
)

// DPI is the resolution of saved PNGs; gonum/plot's default of 96 is too coarse for
// print.
const DPI = 300

// Formats are the file types Save writes, as file extensions.
var Formats = []string{"png", "svg", "pdf"}

// Common figure sizes.
const (
	SingleColumn = 3.5 * vg.Inch // width of a one-column journal figure
	DoubleColumn = 7 * vg.Inch
)

// Save renders p at the given size to base.png (300 dpi), base.svg and base.pdf,
// writing each file atomically. It returns the files written.
func Save(p *gplot.Plot, width, height vg.Length, base string) ([]string, error) {
	return SaveRow([]*gplot.Plot{p}, width, height, base)
}

// SaveRow renders plots side by side as the panels of one figure (a figure's
// panels a, b, c), the whole figure of the given size, like Save.
func SaveRow(plots []*gplot.Plot, width, height vg.Length, base string) ([]string, error) {
	if !(width > 0 && height > 0) {
		return nil, fmt.Errorf("plot: %s: size %v x %v must be positive", base, width, height)
	}
	if len(plots) == 0 {
		return nil, fmt.Errorf("plot: %s: no panels", base)
	}
	var written []string
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := render(&buf, plots, width, height, format); err != nil {
			return written, fmt.Errorf("plot: render %s.%s: %w", base, format, err)
		}
		path := base + "." + format
		if err := results.WriteFileAtomic(path, buf.Bytes()); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// render draws the panels in one format into w.
func render(w io.Writer, plots []*gplot.Plot, width, height vg.Length, format string) error {
	var canvas vg.CanvasWriterTo
	switch format {
	case "png":
		img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))
		drawPanels(draw.New(img), plots)
		_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
		return err
	case "svg":
		canvas = vgsvg.New(width, height)
	case "pdf":
		canvas = vgpdf.New(width, height)
	default:
		return fmt.Errorf("unknown format %q", format)
	}
	drawPanels(draw.New(canvas), plots)
	_, err := canvas.WriteTo(w)
	return err
}

// margin is the blank edge left around a figure: gonum/plot draws tick labels,
// legend swatches and the last x tick label flush with the canvas edge, where a
// viewer or printer cuts their outer pixels.
var margin = vg.Points(3)

// drawPanels draws one plot on the canvas inside its margin, or several in one row
// with aligned axes.
func drawPanels(c draw.Canvas, plots []*gplot.Plot) {
	c = draw.Crop(c, margin, -margin, margin, -margin)
	if len(plots) == 1 {
		plots[0].Draw(c)
		return
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Points(8), PadY: vg.Points(4)}
	canvases := gplot.Align([][]*gplot.Plot{plots}, tiles, c)
	for j, p := range plots {
		p.Draw(canvases[0][j])
	}
}
