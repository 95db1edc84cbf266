package perceptron

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
)

// Regenerate testdata/perceptron_smoke_summary.csv with
// go test ./internal/experiment/perceptron -run TestPerceptronSmokeGolden -update-perceptron
var updatePerceptronGolden = flag.Bool("update-perceptron", false, "rewrite the perceptron smoke golden file")

// smokePerceptronConfig is small enough for a test but exercises every part: several
// tasks and seeds, a partial last batch, freezing.
func smokePerceptronConfig() Study {
	cfg := Default()
	cfg.Seeds = []uint64{1, 2, 3}
	cfg.Tasks, cfg.Patterns, cfg.Inputs, cfg.Batch, cfg.Passes = 3, 22, 100, 5, 10
	return cfg
}

// runPerceptron executes the experiment in a fresh folder and returns what its
// runs hold, read back from their folders, and the folder.
func runPerceptron(ctx context.Context, t *testing.T, cfg Study, workers int, progress io.Writer) (*Result, string, error) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "perceptron")
	if _, err := study.Execute(ctx, cfg, study.Options{Dir: dir, Workers: workers, Progress: progress}); err != nil {
		return nil, dir, err
	}
	runs, missing, err := study.Collect(cfg, dir)
	if err != nil || len(missing) > 0 {
		t.Fatalf("collect: %v, missing %v", err, missing)
	}
	for i := range runs {
		runs[i].Seconds = 0 // the only thing that differs between executions
	}
	return &Result{Config: cfg, Runs: runs, Summary: summarisePerceptron(runs)}, dir, nil
}

func TestPerceptronResultsDoNotDependOnWorkers(t *testing.T) {
	cfg := smokePerceptronConfig()
	var first *Result
	for _, workers := range []int{1, 2, 3} {
		res, _, err := runPerceptron(context.Background(), t, cfg, workers, nil)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res
			continue
		}
		if !reflect.DeepEqual(res.Runs, first.Runs) {
			t.Errorf("%d workers give different runs than 1 worker", workers)
		}
	}
	for i, run := range first.Runs {
		if run.Seed != cfg.Seeds[i] {
			t.Errorf("run %d has seed %d, want %d (seed order)", i, run.Seed, cfg.Seeds[i])
		}
		for _, c := range [][][]float64{run.Standard, run.Presyn} {
			if len(c) != cfg.Tasks {
				t.Fatalf("%d curves, want %d", len(c), cfg.Tasks)
			}
			for _, curve := range c {
				if len(curve) != cfg.TotalPasses() {
					t.Fatalf("curve of %d passes, want %d", len(curve), cfg.TotalPasses())
				}
				for _, a := range curve {
					if a < 0 || a > 1 {
						t.Fatalf("accuracy %v outside [0, 1]", a)
					}
				}
			}
		}
	}
}

func TestPerceptronSeedsGiveDifferentRuns(t *testing.T) {
	cfg := smokePerceptronConfig()
	res, _, err := runPerceptron(context.Background(), t, cfg, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(res.Runs[0].Presyn, res.Runs[1].Presyn) {
		t.Error("seeds 1 and 2 gave identical curves")
	}
}

// Each model learns the task it is trained on: after the first task's passes, its
// accuracy on task 1 is far above chance (22 patterns, 100 inputs, far below capacity).
func TestPerceptronLearnsCurrentTask(t *testing.T) {
	cfg := smokePerceptronConfig()
	res, _, err := runPerceptron(context.Background(), t, cfg, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range res.Runs {
		for task := range cfg.Tasks {
			end := (task+1)*cfg.Passes - 1
			if a := run.Standard[task][end]; a != 1 {
				t.Errorf("seed %d: standard accuracy on task %d after learning it is %v", run.Seed, task+1, a)
			}
			if a := run.Presyn[task][end]; a < 0.9 {
				t.Errorf("seed %d: presyn accuracy on task %d after learning it is %v", run.Seed, task+1, a)
			}
		}
	}
}

func TestPerceptronProgressLinePerSeed(t *testing.T) {
	var progress bytes.Buffer
	if _, _, err := runPerceptron(context.Background(), t, smokePerceptronConfig(), 1, &progress); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], "[3/3]") || !strings.Contains(lines[2], "ETA") {
		t.Errorf("progress:\n%s", progress.String())
	}
}

func TestPerceptronCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := runPerceptron(ctx, t, smokePerceptronConfig(), 0, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestPerceptronConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		mod     func(*Study)
		wantErr string
	}{
		{"default", func(*Study) {}, ""},
		{"batch equals patterns", func(c *Study) { c.Batch = c.Patterns }, ""},
		{"no seeds", func(c *Study) { c.Seeds = nil }, "seeds"},
		{"duplicate seed", func(c *Study) { c.Seeds = []uint64{1, 2, 1} }, "seed 1 given twice"},
		{"zero tasks", func(c *Study) { c.Tasks = 0 }, "tasks"},
		{"negative inputs", func(c *Study) { c.Inputs = -3 }, "inputs"},
		{"zero samples", func(c *Study) { c.Samples = 0 }, "samples"},
		{"batch above patterns", func(c *Study) { c.Batch = c.Patterns + 1 }, "batch"},
		{"too large", func(c *Study) { c.Patterns, c.Inputs = 100000, 100000 }, "too large"},
		{"bad presyn", func(c *Study) { c.Presyn.PMin = 2 }, "presyn"},
	}
	for _, tt := range tests {
		cfg := Default()
		tt.mod(&cfg)
		err := cfg.Validate()
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want one naming %q", tt.name, err, tt.wantErr)
		}
	}
}

