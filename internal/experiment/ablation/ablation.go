package ablation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Variants are the variants of presynaptic consolidation in Figure 5a,
// in its order; each has a config per task, ablation-<task>-<variant>, with the
// parameters the authors re-tuned for it (../shared/REFERENCE.md).
var Variants = []string{"full", "no-freeze", "no-freeze-no-mod", "no-mod", "fixed-p", "no-norm"}

var ablationLabels = map[string]string{
	"full": "full model", "no-freeze": "no freezing", "no-freeze-no-mod": "no freezing,\nno lr modulation",
	"no-mod": "no lr modulation", "fixed-p": "fixed p = 0.5\n(ghost p)", "no-norm": "no normalisation",
}

// Benchmark is a benchmark of the ablation, with what the paper finds for its
// fixed-p control.
type Benchmark struct {
	Task string // a lifelong benchmark
	// FixedPDrop is the paper's drop of the fixed-p control from the full
	// model, in points, and Alpha the significance level it reports it at.
	FixedPDrop paper.Value
	Alpha      float64
	// Suffix tells the second benchmark's copy of fig5a apart in the report.
	Suffix string
}

// Benchmarks are the ablation's benchmarks, in Figure 5a's order.
var Benchmarks = []Benchmark{
	{Task: lifelong.SplitMNIST, FixedPDrop: paper.Percent(1.4, 0, "fig5a: fixed-p control drops 1.4 points on Split (t = 3.44, p < 0.05)"), Alpha: 0.05},
	{Task: lifelong.PermMNIST, FixedPDrop: paper.Percent(5.6, 0, "fig5a: 5.6 points on Permuted (t = 6.72, p < 0.01)"), Alpha: 0.01, Suffix: "-" + lifelong.PermMNIST},
}

// Tasks are the names of the ablation's benchmarks.
var Tasks = func() []string {
	var out []string
	for _, b := range Benchmarks {
		out = append(out, b.Task)
	}
	return out
}()

// Folder is where the ablation of a benchmark is made in a results folder.
func Folder(task string) string { return "ablation/" + task }

// The files the study writes: its tables and Figure 5a (saved as Fig5a.png,
// .svg and .pdf).
const (
	SummaryFile   = runkit.SummaryFile   // lifelong.SummaryRow: every run
	AggregateFile = runkit.AggregateFile // Aggregate: per variant
	Fig5a         = "fig5a"
)

// Study is the ablation of Figure 5a on one benchmark: every (variant, seed)
// a lifelong run, runs/<variant>_seed-<seed>, measured as lifelong.Study measures. It
// is a study.Study; its exported fields are its spec.
type Study struct {
	Task      string   `json:"task"`
	Variants  []string `json:"variants"`
	Seeds     []uint64 `json:"seeds"`
	Overrides []string `json:"overrides,omitempty"`
	Quick     bool     `json:"quick,omitempty"` // the smoke profile (--quick): see study.Smoke

	Data data.Loader `json:"-"`
}

// Default is every variant with seeds 2019-2021.
func Default(task string) Study {
	return Study{Task: task, Variants: slices.Clone(Variants), Seeds: []uint64{2019, 2020, 2021}}
}

// Quick is the smoke profile: seed 2019, one epoch per task, 3 tasks of
// Permuted MNIST's 10.
func Quick(task string) Study {
	a := Default(task)
	a.Seeds, a.Overrides, a.Quick = []uint64{2019}, lifelong.QuickOverrides(task), true
	return a
}

// Name implements study.Study.
func (Study) Name() string { return "ablation" }

// Spec implements study.Study.
func (a Study) Spec() any { return a }

