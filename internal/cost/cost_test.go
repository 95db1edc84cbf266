package cost

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// LPT puts the longest runs first on the least loaded worker: the wall time
// of the examples is worked out by hand.
func TestWall(t *testing.T) {
	tests := []struct {
		seconds []float64
		workers int
		lpt     float64 // longest first
		inOrder float64 // as given
	}{
		{nil, 2, 0, 0},
		{[]float64{5}, 4, 5, 5},
		{[]float64{1, 1, 1, 1}, 2, 2, 2},
		{[]float64{1, 2, 3, 4, 5}, 2, 8, 9}, // LPT: 5+2+1 | 4+3; in order: 1+3+5 | 2+4
		{[]float64{2, 2, 2, 3, 3}, 2, 7, 7}, // LPT's known worst case: 3+2+2 | 3+2
		{[]float64{1, 1, 1, 1, 4}, 2, 4, 6}, // the long run last waits in order
		{[]float64{3, 1, 1, 1}, 1, 6, 6},    // one worker: the total
		{[]float64{10, 1, 1, 1, 1, 1}, 3, 10, 10},
	}
	for _, tt := range tests {
		if got := Wall(tt.seconds, tt.workers); got != tt.lpt {
			t.Errorf("Wall(%v, %d) = %v, want %v", tt.seconds, tt.workers, got, tt.lpt)
		}
		if got := WallInOrder(tt.seconds, tt.workers); got != tt.inOrder {
			t.Errorf("WallInOrder(%v, %d) = %v, want %v", tt.seconds, tt.workers, got, tt.inOrder)
		}
	}
}

// machine is a calibration made up for the tests: round numbers.
var machine = Machine{CPU: "test CPU", Cores: 2, Core: "openblas/Test", Kernels: "go", Version: "test",
	Rates: map[Kind]Rate{
		"train/presyn/presyn":      {GFLOPS: 50, NsPerElement: 3},
		"train/deterministic/adam": {GFLOPS: 50, NsPerElement: 2},
		"train/deterministic/bgd":  {GFLOPS: 50, NsPerElement: 6},
		FillPlain:                  {NsPerElement: 1},
		FillPermuted:               {NsPerElement: 3},
		Eval:                       {GFLOPS: 60, NsPerElement: 500},
		EvalMasks:                  {NsPerElement: 1},
		EvalBGD:                    {NsPerElement: 2},
		Fisher:                     {NsPerElement: 0.1},
	}}

// Seconds adds each item's FLOPs at its kind's rate and its elements at its
// time per element; a training kind the calibration lacks takes its nearest
// calibrated kind's rate, another kind is an error naming it.
func TestSeconds(t *testing.T) {
	tests := []struct {
		work Work
		want float64
		err  string
	}{
		{Work{{Kind: "train/presyn/presyn", FLOPs: 100e9, Elements: 1e9}}, 2 + 3, ""},
		{Work{{Kind: FillPlain, Elements: 2e9}, {Kind: Eval, FLOPs: 60e9, Elements: 2e6}}, 2 + 1 + 1, ""},
		{Work{{Kind: "train/fixed-p/presyn", FLOPs: 50e9}}, 1, ""},    // presyn's rule on other stochastic synapses
		{Work{{Kind: "train/deterministic/sgd", FLOPs: 50e9}}, 1, ""}, // Adam's rate for another deterministic method
		{Work{{Kind: PerceptronVote, Elements: 1}}, 0, "no rate for perceptron/vote"},
	}
	for _, tt := range tests {
		got, err := machine.Seconds(tt.work)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: error %v, want %q", tt.work, err, tt.err)
			}
		case err != nil || math.Abs(got-tt.want) > 1e-9:
			t.Errorf("%v: %v s, %v; want %v s", tt.work, got, err, tt.want)
		}
	}
}

