package perceptron

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/presyn/presyn/internal/baseline"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
)

// The perceptron experiment of Figure 5b,c: a standard perceptron and a stochastic
// perceptron with presynaptic consolidation learn a sequence of pattern-memorisation
// tasks; after every pass both are tested on every task.

// Model names as they appear in the tables.
const (
	ModelStandard = "standard" // perceptron with averaged updates
	ModelPresyn   = "presyn"   // stochastic perceptron with presynaptic consolidation
)

// Files the perceptron experiment writes into its output folder (besides
// results.ManifestFile and the figures fig5b and fig5c); every run's folder,
// runs/seed-<seed>, holds its own curves.csv.
const (
	CurvesFile  = "curves.csv"
	SummaryFile = runkit.SummaryFile
	TTestFile   = "ttest.json"
)

// Curve is curves.csv's row: a model's accuracy on a task's patterns
// after a pass (passes count across tasks, 1 ... tasks*passes).
type Curve struct {
	Model    string  `csv:"model"`
	Seed     uint64  `csv:"seed"`
	Task     int     `csv:"task"`
	Pass     int     `csv:"pass"`
	Accuracy float64 `csv:"accuracy"`
}

// MeanRow is summary.csv's row: a model's mean accuracy over all tasks
// after the last one.
type MeanRow struct {
	Model   string  `csv:"model"`
	Seed    uint64  `csv:"seed"`
	MeanAcc float64 `csv:"mean_acc"`
}

// Study is the resolved configuration of a perceptron experiment: the
// settings of one run and the seeds to run them with.
type Study struct {
	Seeds []uint64 `json:"seeds"` // one run per seed
	RunConfig
	Quick bool `json:"quick,omitempty"` // the smoke profile (--quick): see study.Smoke
}

// RunConfig is the configuration of one seed's run, recorded in its
// folder.
type RunConfig struct {
	Tasks    int `json:"tasks"`    // tasks learned one after the other
	Patterns int `json:"patterns"` // random patterns per task
	Inputs   int `json:"inputs"`   // inputs (and weights) of the perceptron
	Batch    int `json:"batch"`    // patterns per averaged update; a shorter last batch takes the rest
	Passes   int `json:"passes"`   // passes through each task's patterns, in a fixed order
	Samples  int `json:"samples"`  // sampled networks voting on each test pattern (stochastic model)

	Presyn baseline.PresynSettings `json:"presyn"`
}

// Default returns the paper's setting (Methods): seeds 1000-1009,
// 5 tasks of 100 patterns of 1000 inputs, batches of 5, 25 passes per task, 10
// sampled networks at test, g_lim 0.1, p step 0.2, p in [0.25, 0.9].
func Default() Study {
	seeds := make([]uint64, 10)
	for i := range seeds {
		seeds[i] = 1000 + uint64(i)
	}
	return Study{Seeds: seeds, RunConfig: RunConfig{
		Tasks: 5, Patterns: 100, Inputs: 1000, Batch: 5, Passes: 25, Samples: 10,
		Presyn: baseline.DefaultPresynSettings(),
	}}
}

// QuickSeeds are the smoke profile's seeds.
var QuickSeeds = []uint64{1000, 1001, 1002}

// Quick is the smoke profile: the paper's setting on seeds 1000-1002.
func Quick() Study {
	s := Default()
	s.Seeds, s.Quick = slices.Clone(QuickSeeds), true
	return s
}

// Validate names the first field that cannot work.
func (c Study) Validate() error {
	if len(c.Seeds) == 0 {
		return errors.New("perceptron: seeds: need at least one seed")
	}
	if err := study.Unique("seed", c.Seeds); err != nil {
		return fmt.Errorf("perceptron: seeds: %w", err)
	}
	for _, f := range []struct {
		name  string
		value int
	}{{"tasks", c.Tasks}, {"patterns", c.Patterns}, {"inputs", c.Inputs}, {"batch", c.Batch}, {"passes", c.Passes}, {"samples", c.Samples}} {
		if f.value <= 0 {
			return fmt.Errorf("perceptron: %s: must be positive, got %d", f.name, f.value)
		}
	}
	if c.Batch > c.Patterns {
		return fmt.Errorf("perceptron: batch: %d is more than the %d patterns per task", c.Batch, c.Patterns)
	}
	// Keep one seed's patterns (8 bytes per entry) within a few GB.
	if float64(c.Tasks)*float64(c.Patterns)*float64(c.Inputs) > 2e8 {
		return fmt.Errorf("perceptron: tasks x patterns x inputs = %d x %d x %d is too large (at most 2e8)", c.Tasks, c.Patterns, c.Inputs)
	}
	if err := c.Presyn.Validate(); err != nil {
		return fmt.Errorf("perceptron: presyn: %w", err)
	}
	return nil
}

