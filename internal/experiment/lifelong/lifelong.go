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
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Lifelong-learning methods.
const (
	MethodPresyn = "presyn" // presynaptic consolidation
	MethodNoCons = "nocons" // the plain network, no consolidation
	MethodJoint  = "joint"  // every task at once: the upper bound
)

// Benchmark is one of the paper's lifelong benchmarks.
type Benchmark struct {
	Name    string            // as --task takes it
	Title   string            // for figures and reports
	Configs map[string]string // method -> named config
	// Paper holds Appendix 1 table 1's mean accuracy over tasks (percent) and
	// SE per method, and the continuous benchmark's.
	Paper map[string][2]float64
}

// Benchmarks are the benchmarks in the order of Appendix 1 table 1, then
// continuous Permuted MNIST.
var Benchmarks = []Benchmark{
	{"split-mnist", "Split MNIST", lifelongConfigs("split-mnist"),
		map[string][2]float64{MethodPresyn: {82.90, 0.01}, MethodNoCons: {77.68, 0.31}, "bgd": {80.44, 0.45}, "ewc": {70.41, 4.20}, MethodJoint: {98.55, 0.10}}},
	{"split-fmnist", "Split Fashion-MNIST", lifelongConfigs("split-fmnist"),
		map[string][2]float64{MethodPresyn: {91.98, 0.12}, MethodNoCons: {88.76, 0.45}, "bgd": {89.54, 0.88}, "ewc": {76.89, 1.05}, MethodJoint: {97.67, 0.09}}},
	{"perm-mnist", "Permuted MNIST", lifelongConfigs("permuted-mnist"),
		map[string][2]float64{MethodPresyn: {86.14, 0.67}, MethodNoCons: {79.60, 0.43}, "bgd": {89.73, 0.52}, "ewc": {89.58, 0.53}, MethodJoint: {97.33, 0.08}}},
	{"perm-fmnist", "Permuted Fashion-MNIST", lifelongConfigs("permuted-fmnist"),
		map[string][2]float64{MethodPresyn: {75.92, 0.37}, MethodNoCons: {72.13, 0.75}, "bgd": {78.45, 0.15}, "ewc": {77.44, 0.41}, MethodJoint: {87.33, 0.07}}},
	{"perm-mnist-cont", "Continuous Permuted MNIST", map[string]string{MethodPresyn: "continuous-mnist-presyn"},
		map[string][2]float64{MethodPresyn: {85.39, 0.6}}},
}

// MethodOrder is the order methods are listed and plotted in.
var MethodOrder = []string{MethodPresyn, MethodNoCons, "bgd", "ewc", MethodJoint}

func lifelongConfigs(prefix string) map[string]string {
	m := map[string]string{}
	for _, method := range []string{MethodPresyn, MethodNoCons, "bgd", "ewc", MethodJoint} {
		m[method] = prefix + "-" + method
	}
	return m
}

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

// Methods returns the benchmark's methods in LifelongMethodOrder.
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
// identity, runs/<method>_seed-<seed>, measuring after every epoch the first and
// the current task and after every task every task seen (train.EvalLifelong). It
// is a study.Study; its exported fields are its spec.
type Study struct {
	Task      string   `json:"task"`    // a LifelongBenchmarks name
	Methods   []string `json:"methods"` // of the benchmark's
	Seeds     []uint64 `json:"seeds"`
	Overrides []string `json:"overrides,omitempty"`

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
	l.Seeds, l.Overrides = []uint64{2019}, QuickOverrides(task)
	return l
}

// QuickOverrides are the smoke profile's config overrides for a benchmark.
func QuickOverrides(task string) []string {
	if strings.HasPrefix(task, "perm-") {
		return []string{"epochs=1", "num_tasks=3"}
	}
	return []string{"epochs=1"}
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
	for _, m := range MethodOrder {
		if !slices.Contains(l.Methods, m) {
			continue
		}
		cfg, err := config.Load(b.Configs[m], l.Overrides)
		if err != nil {
			return nil, err
		}
		for _, seed := range l.Seeds {
			runs = append(runs, study.Run{ID: fmt.Sprintf("%s_seed-%d", m, seed), Seed: seed, Config: cfg, Point: m})
		}
	}
	return runs, nil
}

