package lifelong

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
)

// methodLabel is a method's name in figures' legends.
func methodLabel(name string) string {
	for _, m := range Methods {
		if m.Name == name {
			return m.Label
		}
	}
	return name
}

// MethodColour is a method's colour, the same in every figure: plot.ColorOf's
// for the methods of its table (presynaptic consolidation blue, also the full
// model of Figure 5a and the presynaptic perceptron of Figure 5b-c; no
// consolidation vermillion, as the standard perceptron; BGD bluish green, EWC
// orange, joint training black), else a Palette colour by the method's place in
// Methods, so that a new method draws before it has a colour of its own.
func MethodColour(m string) color.Color {
	if plot.HasColor(m) {
		return plot.ColorOf(m)
	}
	for i, x := range MethodOrder {
		if x == m {
			return plot.Palette(i)
		}
	}
	return plot.Palette(colourOther)
}

// Palette indices of the colours that stand for no method of Methods (see
// MethodColour).
const (
	colourOther = 7 // a quantity, reference or method outside Methods
)

// legendFont is the legend's text size: gonum's 12 pt legends crowd a
// one-column figure (a local choice until internal/plot's house style sets it).
const legendFont = 10

// PercentTicks are the labelled ticks of an accuracy axis in percent from 0.
func PercentTicks(top float64) gplot.ConstantTicks {
	var vs []float64
	for v := 0.0; v <= top+1e-9; v += 25 {
		vs = append(vs, v)
	}
	return plot.Ticks(vs...)
}

// lifelongFigures draws the benchmark's figures.
func lifelongFigures(dir string, s Summary, runs []Run, warn io.Writer) ([]string, error) {
	ids := s.Benchmark.Figures
	var written []string
	for _, f := range []func() ([]string, error){
		func() ([]string, error) { return firstTaskFigure(dir, ids.First, s, runs, warn) },
		func() ([]string, error) { return meanAccuracyFigure(dir, ids.Mean, s, warn) },
		func() ([]string, error) { return finalTasksFigure(dir, ids.Final, s, warn) },
		func() ([]string, error) { return releaseFigure(dir, ids.Release, s, runs, warn) },
	} {
		files, err := f()
		written = append(written, files...)
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// firstTaskFigure: the first task's accuracy after every epoch of the sequence,
// mean and SE over seeds, per sequential method, with the task boundaries.
func firstTaskFigure(dir, id string, s Summary, runs []Run, warn io.Writer) ([]string, error) {
	p := plot.New(s.Benchmark.Title+": first task while learning the others", "epoch", "accuracy on task 1")
	epochsPerTask, tasks := 0, 0
	for _, m := range MethodOrder {
		if m == MethodJoint {
			continue // trains every task at once: no sequence to follow
		}
		var curves [][]float64
		var epochs []int // of the first run's points: every run of a study measured the same epochs
		for _, r := range runs {
			if r.Method != m {
				continue
			}
			c := make([]float64, len(r.FirstTask))
			for i, f := range r.FirstTask {
				c[i] = f.Accuracy
				if len(curves) == 0 {
					epochs = append(epochs, f.Epoch)
				}
			}
			curves = append(curves, c)
			if len(r.Epochs) > 0 {
				tasks, epochsPerTask = r.Epochs[len(r.Epochs)-1].Task, r.Epochs[len(r.Epochs)-1].Epoch
			}
		}
		if len(curves) == 0 {
			continue
		}
		b := plot.Band{Name: methodLabel(m), Color: MethodColour(m)}
		for e := range curves[0] {
			col := make([]float64, 0, len(curves))
			for _, c := range curves {
				if e < len(c) {
					col = append(col, c[e])
				}
			}
			ms := stats.EstimateOf(col)
			b.X, b.Mean, b.SE = append(b.X, float64(epochs[e])), append(b.Mean, ms.Mean), append(b.SE, ms.SE)
		}
		dropped, err := b.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, id, dropped)
	}
	var bounds []float64
	for t := 1; t < tasks; t++ {
		bounds = append(bounds, float64(t*epochsPerTask)+0.5)
	}
	p.Add(plot.NewVLines(bounds...))
	// Accuracy from 0 to 1 with headroom above for the tasks' names, so that no
	// curve runs along the frame; the legend bottom left, where every curve is
	// still high while the first task is learnt.
	p.Y.Min, p.Y.Max = 0, 1.12
	p.Y.Tick.Marker = plot.Ticks(0, 0.2, 0.4, 0.6, 0.8, 1)
	if tasks > 0 && epochsPerTask > 0 {
		ticks := []float64{1}
		for t := 1; t <= tasks; t++ {
			if e := float64(t * epochsPerTask); e > 1 {
				ticks = append(ticks, e)
			}
		}
		p.X.Tick.Marker = plot.Ticks(ticks...)
		p.X.Min, p.X.Max = 0.5, float64(tasks*epochsPerTask)+0.5
		for t := 1; t <= tasks; t++ {
			mid := float64((t-1)*epochsPerTask) + float64(epochsPerTask+1)/2
			name := "task " + strconv.Itoa(t)
			if tasks > 5 {
				name = strconv.Itoa(t)
			}
			if _, err := plot.Label(p, mid, 1.02, name, text.XCenter, text.YBottom, 9); err != nil {
				return nil, err
			}
		}
	}
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.TextStyle.Font.Size = vg.Points(legendFont)
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(4), vg.Points(4)
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, id))
}