// The summary on hand-made runs: final accuracies per task after the last pass.
func TestSummarisePerceptron(t *testing.T) {
	// Two tasks, curves of two passes; only the last pass counts.
	run := func(seed uint64, std, pre [2]float64) Run {
		return Run{
			Seed:     seed,
			Standard: [][]float64{{0, std[0]}, {0, std[1]}},
			Presyn:   [][]float64{{0, pre[0]}, {0, pre[1]}},
		}
	}
	runs := []Run{
		run(1, [2]float64{0.6, 1.0}, [2]float64{0.9, 1.0}), // means 0.8, 0.95
		run(2, [2]float64{0.7, 1.0}, [2]float64{0.8, 0.9}), // means 0.85, 0.85
		run(3, [2]float64{0.5, 0.9}, [2]float64{1.0, 0.9}), // means 0.7, 0.95
	}
	s := summarisePerceptron(runs)
	stdMeans, preMeans := []float64{0.8, 0.85, 0.7}, []float64{0.95, 0.85, 0.95}
	wantT, wantP := stats.TTestInd(preMeans, stdMeans)
	checks := []struct {
		name      string
		got, want float64
	}{
		{"standard mean", s.Standard.MeanAcc, (0.8 + 0.85 + 0.7) / 3},
		{"presyn mean", s.Presyn.MeanAcc, (0.95 + 0.85 + 0.95) / 3},
		{"standard first task", s.Standard.FirstTaskAcc, 0.6},
		{"presyn first task", s.Presyn.FirstTaskAcc, 0.9},
		{"presyn final task 2", s.Presyn.FinalTaskAccs[1], (1.0 + 0.9 + 0.9) / 3},
		{"t", float64(s.T), wantT},
		{"p", float64(s.P), wantP},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if s.T <= 0 {
		t.Errorf("t = %v: must be positive when presyn is higher", s.T)
	}
	// The marker is the mean accuracy's (fig5c's bracket), not the first task's.
	if want := plot.Stars(wantP); s.Marker != want {
		t.Errorf("marker %q, want %q for the mean accuracy's p = %v", s.Marker, want, wantP)
	}
	// SE of the standard means (0.8, 0.85, 0.7): sd 0.076376, / sqrt(3) = 0.044096.
	if math.Abs(s.Standard.MeanAccSE-0.0440958551844098) > 1e-9 {
		t.Errorf("standard SE = %v", s.Standard.MeanAccSE)
	}
}

func TestPerceptronSourcesAreDistinct(t *testing.T) {
	first := func(seed, purpose uint64, index int) uint64 { return perceptronSource(seed, purpose, index).Uint64() }
	seen := map[uint64]string{}
	for _, seed := range []uint64{0, 1, 1000, 1001} {
		for _, purpose := range []uint64{streamPatterns, streamTrainMasks, streamTestMasks} {
			for index := range 3 {
				v := first(seed, purpose, index)
				key := strings.Join([]string{string(rune('0' + seed%10)), string(rune('0' + purpose)), string(rune('0' + index))}, "/")
				if other, ok := seen[v]; ok {
					t.Errorf("streams %s and %s start alike", other, key)
				}
				seen[v] = key
			}
		}
	}
	if a, b := first(1000, streamPatterns, 2), first(1000, streamPatterns, 2); a != b {
		t.Error("the same stream is not reproducible")
	}
}

func TestPerceptronWrite(t *testing.T) {
	cfg := smokePerceptronConfig()
	res, dir, err := runPerceptron(context.Background(), t, cfg, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile(filepath.Join(dir, study.ReportFile))
	if err != nil || !strings.Contains(string(report), "## Lifelong learning in a perceptron") || strings.Contains(string(report), "Figure notes") {
		t.Errorf("report.md (%v):\n%s", err, report)
	}
	for _, name := range []string{"fig5b.png", "fig5b.svg", "fig5b.pdf", "fig5c.png", "fig5c.svg", "fig5c.pdf"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}

	curves, err := results.ReadRows[Curve](filepath.Join(dir, CurvesFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * len(cfg.Seeds) * cfg.Tasks * cfg.TotalPasses(); len(curves) != want {
		t.Errorf("curves.csv has %d rows, want %d", len(curves), want)
	}
	if got := curves[0]; got.Model != "standard" || got.Seed != 1 || got.Task != 1 || got.Pass != 1 {
		t.Errorf("first curve row %+v", got)
	}
	summary, err := results.ReadRows[MeanRow](filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(summary) != 2*len(cfg.Seeds) {
		t.Errorf("summary.csv has %d rows", len(summary))
	}

	var tt Summary
	raw, err := os.ReadFile(filepath.Join(dir, TTestFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &tt); err != nil {
		t.Fatal(err)
	}
	if tt.Seeds != 3 || tt.T != res.Summary.T || tt.Standard.MeanAcc != res.Summary.Standard.MeanAcc || !(tt.WallTimeS > 0) {
		t.Errorf("ttest.json %+v does not match the summary %+v", tt, res.Summary)
	}

	var got Study
	m, err := results.ReadManifestConfig(dir, &got)
	if err != nil {
		t.Fatal(err)
	}
	if m.Experiment != "perceptron" || m.Version == "" || !reflect.DeepEqual(got.Seeds, cfg.Seeds) || got.Presyn != cfg.Presyn {
		t.Errorf("manifest %+v with config %+v", m, got)
	}
}

// A smoke run's summary.csv is pinned, so a change to the streams or the rules shows up
// as a diff here rather than as silently different paper numbers.
func TestPerceptronSmokeGolden(t *testing.T) {
	_, dir, err := runPerceptron(context.Background(), t, smokePerceptronConfig(), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "perceptron_smoke_summary.csv")
	if *updatePerceptronGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := results.WriteFileAtomic(golden, got); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update-perceptron)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("summary.csv changed:\n got %s\nwant %s", got, want)
	}
}

// The perceptron experiment as a study: plan, execute in a results folder, then
// collect the runs back from it.
func ExampleStudy() {
	cfg := Default()
	cfg.Seeds = []uint64{1, 2}
	cfg.Tasks, cfg.Patterns, cfg.Inputs, cfg.Passes = 2, 10, 50, 3
	dir, _ := os.MkdirTemp("", "perceptron")
	defer os.RemoveAll(dir)
	out, err := study.Execute(context.Background(), cfg, study.Options{Dir: dir})
	if err != nil {
		panic(err)
	}
	runs, _, _ := study.Collect(cfg, dir)
	fmt.Println(out.Ran, "runs of", cfg.TotalPasses(), "passes;", len(runs[0].Presyn), "task curves each")
	// Output: 2 runs of 6 passes; 2 task curves each
}

// One seed has no t-test: the study finishes, draws its figures and writes the
// undefined statistics as null in ttest.json, which reads back (issue 21: NaN
// made ttest.json fail to encode, exit 1).
func TestPerceptronOneSeed(t *testing.T) {
	cfg := smokePerceptronConfig()
	cfg.Seeds = []uint64{1}
	res, dir, err := runPerceptron(context.Background(), t, cfg, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fig5b.png", "fig5c.png", TTestFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, TTestFile))
	if err != nil {
		t.Fatal(err)
	}
	var tt Summary
	if err := json.Unmarshal(raw, &tt); err != nil || !strings.Contains(string(raw), `"p": null`) || tt.P.Defined() || tt.Seeds != 1 {
		t.Errorf("ttest.json (%v):\n%s", err, raw)
	}
	if md := res.Markdown(); !strings.Contains(md, "t-test undefined") {
		t.Errorf("report:\n%s", md)
	}
	for _, a := range Artefacts() {
		if _, err := a.Check([]string{dir}); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
	}
}
