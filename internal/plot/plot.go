package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// New returns a plot with a title and axis labels in presyn's house style: axes
// that meet at the corner (no padding between them), a Ticker on each, and a legend
// at the top right. Filled legend swatches (bars, bands, filled histograms) are
// inset in their entry, so that they are not cut at the plot's edge.
func New(title, xLabel, yLabel string) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	// gonum/plot measures the y axis with a space of the axis label's font
	// but draws it with one of the tick labels' font, which leaves the y
	// axis line short of the x axis by the difference: take it back.
	p.X.Padding = 0
	p.Y.Padding = p.Y.Tick.Label.Width(" ") - p.Y.Label.TextStyle.Width(" ")
	p.X.Tick.Marker, p.Y.Tick.Marker = Ticker{}, Ticker{}
	p.Legend.Top = true
	p.Legend.Padding = vg.Points(1)
	return p
}

// okabeIto is the Okabe-Ito palette, readable with every common colour-vision
// deficiency, in the order series take it.
var okabeIto = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
	{0x00, 0x00, 0x00, 0xff}, // black
}

// Palette returns the colour of series i, cycling through eight colours.
func Palette(i int) color.Color { return okabeIto[((i%len(okabeIto))+len(okabeIto))%len(okabeIto)] }

// withAlpha returns c with opacity alpha (0 transparent, 255 opaque).
func withAlpha(c color.Color, alpha uint8) color.Color {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: alpha}
}

// Dropped says how many points of a series were left out, and why: a coordinate was
// NaN or Inf (gonum/plot rejects both), a value was <= 0 where a log scale needs
// positive values, or a value fell outside a histogram's bin edges. For a histogram
// given as counts, a point is a bin.
type Dropped struct {
	Series      string
	Points      int // points dropped, for any reason
	Of          int // points the series had
	NonPositive int // of Points: values <= 0 that a log scale or log bins cannot show
	OutOfRange  int // of Points: values outside a histogram's bin edges
}

func (d Dropped) String() string {
	nonFinite := d.Points - d.NonPositive - d.OutOfRange
	if nonFinite == d.Points {
		return fmt.Sprintf("series %q: dropped %d of %d points with NaN or Inf", d.Series, d.Points, d.Of)
	}
	var why []string
	if nonFinite > 0 {
		why = append(why, fmt.Sprintf("%d NaN or Inf", nonFinite))
	}
	if d.NonPositive > 0 {
		why = append(why, fmt.Sprintf("%d <= 0 on a log scale", d.NonPositive))
	}
	if d.OutOfRange > 0 {
		why = append(why, fmt.Sprintf("%d outside the bin edges", d.OutOfRange))
	}
	return fmt.Sprintf("series %q: dropped %d of %d points (%s)", d.Series, d.Points, d.Of, strings.Join(why, ", "))
}

// Finite keeps the rows i at which every column is finite: gonum plotters reject NaN
// and Inf. It returns the kept columns (new slices) and what was dropped. It panics
// if the columns differ in length.
func Finite(series string, cols ...[]float64) ([][]float64, Dropped) {
	n := 0
	if len(cols) > 0 {
		n = len(cols[0])
	}
	for _, c := range cols {
		if len(c) != n {
			panic(fmt.Sprintf("plot: series %q has columns of lengths %d and %d", series, n, len(c)))
		}
	}
	kept := make([][]float64, len(cols))
	for i := range n {
		finite := true
		for _, c := range cols {
			if math.IsNaN(c[i]) || math.IsInf(c[i], 0) {
				finite = false
				break
			}
		}
		if finite {
			for j, c := range cols {
				kept[j] = append(kept[j], c[i])
			}
		}
	}
	var got int
	if len(kept) > 0 {
		got = len(kept[0])
	}
	return kept, Dropped{Series: series, Points: n - got, Of: n}
}

// ReportDropped writes one line per series that lost points to w, naming the figure.
func ReportDropped(w io.Writer, figure string, ds ...Dropped) {
	for _, d := range ds {
		if d.Points > 0 {
			fmt.Fprintf(w, "plot: %s: %s\n", figure, d)
		}
	}
}

// Band is a mean curve with a shaded band of plus and minus one standard error.
type Band struct {
	Name        string    // legend entry; empty for none
	X, Mean, SE []float64 // one per point; SE >= 0
	Color       color.Color
	Dashes      []vg.Length // dash pattern of the mean line; nil for solid
}

// bandAlpha is the opacity of the shaded region: light enough that two overlapping
// bands stay readable.
const bandAlpha = 0x50

