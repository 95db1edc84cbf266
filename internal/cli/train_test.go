package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
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
	status, stdout, errOut := presyn("train", "--config", "energy-mlp", "--set", "epochs=2", "--set", "layers=[784,16,10]", "--out", out, "--progress")
	if status != ExitOK || !strings.Contains(errOut, "task 1 epoch 2") {
		t.Fatalf("status %d: %s", status, errOut)
	}
	// Not on a terminal, progress or not, train ends with one line: the
	// headline numbers and the run's folder.
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if last := lines[len(lines)-1]; len(lines) != 1 || !strings.HasPrefix(last, "train: 2 epochs in ") || !strings.Contains(last, "test accuracy ") ||
		!strings.Contains(last, "synaptic energy ") || !strings.HasSuffix(last, "the run is in "+out) {
		t.Errorf("stdout is %q, want one line with the numbers and %s", stdout, out)
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
	// A task checkpoint missing in the middle is named, not the end of the run.
	if err := os.Remove(filepath.Join(out, "checkpoint_task02.gob")); err != nil {
		t.Fatal(err)
	}
	if status, _, errOut := presyn("stability", out, "--samples", "2"); status != ExitFailure || !strings.Contains(errOut, "no checkpoint_task02.gob (the run learnt 3 tasks)") {
		t.Errorf("a missing task checkpoint: status %d, %s", status, errOut)
	}
}

// presyn train never replaces a finished run: the same run (config, seed, data)
// is already finished (exit 0, nothing trained), another is refused in one line
// naming --out (exit 2), and so is any folder of a study.
func TestTrainKeepsFinishedRuns(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	root := t.TempDir()
	tiny := []string{"--config", "energy-presyn", "--set", "epochs=1", "--set", "layers=[784,16,10]", "--set", "eval_samples=2"}
	trainInto := func(out string, extra ...string) (int, string) {
		t.Helper()
		args := append(append(append([]string{"train"}, tiny...), extra...), "--out", out)
		status, _, errOut := presyn(args...)
		return status, errOut
	}
	finished := filepath.Join(root, "finished")
	if status, errOut := trainInto(finished, "--seed", "7"); status != ExitOK {
		t.Fatalf("first run: status %d: %s", status, errOut)
	}
	// A run from before train recorded its wall time: known by its checkpoint.
	legacy := filepath.Join(root, "legacy")
	if status, errOut := trainInto(legacy, "--seed", "7"); status != ExitOK {
		t.Fatalf("legacy run: status %d: %s", status, errOut)
	}
	raw, _ := os.ReadFile(filepath.Join(legacy, "config.json"))
	os.WriteFile(filepath.Join(legacy, "config.json"), regexp.MustCompile(`,\s*"seconds":\s*[0-9.e+-]+`).ReplaceAll(raw, nil), 0o644)
	// A run killed before the end: a manifest and no checkpoint.
	killed := filepath.Join(root, "killed")
	if status, errOut := trainInto(killed, "--seed", "7"); status != ExitOK {
		t.Fatalf("killed run: status %d: %s", status, errOut)
	}
	os.Remove(filepath.Join(killed, "checkpoint.gob"))
	raw, _ = os.ReadFile(filepath.Join(killed, "config.json"))
	os.WriteFile(filepath.Join(killed, "config.json"), regexp.MustCompile(`,\s*"seconds":\s*[0-9.e+-]+`).ReplaceAll(raw, nil), 0o644)
	// A study, and one of its runs.
	studyDir := filepath.Join(root, "study")
	if status, _, errOut := presyn(append(append([]string{"sweep", "--grid", "l2=0.01", "--seeds", "1"}, tiny...), "--out", studyDir)...); status != ExitOK {
		t.Fatalf("study: status %d: %s", status, errOut)
	}
	studyRun := filepath.Join(studyDir, "runs", "l2-0.01_seed-1")

	tests := []struct {
		name   string
		out    string
		extra  []string
		status int
		want   string
	}{
		{"the same run", finished, []string{"--seed", "7"}, ExitOK, "already holds this run"},
		{"the same run, made before seconds were recorded", legacy, []string{"--seed", "7"}, ExitOK, "already holds this run"},
		{"another seed", finished, []string{"--seed", "8"}, ExitUsage, "--out " + finished + " holds a finished run made with another config, seed or data; choose another --out"},
		{"another config", finished, []string{"--seed", "7", "--set", "l2=0.5"}, ExitUsage, "holds a finished run made with another config"},
		{"a run of a study", studyRun, []string{"--seed", "1"}, ExitUsage, "--out " + studyRun + " is inside the results folder"},
		{"a study's folder", studyDir, nil, ExitUsage, "of sweep, whose runs"},
		{"a study's runs folder", filepath.Join(studyDir, "runs"), nil, ExitUsage, "choose another --out"},
	}
	for _, tt := range tests {
		before, _ := os.ReadFile(filepath.Join(tt.out, "config.json"))
		status, errOut := trainInto(tt.out, tt.extra...)
		if status != tt.status || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%s: status %d, stderr %q; want %d and %q", tt.name, status, errOut, tt.status, tt.want)
		}
		if after, _ := os.ReadFile(filepath.Join(tt.out, "config.json")); !bytes.Equal(before, after) {
			t.Errorf("%s: the run's manifest changed", tt.name)
		}
	}
	if status, errOut := trainInto(killed, "--seed", "8"); status != ExitOK || strings.Contains(errOut, "already") {
		t.Errorf("a killed run is trained again: status %d: %s", status, errOut)
	}
	if status, _, errOut := presyn("collect", studyDir); status != ExitOK {
		t.Errorf("the study no longer collects: status %d: %s", status, errOut)
	}
}

// presyn train's resume compares the permutations file's content: a finished run
// whose file changed is not the same run.
func TestTrainResumeHoldsThePermutationsContent(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	dir := t.TempDir()
	perms, out := filepath.Join(dir, "perms.txt"), filepath.Join(dir, "run")
	writePermsFile(t, perms, 0)
	args := []string{"train", "--config", "perm-mnist-presyn", "--set", "num_tasks=2", "--set", "epochs=1", "--set", "layers=[784,8,10]",
		"--set", "eval_samples=2", "--set", "permutations=" + perms, "--out", out}
	if status, _, errOut := presyn(args...); status != ExitOK {
		t.Fatalf("first run: status %d: %s", status, errOut)
	}
	if status, _, errOut := presyn(args...); status != ExitOK || !strings.Contains(errOut, "already holds this run") {
		t.Errorf("the same file: status %d: %s", status, errOut)
	}
	writePermsFile(t, perms, 3)
	if status, _, errOut := presyn(args...); status != ExitUsage || !strings.Contains(errOut, "another config, seed or data") {
		t.Errorf("a changed file: status %d: %s", status, errOut)
	}
}
