package lifelong

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Method is a way of learning the task sequence: a training method (package
// method) with its settings, one config per benchmark (<config prefix>-<name>).
type Method struct {
	Name  string // as --methods takes it, and in run IDs and tables
	Label string // for figures' legends
	About string // what it is, for help texts
}

// The methods every benchmark of Appendix 1 table 1 compares, in the order
// they are listed and plotted. A new method is one line here, its configs
// (configs/<prefix>-<name>.json for every benchmark) and, if it trains in a new
// way, its file in package method.
var Methods = []Method{
	{MethodPresyn, "presynaptic consolidation", "presynaptic consolidation: learning-rate modulation and freezing"},
	{MethodNoCons, "no consolidation", "the plain network with the published optimiser and learning rate"},
	{"bgd", "BGD", "Bayesian Gradient Descent, Zeno et al. 2018"},
	{"ewc", "EWC", "Elastic Weight Consolidation, Kirkpatrick et al. 2017"},
	{MethodJoint, "joint training", "every task at once, the upper bound"},
}

// paperMethods are the methods of Appendix 1 table 1, in its order: the
// columns' values given to tableCells.
var paperMethods = []string{MethodPresyn, MethodNoCons, "bgd", "ewc", MethodJoint}

// The methods the experiments name: the one the paper proposes, its plain
// baseline and the upper bound.
const (
	MethodPresyn = "presyn" // presynaptic consolidation
	MethodNoCons = "nocons" // the plain network, no consolidation
	MethodJoint  = "joint"  // every task at once: the upper bound
)

// MethodOrder is the names of Methods, in their order.
var MethodOrder = func() []string {
	var names []string
	for _, m := range Methods {
		names = append(names, m.Name)
	}
	return names
}()

// The benchmarks' names, as --task takes them and as their folders are named.
const (
	SplitMNIST    = "split-mnist"
	SplitFMNIST   = "split-fmnist"
	PermMNIST     = "perm-mnist"
	PermFMNIST    = "perm-fmnist"
	PermMNISTCont = "perm-mnist-cont"
)

// Benchmark is one of the paper's lifelong benchmarks.
type Benchmark struct {
	Name    string            // as --task takes it, and its folder (Folder)
	Title   string            // for figures and reports
	About   string            // what its tasks are, for help texts
	Configs map[string]string // method -> named config
	// Paper holds the paper's mean accuracy over tasks (percent) and its SE
	// per method: Appendix 1 table 1's cells, or the continuous benchmark's.
	Paper map[string]paper.Value
	// InTable says the benchmark is a column of Appendix 1 table 1.
	InTable bool
	// Quick is the smoke profile's config overrides.
	Quick []string
	// Figures are the ids its figures are saved under.
	Figures Figures
	// FirstTaskCurve measures the first task after every epoch, for a figure of
	// its accuracy while the later tasks are learnt (the paper's Figure 4b);
	// without it the first-task figure has a point per task, after its last
	// epoch, which is what the other benchmarks' measurements cost.
	FirstTaskCurve bool
}

// Measured is what a run of the benchmark's study measures (train.Evaluation):
// every task seen after each task's last epoch, and the first task after
// every epoch where FirstTaskCurve asks for it.
func (b Benchmark) Measured() train.Evaluation { return train.Evaluation{FirstTask: b.FirstTaskCurve} }

// Figures names a benchmark's figures: by the paper's ids where the paper shows
// them, else by what they show.
type Figures struct {
	First   string // the first task's accuracy while later tasks are learnt
	Mean    string // mean accuracy over tasks per method
	Final   string // every task's accuracy after the last, per method
	Release string // presyn's mean p and frozen fraction while learning
}

// DefaultFigures are the figure names of a benchmark the paper does not draw.
var DefaultFigures = Figures{First: "first-task", Mean: "mean-accuracy", Final: "final-tasks", Release: "release"}

// Benchmarks are the benchmarks in the order of Appendix 1 table 1, then
// continuous Permuted MNIST. A new benchmark is one entry here and its configs.
var Benchmarks = []Benchmark{
	{Name: SplitMNIST, Title: "Split MNIST", About: "5 tasks of two digits, one shared parity head", Configs: tableConfigs(SplitMNIST), InTable: true, Quick: []string{"epochs=1"},
		Figures: Figures{First: Fig4b, Mean: Fig4c, Final: App3a, Release: DefaultFigures.Release}, FirstTaskCurve: true,
		Paper: tableCells("Split MNIST", 82.90, 0.01, 77.68, 0.31, 80.44, 0.45, 70.41, 4.20, 98.55, 0.10)},
	{Name: SplitFMNIST, Title: "Split Fashion-MNIST", About: "5 tasks of two garments, one shared parity head", Configs: tableConfigs(SplitFMNIST), InTable: true, Quick: []string{"epochs=1"},
		Figures: DefaultFigures,
		Paper:   tableCells("Split Fashion", 91.98, 0.12, 88.76, 0.45, 89.54, 0.88, 76.89, 1.05, 97.67, 0.09)},
	{Name: PermMNIST, Title: "Permuted MNIST", About: "10 tasks, each its own pixel permutation, 10 outputs", Configs: tableConfigs(PermMNIST), InTable: true, Quick: []string{"epochs=1", "num_tasks=3"},
		Figures: Figures{First: DefaultFigures.First, Mean: DefaultFigures.Mean, Final: DefaultFigures.Final, Release: App3b},
		Paper:   tableCells("Perm. MNIST", 86.14, 0.67, 79.60, 0.43, 89.73, 0.52, 89.58, 0.53, 97.33, 0.08)},
	{Name: PermFMNIST, Title: "Permuted Fashion-MNIST", About: "the same on Fashion-MNIST", Configs: tableConfigs(PermFMNIST), InTable: true, Quick: []string{"epochs=1", "num_tasks=3"},
		Figures: DefaultFigures,
		Paper:   tableCells("Perm. Fashion", 75.92, 0.37, 72.13, 0.75, 78.45, 0.15, 77.44, 0.41, 87.33, 0.07)},
	{Name: PermMNISTCont, Title: "Continuous Permuted MNIST", About: "10 permuted tasks on the continuous schedule", Configs: tableConfigs(PermMNISTCont, MethodPresyn),
		Quick: []string{"epochs=1", "num_tasks=3"}, Figures: DefaultFigures,
		Paper: map[string]paper.Value{MethodPresyn: paper.Percent(85.39, 0.6, "cont: 85.39 +- 0.6")}},
}

// tableConfigs names a benchmark's configs, configs/<benchmark>-<method>.json,
// for the given methods, or every method of Methods if none is given.
func tableConfigs(benchmark string, methods ...string) map[string]string {
	if len(methods) == 0 {
		methods = MethodOrder
	}
	m := map[string]string{}
	for _, method := range methods {
		m[method] = benchmark + "-" + method
	}
	return m
}

// tableCells are a column of Appendix 1 table 1: mean and SE of each of
// paperMethods, in its order, for the column titled column. A method the paper
// did not run has no cell: its runs are shown, not judged.
func tableCells(column string, meanSE ...float64) map[string]paper.Value {
	if len(meanSE) != 2*len(paperMethods) {
		panic(fmt.Sprintf("lifelong: %s: %d numbers for %d methods", column, len(meanSE), len(paperMethods)))
	}
	cells := map[string]paper.Value{}
	for i, m := range paperMethods {
		cells[m] = paper.Percent(meanSE[2*i], meanSE[2*i+1], fmt.Sprintf("tab1: %s, %s", column, methodLabel(m)))
	}
	return cells
}

// Folder is where a benchmark's study is made in a results folder.
func Folder(task string) string { return TableFolder + "/" + task }

// TableFolder holds the benchmarks' folders, and Appendix 1 table 1 (Table).
const TableFolder = "lifelong"

// LookupBenchmark returns the named benchmark.
func LookupBenchmark(name string) (Benchmark, error) {
	var names []string
	for _, b := range Benchmarks {
		if b.Name == name {
			return b, nil
		}
		names = append(names, b.Name)
	}
	return Benchmark{}, fmt.Errorf("lifelong: unknown task %q (want %s)", name, strings.Join(names, ", "))
}

// Methods returns the benchmark's methods in MethodOrder.
func (b Benchmark) Methods() []string {
	var out []string
	for _, m := range MethodOrder {
		if _, ok := b.Configs[m]; ok {
			out = append(out, m)
		}
	}
	return out
}

// Study is a lifelong-learning benchmark (Figure 4, Appendix 1 figure 3 and
// table 1): each (method, seed) trains the benchmark's task sequence without task
// identity, runs/<method>_seed-<seed>, measuring every task seen after each
// task's last epoch and, where the benchmark's figure draws it, the first task
// after every epoch (Benchmark.Measured). It is a study.Study; its exported
// fields are its spec.
type Study struct {
	Task      string   `json:"task"`    // a Benchmarks name
	Methods   []string `json:"methods"` // of the benchmark's
	Seeds     []uint64 `json:"seeds"`
	Overrides []string `json:"overrides,omitempty"`
	Quick     bool     `json:"quick,omitempty"` // the smoke profile (--quick): see study.Smoke

	Data data.Loader `json:"-"`
}

// Default is every method of the benchmark with seeds 2019-2021.
func Default(task string) Study {
	l := Study{Task: task, Seeds: []uint64{2019, 2020, 2021}}
	if b, err := LookupBenchmark(task); err == nil {
		l.Methods = b.Methods()
	}
	return l
}

// Quick is the smoke profile of a benchmark: seed 2019, one epoch per
// task, and for the permuted benchmarks 3 tasks of their 10, so that every
// method and figure runs in a minute or two.
func Quick(task string) Study {
	l := Default(task)
	l.Seeds, l.Overrides, l.Quick = []uint64{2019}, QuickOverrides(task), true
	return l
}

// Config loads one of the benchmark's configs (name) with overrides shared by
// its methods (config.LoadShared). Overrides that change what the benchmark is,
// its data set, task kind or joint training, are refused: the runs would be
// judged against the paper's value for another benchmark. How it is trained
// (epochs, num_tasks, layers, a method's keys) may change, as the smoke profile
// changes epochs and num_tasks; num_tasks can only shrink, to a prefix of the
// benchmark's tasks.
func (b Benchmark) Config(name string, overrides []string) (config.Train, error) {
	cfg, err := config.LoadShared(name, overrides, nil)
	if err != nil {
		return config.Train{}, err
	}
	base, err := config.Load(name, nil)
	if err != nil {
		return config.Train{}, err
	}
	changed := func(key string) string {
		for _, kv := range overrides {
			if k, _, _ := strings.Cut(kv, "="); strings.TrimSpace(k) == key {
				return "--set " + kv
			}
		}
		return "the overrides"
	}
	for _, f := range []struct {
		key       string
		got, want any
	}{
		{"dataset", cfg.Dataset, base.Dataset},
		{"task", cfg.Task, base.Task},
		{"joint", cfg.Joint, base.Joint},
	} {
		if f.got != f.want {
			return config.Train{}, fmt.Errorf("%s makes %s %v, but %s is %v: its runs would be judged against %s's paper value; use another --task, or presyn sweep for a study of your own",
				changed(f.key), f.key, f.got, b.Name, f.want, b.Title)
		}
	}
	if cfg.NumTasks > base.NumTasks {
		return config.Train{}, fmt.Errorf("%s makes num_tasks %d, but %s has %d tasks; use presyn sweep for a study of your own",
			changed("num_tasks"), cfg.NumTasks, b.Name, base.NumTasks)
	}
	return cfg, nil
}

// QuickOverrides are the smoke profile's config overrides for a benchmark.
func QuickOverrides(task string) []string {
	b, _ := LookupBenchmark(task)
	return b.Quick
}

// Name implements study.Study.
func (Study) Name() string { return "lifelong" }

// Spec implements study.Study.
func (l Study) Spec() any { return l }

// Validate checks the spec; its errors are the user's to fix.
func (l Study) Validate() error {
	b, err := LookupBenchmark(l.Task)
	if err != nil {
		return err
	}
	if len(l.Methods) == 0 {
		return errors.New("lifelong: no methods given")
	}
	for _, m := range l.Methods {
		if _, ok := b.Configs[m]; !ok {
			return fmt.Errorf("lifelong: %s has no method %q (want %s)", l.Task, m, strings.Join(b.Methods(), ", "))
		}
	}
	if len(l.Seeds) == 0 {
		return errors.New("lifelong: no seeds given")
	}
	for _, err := range []error{study.Unique("method", l.Methods), study.Unique("seed", l.Seeds)} {
		if err != nil {
			return fmt.Errorf("lifelong: %w", err)
		}
	}
	return nil
}

// Plan implements study.Study: methods in order, then seeds.
func (l Study) Plan() ([]study.Run, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	b, _ := LookupBenchmark(l.Task)
	var runs []study.Run
	var methods []string
	for _, m := range MethodOrder {
		if !slices.Contains(l.Methods, m) {
			continue
		}
		cfg, err := b.Config(b.Configs[m], l.Overrides)
		if err != nil {
			return nil, fmt.Errorf("lifelong: %s: %w", m, err)
		}
		methods = append(methods, cfg.Method)
		for _, seed := range l.Seeds {
			runs = append(runs, study.Run{ID: fmt.Sprintf("%s_seed-%d", m, seed), Seed: seed, Config: cfg, Point: m})
		}
	}
	if err := config.SectionsUsed(l.Overrides, methods); err != nil {
		return nil, fmt.Errorf("lifelong: %w", err)
	}
	return runs, nil
}

// Files of a lifelong run, besides train's config.json, metrics.csv and
// checkpoint.gob.
const (
	AccuracyMatrixFile = "accuracy_matrix.csv"
	FirstTaskFile      = "first_task.csv"
	TimingFile         = "timing.csv"
)

// MatrixRow is accuracy_matrix.csv's row: after a task, the accuracy on a task's
// test set.
type MatrixRow struct {
	AfterTask int     `csv:"after_task"`
	Task      int     `csv:"task"`
	Accuracy  float64 `csv:"accuracy"`
}

// FirstTaskRow is first_task.csv's row: the first task's accuracy after an epoch,
// counted over the whole sequence from 1.
type FirstTaskRow struct {
	Epoch    int     `csv:"epoch"`
	Accuracy float64 `csv:"accuracy"`
}

// TimingRow is timing.csv's row: the run's wall time and the part spent
// measuring.
type TimingRow struct {
	Seconds     float64 `csv:"seconds"`
	EvalSeconds float64 `csv:"eval_seconds"`
}

// Execute implements study.Study: one training run and its lifelong tables,
// measured as the benchmark's figures need (Benchmark.Measured).
func (l Study) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	b, err := LookupBenchmark(l.Task)
	if err != nil {
		return "", err
	}
	return ExecuteRun(ctx, l.Data, r, dir, b.Measured())
}