// TotalPasses is the number of passes over the whole sequence, the length of every
// accuracy curve.
func (c RunConfig) TotalPasses() int { return c.Tasks * c.Passes }

// Run is the result of one seed: Accuracy[model][task][pass] is the
// accuracy of a model on a task's patterns after pass number pass+1 of the whole
// sequence (pass counts across tasks: task t is trained during passes
// t*Passes+1 ... (t+1)*Passes).
type Run struct {
	Seed     uint64
	Standard [][]float64 // [task][pass]
	Presyn   [][]float64 // [task][pass]
	Seconds  float64     // the run's wall time, as its folder records it
}

// curves returns the model's accuracy curves.
func (r Run) curves(model string) [][]float64 {
	if model == ModelPresyn {
		return r.Presyn
	}
	return r.Standard
}

// FinalAccuracies returns the model's accuracy on every task after the last pass.
func (r Run) FinalAccuracies(model string) []float64 {
	c := r.curves(model)
	final := make([]float64, len(c))
	for t, curve := range c {
		final[t] = curve[len(curve)-1]
	}
	return final
}

// MeanAccuracy is the headline number of a run: the mean over all tasks of the
// accuracy after the last pass.
func (r Run) MeanAccuracy(model string) float64 {
	return stats.Mean(r.FinalAccuracies(model))
}

// ModelSummary summarises one model over the seeds.
type ModelSummary struct {
	MeanAcc       float64   `json:"mean_acc"`        // mean over seeds of the final mean accuracy over tasks
	MeanAccSE     float64   `json:"mean_acc_se"`     // its standard error over seeds
	FirstTaskAcc  float64   `json:"first_task_acc"`  // mean over seeds of task 1's final accuracy
	FirstTaskSE   float64   `json:"first_task_se"`   // its standard error over seeds
	FinalTaskAccs []float64 `json:"final_task_accs"` // mean over seeds of each task's final accuracy
}

// Summary is the comparison the figure reports: independent two-sample
// Student t-tests over seeds, presyn against standard (t > 0 when presyn is higher).
type Summary struct {
	Test     string       `json:"test"`
	Seeds    int          `json:"seeds"`
	Standard ModelSummary `json:"standard"`
	Presyn   ModelSummary `json:"presyn"`
	// The t-tests are undefined with one seed (or with no spread), NaN here and
	// null in ttest.json: results.Stat, as encoding/json cannot write NaN.
	T         results.Stat `json:"t"`            // on the mean accuracy over tasks
	P         results.Stat `json:"p"`            // two-sided
	FirstT    results.Stat `json:"first_task_t"` // on task 1's final accuracy
	FirstP    results.Stat `json:"first_task_p"`
	Marker    string       `json:"marker"`       // "**" p < 0.01, "*" p < 0.05, else "n.s."
	WallTimeS float64      `json:"wall_seconds"` // summed over the seeds' runs
}

// Result is everything a perceptron experiment produced.
type Result struct {
	Config  Study
	Runs    []Run // in the order of Config.Seeds
	Summary Summary
}

// Random streams. Every stream of a run is a PCG source derived from the seed, a
// purpose and an index, so streams never share state and a run gives the same
// numbers whatever else runs beside it:
//
//   - patterns of task t (index t): entries, then labels (baseline.RandomPatterns);
//     both models learn the same tasks;
//   - training masks of the stochastic perceptron (index 0): per pattern and weight;
//   - test masks (index 0): 10 sampled networks per test pattern, after every pass.
//
// Keeping test masks apart means testing never changes what the model learns.
const (
	streamPatterns uint64 = iota + 1
	streamTrainMasks
	streamTestMasks
)

// perceptronTag keeps this experiment's streams apart from other experiments' streams
// with the same seed ("percept" in ASCII).
const perceptronTag uint64 = 0x70657263657074

// perceptronSource returns the stream for one purpose and index of a seed's run.
func perceptronSource(seed, purpose uint64, index int) *rand.PCG {
	return rngs.Indexed(seed, perceptronTag, purpose, index)
}