// meanAccuracyFigure: the mean accuracy over all tasks per method, bars from 0
// with SE, the paper's value beside each bar (a black diamond with its SE) and
// the t-tests against presynaptic consolidation marked; joint training as a
// dashed line named above it.
func meanAccuracyFigure(dir, id string, s Summary, warn io.Writer) ([]string, error) {
	var series plot.BarSeries
	var groups, methods []string
	var paperX, paperMean, paperSE []float64
	joint, jointPaper := math.NaN(), math.NaN()
	for _, a := range s.Aggregate {
		if a.Method == MethodJoint {
			joint, jointPaper = a.MeanAcc.Mean, a.PaperMean
			continue
		}
		// Two lines, so that five methods' names fit under their bars.
		groups, methods = append(groups, strings.Replace(methodLabel(a.Method), " ", "\n", 1)), append(methods, a.Method)
		series.Means, series.SEs = append(series.Means, a.MeanAcc.Mean), append(series.SEs, a.MeanAcc.SE)
		series.Colors = append(series.Colors, MethodColour(a.Method))
		paperMean, paperSE = append(paperMean, a.PaperMean), append(paperSE, a.PaperSE)
	}
	p := plot.New(s.Benchmark.Title+": mean accuracy over all tasks", "", "accuracy (%)")
	bars := plot.Bars{Groups: groups, Series: []plot.BarSeries{series}, Width: 0.6, Base: 0}
	top := 0.0
	if len(groups) > 0 {
		dropped, err := bars.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, id, dropped...)
		for g := range groups {
			top = math.Max(top, bars.Top(0, g))
			// Right of the bar's own error bar, inside the bar.
			paperX = append(paperX, bars.X(0, g)+0.17)
		}
	}
	if err := addPaperValues(p, paperX, paperMean, paperSE); err != nil {
		return nil, err
	}
	for g := range paperMean {
		if !math.IsNaN(paperMean[g]) {
			top = math.Max(top, paperMean[g]+math.Max(paperSE[g], 0))
		}
	}
	level := top + 3
	clear := top + 1 // the highest drawn content below the legend's strip
	if !math.IsNaN(joint) {
		p.Add(plot.NewHRefLine(joint))
		name := fmt.Sprintf("joint training %.1f", joint)
		if !math.IsNaN(jointPaper) {
			name += fmt.Sprintf(" (paper %.2f)", jointPaper)
		}
		// Above the line at the left, clear of it and of the brackets.
		if _, err := plot.Label(p, -0.45, joint+2.5, name, text.XLeft, text.YBottom, 9); err != nil {
			return nil, err
		}
		level = math.Max(level, joint+9)
		clear = math.Max(clear, joint+8)
	}
	// Brackets from presynaptic consolidation to each other method, stacked.
	presyn := -1
	for g, m := range methods {
		if m == MethodPresyn {
			presyn = g
		}
	}
	marked := false
	for g, m := range methods {
		if presyn < 0 || g == presyn {
			continue
		}
		for _, t := range s.TTests {
			if t.Method == m {
				if mark := plot.Stars(t.P); mark != "" {
					if err := plot.Significance(p, bars.X(0, presyn), bars.X(0, g), level, 1.5, mark); err != nil {
						return nil, err
					}
					clear = math.Max(clear, level+7)
					level += 8
					marked = true
				}
			}
		}
	}
	if marked {
		p.X.Label.Text = "t-test against presynaptic consolidation: " + plot.StarKey
		p.X.Label.TextStyle.Font.Size = vg.Points(9)
	}
	// A strip above everything for the legend (the paper's marker).
	p.Y.Min, p.Y.Max = 0, math.Max(clear+10, 105)
	p.Y.Tick.Marker = PercentTicks(100)
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.TextStyle.Font.Size = vg.Points(legendFont)
	return plot.Save(p, plot.SingleColumn*1.3, plot.SingleColumn, filepath.Join(dir, id))
}