// Add draws the band (a polygon from the upper edge forwards and the lower edge
// backwards, since gonum/plot has no band plotter) and the mean line on p. Points with
// a NaN or Inf coordinate are dropped and reported; a series left with no points
// draws nothing. Where every SE is 0 (a single seed) no band is drawn, and the legend
// shows the line alone; a series of one point draws it as a marker.
func (b Band) Add(p *gplot.Plot) (Dropped, error) {
	kept, dropped := Finite(b.Name, b.X, b.Mean, b.SE)
	x, mean, se := kept[0], kept[1], kept[2]
	if len(x) == 0 {
		return dropped, nil
	}
	clr := b.Color
	if clr == nil {
		clr = Palette(0)
	}
	ring := make(plotter.XYs, 0, 2*len(x))
	for i := range x {
		ring = append(ring, plotter.XY{X: x[i], Y: mean[i] + math.Abs(se[i])})
	}
	for i := len(x) - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: x[i], Y: mean[i] - math.Abs(se[i])})
	}
	var band *plotter.Polygon
	if slices.ContainsFunc(se, func(v float64) bool { return v != 0 }) {
		var err error
		if band, err = plotter.NewPolygon(ring); err != nil {
			return dropped, fmt.Errorf("plot: band %q: %w", b.Name, err)
		}
		band.Color = withAlpha(clr, bandAlpha)
		band.LineStyle.Width = 0
		p.Add(band)
	}

	line := make(plotter.XYs, len(x))
	for i := range x {
		line[i] = plotter.XY{X: x[i], Y: mean[i]}
	}
	l, err := plotter.NewLine(line)
	if err != nil {
		return dropped, fmt.Errorf("plot: band %q: %w", b.Name, err)
	}
	l.LineStyle.Color = clr
	l.LineStyle.Width = vg.Points(1.2)
	l.LineStyle.Dashes = b.Dashes
	p.Add(flushLine{l})
	thumbs := []gplot.Thumbnailer{l}
	if len(x) == 1 {
		pt, err := plotter.NewScatter(line)
		if err != nil {
			return dropped, fmt.Errorf("plot: band %q: %w", b.Name, err)
		}
		pt.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		p.Add(pt)
		thumbs = append(thumbs, pt)
	}
	if band != nil {
		thumbs = append([]gplot.Thumbnailer{swatch{fill: band.Color}}, thumbs...)
	}
	if b.Name != "" {
		p.Legend.Add(b.Name, thumbs...)
	}
	return dropped, nil
}

// BarSeries is one series of a bar chart: one bar per group.
type BarSeries struct {
	Name   string        // legend entry; empty for none
	Means  []float64     // bar heights, one per group
	SEs    []float64     // error bar half-lengths, one per group; nil for none
	Color  color.Color   // nil: Palette(series index)
	Colors []color.Color // optional per-group colours, overriding Color
}

// Bars is a simple (one series) or grouped bar chart with standard-error bars. Bars
// are drawn in data units, group g centred at x = g, so brackets and labels can be
// placed with X and Top.
//
// Bars rise from 0, and the y axis then starts at 0: a bar is a length, and a
// reader compares lengths, so an axis from 50% makes a 3-point difference look like
// a doubling. Leave Base and p.Y.Min alone. If the differences only show on a
// truncated axis, set Base (and with it p.Y.Min) to where the axis starts: Add then
// marks the axis with a visible break, and the bars are cut at the axis whatever
// they start from, never drawn below it.
type Bars struct {
	Groups []string // tick labels, one per group
	Series []BarSeries
	Width  float64 // fraction of a group's unit slot the bars fill; 0 means 0.8
	// Base is the value the bars rise from; 0 unless the axis is broken (see
	// above), since any other value shows differences out of proportion.
	Base float64
}

// barHeadroom is the share of the bars' range left free above the tallest bar.
const barHeadroom = 0.05

func (b Bars) width() float64 {
	if b.Width > 0 && b.Width <= 1 {
		return b.Width
	}
	return 0.8
}

// X returns the centre of series s's bar in group g.
func (b Bars) X(s, g int) float64 {
	w := b.width()
	slot := w / float64(len(b.Series))
	return float64(g) - w/2 + slot*(float64(s)+0.5)
}

// Top returns the top of series s's bar in group g including its error bar, ignoring
// parts that are not finite; NaN if the bar itself is not.
func (b Bars) Top(s, g int) float64 {
	top := b.Series[s].Means[g]
	if ses := b.Series[s].SEs; ses != nil && !math.IsNaN(ses[g]) && !math.IsInf(ses[g], 0) {
		top += math.Abs(ses[g])
	}
	return top
}