// ExecuteRun trains run r of a lifelong study, measured as ev says, and writes
// its lifelong tables into dir: Study.Execute, for studies that read only the
// accuracy matrix (the ablation, tuning) and so measure less.
func ExecuteRun(ctx context.Context, source data.Loader, r study.Run, dir string, ev train.Evaluation) (string, error) {
	cfg := r.Config.(config.Train)
	res, err := train.Run(ctx, train.Spec{Config: cfg, Seed: r.Seed, Data: source, OutDir: dir, Eval: ev})
	if err != nil {
		return "", err
	}
	matrix, first := lifelongTables(res.Epochs, cfg)
	for _, err := range []error{
		results.WriteRows(filepath.Join(dir, AccuracyMatrixFile), matrix),
		results.WriteRows(filepath.Join(dir, FirstTaskFile), first),
		results.WriteRows(filepath.Join(dir, TimingFile), []TimingRow{{res.Seconds, res.EvalSeconds}}),
	} {
		if err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("mean accuracy %.4f", finalMean(matrix)), nil
}

// lifelongTables derives the accuracy matrix (the rows of each task's last epoch,
// all tasks at the end for joint training) and the first task's curve (the
// epochs it was measured after) from the epochs of a run.
func lifelongTables(epochs []train.EpochMetrics, cfg config.Train) ([]MatrixRow, []FirstTaskRow) {
	var matrix []MatrixRow
	var first []FirstTaskRow
	for i, e := range epochs {
		if !math.IsNaN(e.TaskAccuracies[0]) {
			first = append(first, FirstTaskRow{Epoch: i + 1, Accuracy: e.TaskAccuracies[0]})
		}
		if e.Epoch != cfg.Epochs {
			continue
		}
		after := e.Task
		if cfg.Joint {
			after = cfg.NumTasks
		}
		for t, acc := range e.TaskAccuracies {
			matrix = append(matrix, MatrixRow{AfterTask: after, Task: t + 1, Accuracy: acc})
		}
	}
	return matrix, first
}

// finalMean is the headline number: the mean accuracy over all tasks after the
// last one.
func finalMean(matrix []MatrixRow) float64 {
	last := 0
	for _, m := range matrix {
		last = max(last, m.AfterTask)
	}
	var sum float64
	var n int
	for _, m := range matrix {
		if m.AfterTask == last {
			sum, n = sum+m.Accuracy, n+1
		}
	}
	return sum / float64(n)
}

// Run is a finished run as collected.
type Run struct {
	Method    string
	Seed      uint64
	Matrix    []MatrixRow
	FirstTask []FirstTaskRow
	Epochs    []train.EpochMetrics
	Timing    TimingRow
	// TestModes are the final accuracies of every task in every test mode, for
	// a method with a weight distribution (BGD); nil for the others.
	TestModes []train.TestModeRow
}

// MeanAcc is the run's mean accuracy over all tasks after the last one.
func (r Run) MeanAcc() float64 { return finalMean(r.Matrix) }

// Collect implements study.Study: the run's files, each checked to be the whole
// of what Execute wrote for the run's config (see checkMatrix, checkFirstTask,
// train.ReadFinishedMetrics), so that a file cut short, a repeated row or an
// accuracy out of [0, 1] is an error naming the file, never a number.
func (l Study) Collect(r study.Run, dir string) (Run, error) {
	b, err := LookupBenchmark(l.Task)
	if err != nil {
		return Run{}, err
	}
	return CollectRun(r, dir, b.Measured())
}

// CollectRun reads run r of a lifelong study, measured as ev says, from dir:
// Study.Collect for the runs of ExecuteRun.
func CollectRun(r study.Run, dir string, ev train.Evaluation) (Run, error) {
	cfg := r.Config.(config.Train)
	run := Run{Method: r.Point.(string), Seed: r.Seed}
	var err error
	if run.Epochs, err = train.ReadFinishedMetrics(dir, cfg, ev); err != nil {
		return run, err
	}
	path := filepath.Join(dir, AccuracyMatrixFile)
	if run.Matrix, err = results.ReadRows[MatrixRow](path); err != nil {
		return run, err
	}
	if err := checkMatrix(results.NewCheck(path), run.Matrix, cfg); err != nil {
		return run, err
	}
	path = filepath.Join(dir, FirstTaskFile)
	if run.FirstTask, err = results.ReadRows[FirstTaskRow](path); err != nil {
		return run, err
	}
	if err := checkFirstTaskFile(results.NewCheck(path), run.FirstTask, run.Epochs, ev.FirstTask); err != nil {
		return run, err
	}
	path = filepath.Join(dir, TimingFile)
	timing, err := results.ReadRows[TimingRow](path)
	if err != nil {
		return run, err
	}
	c := results.NewCheck(path)
	c.Rows(len(timing), 1, "one run")
	for i, t := range timing {
		c.NonNegative(i, "seconds", t.Seconds)
		c.NonNegative(i, "eval_seconds", t.EvalSeconds)
	}
	if err := c.Err(); err != nil {
		return run, err
	}
	run.Timing = timing[0]
	// Only a method whose networks are sampled at test (BGD) writes test modes;
	// for it the file is required, for the others there is none to read.
	if method.SampledAtTest(cfg.Settings) {
		path = filepath.Join(dir, train.TestModesFile)
		if run.TestModes, err = results.ReadRows[train.TestModeRow](path); err != nil {
			return run, err
		}
		if err := checkTestModes(results.NewCheck(path), run.TestModes, cfg.NumTasks); err != nil {
			return run, err
		}
	}
	return run, nil
}

// checkMatrix checks an accuracy matrix of a run of cfg: after each task every
// task seen so far (after the joint run's one task, every task), in order, once
// each, with accuracies in [0, 1].
func checkMatrix(c *results.Check, rows []MatrixRow, cfg config.Train) error {
	var want []MatrixRow
	for after := 1; after <= cfg.NumTasks; after++ {
		if cfg.Joint && after < cfg.NumTasks {
			continue
		}
		for task := 1; task <= after; task++ {
			want = append(want, MatrixRow{AfterTask: after, Task: task})
		}
	}
	why := fmt.Sprintf("the tasks seen after each of %d tasks", cfg.NumTasks)
	if cfg.Joint {
		why = fmt.Sprintf("%d tasks after joint training", cfg.NumTasks)
	}
	c.Rows(len(rows), len(want), why)
	for i, r := range rows[:min(len(rows), len(want))] {
		c.Int(i, "after_task", r.AfterTask, want[i].AfterTask)
		c.Int(i, "task", r.Task, want[i].Task)
		c.Fraction(i, "accuracy", r.Accuracy)
	}
	return c.Err()
}

// checkFirstTaskFile checks the first task's curve against the run's
// metrics.csv: an accuracy in [0, 1] for every epoch (counted from 1) whose row
// measured the first task, in order, and for every epoch if everyEpoch.
func checkFirstTaskFile(c *results.Check, rows []FirstTaskRow, epochs []train.EpochMetrics, everyEpoch bool) error {
	var want []FirstTaskRow
	for i, e := range epochs {
		if len(e.TaskAccuracies) > 0 && (everyEpoch || !math.IsNaN(e.TaskAccuracies[0])) {
			want = append(want, FirstTaskRow{Epoch: i + 1, Accuracy: e.TaskAccuracies[0]})
		}
	}
	c.Rows(len(rows), len(want), "one per epoch of metrics.csv that measured task 1")
	for i, r := range rows[:min(len(rows), len(want))] {
		c.Int(i, "epoch", r.Epoch, want[i].Epoch)
		c.Fraction(i, "accuracy", r.Accuracy)
	}
	return c.Err()
}

// checkTestModes checks test_modes.csv: every task in every mode of
// method.TestModes, in order, accuracies in [0, 1].
func checkTestModes(c *results.Check, rows []train.TestModeRow, tasks int) error {
	modes := method.TestModes
	c.Rows(len(rows), tasks*len(modes), fmt.Sprintf("%d tasks x %d test modes", tasks, len(modes)))
	for i, r := range rows[:min(len(rows), tasks*len(modes))] {
		c.Int(i, "task", r.Task, i/len(modes)+1)
		if r.Mode != modes[i%len(modes)] {
			c.RowFailf(i, "column \"mode\" is %q, want %q", r.Mode, modes[i%len(modes)])
		}
		c.Fraction(i, "accuracy", r.Accuracy)
	}
	return c.Err()
}

// SummaryRow is summary.csv's row.
type SummaryRow struct {
	Task    string  `csv:"task"`
	Method  string  `csv:"method"`
	Seed    uint64  `csv:"seed"`
	MeanAcc float64 `csv:"mean_acc"`
}

// Aggregate is aggregate.csv's row: a method over seeds, in percent,
// with the paper's value beside it and, where the authors' code was run on
// it, the published code's (paper.PublishedCode: mean and SE over its runs).
// The verdict is the cell's (paper.JudgeCell): matches (the paper), matches
// the published code only, or differs (from both).
type Aggregate struct {
	Task          string         `csv:"task"`
	Method        string         `csv:"method"`
	N             int            `csv:"n"`
	MeanAcc       stats.Estimate `csv:"mean_acc"` // percent
	PaperMean     float64        `csv:"paper_mean,blank"`
	PaperSE       float64        `csv:"paper_se,blank"`
	PublishedMean float64        `csv:"published_code_mean,blank"`
	PublishedSE   float64        `csv:"published_code_se,blank"`
	PublishedN    int            `csv:"published_code_n"` // its runs; 0 where there are none
	Verdict       string         `csv:"verdict"`
}

// publishedCell writes the published code's value of a cell, "" without one.
func publishedCell(mean, se float64, n int) string {
	switch {
	case n == 0:
		return ""
	case n == 1:
		return fmt.Sprintf("%.2f [n 1]", mean)
	}
	return study.PM(mean, se, 2)
}

// TTestRow is ttests.csv's row: presynaptic consolidation against a method. A
// t-test of one seed (or of no spread) is undefined: NaN, an empty cell.
type TTestRow struct {
	Method string  `csv:"method"`
	T      float64 `csv:"t,blank"`
	P      float64 `csv:"p,blank"`
}

// FinalTaskRow is final_tasks.csv's row (app3a): a method's accuracy on one task
// after the last, over seeds.
type FinalTaskRow struct {
	Method   string         `csv:"method"`
	Task     int            `csv:"task"`
	N        int            `csv:"n"`
	Accuracy stats.Estimate `csv:"accuracy"`
}

// TestModeAggregate is test_modes.csv's row: a method's mean accuracy over tasks
// after the last in one test mode, in percent, over seeds.
type TestModeAggregate struct {
	Method  string         `csv:"method"`
	Mode    string         `csv:"mode"`
	N       int            `csv:"n"`
	MeanAcc stats.Estimate `csv:"mean_acc"`
}

// Summary is what the benchmark's tables hold.
type Summary struct {
	Benchmark Benchmark
	Rows      []SummaryRow
	Aggregate []Aggregate
	TTests    []TTestRow
	Final     []FinalTaskRow
	TestModes []TestModeAggregate
	Seconds   float64 // summed wall time of the runs
	Eval      float64 // the part spent measuring
}

// notJudged marks the verdicts of a smoke run's (Study.Quick) cells as not
// judged: their numbers stand.
func (s Summary) notJudged() {
	for i, a := range s.Aggregate {
		if !math.IsNaN(a.PaperMean) {
			s.Aggregate[i].Verdict = string(paper.NotJudged)
		}
	}
}

// Summarise turns collected runs into the benchmark's tables.
func Summarise(b Benchmark, runs []Run) Summary {
	s := Summary{Benchmark: b}
	byMethod := map[string][]float64{}
	for _, r := range runs {
		acc := r.MeanAcc()
		s.Rows = append(s.Rows, SummaryRow{Task: b.Name, Method: r.Method, Seed: r.Seed, MeanAcc: acc})
		byMethod[r.Method] = append(byMethod[r.Method], acc)
		s.Seconds += r.Timing.Seconds
		s.Eval += r.Timing.EvalSeconds
	}
	for _, m := range MethodOrder {
		accs, ok := byMethod[m]
		if !ok {
			continue
		}
		ms := stats.EstimateOf(accs).Scaled(100)
		a := Aggregate{Task: b.Name, Method: m, N: len(accs), MeanAcc: ms, PaperMean: math.NaN(), PaperSE: math.NaN(),
			PublishedMean: math.NaN(), PublishedSE: math.NaN(), Verdict: "no paper value"}
		var pub *paper.Published
		if p, ok := paper.PublishedCode(a.Task, a.Method); ok {
			a.PublishedMean, a.PublishedSE, a.PublishedN = p.Mean, p.SE, p.N
			pub = &p
		}
		if pv, ok := b.Paper[m]; ok {
			a.PaperMean, a.PaperSE = pv.Mean, pv.SE
			a.Verdict = string(paper.JudgeCell(ms, pv, pub))
		}
		s.Aggregate = append(s.Aggregate, a)
		if m != MethodPresyn && len(byMethod[MethodPresyn]) > 0 {
			t, p := stats.TTestInd(byMethod[MethodPresyn], accs)
			s.TTests = append(s.TTests, TTestRow{Method: m, T: t, P: p})
		}
		// Final accuracy per task.
		perTask := map[int][]float64{}
		var tasks []int
		for _, r := range runs {
			if r.Method != m {
				continue
			}
			last := 0
			for _, row := range r.Matrix {
				last = max(last, row.AfterTask)
			}
			for _, row := range r.Matrix {
				if row.AfterTask == last {
					if _, ok := perTask[row.Task]; !ok {
						tasks = append(tasks, row.Task)
					}
					perTask[row.Task] = append(perTask[row.Task], row.Accuracy)
				}
			}
		}
		slices.Sort(tasks)
		for _, t := range tasks {
			s.Final = append(s.Final, FinalTaskRow{Method: m, Task: t, N: len(perTask[t]), Accuracy: stats.EstimateOf(perTask[t])})
		}
		s.TestModes = append(s.TestModes, testModeAggregates(m, runs)...)
	}
	return s
}

// testModeAggregates averages method m's runs' test modes: per run the mean over
// tasks, then mean and SE over runs.
func testModeAggregates(m string, runs []Run) []TestModeAggregate {
	perMode := map[string][]float64{}
	for _, r := range runs {
		if r.Method != m || len(r.TestModes) == 0 {
			continue
		}
		sum, n := map[string]float64{}, map[string]int{}
		for _, row := range r.TestModes {
			sum[row.Mode] += row.Accuracy
			n[row.Mode]++
		}
		for mode := range sum {
			perMode[mode] = append(perMode[mode], sum[mode]/float64(n[mode]))
		}
	}
	var out []TestModeAggregate
	for _, mode := range method.TestModes {
		if accs, ok := perMode[mode]; ok {
			out = append(out, TestModeAggregate{Method: m, Mode: mode, N: len(accs), MeanAcc: stats.EstimateOf(accs).Scaled(100)})
		}
	}
	return out
}

// Render implements study.Study: summary.csv, aggregate.csv, ttests.csv,
// final_tasks.csv, the figures and the report section.
func (l Study) Render(dir string, runs []Run, missing []study.Run) (study.Report, error) {
	b, err := LookupBenchmark(l.Task)
	if err != nil {
		return study.Report{}, err
	}
	s := Summarise(b, runs)
	if l.Quick {
		s.notJudged()
	}
	out := runkit.Tables{Dir: dir}
	runkit.WriteTable(&out, SummaryFile, s.Rows)
	runkit.WriteTable(&out, AggregateFile, s.Aggregate)
	runkit.WriteTable(&out, TTestsFile, s.TTests)
	runkit.WriteTable(&out, FinalTasksFile, s.Final)
	if len(s.TestModes) > 0 {
		runkit.WriteTable(&out, TestModesFile, s.TestModes)
	}
	rep := study.Report{Files: out.Files}
	if out.Err != nil {
		return rep, out.Err
	}
	var notes strings.Builder
	figs, err := lifelongFigures(dir, s, runs, &notes)
	rep.Files = append(rep.Files, figs...)
	if err != nil {
		return rep, err
	}
	rep.Markdown = s.Markdown() + runkit.FigureNotes(notes.String())
	return rep, nil
}

// Markdown is the benchmark's report section.
func (s Summary) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Lifelong learning: %s\n\n", s.Benchmark.Title)
	b.WriteString("Mean test accuracy over all tasks after the last one (%, mean ± SE over seeds), the paper's Appendix 1 table 1 beside it, and what the authors' published code gives where it was run (presynaptic consolidation and no consolidation: their code; BGD on Permuted MNIST: the BGD fork's one log on our network; internal/paper/published names the runs). Matching means within 3 combined SE, or 1.5 points where the reference's SE is below 0.5; a cell that misses the paper but meets the published code \"matches the published code only\": the paper's number is not reached by its authors' code either.\n\n")
	var rows [][]string
	for _, a := range s.Aggregate {
		paper := ""
		if !math.IsNaN(a.PaperMean) {
			paper = study.PM(a.PaperMean, a.PaperSE, 2)
		}
		rows = append(rows, []string{a.Method, fmt.Sprint(a.N), study.PM(a.MeanAcc.Mean, a.MeanAcc.SE, 2), paper,
			publishedCell(a.PublishedMean, a.PublishedSE, a.PublishedN), a.Verdict})
	}
	b.WriteString(study.MarkdownTable([]string{"method", "n", "measured", "paper", "published code", "verdict"}, rows))
	if len(s.TTests) > 0 {
		b.WriteString("\nStudent's t-tests, presynaptic consolidation against each method (two-sided, over seeds):\n\n")
		rows = nil
		for _, t := range s.TTests {
			if !stats.Finite(t.T) || !stats.Finite(t.P) {
				rows = append(rows, []string{t.Method, "undefined (one seed or no spread)", ""})
				continue
			}
			rows = append(rows, []string{t.Method, fmt.Sprintf("%.2f", t.T), fmt.Sprintf("%.3g", t.P)})
		}
		b.WriteString(study.MarkdownTable([]string{"against", "t", "p"}, rows))
	}
	if len(s.TestModes) > 0 {
		b.WriteString("\nMethods with a weight distribution at test: mean accuracy over all tasks after the last (%) of the mean network (map), of the softmax averaged over k_test sampled networks (mean-softmax), of the sampled networks' accuracies averaged (mean-acc) and of their majority vote (vote); the table above reports the config's test_mode.\n\n")
		rows = nil
		for _, a := range s.TestModes {
			rows = append(rows, []string{a.Method, a.Mode, fmt.Sprint(a.N), study.PM(a.MeanAcc.Mean, a.MeanAcc.SE, 2)})
		}
		b.WriteString(study.MarkdownTable([]string{"method", "test mode", "n", "accuracy"}, rows))
	}
	if s.Seconds > 0 { // the runs' total is the study's Compute line (study.render)
		fmt.Fprintf(&b, "\nMeasuring test sets took %.0f%% of the runs' wall time.\n", 100*s.Eval/s.Seconds)
	}
	return b.String()
}

