package lifelong

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"

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

func methodColour(m string) int {
	for i, x := range MethodOrder {
		if x == m {
			return i
		}
	}
	return 7
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
		for _, r := range runs {
			if r.Method != m {
				continue
			}
			c := make([]float64, len(r.FirstTask))
			for i, f := range r.FirstTask {
				c[i] = f.Accuracy
			}
			curves = append(curves, c)
			if len(r.Epochs) > 0 {
				tasks, epochsPerTask = r.Epochs[len(r.Epochs)-1].Task, r.Epochs[len(r.Epochs)-1].Epoch
			}
		}
		if len(curves) == 0 {
			continue
		}
		b := plot.Band{Name: methodLabel(m), Color: plot.Palette(methodColour(m))}
		for e := range curves[0] {
			col := make([]float64, 0, len(curves))
			for _, c := range curves {
				if e < len(c) {
					col = append(col, c[e])
				}
			}
			ms := stats.EstimateOf(col)
			b.X, b.Mean, b.SE = append(b.X, float64(e+1)), append(b.Mean, ms.Mean), append(b.SE, ms.SE)
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
	p.Legend.Top, p.Legend.Left = false, true
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, id))
}

// meanAccuracyFigure: the mean accuracy over all tasks per method, bars with SE
// and the t-tests against presynaptic consolidation marked; joint training as a
// dashed line.
func meanAccuracyFigure(dir, id string, s Summary, warn io.Writer) ([]string, error) {
	var series plot.BarSeries
	var groups, methods []string
	joint := math.NaN()
	for _, a := range s.Aggregate {
		if a.Method == MethodJoint {
			joint = a.MeanAcc.Mean
			continue
		}
		// Two lines, so that five methods' names fit under their bars.
		groups, methods = append(groups, strings.Replace(methodLabel(a.Method), " ", "\n", 1)), append(methods, a.Method)
		series.Means, series.SEs = append(series.Means, a.MeanAcc.Mean), append(series.SEs, a.MeanAcc.SE)
		series.Colors = append(series.Colors, plot.Palette(methodColour(a.Method)))
	}
	p := plot.New(s.Benchmark.Title+": mean accuracy over all tasks", "", "accuracy (%)")
	bars := plot.Bars{Groups: groups, Series: []plot.BarSeries{series}, Width: 0.6, Base: 50}
	if len(groups) > 0 {
		dropped, err := bars.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, id, dropped...)
	}
	top := 50.0
	for g := range groups {
		top = math.Max(top, bars.Top(0, g))
	}
	// Brackets from presynaptic consolidation to each other method, stacked.
	presyn := -1
	for g, m := range methods {
		if m == MethodPresyn {
			presyn = g
		}
	}
	level := top + 2
	for g, m := range methods {
		if presyn < 0 || g == presyn {
			continue
		}
		for _, t := range s.TTests {
			if t.Method == m {
				if mark := plot.Stars(t.P); mark != "" {
					if err := plot.Significance(p, bars.X(0, presyn), bars.X(0, g), level, 0.8, mark); err != nil {
						return nil, err
					}
					level += 4
				}
			}
		}
	}
	p.Y.Min, p.Y.Max = 50, math.Max(level+2, 100)
	if !math.IsNaN(joint) {
		line := plot.NewHRefLine(joint)
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("joint training %.1f", joint), line)
		p.Legend.Top = true
	}
	return plot.Save(p, plot.SingleColumn*1.3, plot.SingleColumn, filepath.Join(dir, id))
}

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
		bs := plot.BarSeries{Name: methodLabel(m), Color: plot.Palette(methodColour(m))}
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
	p.Y.Max = math.Max(p.Y.Max*1.15, 100)
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
	p := plot.New(s.Benchmark.Title+": release probabilities while learning", "epoch", "")
	for i, set := range []struct {
		name string
		of   func(ReleaseRow) stats.Estimate
	}{{"mean release probability", func(r ReleaseRow) stats.Estimate { return r.MeanP }},
		{"fraction of synapses frozen", func(r ReleaseRow) stats.Estimate { return r.FracFrozen }}} {
		b := plot.Band{Name: set.name, Color: plot.Palette(i)}
		if i == 1 {
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
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.Top, p.Legend.Left = false, false
	path := filepath.Join(dir, id+".csv")
	if err := results.WriteRows(path, rows); err != nil {
		return nil, err
	}
	files, err := plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, id))
	return append([]string{path}, files...), err
}