// Add draws the bars, error bars, group tick labels and legend entries on p, and
// leaves 5% of the bars' range free above the tallest one. A bar
// whose mean is NaN or Inf is left out, an error bar whose SE is, too; both are
// reported. It panics if a series' lengths do not match the groups.
func (b Bars) Add(p *gplot.Plot) ([]Dropped, error) {
	half := b.width() / float64(len(b.Series)) / 2 * 0.92 // a small gap between bars
	var drops []Dropped
	for s, series := range b.Series {
		if len(series.Means) != len(b.Groups) || (series.SEs != nil && len(series.SEs) != len(b.Groups)) {
			panic(fmt.Sprintf("plot: bar series %q has %d means and %d SEs for %d groups",
				series.Name, len(series.Means), len(series.SEs), len(b.Groups)))
		}
		name := series.Name
		if name == "" {
			name = fmt.Sprintf("series %d", s+1)
		}
		xs := make([]float64, len(b.Groups))
		for g := range xs {
			xs[g] = b.X(s, g)
		}
		groups := make([]float64, len(b.Groups))
		for g := range groups {
			groups[g] = float64(g)
		}
		keptBars, d := Finite(name, xs, series.Means, groups)
		drops = append(drops, d)
		var first *barRect
		for i, x := range keptBars[0] {
			mean, g := keptBars[1][i], int(keptBars[2][i])
			rect := &barRect{x0: x - half, x1: x + half, y0: b.Base, y1: mean, fill: series.colour(s, g),
				outline: draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}}
			p.Add(rect)
			if first == nil {
				first = rect
			}
		}
		if series.SEs != nil {
			keptErr, d := Finite(name+" error bars", xs, series.Means, series.SEs)
			drops = append(drops, d)
			if len(keptErr[0]) > 0 {
				errs := make(errorPoints, len(keptErr[0]))
				for i := range errs {
					errs[i] = errorPoint{x: keptErr[0][i], y: keptErr[1][i], se: math.Abs(keptErr[2][i])}
				}
				bars, err := plotter.NewYErrorBars(errs)
				if err != nil {
					return drops, fmt.Errorf("plot: bars %q: %w", name, err)
				}
				bars.LineStyle.Width = vg.Points(1)
				bars.CapWidth = vg.Points(6)
				p.Add(bars)
			}
		}
		if series.Name != "" && first != nil {
			p.Legend.Add(series.Name, swatch{fill: first.fill, outline: first.outline})
		}
	}
	ticks := make([]gplot.Tick, len(b.Groups))
	for g, label := range b.Groups {
		ticks[g] = gplot.Tick{Value: float64(g), Label: label}
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.5, float64(len(b.Groups))-0.5
	// Headroom: the axes no longer pad the data, so the tallest bar would
	// touch the top of the plot.
	if top := p.Y.Max; !math.IsInf(top, 0) && top > b.Base {
		p.Y.Max = top + barHeadroom*(top-math.Min(p.Y.Min, b.Base))
	}
	p.Add(axisBreak{})
	return drops, nil
}

func (s BarSeries) colour(series, group int) color.Color {
	if group < len(s.Colors) && s.Colors[group] != nil {
		return s.Colors[group]
	}
	if s.Color != nil {
		return s.Color
	}
	return Palette(series)
}

// errorPoints adapts bar tops and their SEs to plotter.YErrorBars.
type errorPoint struct{ x, y, se float64 }
type errorPoints []errorPoint

func (e errorPoints) Len() int                        { return len(e) }
func (e errorPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errorPoints) YError(i int) (float64, float64) { return e[i].se, e[i].se }

// StarKey explains Stars' marks, for the axis label of a figure that draws
// them.
const StarKey = "** p < 0.01, * p < 0.05, n.s. p >= 0.05"

// Stars returns the marker for a p-value as the paper uses them: "**" for p < 0.01,
// "*" for p < 0.05, "n.s." otherwise, and "" if p is NaN.
func Stars(p float64) string {
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.01:
		return "**"
	case p < 0.05:
		return "*"
	default:
		return "n.s."
	}
}

