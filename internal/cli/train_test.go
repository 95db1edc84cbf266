package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/method"
)

func TestTrainFlagsResolveConfig(t *testing.T) {
	t.Parallel()
	var got trainOptions
	cmd := newTrainCmd(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, o trainOptions) error {
		got = o
		return nil
	})
	out := t.TempDir()
	cmd.SetArgs([]string{"--config", "energy-mlp", "--set", "l2=0.05", "--set", "epochs=2", "--seed", "2020", "--out", out})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Config.Name != "energy-mlp" || got.Config.Settings.(*method.SGDSettings).L2 != 0.05 || got.Config.Epochs != 2 || got.Seed != 2020 || got.OutDir != out {
		t.Fatalf("options %+v", got)
	}
}

func TestTrainBadInput(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"train", "--out", t.TempDir()}, "--config is required"},
		{[]string{"train", "--config", "energy-presyn"}, "--out is required"},
		{[]string{"train", "--config", "energy-presyn", "--set", "gamme=1", "--out", t.TempDir()}, `unknown key "gamme"`},
		{[]string{"train", "--config", "energy-presyn", "--set", "lr=-1", "--out", t.TempDir()}, "lr"},
		{[]string{"train", "--config", "energy-presyn", "--set", "presyn.p_up=2", "--out", t.TempDir()}, "p_up"},
		{[]string{"train", "--config", "energy-presyn", "--set", "method=sgd", "--out", t.TempDir()}, "does not learn release probabilities"},
		{[]string{"train", "--config", "energy-presyn", "--set", "p_min=0", "--out", t.TempDir()}, "p_min"},
		{[]string{"train", "--config", "energy-presyn", "--set", "layers=[784,200,7]", "--out", t.TempDir()}, "layers"},
		{[]string{"train", "--config", "energy-presyn", "--seed", "-3", "--out", t.TempDir()}, "seed"},
	}
	for _, tt := range tests {
		status, _, errOut := run(t, tt.args...)
		if status != ExitUsage {
			t.Errorf("presyn %v: status %d, want %d (stderr %q)", tt.args, status, ExitUsage, errOut)
		}
		first := strings.SplitN(errOut, "\n", 2)[0]
		if !strings.Contains(first, tt.want) {
			t.Errorf("presyn %v: first line %q, want it to mention %q", tt.args, first, tt.want)
		}
	}
}

// A run that fails while running (here: no data) exits 1 with one line.
func TestTrainDataFailureExitsOne(t *testing.T) {
	t.Setenv("GOMODCACHE", t.TempDir()) // hide the GoMNIST fallback
	t.Setenv("GOPATH", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	status, _, errOut := run(t, "train", "--config", "energy-presyn", "--data-dir", t.TempDir(), "--out", t.TempDir())
	if status != ExitFailure || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
}

// One run end to end on synthetic data: the folder it leaves.
func TestTrainWritesRunFolder(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	out := t.TempDir()
	status, _, errOut := presyn("train", "--config", "energy-mlp", "--set", "epochs=2", "--set", "layers=[784,16,10]", "--out", out, "--progress")
	if status != ExitOK || !strings.Contains(errOut, "task 1 epoch 2") {
		t.Fatalf("status %d: %s", status, errOut)
	}
	for _, f := range []string{"config.json", "metrics.csv", "checkpoint.gob"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}

// Task checkpoints and what presyn stability makes of them.
func TestTaskCheckpointsAndStability(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	out := t.TempDir()
	status, _, errOut := presyn("train", "--config", "perm-mnist-presyn", "--set", "num_tasks=3", "--set", "epochs=1",
		"--set", "layers=[784,32,10]", "--set", "eval_samples=2", "--set", "lr=0.05", "--task-checkpoints", "--out", out)
	if status != ExitOK {
		t.Fatalf("train: %s", errOut)
	}
	for _, f := range []string{"checkpoint_task01.gob", "checkpoint_task02.gob", "checkpoint_task03.gob", "checkpoint.gob"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	status, report, errOut := presyn("stability", out, "--samples", "2")
	if status != ExitOK || !strings.Contains(report, "| 3 |") || !strings.Contains(report, "every other synapse restored") {
		t.Fatalf("stability: status %d (%s):\n%s", status, errOut, report)
	}
	if status, _, errOut := presyn("stability", t.TempDir()); status != ExitFailure || !strings.Contains(errOut, "config.json") {
		t.Errorf("a folder without a run: status %d, %s", status, errOut)
	}
}