// Validate checks the spec; its errors are the user's to fix.
func (a Study) Validate() error {
	if !slices.Contains(Tasks, a.Task) {
		return fmt.Errorf("ablation: unknown task %q (want %s)", a.Task, strings.Join(Tasks, ", "))
	}
	if len(a.Variants) == 0 {
		return errors.New("ablation: no variants given")
	}
	for _, v := range a.Variants {
		if !slices.Contains(Variants, v) {
			return fmt.Errorf("ablation: unknown variant %q (want %s)", v, strings.Join(Variants, ", "))
		}
	}
	if len(a.Seeds) == 0 {
		return errors.New("ablation: no seeds given")
	}
	for _, err := range []error{study.Unique("variant", a.Variants), study.Unique("seed", a.Seeds)} {
		if err != nil {
			return fmt.Errorf("ablation: %w", err)
		}
	}
	return nil
}

// Plan implements study.Study: variants in order, then seeds.
func (a Study) Plan() ([]study.Run, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	var runs []study.Run
	for _, v := range Variants {
		if !slices.Contains(a.Variants, v) {
			continue
		}
		b, err := lifelong.LookupBenchmark(a.Task)
		if err != nil {
			return nil, err
		}
		cfg, err := b.Config("ablation-"+a.Task+"-"+v, a.Overrides)
		if err != nil {
			return nil, fmt.Errorf("ablation: %s: %w", v, err)
		}
		for _, seed := range a.Seeds {
			runs = append(runs, study.Run{ID: fmt.Sprintf("%s_seed-%d", v, seed), Seed: seed, Config: cfg, Point: v})
		}
	}
	return runs, nil
}

// Execute implements study.Study: a lifelong run.
func (a Study) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	// Figure 5 reads the accuracy matrix alone: no first-task curve.
	return lifelong.ExecuteRun(ctx, a.Data, r, dir, train.Evaluation{})
}

// Collect implements study.Study: the run as lifelong.Study collects it, its method
// being the variant.
func (a Study) Collect(r study.Run, dir string) (lifelong.Run, error) {
	return lifelong.CollectRun(r, dir, train.Evaluation{})
}

// Aggregate is aggregate.csv's row: a variant over seeds, in percent, and
// its t-test against the full model.
type Aggregate struct {
	Task    string         `csv:"task"`
	Variant string         `csv:"variant"`
	N       int            `csv:"n"`
	MeanAcc stats.Estimate `csv:"mean_acc"`
	T       float64        `csv:"t,blank"` // full minus variant; empty for the full model
	P       float64        `csv:"p,blank"`
}

// Summarise turns the collected runs of the ablation of task into its tables:
// every run, and every variant over seeds (percent) with its t-test against the
// full model.
func Summarise(task string, runs []lifelong.Run) ([]lifelong.SummaryRow, []Aggregate) {
	accs := map[string][]float64{}
	var summary []lifelong.SummaryRow
	for _, r := range runs {
		acc := r.MeanAcc()
		summary = append(summary, lifelong.SummaryRow{Task: task, Method: r.Method, Seed: r.Seed, MeanAcc: acc})
		accs[r.Method] = append(accs[r.Method], 100*acc)
	}
	var aggs []Aggregate
	for _, v := range Variants {
		xs, ok := accs[v]
		if !ok {
			continue
		}
		ag := Aggregate{Task: task, Variant: v, N: len(xs), MeanAcc: stats.EstimateOf(xs), T: math.NaN(), P: math.NaN()}
		if v != "full" && len(accs["full"]) > 0 {
			ag.T, ag.P = stats.TTestInd(accs["full"], xs)
		}
		aggs = append(aggs, ag)
	}
	return summary, aggs
}

