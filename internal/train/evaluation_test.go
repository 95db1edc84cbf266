package train

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/results"
)

// What a run measures never changes its training: the same seed trains the same
// network (the same losses, release probabilities and checkpoint, byte for byte)
// and measures the same at the tasks' ends, whether it measures only there,
// after every epoch, or the first task and the information in between. Issue 23.
func TestEvaluationLeavesTrainingAsItWas(t *testing.T) {
	cases := []struct {
		name   string
		config string
		extra  []string
	}{
		{"presyn, permuted", "perm-mnist-presyn", []string{"num_tasks=2", "epochs=3"}},
		{"bgd, split", "split-mnist-bgd", []string{"num_tasks=2", "epochs=3", "bgd.k_train=2", "bgd.k_test=2"}},
		{"ewc, permuted", "perm-mnist-ewc", []string{"num_tasks=2", "epochs=3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var base []EpochMetrics
			var baseCk []byte
			for i, v := range []struct {
				every string
				ev    Evaluation
			}{{"eval_every=0", Evaluation{}}, {"eval_every=1", Evaluation{}}, {"eval_every=0", Evaluation{FirstTask: true, Info: true}}} {
				cfg := smallConfig(t, tc.config, append(tc.extra, v.every)...)
				dir := t.TempDir()
				res, err := Run(context.Background(), Spec{Config: cfg, Seed: 11, Data: synthetic, OutDir: dir, Eval: v.ev})
				if err != nil {
					t.Fatal(err)
				}
				ck, err := os.ReadFile(filepath.Join(dir, CheckpointFile))
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					base, baseCk = res.Epochs, ck
					continue
				}
				for e, row := range res.Epochs {
					b := base[e]
					if row.TrainLoss != b.TrainLoss || row.TrainAcc != b.TrainAcc || row.MeanP != b.MeanP || row.FracFrozen != b.FracFrozen || row.EnergySynaptic != b.EnergySynaptic {
						t.Errorf("%s %+v: epoch %d trained differently:\n%+v\n%+v", v.every, v.ev, e+1, row, b)
					}
					// Each measurement is seeded by what it measures, so a task's
					// end reads the same whatever else was measured.
					if end := row.Epoch == cfg.Epochs; end && (row.TestAcc != b.TestAcc || row.MutualInfoBits != b.MutualInfoBits || row.EnergyNeuron != b.EnergyNeuron) {
						t.Errorf("%s %+v: task %d's end measured %v, want %v", v.every, v.ev, row.Task, row.TestAcc, b.TestAcc)
					}
				}
				if !bytes.Equal(ck, baseCk) {
					t.Errorf("%s %+v: another checkpoint", v.every, v.ev)
				}
			}
		})
	}
}

// Each row holds what its epoch measured and NaN for the rest; the always-kept
// columns are always there.
func TestEvaluationMeasuresWhatItSays(t *testing.T) {
	cases := []struct {
		name  string
		extra []string
		ev    Evaluation
		// per epoch of each of 2 tasks x 3 epochs: "a" every task seen, "1"
		// the first task, "i" the information alone, "-" nothing
		want string
	}{
		{"task ends", nil, Evaluation{}, "--a--a"},
		{"first task", nil, Evaluation{FirstTask: true}, "aaa11a"}, // task 1 is also the current one
		{"information", nil, Evaluation{Info: true}, "iia iia"},
		{"eval_every=2", []string{"eval_every=2"}, Evaluation{}, "-aa-aa"},
		{"eval_every=1", []string{"eval_every=1"}, Evaluation{}, "aaaaaa"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := smallConfig(t, "perm-mnist-presyn", append([]string{"num_tasks=2", "epochs=3"}, tc.extra...)...)
			dir := t.TempDir()
			res, err := Run(context.Background(), Spec{Config: cfg, Seed: 3, Data: synthetic, OutDir: dir, Eval: tc.ev})
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tc.want, " ", "")
			var got strings.Builder
			for _, r := range res.Epochs {
				if math.IsNaN(r.TrainLoss) || math.IsNaN(r.MeanP) || math.IsNaN(r.EnergySynaptic) {
					t.Errorf("task %d epoch %d lost an always-kept column: %+v", r.Task, r.Epoch, r)
				}
				measured := 0
				for _, a := range r.TaskAccuracies {
					if !math.IsNaN(a) {
						measured++
					}
				}
				switch {
				case measured == len(r.TaskAccuracies) && !math.IsNaN(r.EnergyNeuron) && !math.IsNaN(r.MutualInfoBits):
					got.WriteByte('a')
				case measured == 1 && !math.IsNaN(r.TaskAccuracies[0]) && !math.IsNaN(r.TestAcc):
					got.WriteByte('1')
				case measured == 0 && !math.IsNaN(r.MutualInfoBits) && math.IsNaN(r.EnergyNeuron):
					got.WriteByte('i')
				case measured == 0 && math.IsNaN(r.MutualInfoBits) && math.IsNaN(r.TestAcc):
					got.WriteByte('-')
				default:
					got.WriteByte('?')
				}
			}
			if got.String() != want {
				t.Errorf("measured %q, want %q", got.String(), want)
			}
			// What was written is what a collector accepts for that evaluation.
			if _, err := ReadFinishedMetrics(dir, cfg, tc.ev); err != nil {
				t.Error(err)
			}
		})
	}
}

// A number the evaluation must have measured may not be NaN; one it need not
// may be NaN or a number (runs of earlier versions measured every epoch).
func TestCheckMetricsHoldsTheEvaluation(t *testing.T) {
	cfg := smallConfig(t, "perm-mnist-presyn", "num_tasks=2", "epochs=2")
	dir := t.TempDir()
	res, err := Run(context.Background(), Spec{Config: cfg, Seed: 5, Data: synthetic, OutDir: dir, Eval: Evaluation{FirstTask: true}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(rows []EpochMetrics, ev Evaluation) error {
		return CheckMetrics(results.NewCheck("metrics.csv"), rows, cfg, ev)
	}
	if err := check(res.Epochs, Evaluation{}); err != nil {
		t.Errorf("measuring more than needed: %v", err)
	}
	if err := check(res.Epochs, Evaluation{Info: true}); err == nil || !strings.Contains(err.Error(), "mutual_info_bits") {
		t.Errorf("information needed every epoch but not measured: %v", err)
	}
	damaged := append([]EpochMetrics(nil), res.Epochs...)
	damaged[0].TaskAccuracies = []float64{math.NaN()}
	if err := check(damaged, Evaluation{FirstTask: true}); err == nil || !strings.Contains(err.Error(), "acc_task1") {
		t.Errorf("first task needed but NaN: %v", err)
	}
	damaged = append([]EpochMetrics(nil), res.Epochs...)
	damaged[3].TaskAccuracies = []float64{0.9, math.NaN()}
	if err := check(damaged, Evaluation{}); err == nil || !strings.Contains(err.Error(), "acc_task2") {
		t.Errorf("a task end with a task not measured: %v", err)
	}
}