// addPaperValues marks the paper's values at xs: black diamonds with their SE,
// with a legend entry; values that are NaN (no paper value) are left out.
func addPaperValues(p *gplot.Plot, xs, means, ses []float64) error {
	var pts paperPoints
	for i := range xs {
		if math.IsNaN(means[i]) || math.IsInf(means[i], 0) {
			continue
		}
		se := ses[i]
		if math.IsNaN(se) || math.IsInf(se, 0) {
			se = 0
		}
		pts = append(pts, paperPoint{xs[i], means[i], math.Abs(se)})
	}
	if len(pts) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("lifelong: paper values: %w", err)
	}
	sc.GlyphStyle.Shape = draw.PyramidGlyph{}
	sc.GlyphStyle.Color = plot.Palette(colourOther)
	sc.GlyphStyle.Radius = vg.Points(3)
	eb, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return fmt.Errorf("lifelong: paper values: %w", err)
	}
	eb.LineStyle.Width = vg.Points(0.8)
	eb.CapWidth = vg.Points(4)
	p.Add(eb, sc)
	p.Legend.Add("paper (mean ± SE)", sc)
	return nil
}

// paperPoint is a paper value at a bar: its x, mean and SE.
type paperPoint struct{ x, y, se float64 }
type paperPoints []paperPoint

func (e paperPoints) Len() int                        { return len(e) }
func (e paperPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e paperPoints) YError(i int) (float64, float64) { return e[i].se, e[i].se }

// finalTasksFigure: every task's accuracy after the last, per method, grouped
// bars with SE (app3a).
func finalTasksFigure(dir, id string, s Summary, warn io.Writer) ([]string, error) {
	tasks := 0
	for _, f := range s.Final {
		tasks = max(tasks, f.Task)
	}
	if tasks == 0 {
		return nil, nil
	}
	groups := make([]string, tasks)
	for t := range groups {
		groups[t] = strconv.Itoa(t + 1)
	}
	var series []plot.BarSeries
	for _, m := range MethodOrder {
		bs := plot.BarSeries{Name: methodLabel(m), Color: MethodColour(m)}
		found := false
		for t := 1; t <= tasks; t++ {
			mean, se := math.NaN(), math.NaN()
			for _, f := range s.Final {
				if f.Method == m && f.Task == t {
					mean, se, found = 100*f.Accuracy.Mean, 100*f.Accuracy.SE, true
				}
			}
			bs.Means, bs.SEs = append(bs.Means, mean), append(bs.SEs, se)
		}
		if found {
			series = append(series, bs)
		}
	}
	p := plot.New(s.Benchmark.Title+": each task after the last", "task", "accuracy (%)")
	dropped, err := plot.Bars{Groups: groups, Series: series}.Add(p)
	if err != nil {
		return nil, err
	}
	plot.ReportDropped(warn, id, dropped...)
	top := 100.0
	for _, bs := range series {
		for g := range bs.Means {
			if v := bs.Means[g] + bs.SEs[g]; !math.IsNaN(v) && !math.IsInf(v, 0) {
				top = math.Max(top, v)
			}
		}
	}
	// The legend in an empty slot right of the last task, so it covers no bar.
	p.X.Max += 1.5
	p.Y.Min, p.Y.Max = 0, top+3
	p.Y.Tick.Marker = PercentTicks(top)
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.TextStyle.Font.Size = vg.Points(legendFont)
	return plot.Save(p, plot.DoubleColumn, plot.SingleColumn, filepath.Join(dir, id))
}

