package experiment

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/tensor"
)

// testDataDir is the repository's data folder, which `make setup` fills.
const testDataDir = "../../data"

func requireMNIST(t *testing.T) {
	t.Helper()
	if _, err := data.Load(testDataDir, data.MNIST); err != nil {
		if errors.Is(err, data.ErrNotFound) {
			t.Skipf("MNIST not installed (run make setup): %v", err)
		}
		t.Fatal(err)
	}
}

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

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// withoutSeconds drops the wall-time column, the only one that may differ between
// two runs of the same seed.
func withoutSeconds(rows [][]string) string {
	var b strings.Builder
	col := -1
	for i, h := range rows[0] {
		if h == "seconds" {
			col = i
		}
	}
	for _, r := range rows {
		for i, f := range r {
			if i != col {
				b.WriteString(f + ",")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestTrainWritesRunAndSameSeedSameMetrics(t *testing.T) {
	requireMNIST(t)
	cfg := smallConfig(t, "energy-presyn")
	var outs []string
	for i := 0; i < 2; i++ {
		dir := t.TempDir()
		res, err := Train(context.Background(), TrainSpec{Config: cfg, Seed: 7, DataDir: testDataDir, OutDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		last := res.Last()
		if last.TestAcc < 0.8 || last.MeanP <= 0.25 || last.MeanP >= 1 || last.MutualInfoBits < 1.5 {
			t.Errorf("after one epoch: %+v", last)
		}
		rows := readCSV(t, filepath.Join(dir, MetricsFile))
		if got := strings.Join(rows[0][:len(metricsHeader)], ","); got != strings.Join(metricsHeader, ",") {
			t.Fatalf("header %s", got)
		}
		if len(rows) != 2 {
			t.Fatalf("%d rows, want header and one epoch", len(rows))
		}
		outs = append(outs, withoutSeconds(rows))
		var back config.Train
		m, err := results.ReadManifestConfig(dir, &back)
		if err != nil || m.Seed != 7 || back.Layers[1] != 32 || m.Version == "" || m.Backend == "" {
			t.Fatalf("manifest %+v %+v: %v", m, back, err)
		}
		ck, err := LoadCheckpoint(filepath.Join(dir, CheckpointFile))
		if err != nil || len(ck.Weights) != 2 || len(ck.Probs) != 2 {
			t.Fatalf("checkpoint: %v", err)
		}
	}
	if outs[0] != outs[1] {
		t.Fatalf("same seed, different metrics:\n%s\n%s", outs[0], outs[1])
	}
}

func TestTrainDeterministicAndSplit(t *testing.T) {
	requireMNIST(t)
	tests := []struct {
		name    string
		cfg     config.Train
		rows    int
		columns int
	}{
		{"energy-mlp", smallConfig(t, "energy-mlp"), 1, 1},
		{"energy-mlp-fixed", smallConfig(t, "energy-mlp-fixed"), 1, 1},
		{"split two tasks", smallConfig(t, "split-mnist-presyn", "num_tasks=2", "lr=0.01"), 2, 2},
		{"split joint", smallConfig(t, "split-mnist-joint", "num_tasks=2"), 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			res, err := Train(context.Background(), TrainSpec{Config: tt.cfg, Seed: 1, DataDir: testDataDir, OutDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Epochs) != tt.rows || len(res.Last().TaskAccuracies) != tt.columns {
				t.Fatalf("rows %d, last %+v", len(res.Epochs), res.Last())
			}
			last := res.Last()
			if last.TestAcc < 0.7 {
				t.Errorf("test accuracy %v", last.TestAcc)
			}
			if tt.cfg.Synapse == config.SynapseDeterministic && (last.MeanP != 1 || last.FracFrozen != 0) {
				t.Errorf("deterministic model reports mean_p %v frac_frozen %v", last.MeanP, last.FracFrozen)
			}
		})
	}
}

func TestTrainStopsOnDivergenceKeepingMetrics(t *testing.T) {
	requireMNIST(t)
	cfg := smallConfig(t, "energy-mlp", "lr=1e30", "epochs=2")
	dir := t.TempDir()
	_, err := Train(context.Background(), TrainSpec{Config: cfg, Seed: 1, DataDir: testDataDir, OutDir: dir})
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("err = %v, want divergence", err)
	}
	for _, want := range []string{"epoch 1", "step", "task 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, results.ManifestFile)); err != nil {
		t.Errorf("manifest missing after a failed run: %v", err)
	}
}

func TestTrainContinuousFollowsTheSchedule(t *testing.T) {
	requireMNIST(t)
	cfg := smallConfig(t, "continuous-mnist-presyn", "num_tasks=2", "lr=0.05", "epochs=2")
	res, err := Train(context.Background(), TrainSpec{Config: cfg, Seed: 1, DataDir: testDataDir, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Epochs) != 4 || res.Epochs[1].Task != 1 || res.Epochs[3].Task != 2 || len(res.Epochs[3].TaskAccuracies) != 2 {
		t.Fatalf("rows %+v", res.Epochs)
	}
	if acc := res.Epochs[1].TaskAccuracies[0]; acc < 0.7 {
		t.Errorf("first window's task learned to only %v", acc)
	}
}

// The training loop allocates nothing per step: an epoch of 600 steps allocates
// only its per-epoch closure.
func TestTrainEpochAllocatesNothingPerStep(t *testing.T) {
	requireMNIST(t)
	tensor.SetThreads(1) // as presyn's commands do; multi-threaded pure-Go GEMM allocates
	cfg := smallConfig(t, "energy-presyn")
	run, err := newTrainer(TrainSpec{Config: cfg, Seed: 1, DataDir: testDataDir})
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
		t.Fatalf("%v allocations per epoch of %d steps", allocs, run.trainTasks[0].Train.Len()/cfg.BatchSize)
	}
}