// A training run's work is counted from its config: the energy model's 50
// epochs of 600 steps of batch 100 on 199,210 synapses, and one measurement of
// 10 sampled networks on the 10,000 test images at the end.
func TestTrainingWork(t *testing.T) {
	cfg, err := config.Load("energy-presyn", nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Training(cfg, train.Evaluation{}, 2019)
	if err != nil {
		t.Fatal(err)
	}
	const steps, syn = 50 * 600, 784*200 + 200*200 + 200*10
	want := map[Kind]Item{
		"train/presyn/presyn": {FLOPs: steps * train.ProductFLOPs(cfg.Layers, 100, true), Elements: steps * syn},
		FillPlain:             {Elements: (steps*100 + 10000) * 784},
		Eval:                  {FLOPs: 10 * 10000 * 2 * syn, Elements: 10 * 10000},
		EvalMasks:             {Elements: 10 * 10 * syn}, // 10 networks x 10 batches of 1000
	}
	if len(w) != len(want) {
		t.Fatalf("work %+v, want the kinds of %+v", w, want)
	}
	for _, it := range w {
		if wi := want[it.Kind]; math.Abs(it.FLOPs-wi.FLOPs) > 1 || math.Abs(it.Elements-wi.Elements) > 1 {
			t.Errorf("%s: %v FLOPs, %v elements; want %v, %v", it.Kind, it.FLOPs, it.Elements, wi.FLOPs, wi.Elements)
		}
	}
}

// toy is a study of n runs whose work is its seed in seconds of plain fills on
// machine (1 ns per element).
type toy struct{ N int }

func (toy) Name() string { return "toy" }
func (s toy) Spec() any  { return s }
func (s toy) Plan() ([]study.Run, error) {
	var runs []study.Run
	for i := 1; i <= s.N; i++ {
		runs = append(runs, study.Run{ID: "run-" + string(rune('a'+i-1)), Seed: uint64(i), Config: i})
	}
	return runs, nil
}
func (toy) Execute(context.Context, study.Run, string) (string, error) { return "", errors.New("toy") }
func (toy) Collect(study.Run, string) (int, error)                     { return 0, nil }
func (toy) Render(string, []int, []study.Run) (study.Report, error)    { return study.Report{}, nil }
func (toy) Work(r study.Run) (Work, error) {
	return Work{{Kind: FillPlain, FLOPs: 1e12, Elements: float64(r.Seed) * 1e9}}, nil
}

// A plan counts only the runs not finished in each folder, of the shard; a
// folder that does not exist has none finished; the runs of all targets share
// the workers.
func TestPlan(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "runs", "run-b"), 0o755) // finished: 2 s
	targets := []Target{
		{Name: "one", Dir: dir, Study: study.Of[int](toy{N: 4})},                            // 1, 3, 4 s to do
		{Name: "two", Dir: filepath.Join(dir, "not-made"), Study: study.Of[int](toy{N: 2})}, // 1, 2 s
	}
	p, err := machine.Plan(targets, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.Runs != 5 || p.Finished != 1 || math.Abs(p.CoreHours*3600-11) > 1e-9 || math.Abs(p.WallHours*3600-6) > 1e-9 || p.Workers != 2 || p.TeraFLOP != 5 {
		t.Errorf("plan %+v; want 5 runs, 1 finished, 11 core-seconds, 6 s on 2 workers (4+2 | 3+1+1), 5 TFLOP", p)
	}
	if s := p.Studies[0]; s.Runs != 3 || s.Finished != 1 || s.Todo[1].ID != "run-c" || s.Todo[1].Seconds != 3 {
		t.Errorf("study one: %+v", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "not-made")); err == nil {
		t.Error("planning made a folder")
	}
	raw, _ := json.Marshal(p)
	for _, key := range []string{`"runs":5`, `"core_hours":`, `"wall_hours":`, `"workers":2`, `"studies":[`, `"todo":[`, `"machine":{`} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("the plan's JSON lacks %s: %s", key, raw)
		}
	}
	var text strings.Builder
	if err := p.WriteText(&text, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"test CPU", "total", "Wall time: 6 s on 2 workers", "one: runs to do", "run-d"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, text.String())
		}
	}
	// One shard's part of the plan, and a study that cannot count its runs.
	half, err := machine.Plan(targets, Options{Workers: 1, Shard: study.Shard{K: 1, N: 2}})
	other, _ := machine.Plan(targets, Options{Workers: 1, Shard: study.Shard{K: 2, N: 2}})
	if err != nil || half.Runs+other.Runs != 5 || half.Finished+other.Finished != 1 {
		t.Errorf("shards plan %d and %d runs, %d and %d finished; want 5 and 1 between them", half.Runs, other.Runs, half.Finished, other.Finished)
	}
}

// The calibration prices the work of every config presyn ships, with a rate
// of every kind their runs make, each positive. It takes seconds (a minute in
// the pure-Go build): not in -short.
func TestCalibrationPricesEveryConfig(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrating takes seconds")
	}
	m, err := Calibrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// How long it took is a speed goal, for BenchmarkCalibrate, not a test:
	// the pure-Go build calibrates five times slower than OpenBLAS's.
	if !m.Matches(Current()) || !(m.CalibrationSeconds > 0) {
		t.Errorf("calibration %+v (%.1f s) does not describe this machine", m, m.CalibrationSeconds)
	}
	for k, r := range m.Rates {
		if !(r.NsPerElement >= 0) || !(r.GFLOPS >= 0) || r.GFLOPS == 0 && r.NsPerElement == 0 && k != EvalMasks {
			t.Errorf("%s: rate %+v", k, r)
		}
	}
	for _, name := range config.Names() {
		cfg, err := config.Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		w, err := Training(cfg, train.Evaluation{FirstTask: true, Info: true}, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range w {
			if _, ok := m.Rates[it.Kind]; !ok {
				t.Errorf("%s: no rate for its %s work", name, it.Kind)
			}
		}
		if s, err := m.Seconds(w); err != nil || !(s > 0) {
			t.Errorf("%s: %v s, %v", name, s, err)
		}
	}
}

// BenchmarkCalibrate times one whole calibration, what a first --plan on a
// machine waits for (about ten seconds with OpenBLAS).
func BenchmarkCalibrate(b *testing.B) {
	for b.Loop() {
		if _, err := Calibrate(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// Runs at once are slower in proportion to the other cores they keep busy:
// none for one worker, the measured slowdown with every core busy, and no
// more with more workers than cores.
func TestRunSecondsSlowdown(t *testing.T) {
	w := Work{{Kind: FillPlain, Elements: 1e9}} // 1 s on machine
	tests := []struct {
		cores    int
		slowdown float64
		workers  int
		want     float64
	}{
		{4, 1.3, 1, 1},
		{4, 1.3, 2, 1.1},
		{4, 1.3, 4, 1.3},
		{4, 1.3, 8, 1.3},
		{2, 1.4, 2, 1.4},
		{1, 1.4, 2, 1}, // one core: nothing runs beside it
		{2, 0, 2, 1},   // a calibration made before the slowdown was measured
		{2, 0.9, 2, 1}, // never faster together than alone
	}
	for _, tt := range tests {
		m := machine
		m.Cores, m.ParallelSlowdown = tt.cores, tt.slowdown
		got, err := m.RunSeconds(w, tt.workers)
		if err != nil || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%d cores, slowdown %v, %d workers: %v s, %v; want %v", tt.cores, tt.slowdown, tt.workers, got, err, tt.want)
		}
	}
}