// Name implements study.Study.
func (Study) Name() string { return "perceptron" }

// Spec implements study.Study.
func (c Study) Spec() any { return c }

// Plan implements study.Study: one run per seed, runs/seed-<seed>.
func (c Study) Plan() ([]study.Run, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	runs := make([]study.Run, len(c.Seeds))
	for i, seed := range c.Seeds {
		runs[i] = study.Run{ID: fmt.Sprintf("seed-%d", seed), Seed: seed, Config: c.RunConfig}
	}
	return runs, nil
}

// Execute implements study.Study: both models on the seed's tasks; curves.csv.
func (c Study) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	run, err := runPerceptronSeed(ctx, c.RunConfig, r.Seed)
	if err != nil {
		return "", err
	}
	if err := results.WriteRows(filepath.Join(dir, CurvesFile), run.curveRows()); err != nil {
		return "", err
	}
	return fmt.Sprintf("mean accuracy standard %.3f, presyn %.3f", run.MeanAccuracy(ModelStandard), run.MeanAccuracy(ModelPresyn)), nil
}

// curveRows returns the run's curves as curves.csv rows: models, then tasks, then
// passes.
func (r Run) curveRows() []Curve {
	var rows []Curve
	for _, model := range []string{ModelStandard, ModelPresyn} {
		for t, curve := range r.curves(model) {
			for pass, acc := range curve {
				rows = append(rows, Curve{Model: model, Seed: r.Seed, Task: t + 1, Pass: pass + 1, Accuracy: acc})
			}
		}
	}
	return rows
}

// tTest says a t-test's result with t to digits decimals, or that it is
// undefined (one seed, or no spread between seeds).
func tTest(t, p results.Stat, digits int) string {
	if !t.Defined() || !p.Defined() {
		return "t-test undefined (one seed or no spread)"
	}
	return fmt.Sprintf("t = %.*f, p = %.*g", digits, float64(t), digits, float64(p))
}

// Markdown is the report section of the experiment: the headline numbers.
func (r *Result) Markdown() string {
	cfg, s := r.Config, r.Summary
	var b strings.Builder
	b.WriteString("## Lifelong learning in a perceptron (Figure 5b, c)\n\n")
	fmt.Fprintf(&b, "%s, %d tasks of %d patterns x %d inputs, batch %d, %d passes per task (mean ± SE over seeds; Student's t-test, presyn vs standard).\n\n",
		study.Count(len(r.Runs), "seed"), cfg.Tasks, cfg.Patterns, cfg.Inputs, cfg.Batch, cfg.Passes)
	b.WriteString(study.MarkdownTable([]string{"model", "mean accuracy over all tasks", "first task's final accuracy"}, [][]string{
		{ModelStandard, study.PM(s.Standard.MeanAcc, s.Standard.MeanAccSE, 4), study.PM(s.Standard.FirstTaskAcc, s.Standard.FirstTaskSE, 4)},
		{ModelPresyn, study.PM(s.Presyn.MeanAcc, s.Presyn.MeanAccSE, 4), study.PM(s.Presyn.FirstTaskAcc, s.Presyn.FirstTaskSE, 4)},
		{"t-test", tTest(s.T, s.P, 3) + " " + s.Marker, tTest(s.FirstT, s.FirstP, 3)},
	}))
	fmt.Fprintf(&b, "\nWall time of the runs %.1fs. Figures: fig5b (first task over the sequence), fig5c (mean accuracy).\n", s.WallTimeS)
	return b.String()
}

// Collect implements study.Study: the run's curves, checked against its config:
// both models, every task, every pass, in order and once each, accuracies in
// [0, 1]. A damaged curves.csv is an error naming it.
func (c Study) Collect(r study.Run, dir string) (Run, error) {
	path := filepath.Join(dir, CurvesFile)
	rows, err := results.ReadRows[Curve](path)
	if err != nil {
		return Run{}, err
	}
	run := Run{Seed: r.Seed, Standard: make([][]float64, c.Tasks), Presyn: make([][]float64, c.Tasks), Seconds: study.RunSeconds(dir)}
	check := results.NewCheck(path)
	models, passes := []string{ModelStandard, ModelPresyn}, c.TotalPasses()
	check.Rows(len(rows), len(models)*c.Tasks*passes, fmt.Sprintf("%d models x %d tasks x %d passes", len(models), c.Tasks, passes))
	for i, row := range rows[:min(len(rows), len(models)*c.Tasks*passes)] {
		model := models[i/(c.Tasks*passes)]
		if row.Model != model {
			check.RowFailf(i, "column \"model\" is %q, want %q", row.Model, model)
		}
		check.Int(i, "seed", int(row.Seed), int(r.Seed))
		check.Int(i, "task", row.Task, i/passes%c.Tasks+1)
		check.Int(i, "pass", row.Pass, i%passes+1)
		check.Fraction(i, "accuracy", row.Accuracy)
		if check.Err() != nil {
			return Run{}, check.Err()
		}
		curves := run.curves(model)
		curves[row.Task-1] = append(curves[row.Task-1], row.Accuracy)
	}
	return run, check.Err()
}