// Tab1Row is tab1.csv's row.
type Tab1Row struct {
	Task      string  `csv:"task"`
	Method    string  `csv:"method"`
	N         int     `csv:"n"`
	Mean      float64 `csv:"mean"`
	SE        float64 `csv:"se"`
	PaperMean float64 `csv:"paper_mean,blank"`
	PaperSE   float64 `csv:"paper_se,blank"`
	// The published code's value (Aggregate's), where it was run.
	PublishedMean float64 `csv:"published_code_mean,blank"`
	PublishedSE   float64 `csv:"published_code_se,blank"`
	PublishedN    int     `csv:"published_code_n"`
	Verdict       string  `csv:"verdict"`
}

// Table makes Appendix 1 table 1 (with continuous Permuted MNIST) from the
// finished runs of the benchmarks' studies under dir (dir/<benchmark>), writes
// it as dir/tab1.csv and dir/tab1.md and returns the Markdown.
func Table(dir string) (string, error) {
	dirs := map[string]string{}
	for _, b := range Benchmarks {
		if info, err := os.Stat(filepath.Join(dir, b.Name)); err == nil && info.IsDir() {
			dirs[b.Name] = filepath.Join(dir, b.Name)
		}
	}
	rows, md, err := table(dirs)
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "", fmt.Errorf("lifelong table: no benchmark results under %s (run presyn lifelong --task ... first)", dir)
	}
	if err := results.WriteRows(filepath.Join(dir, Tab1File), rows); err != nil {
		return "", err
	}
	return md, results.WriteFileAtomic(filepath.Join(dir, Tab1MarkdownFile), []byte(md))
}