// releaseFigure: presynaptic consolidation's mean release probability and share of
// frozen synapses after every epoch, mean and SE over seeds (app3b).
// ReleaseRow is a point of the release figure (<id>.csv): presyn's mean release
// probability and fraction of synapses frozen after an epoch, over seeds.
type ReleaseRow struct {
	Epoch      int            `csv:"epoch"`
	Task       int            `csv:"task"`
	N          int            `csv:"n"`
	MeanP      stats.Estimate `csv:"mean_p"`
	FracFrozen stats.Estimate `csv:"frac_frozen"`
}

// releaseRows averages presynaptic consolidation's mean release probability
// and frozen fraction over its runs, epoch by epoch.
func releaseRows(runs []Run) []ReleaseRow {
	var meanP, frozen [][]float64
	var tasks []int // of each epoch
	for _, r := range runs {
		if r.Method != MethodPresyn {
			continue
		}
		var a, b []float64
		for i, e := range r.Epochs {
			a, b = append(a, e.MeanP), append(b, e.FracFrozen)
			if i >= len(tasks) {
				tasks = append(tasks, e.Task)
			}
		}
		meanP, frozen = append(meanP, a), append(frozen, b)
	}
	column := func(curves [][]float64, e int) stats.Estimate {
		var col []float64
		for _, c := range curves {
			if e < len(c) {
				col = append(col, c[e])
			}
		}
		return stats.EstimateOf(col)
	}
	rows := make([]ReleaseRow, len(tasks))
	for e := range tasks {
		n := 0
		for _, c := range meanP {
			if e < len(c) {
				n++
			}
		}
		rows[e] = ReleaseRow{Epoch: e + 1, Task: tasks[e], N: n, MeanP: column(meanP, e), FracFrozen: column(frozen, e)}
	}
	return rows
}

func releaseFigure(dir, id string, s Summary, runs []Run, warn io.Writer) ([]string, error) {
	rows := releaseRows(runs)
	if len(rows) == 0 {
		return nil, nil
	}
	p := plot.New(s.Benchmark.Title+": release probabilities while learning", "epoch", "probability or fraction")
	p.X.Tick.Marker = plot.Ticker{Integer: true} // epochs are whole
	for i, set := range []struct {
		name string
		of   func(ReleaseRow) stats.Estimate
	}{{"mean release probability", func(r ReleaseRow) stats.Estimate { return r.MeanP }},
		{"fraction of synapses frozen", func(r ReleaseRow) stats.Estimate { return r.FracFrozen }}} {
		// Both are presynaptic consolidation's: its colour for the release
		// probability, black dashed for the frozen fraction (no method's colour).
		b := plot.Band{Name: set.name, Color: MethodColour(MethodPresyn)}
		if i == 1 {
			b.Color = plot.Palette(colourOther)
			b.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		}
		for _, r := range rows {
			ms := set.of(r)
			b.X, b.Mean, b.SE = append(b.X, float64(r.Epoch)), append(b.Mean, ms.Mean), append(b.SE, ms.SE)
		}
		dropped, err := b.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, id, dropped)
	}
	// Headroom above 1 for the legend, top left, over no curve; the 1.0 tick
	// below the frame's edge, so it is not clipped.
	p.Y.Min, p.Y.Max = 0, 1.2
	p.Y.Tick.Marker = plot.Ticks(0, 0.25, 0.5, 0.75, 1)
	if n := len(rows); n > 1 {
		p.X.Min, p.X.Max = 1, float64(rows[n-1].Epoch)
		var bounds []float64
		for i := 1; i < n; i++ {
			if rows[i].Task != rows[i-1].Task {
				bounds = append(bounds, float64(rows[i].Epoch)-0.5)
			}
		}
		p.Add(plot.NewVLines(bounds...))
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(legendFont)
	p.Legend.XOffs = vg.Points(4)
	path := filepath.Join(dir, id+".csv")
	if err := results.WriteRows(path, rows); err != nil {
		return nil, err
	}
	files, err := plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, id))
	return append([]string{path}, files...), err
}