// result summarises the collected runs of c.
func (c Study) result(runs []Run) *Result {
	res := &Result{Config: c, Runs: runs, Summary: summarisePerceptron(runs)}
	for _, r := range runs {
		res.Summary.WallTimeS += r.Seconds
	}
	return res
}

// Render implements study.Study: curves.csv, summary.csv, ttest.json, the
// experiment's manifest (config.json, with every seed) and the figures fig5b and
// fig5c.
func (c Study) Render(dir string, runs []Run, missing []study.Run) (study.Report, error) {
	res := c.result(runs)
	var notes strings.Builder
	files, err := res.Write(dir, &notes)
	rep := study.Report{Files: files}
	if err != nil {
		return rep, err
	}
	rep.Markdown = res.Markdown() + runkit.FigureNotes(notes.String())
	return rep, nil
}

// runPerceptronSeed trains both models on the seed's task sequence and tests them on
// every task after every pass.
func runPerceptronSeed(ctx context.Context, cfg RunConfig, seed uint64) (Run, error) {
	tasksX := make([][]float64, cfg.Tasks)
	tasksY := make([][]float64, cfg.Tasks)
	for t := range cfg.Tasks {
		tasksX[t], tasksY[t] = baseline.RandomPatterns(cfg.Patterns, cfg.Inputs, perceptronSource(seed, streamPatterns, t))
	}
	trainMasks := perceptronSource(seed, streamTrainMasks, 0)
	testMasks := perceptronSource(seed, streamTestMasks, 0)

	standard := baseline.NewPerceptron(cfg.Inputs)
	presyn := baseline.NewStochasticPerceptron(cfg.Inputs, cfg.Presyn)
	run := Run{Seed: seed, Standard: make([][]float64, cfg.Tasks), Presyn: make([][]float64, cfg.Tasks)}
	for t := range cfg.Tasks {
		run.Standard[t] = make([]float64, 0, cfg.TotalPasses())
		run.Presyn[t] = make([]float64, 0, cfg.TotalPasses())
	}

	n := cfg.Inputs
	for t := range cfg.Tasks {
		xs, ys := tasksX[t], tasksY[t]
		for pass := range cfg.Passes {
			if err := ctx.Err(); err != nil {
				return run, fmt.Errorf("perceptron: seed %d, task %d, pass %d: %w", seed, t+1, pass+1, err)
			}
			for k := 0; k < cfg.Patterns; k += cfg.Batch {
				end := min(k+cfg.Batch, cfg.Patterns)
				bx, by := xs[k*n:end*n], ys[k:end]
				standard.Step(bx, by)
				presyn.Step(bx, by, trainMasks)
			}
			for e := range cfg.Tasks {
				run.Standard[e] = append(run.Standard[e], standard.Accuracy(tasksX[e], tasksY[e]))
				run.Presyn[e] = append(run.Presyn[e], presyn.Accuracy(tasksX[e], tasksY[e], cfg.Samples, testMasks))
			}
		}
	}
	for i, w := range presyn.W {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return run, fmt.Errorf("perceptron: seed %d: weight %d of the stochastic perceptron is %v", seed, i, w)
		}
	}
	return run, nil
}

