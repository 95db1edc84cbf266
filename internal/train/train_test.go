package train

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
)

// synthetic is the data the logic tests train on: small, generated, on any
// checkout (package datatest).
var synthetic = &datatest.Source{Options: datatest.Options{Train: 2000, Test: 300, Noise: 0.8}}

// smallConfig is a quick variant of a named config: a narrow network, one epoch.
func smallConfig(t *testing.T, name string, extra ...string) config.Train {
	t.Helper()
	cfg, err := config.Load(name, append([]string{"epochs=1", "eval_samples=2"}, extra...))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Layers = []int{784, 32, cfg.Outputs()}
	return cfg
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// withoutSeconds drops the wall-time column of metrics.csv, the only one that may
// differ between two runs of the same seed.
func withoutSeconds(t *testing.T, dir string) []EpochMetrics {
	t.Helper()
	rows, err := ReadMetrics(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].Seconds = 0
	}
	return rows
}

func TestRunWritesFolderAndSameSeedSameMetrics(t *testing.T) {
	cfg := smallConfig(t, "energy-presyn", "epochs=2")
	var runs [][]EpochMetrics
	for range 2 {
		dir := t.TempDir()
		res, err := Run(context.Background(), Spec{Config: cfg, Seed: 7, Data: synthetic, OutDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		last := res.Last()
		if last.TestAcc < 0.5 || last.MeanP <= 0.25 || last.MeanP >= 1 || last.MutualInfoBits < 0.5 {
			t.Errorf("after two epochs: %+v", last)
		}
		if header := strings.SplitN(readFile(t, filepath.Join(dir, MetricsFile)), "\n", 2)[0]; header !=
			"task,epoch,train_loss,train_acc,test_acc,mutual_info_bits,energy_synaptic,energy_neuron,mean_p,frac_frozen,seconds,acc_task1" {
			t.Fatalf("metrics.csv header %s", header)
		}
		runs = append(runs, withoutSeconds(t, dir))
		var back config.Train
		m, err := results.ReadManifestConfig(dir, &back)
		if err != nil || m.Seed != 7 || !back.Equal(cfg) || m.Version == "" || m.Backend == "" {
			t.Fatalf("manifest %+v %+v: %v", m, back, err)
		}
	}
	// Compared as printed, where NaN (not measured) equals NaN.
	if len(runs[0]) != 2 || fmt.Sprintf("%+v", runs[0]) != fmt.Sprintf("%+v", runs[1]) {
		t.Fatalf("same seed, different metrics:\n%+v\n%+v", runs[0], runs[1])
	}
}

// TestRunOnGivenPermutations: a permuted run records its tasks' permutations, and a
// run given that file as its "permutations" learns the same tasks: with the same
// seed, the same numbers; with another seed, the same permutations.
func TestRunOnGivenPermutations(t *testing.T) {
	cfg := smallConfig(t, "perm-mnist-presyn", "num_tasks=2")
	first := t.TempDir()
	if _, err := Run(context.Background(), Spec{Config: cfg, Seed: 3, Data: synthetic, OutDir: first}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(first, PermutationsFile)
	perms, err := data.LoadPermutations(file)
	if err != nil || len(perms) != 2 {
		t.Fatalf("%s: %d permutations, %v", PermutationsFile, len(perms), err)
	}
	given := smallConfig(t, "perm-mnist-presyn", "num_tasks=2", "permutations="+file)
	for _, seed := range []uint64{3, 4} {
		dir := t.TempDir()
		if _, err := Run(context.Background(), Spec{Config: given, Seed: seed, Data: synthetic, OutDir: dir}); err != nil {
			t.Fatal(err)
		}
		if readFile(t, filepath.Join(dir, PermutationsFile)) != readFile(t, file) {
			t.Errorf("seed %d: the run did not learn the given permutations", seed)
		}
		if seed == 3 && !reflect.DeepEqual(withoutSeconds(t, dir), withoutSeconds(t, first)) {
			t.Error("same seed and permutations, different metrics")
		}
	}
	plain := t.TempDir()
	if _, err := Run(context.Background(), Spec{Config: smallConfig(t, "energy-mlp"), Seed: 1, Data: synthetic, OutDir: plain}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(plain, PermutationsFile)); !os.IsNotExist(err) {
		t.Errorf("a run on unpermuted images wrote %s (%v)", PermutationsFile, err)
	}
}

// Every kind of run trains: its rows, per-task columns and release statistics.
func TestRunKinds(t *testing.T) {
	tests := []struct {
		name    string
		cfg     config.Train
		rows    int
		columns int
		meanP   float64 // 0: learned, between p_min and 1
	}{
		{"deterministic MLP, SGD", smallConfig(t, "energy-mlp"), 1, 1, 1},
		{"fixed release 0.4", smallConfig(t, "energy-mlp-fixed"), 1, 1, 0.4},
		{"presyn, lr modulation and freezing", smallConfig(t, "perm-mnist-presyn", "num_tasks=1", "lr=0.05", "epochs=3"), 3, 1, 0},
		{"split, two tasks", smallConfig(t, "split-mnist-presyn", "num_tasks=2", "lr=0.05", "epochs=2"), 4, 2, 0},
		{"split, joint", smallConfig(t, "split-mnist-joint", "num_tasks=2"), 1, 2, 1},
		{"permuted, Adam", smallConfig(t, "perm-mnist-nocons", "num_tasks=2", "method=adam", "lr=0.001"), 2, 2, 1},
		{"ghost p, published division", smallConfig(t, "energy-mlp-fixed", "p_fixed=0.5", "ghost_p=true", "ghost_bias=true", "method=presyn", "bias=fixed"), 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			res, err := Run(context.Background(), Spec{Config: tt.cfg, Seed: 1, Data: synthetic, OutDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			last := res.Last()
			if len(res.Epochs) != tt.rows || len(last.TaskAccuracies) != tt.columns {
				t.Fatalf("rows %d, last %+v", len(res.Epochs), last)
			}
			if last.TestAcc < 0.5 {
				t.Errorf("test accuracy %v", last.TestAcc)
			}
			switch {
			case tt.meanP == 0 && !(last.MeanP > 0.25 && last.MeanP < 1):
				t.Errorf("learned mean p %v", last.MeanP)
			case tt.meanP != 0 && math.Abs(last.MeanP-tt.meanP) > 1e-6:
				t.Errorf("mean_p %v, want %v", last.MeanP, tt.meanP)
			}
			if tt.meanP != 0 && last.FracFrozen != 0 {
				t.Errorf("frac_frozen %v without learned probabilities", last.FracFrozen)
			}
			back, err := ReadMetrics(dir)
			if err != nil || len(back) != tt.rows || len(back[len(back)-1].TaskAccuracies) != tt.columns {
				t.Fatalf("metrics.csv read back %+v: %v", back, err)
			}
		})
	}
}

func TestRunStopsOnDivergenceKeepingMetrics(t *testing.T) {
	cfg := smallConfig(t, "energy-mlp", "lr=1e30", "epochs=2")
	dir := t.TempDir()
	_, err := Run(context.Background(), Spec{Config: cfg, Seed: 1, Data: synthetic, OutDir: dir})
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("err = %v, want divergence", err)
	}
	for _, want := range []string{"energy-mlp seed 1", "epoch 1", "step", "task 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, results.ManifestFile)); err != nil {
		t.Errorf("manifest missing after a failed run: %v", err)
	}
}

func TestRunContinuousFollowsTheSchedule(t *testing.T) {
	cfg := smallConfig(t, "perm-mnist-cont-presyn", "num_tasks=2", "lr=0.05", "epochs=2")
	res, err := Run(context.Background(), Spec{Config: cfg, Seed: 1, Data: synthetic, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Epochs) != 4 || res.Epochs[1].Task != 1 || res.Epochs[3].Task != 2 || len(res.Epochs[3].TaskAccuracies) != 2 {
		t.Fatalf("rows %+v", res.Epochs)
	}
	if acc := res.Epochs[1].TaskAccuracies[0]; acc < 0.5 {
		t.Errorf("first window's task learned to only %v", acc)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Spec{Config: smallConfig(t, "energy-mlp"), Seed: 1, Data: synthetic, OutDir: t.TempDir()})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "task 1, epoch 1") {
		t.Fatalf("err = %v", err)
	}
}

// counting is a method that records the hooks the loop calls, with two passes per
// batch, as a method averaging sampled passes (BGD) has.
type counting struct {
	calls   []string
	forward int
}

func (c *counting) BeginTask(_ *synapse.Net, t int) {
	c.calls = append(c.calls, "begin"+string(rune('1'+t)))
}
func (c *counting) Passes() int { return 2 }
func (c *counting) BeforeForward(_ *synapse.Net, k int) {
	if k == 0 {
		c.forward++
	}
}
func (c *counting) AfterBackward(_ *synapse.Net, k int) {
	if k == 1 {
		c.calls = append(c.calls, "step")
	}
}
func (c *counting) EndTask(_ *synapse.Net, t int, train *data.View) error {
	c.calls = append(c.calls, "end"+string(rune('1'+t)))
	if train == nil || train.Len() == 0 {
		return errors.New("no training set")
	}
	return nil
}

// The loop calls a method's hooks in order: BeginTask, per batch Passes() forward
// and backward passes with their hooks, EndTask with the task's training set.
func TestLoopCallsMethodHooks(t *testing.T) {
	cfg := smallConfig(t, "split-mnist-nocons", "num_tasks=2")
	run, err := newTrainer(cfg, 1, synthetic)
	if err != nil {
		t.Fatal(err)
	}
	m := &counting{}
	run.method = m
	if _, err := run.train(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	want := []string{"begin1"}
	steps := run.trainTasks[0].Train.Len() / cfg.BatchSize
	for range steps {
		want = append(want, "step")
	}
	want = append(want, "end1", "begin2")
	for range run.trainTasks[1].Train.Len() / cfg.BatchSize {
		want = append(want, "step")
	}
	want = append(want, "end2")
	if !reflect.DeepEqual(m.calls, want) || m.forward != len(want)-4 {
		t.Errorf("hooks %v (%d first passes), want %v", m.calls, m.forward, want)
	}
}

// The training loop allocates nothing per step: an epoch of many steps allocates
// only its per-epoch closure.
func TestTrainEpochAllocatesNothingPerStep(t *testing.T) {
	tensor.SetThreads(1) // as presyn's commands do; multi-threaded pure-Go GEMM allocates
	for _, name := range []string{"energy-presyn", "energy-mlp", "split-mnist-nocons"} {
		cfg := smallConfig(t, name, "batch_size=10")
		run, err := newTrainer(cfg, 1, synthetic)
		if err != nil {
			t.Fatal(err)
		}
		next := run.epochBatches(run.trainTasks[0])
		run.trainEpoch(context.Background(), next(), 1, 1) // buffers reach their size
		allocs := testing.AllocsPerRun(2, func() {
			if _, err := run.trainEpoch(context.Background(), next(), 1, 1); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 4 {
			t.Errorf("%s: %v allocations per epoch of %d steps", name, allocs, run.trainTasks[0].Train.Len()/cfg.BatchSize)
		}
	}
}

func TestReadMetricsNamesAMissingColumn(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), Spec{Config: smallConfig(t, "energy-mlp"), Seed: 1, Data: synthetic, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, MetricsFile)
	text := strings.Replace(readFile(t, path), ",mean_p,", ",", 1)
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ { // drop the mean_p field of every row (the 9th)
		if f := strings.Split(lines[i], ","); len(f) > 9 {
			lines[i] = strings.Join(append(f[:8], f[9:]...), ",")
		}
	}
	os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
	if _, err := ReadMetrics(dir); err == nil || !strings.Contains(err.Error(), `"mean_p"`) || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want one naming the file and mean_p", err)
	}
}

// The real data: one epoch of a narrow presynaptic network on MNIST.
func TestRunOnMNIST(t *testing.T) {
	real := data.Dir("../../data")
	if _, err := real.Load(data.MNIST); errors.Is(err, data.ErrNotFound) {
		t.Skipf("MNIST not installed (run make setup): %v", err)
	}
	res, err := Run(context.Background(), Spec{Config: smallConfig(t, "energy-presyn"), Seed: 7, Data: real, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if last := res.Last(); last.TestAcc < 0.8 || last.MutualInfoBits < 1.5 {
		t.Errorf("after one epoch on MNIST: %+v", last)
	}
}

func TestCheckpointRestoresTheNet(t *testing.T) {
	for _, name := range []string{"perm-mnist-presyn", "energy-mlp", "energy-mlp-fixed"} {
		dir := t.TempDir()
		cfg := smallConfig(t, name, "num_tasks=1")
		if name == "energy-mlp" || name == "energy-mlp-fixed" {
			cfg = smallConfig(t, name)
		}
		run, err := newTrainer(cfg, 3, synthetic)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := run.trainEpoch(context.Background(), run.epochBatches(run.trainTasks[0])(), 1, 1); err != nil {
			t.Fatal(err)
		}
		threshold := float32(0.3) // low, so that some synapses are frozen
		if err := SaveCheckpoint(filepath.Join(dir, CheckpointFile), NewCheckpoint(run.net, threshold)); err != nil {
			t.Fatal(err)
		}
		ck, err := LoadCheckpoint(dir)
		if err != nil {
			t.Fatal(err)
		}
		net, err := ck.Net(rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(net.State(), run.net.State()) {
			t.Errorf("%s: restored state differs", name)
		}
		frozen := 0
		for l, flags := range ck.Frozen {
			for i, f := range flags {
				if f != synapse.Frozen(ck.Probs[l][i], threshold) {
					t.Fatalf("%s: frozen flag %d of layer %d disagrees with synapse.Frozen", name, i, l)
				}
				if f {
					frozen++
				}
			}
		}
		if run.net.AllProbs() != nil && frozen == 0 {
			t.Errorf("%s: no synapse frozen at threshold %v", name, threshold)
		}
	}
}

func TestLoadCheckpointErrorsNameTheFile(t *testing.T) {
	good := t.TempDir()
	cfg := smallConfig(t, "energy-presyn")
	if _, err := Run(context.Background(), Spec{Config: cfg, Seed: 1, Data: synthetic, OutDir: good}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(good, CheckpointFile))
	write := func(content []byte) string {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, CheckpointFile), content, 0o644)
		return dir
	}
	tests := []struct {
		name string
		dir  string
		want string
	}{
		{"missing", t.TempDir(), "is missing"},
		{"truncated", write(raw[:len(raw)/2]), "truncated"},
		{"foreign", write([]byte("PK\x03\x04 this is a zip file, not a checkpoint")), "not a presyn checkpoint"},
		{"empty", write(nil), "not a presyn checkpoint"},
	}
	for _, tt := range tests {
		_, err := LoadCheckpoint(tt.dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), CheckpointFile) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want one line naming the file and %q", tt.name, err, tt.want)
		}
	}
}

// A checkpoint of an earlier presyn held only sizes and values; the run folder's
// config.json (of the flat layout of its time) completes it.
func TestLoadCheckpointOfAnEarlierVersion(t *testing.T) {
	dir := t.TempDir()
	cfg := smallConfig(t, "energy-presyn")
	run, err := newTrainer(cfg, 5, synthetic)
	if err != nil {
		t.Fatal(err)
	}
	s := run.net.State()
	type earlier struct { // the fields checkpoint.gob had
		Sizes   []int
		Weights [][]float32
		Biases  [][]float32
		Probs   [][]float32
		Frozen  [][]bool
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(earlier{Sizes: s.Config.Sizes, Weights: s.Weights, Biases: s.Biases, Probs: s.Probs}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, CheckpointFile), buf.Bytes(), 0o644)
	manifest := `{"experiment":"train","seed":5,"presyn_version":"old","go_version":"go1.26","created":"2026-11-01T00:00:00Z",
	  "config":{"name":"energy-presyn","dataset":"mnist","task":"plain","num_tasks":1,"shuffle_classes":false,"joint":false,
	  "layers":[784,32,10],"bias":"fixed","synapse":"presyn","p_fixed":0.5,"ghost_p":false,"ghost_bias":true,"normalise":true,
	  "p_init":"min","optimizer":"presyn","lr":0.05,"l2":0.01,"p_up":0.07,"p_down":0.07,"g_lim":0.001,"p_freeze":1,"p_min":0.25,
	  "lr_modulation":false,"epochs":1,"batch_size":100,"eval_samples":2,"eval_batch_size":1000}}`
	os.WriteFile(filepath.Join(dir, results.ManifestFile), []byte(manifest), 0o644)
	ck, err := LoadCheckpoint(dir)
	if err != nil {
		t.Fatal(err)
	}
	net, err := ck.Net(rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(net.State(), s) || ck.Synapses != "presynaptic" || ck.Bias != "fixed" || ck.PFreeze != 1 {
		t.Errorf("completed checkpoint %+v", ck)
	}
}

// EWC in a run: with a strong penalty the weights stay much nearer their values
// after the first task than without one (lambda 0 is plain Adam), so the penalty
// is in the loop.
func TestEWCHoldsTheFirstTasksWeights(t *testing.T) {
	// Noisy data, so the first task is not learnt to certainty: on the default
	// synthetic data its loss falls to 1e-5 and the Fisher information, and with
	// it the penalty, vanish.
	noisy := &datatest.Source{Options: datatest.Options{Train: 2000, Test: 300, Noise: 0.995}}
	drift := func(lambda string) float64 {
		cfg := smallConfig(t, "perm-mnist-ewc", "num_tasks=2", "epochs=2", "ewc.lambda="+lambda, "ewc.fisher_samples=500", "ewc.lr=0.01")
		dir := t.TempDir()
		if _, err := Run(context.Background(), Spec{Config: cfg, Seed: 4, Data: noisy, OutDir: dir, TaskCheckpoints: true}); err != nil {
			t.Fatal(err)
		}
		a, err := LoadCheckpointFile(dir, TaskCheckpointFile(1))
		if err != nil {
			t.Fatal(err)
		}
		b, err := LoadCheckpointFile(dir, TaskCheckpointFile(2))
		if err != nil {
			t.Fatal(err)
		}
		var d float64
		for l := range a.Weights {
			for i, w := range a.Weights[l] {
				d += math.Abs(float64(b.Weights[l][i] - w))
			}
		}
		return d
	}
	plain, ewc := drift("0"), drift("10000")
	if !(ewc < 0.5*plain) {
		t.Errorf("weights moved by %v during task 2 with EWC, %v without", ewc, plain)
	}
}

// BGD trains: its passes per batch, sampled networks at test.
func TestBGDLearns(t *testing.T) {
	// The mechanics on generated data, with the settings this test has always
	// had (eta 4.81, PyTorch init, standardised inputs): the config's own
	// (the BGD fork's for real Permuted MNIST) are for 10 epochs of real data.
	cfg := smallConfig(t, "perm-mnist-bgd", "num_tasks=2", "epochs=2", "bgd.k_train=3", "bgd.k_test=3", "bgd.std_init=0.01",
		"bgd.eta=4.81045", "init=pytorch", "inputs=standardised", "bgd.test_mode=mean-softmax")
	dir := t.TempDir()
	res, err := Run(context.Background(), Spec{Config: cfg, Seed: 4, Data: synthetic, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if acc := res.Last().TestAcc; acc < 0.5 {
		t.Errorf("BGD reached %v", acc)
	}
	// Every task in every test mode, from the networks of the run's own last
	// measurement: the headline mode's number is the run's exactly.
	modes, err := results.ReadRows[TestModeRow](filepath.Join(dir, TestModesFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(modes) != 2*4 {
		t.Fatalf("%d rows in %s, want 8", len(modes), TestModesFile)
	}
	for _, m := range modes {
		if m.Mode == "mean-softmax" && m.Accuracy != res.Last().TaskAccuracies[m.Task-1] {
			t.Errorf("task %d: mean-softmax %v in %s, %v in metrics", m.Task, m.Accuracy, TestModesFile, res.Last().TaskAccuracies[m.Task-1])
		}
		if !(m.Accuracy > 0.3 && m.Accuracy <= 1) {
			t.Errorf("%+v", m)
		}
	}
}

// A batch larger than the training set trains nothing: the run fails with one
// line naming batch_size, the key to change (issue 21, section 3).
func TestRunBatchLargerThanTheData(t *testing.T) {
	cfg := smallConfig(t, "energy-presyn", "batch_size=5000")
	_, err := Run(context.Background(), Spec{Config: cfg, Seed: 1, Data: synthetic, OutDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "batch_size 5000") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a batch of 5000 on 2000 samples: %v", err)
	}
}