// Render implements study.Study: summary.csv, aggregate.csv, fig5a and the report
// section.
func (a Study) Render(dir string, runs []lifelong.Run, missing []study.Run) (study.Report, error) {
	b, err := lifelong.LookupBenchmark(a.Task)
	if err != nil {
		return study.Report{}, err
	}
	summary, aggs := Summarise(a.Task, runs)
	out := runkit.Tables{Dir: dir}
	runkit.WriteTable(&out, SummaryFile, summary)
	runkit.WriteTable(&out, AggregateFile, aggs)
	rep := study.Report{Files: out.Files}
	if out.Err != nil {
		return rep, out.Err
	}
	var notes strings.Builder
	files, err := fig5a(dir, b.Title, aggs, &notes)
	rep.Files = append(rep.Files, files...)
	if err != nil {
		return rep, err
	}
	var md strings.Builder
	fmt.Fprintf(&md, "## Ablation (Figure 5a): %s\n\n", b.Title)
	md.WriteString("Mean accuracy over all tasks after the last one (%, mean ± SE over seeds); Student's t-test of the full model against each variant.\n\n")
	var rows [][]string
	full := math.NaN()
	for _, ag := range aggs {
		if ag.Variant == "full" {
			full = ag.MeanAcc.Mean
		}
	}
	for _, ag := range aggs {
		t, drop := "", ""
		if !math.IsNaN(ag.T) {
			t = fmt.Sprintf("t = %.2f, p = %.3g %s", ag.T, ag.P, plot.Stars(ag.P))
			drop = fmt.Sprintf("%.2f", full-ag.MeanAcc.Mean)
		}
		rows = append(rows, []string{strings.ReplaceAll(ablationLabels[ag.Variant], "\n", " "), fmt.Sprint(ag.N), study.PM(ag.MeanAcc.Mean, ag.MeanAcc.SE, 2), drop, t})
	}
	md.WriteString(study.MarkdownTable([]string{"variant", "n", "accuracy", "drop from full", "against full"}, rows))
	md.WriteString("\nPaper: every part helps; the " + fig5aClaim + " (the fixed-p control is the ghost-p variant).\n")
	rep.Markdown = md.String() + runkit.FigureNotes(notes.String())
	return rep, nil
}

// fig5a: the variants' mean accuracy, bars from 0 with SE, each in its colour
// of plot.ColorOf (the full model in presynaptic consolidation's blue, the
// variants in greys); brackets from the full model to each variant, stacked,
// mark its t-test, keyed in the axis label.
func fig5a(dir, title string, aggs []Aggregate, warn io.Writer) ([]string, error) {
	var groups []string
	var s plot.BarSeries
	full := -1
	for g, ag := range aggs {
		groups = append(groups, ablationLabels[ag.Variant])
		s.Means, s.SEs = append(s.Means, ag.MeanAcc.Mean), append(s.SEs, ag.MeanAcc.SE)
		if ag.Variant == "full" {
			full = g
		}
		s.Colors = append(s.Colors, plot.ColorOf(ag.Variant))
	}
	bars := plot.Bars{Groups: groups, Series: []plot.BarSeries{s}, Width: 0.7, Base: 0}
	p := plot.New("Ablation: "+title, "", "accuracy (%)")
	dropped, err := bars.Add(p)
	if err != nil {
		return nil, err
	}
	plot.ReportDropped(warn, Fig5a, dropped...)
	top := 0.0
	for g := range groups {
		if t := bars.Top(0, g); !math.IsNaN(t) {
			top = math.Max(top, t)
		}
	}
	level, marked := top+4, false
	for g, ag := range aggs {
		if full < 0 || g == full {
			continue
		}
		if mark := plot.Stars(ag.P); mark != "" {
			if err := plot.Significance(p, bars.X(0, full), bars.X(0, g), level, 1.5, mark); err != nil {
				return nil, err
			}
			level += 8
			marked = true
		}
	}
	if marked {
		p.X.Label.Text = "t-test against the full model: " + plot.StarKey
		p.X.Label.TextStyle.Font.Size = vg.Points(9)
	}
	p.Y.Min, p.Y.Max = 0, math.Max(level+3, 105)
	p.Y.Tick.Marker = lifelong.PercentTicks(100)
	return plot.Save(p, plot.DoubleColumn, plot.SingleColumn, filepath.Join(dir, Fig5a))
}