// Significance draws a bracket from x1 to x2 at height y, with legs of length leg
// down, and label centred above it: the mark of a pairwise test over two bars.
func Significance(p *gplot.Plot, x1, x2, y, leg float64, label string) error {
	if _, d := Finite("significance", []float64{x1, x2, y, leg}); d.Points > 0 {
		return fmt.Errorf("plot: significance bracket at non-finite position (%v, %v, %v, %v)", x1, x2, y, leg)
	}
	bracket, err := plotter.NewLine(plotter.XYs{{X: x1, Y: y - leg}, {X: x1, Y: y}, {X: x2, Y: y}, {X: x2, Y: y - leg}})
	if err != nil {
		return fmt.Errorf("plot: significance bracket: %w", err)
	}
	bracket.LineStyle.Width = vg.Points(0.8)
	labels, err := plotter.NewLabels(plotter.XYLabels{
		XYs:    plotter.XYs{{X: (x1 + x2) / 2, Y: y}},
		Labels: []string{label},
	})
	if err != nil {
		return fmt.Errorf("plot: significance label: %w", err)
	}
	labels.TextStyle[0].XAlign = text.XCenter
	labels.TextStyle[0].YAlign = text.YBottom
	labels.TextStyle[0].Font.Size = vg.Points(12)
	labels.Offset = vg.Point{Y: vg.Points(1)}
	p.Add(bracket, labels)
	return nil
}

// Label writes s at (x, y) in data units, aligned by xAlign and yAlign
// (text.XLeft, text.YBottom, ...), at size points: a label a legend cannot place,
// such as a reference line's name or a task's. It returns the label for a
// caller that sets its colour or offset.
func Label(p *gplot.Plot, x, y float64, s string, xAlign text.XAlignment, yAlign text.YAlignment, size float64) (*plotter.Labels, error) {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: y}}, Labels: []string{s}})
	if err != nil {
		return nil, fmt.Errorf("plot: label %q: %w", s, err)
	}
	l.TextStyle[0].XAlign, l.TextStyle[0].YAlign = xAlign, yAlign
	l.TextStyle[0].Font.Size = vg.Points(size)
	p.Add(l)
	return l, nil
}

// Ticks returns major ticks at exactly the given values, labelled with %g: for axes
// whose meaningful positions (task boundaries, group centres) are known.
func Ticks(values ...float64) gplot.ConstantTicks {
	ticks := make([]gplot.Tick, len(values))
	for i, v := range values {
		ticks[i] = gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)}
	}
	return gplot.ConstantTicks(ticks)
}

// VLines draws vertical lines across the whole plot at the given x values, such as
// task boundaries or a threshold. It does not change the axis ranges, and lines
// outside them are not drawn. It can stand in the legend (p.Legend.Add(label, v)).
type VLines struct {
	Xs    []float64
	Style draw.LineStyle
}

// NewVLines returns thin dotted grey lines at xs.
func NewVLines(xs ...float64) *VLines {
	return &VLines{Xs: xs, Style: draw.LineStyle{
		Color:  color.Gray{Y: 0x99},
		Width:  vg.Points(0.6),
		Dashes: []vg.Length{vg.Points(2), vg.Points(2)},
	}}
}

// NewRefLine returns a dashed black line at x, 1 pt wide: a reference value the
// reader is meant to see and read off, such as the release probability p = 0.9,
// unlike the faint grey task boundaries of NewVLines. Change Style.Color if black
// clashes with a series.
func NewRefLine(x float64) *VLines {
	return &VLines{Xs: []float64{x}, Style: draw.LineStyle{
		Color:  color.Black,
		Width:  vg.Points(1),
		Dashes: []vg.Length{vg.Points(4), vg.Points(2)},
	}}
}

// Thumbnail implements gplot.Thumbnailer: a horizontal stroke in the line's style,
// as legends show lines.
func (v *VLines) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(v.Style, c.Min.X, y, c.Max.X, y)
}

// Plot implements gplot.Plotter.
func (v *VLines) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, x := range v.Xs {
		if math.IsNaN(x) || x < p.X.Min || x > p.X.Max {
			continue
		}
		c.StrokeLine2(v.Style, trX(x), c.Min.Y, trX(x), c.Max.Y)
	}
}

// HLine is a horizontal reference line across the whole plot at Y, such as an
// upper bound (joint training). It does not change the axis ranges: make room for
// it with Y.Max.
type HLine struct {
	Y     float64
	Style draw.LineStyle
}

// NewHRefLine returns a dashed black line at y.
func NewHRefLine(y float64) *HLine {
	return &HLine{Y: y, Style: draw.LineStyle{Color: color.Black, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}}
}

// Thumbnail implements gplot.Thumbnailer.
func (h *HLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(h.Style, c.Min.X, y, c.Max.X, y)
}

// Plot implements gplot.Plotter.
func (h *HLine) Plot(c draw.Canvas, p *gplot.Plot) {
	_, trY := p.Transforms(&c)
	if math.IsNaN(h.Y) || h.Y < p.Y.Min || h.Y > p.Y.Max {
		return
	}
	c.StrokeLine2(h.Style, c.Min.X, trY(h.Y), c.Max.X, trY(h.Y))
}