// table makes the rows and the Markdown of Appendix 1 table 1 from the studies
// in dirs (benchmark -> folder; a benchmark without a folder is not run).
func table(dirs map[string]string) ([]Tab1Row, string, error) {
	var rows []Tab1Row
	var missing []string
	for _, b := range Benchmarks {
		dir, ok := dirs[b.Name]
		if !ok {
			missing = append(missing, b.Name)
			continue
		}
		c, err := load(dir)
		if err != nil {
			return nil, "", err
		}
		for _, a := range c.summary.Aggregate {
			rows = append(rows, Tab1Row{Task: b.Name, Method: a.Method, N: a.N, Mean: a.MeanAcc.Mean, SE: a.MeanAcc.SE,
				PaperMean: a.PaperMean, PaperSE: a.PaperSE, PublishedMean: a.PublishedMean, PublishedSE: a.PublishedSE, PublishedN: a.PublishedN, Verdict: a.Verdict})
		}
	}
	if len(rows) == 0 {
		return nil, "", nil
	}
	var b strings.Builder
	b.WriteString("## Appendix 1 table 1: mean accuracy over all tasks after the last (%, mean ± SE over seeds)\n\n")
	b.WriteString("Each cell: measured (paper; code: what the authors' published code gives, where it was run): the verdict, against the paper and then the published code.\n\n")
	header := []string{"method"}
	var present []Benchmark
	for _, bm := range Benchmarks {
		if !slices.Contains(missing, bm.Name) {
			header = append(header, bm.Title+" (paper; code)")
			present = append(present, bm)
		}
	}
	// A cell over fewer (or more) seeds than the table's usual number says so:
	// its SE is not comparable, and with one seed there is none.
	usualN := mostCommonN(rows)
	smoke := false
	var cells [][]string
	for _, m := range MethodOrder {
		row := []string{m}
		any := false
		for _, bm := range present {
			cell := ""
			for _, r := range rows {
				if r.Task == bm.Name && r.Method == m {
					cell = study.PM(r.Mean, r.SE, 2)
					if r.N < 2 {
						cell = strconv.FormatFloat(r.Mean, 'f', 2, 64)
					}
					if r.N != usualN {
						cell += fmt.Sprintf(" [n %d]", r.N)
					}
					var refs []string // the paper's value, then the published code's
					if !math.IsNaN(r.PaperMean) {
						refs = append(refs, study.PM(r.PaperMean, r.PaperSE, 2))
					}
					if code := publishedCell(r.PublishedMean, r.PublishedSE, r.PublishedN); code != "" {
						refs = append(refs, "code "+code)
					}
					if len(refs) > 0 {
						cell += " (" + strings.Join(refs, "; ") + ")"
					}
					switch {
					case math.IsNaN(r.PaperMean):
					case r.Verdict == string(paper.NotJudged):
						smoke = true
					default:
						cell += ": " + r.Verdict
					}
					any = true
				}
			}
			row = append(row, cell)
		}
		if any {
			cells = append(cells, row)
		}
	}
	b.WriteString(study.MarkdownTable(header, cells))
	if smoke {
		b.WriteString("\nSmoke run (--quick): the cells without a verdict come from one seed and shortened training; they are shown, not judged against the paper's.\n")
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "\nNot run yet: %s.\n", strings.Join(missing, ", "))
	}
	return rows, b.String(), nil
}

// mostCommonN returns the number of seeds most cells of the table have (the
// larger on a tie).
func mostCommonN(rows []Tab1Row) int {
	count := map[int]int{}
	best := 0
	for _, r := range rows {
		count[r.N]++
		if c := count[r.N]; c > count[best] || (c == count[best] && r.N > best) {
			best = r.N
		}
	}
	return best
}
