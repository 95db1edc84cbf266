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
	if !(width > 0 && height > 0) {
		return nil, fmt.Errorf("plot: %s: size %v x %v must be positive", base, width, height)
	}
	var written []string
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := render(&buf, p, width, height, format); err != nil {
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

// render draws p in one format into w.
func render(w io.Writer, p *gplot.Plot, width, height vg.Length, format string) error {
	var canvas vg.CanvasWriterTo
	switch format {
	case "png":
		img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))
		p.Draw(draw.New(img))
		_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
		return err
	case "svg":
		canvas = vgsvg.New(width, height)
	case "pdf":
		canvas = vgpdf.New(width, height)
	default:
		return fmt.Errorf("unknown format %q", format)
	}
	p.Draw(draw.New(canvas))
	_, err := canvas.WriteTo(w)
	return err
}