// Files of a lifelong run, besides train's config.json, metrics.csv and
// checkpoint.gob.
const (
	accuracyMatrixFile = "accuracy_matrix.csv"
	firstTaskFile      = "first_task.csv"
	timingFile         = "timing.csv"
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

// Execute implements study.Study: one training run and its lifelong tables.
func (l Study) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	cfg := r.Config.(config.Train)
	res, err := train.Run(ctx, train.Spec{Config: cfg, Seed: r.Seed, Data: l.Data, OutDir: dir, Eval: train.EvalLifelong})
	if err != nil {
		return "", err
	}
	matrix, first := lifelongTables(res.Epochs, cfg)
	for _, err := range []error{
		results.WriteRows(filepath.Join(dir, accuracyMatrixFile), matrix),
		results.WriteRows(filepath.Join(dir, firstTaskFile), first),
		results.WriteRows(filepath.Join(dir, timingFile), []TimingRow{{res.Seconds, res.EvalSeconds}}),
	} {
		if err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("mean accuracy %.4f", finalMean(matrix)), nil
}

// lifelongTables derives the accuracy matrix (the rows of each task's last epoch,
// all tasks at the end for joint training) and the first task's curve from the
// epochs of a run.
func lifelongTables(epochs []train.EpochMetrics, cfg config.Train) ([]MatrixRow, []FirstTaskRow) {
	var matrix []MatrixRow
	var first []FirstTaskRow
	for i, e := range epochs {
		first = append(first, FirstTaskRow{Epoch: i + 1, Accuracy: e.TaskAccuracies[0]})
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

// Collect implements study.Study.
func (Study) Collect(r study.Run, dir string) (Run, error) {
	run := Run{Method: r.Point.(string), Seed: r.Seed}
	var err error
	if run.Matrix, err = results.ReadRows[MatrixRow](filepath.Join(dir, accuracyMatrixFile)); err != nil {
		return run, err
	}
	if run.FirstTask, err = results.ReadRows[FirstTaskRow](filepath.Join(dir, firstTaskFile)); err != nil {
		return run, err
	}
	if run.Epochs, err = train.ReadMetrics(dir); err != nil {
		return run, err
	}
	timing, err := results.ReadRows[TimingRow](filepath.Join(dir, timingFile))
	if err != nil {
		return run, err
	}
	if len(timing) != 1 || len(run.Matrix) == 0 {
		return run, fmt.Errorf("%s or %s is empty", timingFile, accuracyMatrixFile)
	}
	run.Timing = timing[0]
	if _, err := os.Stat(filepath.Join(dir, train.TestModesFile)); err == nil {
		if run.TestModes, err = results.ReadRows[train.TestModeRow](filepath.Join(dir, train.TestModesFile)); err != nil {
			return run, err
		}
	}
	return run, nil
}

// SummaryRow is summary.csv's row.
type SummaryRow struct {
	Task    string  `csv:"task"`
	Method  string  `csv:"method"`
	Seed    uint64  `csv:"seed"`
	MeanAcc float64 `csv:"mean_acc"`
}

// Aggregate is aggregate.csv's row: a method over seeds, in percent,
// with the paper's value beside it.
type Aggregate struct {
	Task      string         `csv:"task"`
	Method    string         `csv:"method"`
	N         int            `csv:"n"`
	MeanAcc   stats.Estimate `csv:"mean_acc"` // percent
	PaperMean float64        `csv:"paper_mean,blank"`
	PaperSE   float64        `csv:"paper_se,blank"`
	Verdict   string         `csv:"verdict"`
}

// TTestRow is ttests.csv's row: presynaptic consolidation against a method.
type TTestRow struct {
	Method string  `csv:"method"`
	T      float64 `csv:"t"`
	P      float64 `csv:"p"`
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

// Matches says whether a reproduced mean (percent, with its SE) matches the
// paper's: within 3 combined standard errors, or within 1.5 points where the
// paper's SE is below 0.5 (../shared/PAPER_RESULTS.md).
func Matches(mean, se, paperMean, paperSE float64) bool {
	if paperSE < 0.5 && math.Abs(mean-paperMean) <= 1.5 {
		return true
	}
	return math.Abs(mean-paperMean) <= 3*math.Hypot(se, paperSE)
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
		a := Aggregate{Task: b.Name, Method: m, N: len(accs), MeanAcc: ms, PaperMean: math.NaN(), PaperSE: math.NaN(), Verdict: "no paper value"}
		if pv, ok := b.Paper[m]; ok {
			a.PaperMean, a.PaperSE = pv[0], pv[1]
			a.Verdict = "differs"
			if Matches(ms.Mean, ms.SE, pv[0], pv[1]) {
				a.Verdict = "matches"
			}
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
	out := runkit.Tables{Dir: dir}
	runkit.WriteTable(&out, "summary.csv", s.Rows)
	runkit.WriteTable(&out, "aggregate.csv", s.Aggregate)
	runkit.WriteTable(&out, "ttests.csv", s.TTests)
	runkit.WriteTable(&out, "final_tasks.csv", s.Final)
	if len(s.TestModes) > 0 {
		runkit.WriteTable(&out, "test_modes.csv", s.TestModes)
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
	b.WriteString("Mean test accuracy over all tasks after the last one (%, mean ± SE over seeds), the paper's Appendix 1 table 1 beside it; matching means within 3 combined SE, or 1.5 points where the paper's SE is below 0.5.\n\n")
	var rows [][]string
	for _, a := range s.Aggregate {
		paper := ""
		if !math.IsNaN(a.PaperMean) {
			paper = study.PM(a.PaperMean, a.PaperSE, 2)
		}
		rows = append(rows, []string{a.Method, fmt.Sprint(a.N), study.PM(a.MeanAcc.Mean, a.MeanAcc.SE, 2), paper, a.Verdict})
	}
	b.WriteString(study.MarkdownTable([]string{"method", "n", "measured", "paper", "verdict"}, rows))
	if len(s.TTests) > 0 {
		b.WriteString("\nStudent's t-tests, presynaptic consolidation against each method (two-sided, over seeds):\n\n")
		rows = nil
		for _, t := range s.TTests {
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
	if s.Seconds > 0 {
		fmt.Fprintf(&b, "\nRuns: %.0f s of wall time in all, %.0f%% of it measuring test sets.\n", s.Seconds, 100*s.Eval/s.Seconds)
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
	Verdict   string  `csv:"verdict"`
}

// Table gathers the benchmarks' aggregate.csv under dir into tab1.csv and
// tab1.md (Appendix 1 table 1, with continuous Permuted MNIST) and returns the
// Markdown.
func Table(dir string) (string, error) {
	var rows []Tab1Row
	var missing []string
	for _, b := range Benchmarks {
		aggs, err := results.ReadRows[Aggregate](filepath.Join(dir, b.Name, "aggregate.csv"))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				missing = append(missing, b.Name)
				continue
			}
			return "", err
		}
		for _, a := range aggs {
			rows = append(rows, Tab1Row{Task: b.Name, Method: a.Method, N: a.N, Mean: a.MeanAcc.Mean, SE: a.MeanAcc.SE,
				PaperMean: a.PaperMean, PaperSE: a.PaperSE, Verdict: a.Verdict})
		}
	}
	if len(rows) == 0 {
		return "", fmt.Errorf("lifelong table: no benchmark results under %s (run presyn lifelong --task ... first)", dir)
	}
	if err := results.WriteRows(filepath.Join(dir, "tab1.csv"), rows); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("## Appendix 1 table 1: mean accuracy over all tasks after the last (%, mean ± SE over seeds)\n\n")
	header := []string{"method"}
	var present []Benchmark
	for _, bm := range Benchmarks {
		if !slices.Contains(missing, bm.Name) {
			header = append(header, bm.Title+" (paper)")
			present = append(present, bm)
		}
	}
	// A cell over fewer (or more) seeds than the table's usual number says so:
	// its SE is not comparable, and with one seed there is none.
	usualN := mostCommonN(rows)
	var table [][]string
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
					if !math.IsNaN(r.PaperMean) {
						cell += fmt.Sprintf(" (%s): %s", study.PM(r.PaperMean, r.PaperSE, 2), r.Verdict)
					}
					any = true
				}
			}
			row = append(row, cell)
		}
		if any {
			table = append(table, row)
		}
	}
	b.WriteString(study.MarkdownTable(header, table))
	if len(missing) > 0 {
		fmt.Fprintf(&b, "\nNot run yet: %s.\n", strings.Join(missing, ", "))
	}
	md := b.String()
	return md, results.WriteFileAtomic(filepath.Join(dir, "tab1.md"), []byte(md))
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