// summarisePerceptron compares the two models over the seeds.
func summarisePerceptron(runs []Run) Summary {
	s := Summary{
		Test:  "Student's independent two-sample t-test (equal variances, two-sided) over seeds, presyn vs standard",
		Seeds: len(runs),
	}
	perModel := func(model string) (ModelSummary, []float64, []float64) {
		var ms ModelSummary
		means := make([]float64, len(runs))
		firsts := make([]float64, len(runs))
		var perTask [][]float64
		for i, r := range runs {
			final := r.FinalAccuracies(model)
			means[i] = stats.Mean(final)
			firsts[i] = final[0]
			if perTask == nil {
				perTask = make([][]float64, len(final))
			}
			for t, a := range final {
				perTask[t] = append(perTask[t], a)
			}
		}
		ms.MeanAcc, ms.MeanAccSE = stats.MeanSE(means)
		ms.FirstTaskAcc, ms.FirstTaskSE = stats.MeanSE(firsts)
		for _, accs := range perTask {
			ms.FinalTaskAccs = append(ms.FinalTaskAccs, stats.Mean(accs))
		}
		return ms, means, firsts
	}
	var stdMeans, preMeans, stdFirst, preFirst []float64
	s.Standard, stdMeans, stdFirst = perModel(ModelStandard)
	s.Presyn, preMeans, preFirst = perModel(ModelPresyn)
	t, p := stats.TTestInd(preMeans, stdMeans)
	s.T, s.P = results.Stat(t), results.Stat(p)
	s.Marker = plot.Stars(p) // of the mean accuracy, which fig5c's bracket marks
	t, p = stats.TTestInd(preFirst, stdFirst)
	s.FirstT, s.FirstP = results.Stat(t), results.Stat(p)
	if !s.P.Defined() {
		s.Marker = "n/a"
	}
	return s
}

// tables are the rows of curves.csv and summary.csv.
func (r *Result) tables() ([]Curve, []MeanRow) {
	var curves []Curve
	var means []MeanRow
	for _, model := range []string{ModelStandard, ModelPresyn} {
		for _, run := range r.Runs {
			for t, curve := range run.curves(model) {
				for pass, acc := range curve {
					curves = append(curves, Curve{Model: model, Seed: run.Seed, Task: t + 1, Pass: pass + 1, Accuracy: acc})
				}
			}
			means = append(means, MeanRow{Model: model, Seed: run.Seed, MeanAcc: run.MeanAccuracy(model)})
		}
	}
	return curves, means
}

// Write stores the experiment's manifest (config.json: the resolved config with
// every seed), the tables, the t-test and the figures in dir (which must exist)
// and returns the files written. Figure warnings (dropped points) go to warn.
func (r *Result) Write(dir string, warn io.Writer) ([]string, error) {
	var written []string
	manifest := results.NewManifest("perceptron", r.Config, r.Config.Seeds[0], "")
	if err := manifest.Write(dir); err != nil {
		return written, err
	}
	written = append(written, filepath.Join(dir, results.ManifestFile))
	curves, means := r.tables()
	out := runkit.Tables{Dir: dir}
	runkit.WriteTable(&out, CurvesFile, curves)
	runkit.WriteTable(&out, SummaryFile, means)
	written = append(written, out.Files...)
	if out.Err != nil {
		return written, out.Err
	}
	path := filepath.Join(dir, TTestFile)
	if err := results.WriteJSONAtomic(path, r.Summary); err != nil {
		return written, err
	}
	written = append(written, path)

	for _, fig := range []struct {
		id   string
		draw func(string, io.Writer) ([]string, error)
	}{{Fig5b, r.fig5b}, {Fig5c, r.fig5c}} {
		files, err := fig.draw(filepath.Join(dir, fig.id), warn)
		written = append(written, files...)
		if err != nil {
			return written, fmt.Errorf("perceptron: %s: %w", fig.id, err)
		}
	}
	return written, nil
}

// modelLabels are the legend entries of the two models.
var modelLabels = map[string]string{
	ModelStandard: "standard perceptron",
	ModelPresyn:   "presynaptic consolidation",
}

