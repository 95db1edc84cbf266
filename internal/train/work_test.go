package train

import (
	"context"
	"testing"

	"github.com/presyn/presyn/internal/data"
)

// CountWork counts what Run does: the same training steps and passes, and the
// same test samples predicted (every Predict's rows), for every kind of run
// and every measurement a study asks for. The count follows the run's own
// rules (measureOf), and this holds the two together.
func TestCountWorkIsWhatRunDoes(t *testing.T) {
	tests := []struct {
		config string
		extra  []string
		ev     Evaluation
	}{
		{"energy-presyn", []string{"epochs=3"}, Evaluation{}},
		{"energy-presyn", []string{"epochs=3", "eval_every=2"}, Evaluation{}},
		{"energy-mlp-fixed", []string{"epochs=3"}, Evaluation{Info: true}},
		{"energy-mlp", []string{"epochs=2"}, Evaluation{Info: true}},
		{"split-mnist-presyn", []string{"num_tasks=3", "epochs=2"}, Evaluation{FirstTask: true}},
		{"split-mnist-bgd", []string{"num_tasks=2", "epochs=2", "bgd.k_train=2", "bgd.k_test=3"}, Evaluation{FirstTask: true, Info: true}},
		{"perm-mnist-bgd", []string{"num_tasks=2", "bgd.k_train=2", "bgd.k_test=2", "bgd.test_mode=map"}, Evaluation{}},
		{"perm-mnist-ewc", []string{"num_tasks=2", "epochs=2"}, Evaluation{}},
		{"perm-mnist-joint", []string{"num_tasks=3", "epochs=2"}, Evaluation{}},
		{"split-mnist-joint", []string{"num_tasks=2"}, Evaluation{Info: true}},
		{"perm-mnist-cont-presyn", []string{"num_tasks=2", "epochs=2"}, Evaluation{FirstTask: true}},
	}
	for _, tt := range tests {
		cfg := smallConfig(t, tt.config, tt.extra...)
		res, err := Run(context.Background(), Spec{Config: cfg, Seed: 5, Data: synthetic, OutDir: t.TempDir(), Eval: tt.ev})
		if err != nil {
			t.Fatalf("%s %v: %v", tt.config, tt.extra, err)
		}
		w, err := CountWork(cfg, tt.ev, 5, synthetic)
		if err != nil {
			t.Fatal(err)
		}
		if w.Steps != res.Steps || w.Steps*w.Passes != res.Passes || w.TestRows() != res.TestRows {
			t.Errorf("%s %v %+v: counted %d steps of %d passes and %d test rows; Run made %d steps, %d passes, %d test rows",
				tt.config, tt.extra, tt.ev, w.Steps, w.Passes, w.TestRows(), res.Steps, res.Passes, res.TestRows)
		}
	}
}

// On the real data sets' sizes (data.Sizes, no files read): Permuted MNIST's
// presynaptic run of 10 tasks of 10 epochs trains 600 steps an epoch and
// measures after each task every task seen, 1 + 2 + ... + 10 = 55
// measurements of 10 sampled networks on 10,000 test images; Split MNIST's
// first task (digits 0 and 1: 12,665 images) trains 126 steps an epoch.
func TestCountWorkOnTheRealSizes(t *testing.T) {
	cfg := smallConfig(t, "perm-mnist-presyn", "epochs=10", "eval_samples=10")
	w, err := CountWork(cfg, Evaluation{}, 2019, data.Sizes{})
	if err != nil {
		t.Fatal(err)
	}
	if w.Steps != 10*10*600 || w.TestRows() != 55*10*10000 || !w.Permuted {
		t.Errorf("perm-mnist-presyn: %d steps, %d test rows, permuted %v; want 60000, 5500000, true", w.Steps, w.TestRows(), w.Permuted)
	}
	cfg = smallConfig(t, "split-mnist-ewc", "num_tasks=1", "epochs=10")
	if w, err = CountWork(cfg, Evaluation{}, 2019, data.Sizes{}); err != nil {
		t.Fatal(err)
	}
	if w.Steps != 10*126 || w.FisherSamples != 12665 || w.TestRows() != 2115 {
		t.Errorf("split-mnist-ewc: %d steps, %d Fisher samples, %d test rows; want 1260, 12665, 2115", w.Steps, w.FisherSamples, w.TestRows())
	}
}

// ProductFLOPs counts the products newProducts times (and Bench reports).
func TestProductFLOPs(t *testing.T) {
	for _, layers := range [][]int{{784, 200, 200, 10}, {784, 32, 2}, {5, 3}} {
		for _, training := range []bool{false, true} {
			if got, want := ProductFLOPs(layers, 7, training), newProducts(layers, 7, training).flops(); got != want {
				t.Errorf("%v training %v: %v FLOPs, the products are %v", layers, training, got, want)
			}
		}
	}
}