// fig5b draws the first task's accuracy over the whole sequence, mean and SE over
// seeds, with dotted lines where a new task starts.
func (r *Result) fig5b(base string, warn io.Writer) ([]string, error) {
	cfg := r.Config
	p := plot.New("First task while learning new ones",
		fmt.Sprintf("pass (%d per task, %d tasks)", cfg.Passes, cfg.Tasks), "accuracy on task 1")
	xs := make([]float64, cfg.TotalPasses())
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	lowest := 1.0
	for _, model := range []string{ModelStandard, ModelPresyn} {
		mean := make([]float64, len(xs))
		se := make([]float64, len(xs))
		column := make([]float64, len(r.Runs))
		for pass := range xs {
			for s, run := range r.Runs {
				column[s] = run.curves(model)[0][pass]
			}
			mean[pass], se[pass] = stats.MeanSE(column)
		}
		dropped, err := plot.Band{Name: modelLabels[model], X: xs, Mean: mean, SE: se, Color: plot.ColorOf(model)}.Add(p)
		if err != nil {
			return nil, err
		}
		plot.ReportDropped(warn, Fig5b, dropped)
		for i := range mean {
			if v := mean[i] - se[i]; !math.IsNaN(v) {
				lowest = math.Min(lowest, v)
			}
		}
	}
	// Ticks every 0.05 from below the lowest band to 1, and headroom above 1 so
	// that curves at full accuracy do not run along the frame.
	floor := math.Max(0, math.Floor(lowest*20)/20)
	var yticks []float64
	for v := floor; v <= 1+1e-9; v += 0.05 {
		yticks = append(yticks, math.Round(v*100)/100)
	}
	p.Y.Tick.Marker = plot.Ticks(yticks...)
	p.Y.Min, p.Y.Max = floor, 1+(1-floor)*0.05
	var boundaries []float64
	for t := 1; t < cfg.Tasks; t++ {
		boundaries = append(boundaries, float64(t*cfg.Passes)+0.5)
	}
	p.Add(plot.NewVLines(boundaries...))
	ticks := []float64{1}
	for t := 1; t <= cfg.Tasks; t++ {
		ticks = append(ticks, float64(t*cfg.Passes))
	}
	p.X.Tick.Marker = plot.Ticks(ticks...)
	p.X.Min, p.X.Max = 1, float64(len(xs))
	p.Legend.Top = false
	p.Legend.Left = true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(6), vg.Points(6)
	return plot.Save(p, plot.SingleColumn*1.3, 2.8*vg.Inch, base)
}

// fig5c draws the mean accuracy over tasks after the last one, bars with SE over
// seeds from chance level (0.5), with the t-test's marker.
func (r *Result) fig5c(base string, warn io.Writer) ([]string, error) {
	s := r.Summary
	p := plot.New("Mean accuracy over all tasks", tTest(s.T, s.P, 2), "mean accuracy")
	bars := plot.Bars{
		Groups: []string{modelLabels[ModelStandard], modelLabels[ModelPresyn]},
		Series: []plot.BarSeries{{
			Means:  []float64{s.Standard.MeanAcc, s.Presyn.MeanAcc},
			SEs:    []float64{s.Standard.MeanAccSE, s.Presyn.MeanAccSE},
			Colors: []color.Color{plot.ColorOf(ModelStandard), plot.ColorOf(ModelPresyn)},
		}},
		Width: 0.6,
		Base:  0,
	}
	dropped, err := bars.Add(p)
	if err != nil {
		return nil, err
	}
	plot.ReportDropped(warn, Fig5c, dropped...)
	top := math.Max(bars.Top(0, 0), bars.Top(0, 1))
	if math.IsNaN(top) {
		top = 1
	}
	if s.Marker != "" && s.Marker != "n/a" {
		if err := plot.Significance(p, bars.X(0, 0), bars.X(0, 1), top+0.03, 0.015, s.Marker); err != nil {
			return nil, err
		}
		p.X.Label.Text += "; " + plot.StarKey
		p.X.Label.TextStyle.Font.Size = vg.Points(9)
	}
	// From 0, so that the bars' heights compare; chance level (0.5) dashed.
	chance := plot.NewHRefLine(0.5)
	chance.Style.Color = color.Gray{Y: 0x80}
	p.Add(chance)
	if err := chanceLabel(p, (bars.X(0, 0)+bars.X(0, 1))/2, 0.5); err != nil { // between the bars
		return nil, err
	}
	p.Y.Min, p.Y.Max = 0, math.Max(top+0.13, 1.05)
	p.Y.Tick.Marker = plot.Ticks(0, 0.25, 0.5, 0.75, 1)
	return plot.Save(p, plot.SingleColumn, 2.8*vg.Inch, base)
}

// chanceLabel names the chance-level line at x, above it.
func chanceLabel(p *gplot.Plot, x, y float64) error {
	l, err := plot.Label(p, x, y, "chance", text.XCenter, text.YBottom, 8)
	if err != nil {
		return fmt.Errorf("perceptron: %w", err)
	}
	l.TextStyle[0].Color = color.Gray{Y: 0x60}
	l.Offset = vg.Point{Y: vg.Points(1)}
	return nil
}
