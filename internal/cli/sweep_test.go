package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/study"
)

func TestSweepFlags(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	type resolved struct {
		grid, ranges int
		seeds        []uint64
		random       int
		searchSeed   uint64
		metric       string
		minimize     bool
		overrides    int
		workers      int
		shard        study.Shard
	}
	tests := []struct {
		args []string
		want resolved
	}{
		{[]string{"--config", "energy-presyn", "--grid", "p_min=0.1,0.25", "--grid", "l2=0.01"},
			resolved{grid: 2, seeds: []uint64{2019, 2020, 2021}, searchSeed: 1, metric: "test_acc"}},
		{[]string{"--config", "split-mnist-presyn", "--grid", "layers=[784,100,100,2],[784,400,400,2]", "--seeds", "1-2", "--set", "epochs=1", "--workers", "3", "--shard", "2/2"},
			resolved{grid: 1, seeds: []uint64{1, 2}, searchSeed: 1, metric: "mean_acc", overrides: 1, workers: 3, shard: study.Shard{K: 2, N: 2}}},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--metric", "train_loss"},
			resolved{grid: 1, seeds: []uint64{2019, 2020, 2021}, searchSeed: 1, metric: "train_loss", minimize: true}},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--metric", "train_loss", "--minimize=false"},
			resolved{grid: 1, seeds: []uint64{2019, 2020, 2021}, searchSeed: 1, metric: "train_loss"}},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--metric", "test_acc", "--minimize"},
			resolved{grid: 1, seeds: []uint64{2019, 2020, 2021}, searchSeed: 1, metric: "test_acc", minimize: true}},
		{[]string{"--config", "perm-mnist-presyn", "--random", "4", "--search-seed", "9", "--grid", "presyn.p_freeze=0.9:0.96", "--grid", "presyn.lr=0.001:0.1:log"},
			resolved{ranges: 2, seeds: []uint64{1, 2}, random: 4, searchSeed: 9, metric: "mean_acc"}},
		{[]string{"--config", "energy-presyn", "--random", "2", "--seeds", "7", "--grid", "l2=0.01:0.1"},
			resolved{ranges: 1, seeds: []uint64{7}, random: 2, searchSeed: 1, metric: "test_acc"}},
	}
	for _, tt := range tests {
		var s sweep.Study
		var o study.Options
		cmd := newSweepCmd(discard(), func(_ context.Context, _ Streams, spec sweep.Study, opts study.Options) error {
			s, o = spec, opts
			return nil
		})
		args := append(append([]string{"sweep"}, tt.args...), "--out", out)
		if status, errOut := runSeam(t, cmd, args...); status != ExitOK {
			t.Fatalf("presyn %v: status %d: %s", args, status, errOut)
		}
		got := resolved{len(s.Grid), len(s.Ranges), s.Seeds, s.Random, s.SearchSeed, s.Metric, s.Minimize, len(s.Overrides), o.Workers, o.Shard}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || s.Config != tt.args[1] || len(s.Base) == 0 || s.Data == nil || o.Dir != out {
			t.Errorf("presyn %v:\n got %+v (config %q, dir %q)\nwant %+v", args, got, s.Config, o.Dir, tt.want)
		}
	}
}

func TestSweepEndToEnd(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	out := filepath.Join(t.TempDir(), "sweep")
	args := []string{"sweep", "--config", "energy-presyn", "--grid", "p_min=0.1,0.25", "--grid", "layers=[784,16,10],[784,8,10]",
		"--seeds", "1,2", "--set", "epochs=1", "--set", "eval_samples=2", "--out", out}
	status, stdout, errOut := presyn(args...)
	if status != ExitOK || !strings.Contains(stdout, "## Sweep: energy-presyn over p_min, layers") || !strings.Contains(stdout, "Welch t-test") {
		t.Fatalf("status %d (%s):\n%s", status, errOut, stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "runs", "p_min-0.25_layers-784-8-10_seed-2", "metrics.csv")); err != nil {
		t.Error(err)
	}
	for _, f := range []string{"summary.csv", "aggregate.csv", "sweep.csv", "sweep.png", "report.md"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	// Again: every run is finished, nothing runs.
	if status, _, errOut = presyn(args...); status != ExitOK || strings.Contains(errOut, "ETA") {
		t.Errorf("second sweep: status %d, it ran runs again:\n%s", status, errOut)
	}
	if status, stdout, _ = presyn("collect", out); status != ExitOK || !strings.Contains(stdout, "## Sweep") {
		t.Errorf("collect: status %d:\n%s", status, stdout)
	}
}

func TestSweepBadInput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--grid", "l2=0.01"}, "--config is required"},
		{[]string{"--config", "energy-presyn"}, "empty grid"},
		{[]string{"--config", "nonexistent", "--grid", "l2=0.01"}, "neither a config name"},
		{[]string{"--config", "energy-presyn", "--grid", "gamme=1,2"}, `unknown key "gamme"`},
		{[]string{"--config", "energy-presyn", "--grid", "p_min=0.1,2"}, "p_min=2"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01,,0.02"}, "empty value"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--metric", "acc"}, `--metric "acc"`},
		{[]string{"--config", "energy-presyn", "--random", "3", "--grid", "l2=0.01,0.02"}, "not key=lo:hi"},
		{[]string{"--config", "energy-presyn", "--random", "-1", "--grid", "l2=0.01:0.02"}, "--random is -1"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=" + manyValues(60), "--grid", "p_min=" + manyValues(60)}, "over 10000: add --yes"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--random", "x"}, "is not"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--seeds", "2,2"}, "twice"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--workers", "-2"}, "--workers"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "--shard", "1/0"}, "--shard"},
		{[]string{"--config", "energy-presyn", "--grid", "l2=0.01", "extra"}, "takes no arguments"},
	} {
		cmd := newSweepCmd(discard(), func(context.Context, Streams, sweep.Study, study.Options) error {
			t.Errorf("presyn sweep %v ran", tt.args)
			return nil
		})
		args := append(append([]string{"sweep"}, tt.args...), "--out", filepath.Join(t.TempDir(), "s"))
		status, errOut := runSeam(t, cmd, args...)
		if status != ExitUsage || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("presyn %v: status %d, stderr %q; want exit 2 and one line with %q", args, status, errOut, tt.want)
		}
	}
}

// manyValues returns n distinct values in [0.2, 0.3), comma-separated.
func manyValues(n int) string {
	v := make([]string, n)
	for i := range v {
		v[i] = fmt.Sprintf("0.2%04d", i)
	}
	return strings.Join(v, ",")
}

// Two sweeps of one config with different grids do not share a folder: the
// second is refused, naming a folder for it, and the first still collects; a
// grid that extends the first resumes in it.
func TestSweepAnotherGridIsRefused(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	out := filepath.Join(t.TempDir(), "sweep")
	sweepOf := func(grid string) []string {
		return []string{"sweep", "--config", "energy-presyn", "--grid", grid, "--seeds", "1",
			"--set", "epochs=1", "--set", "layers=[784,8,10]", "--set", "eval_samples=2", "--out", out}
	}
	if status, _, errOut := presyn(sweepOf("l2=0.01,0.1")...); status != ExitOK {
		t.Fatalf("first sweep: status %d: %s", status, errOut)
	}
	status, _, errOut := presyn(sweepOf("l2=0.05")...)
	if status != ExitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 ||
		!strings.Contains(errOut, "holds 2 finished runs of another plan") || !strings.Contains(errOut, "--out "+out+"-") {
		t.Fatalf("another grid: status %d, stderr %q", status, errOut)
	}
	if status, stdout, errOut := presyn("collect", out); status != ExitOK || !strings.Contains(stdout, "l2") {
		t.Fatalf("collect after the refusal: status %d (%s)", status, errOut)
	}
	if status, _, errOut := presyn(sweepOf("l2=0.01,0.1,0.05")...); status != ExitOK {
		t.Errorf("an extended grid: status %d: %s", status, errOut)
	}
}

// A finished run whose permutations file changed is not taken as finished; one
// made before presyn recorded the file's hash still is (0 runs to redo).
func TestSweepRunsHoldTheirPermutationsContent(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	dir := t.TempDir()
	perms := filepath.Join(dir, "perms.txt")
	writePermsFile(t, perms, 0)
	out := filepath.Join(dir, "sweep")
	args := []string{"sweep", "--config", "perm-mnist-presyn", "--grid", "epochs=1", "--seeds", "1",
		"--set", "num_tasks=2", "--set", "layers=[784,8,10]", "--set", "eval_samples=2", "--set", "permutations=" + perms, "--out", out}
	if status, _, errOut := presyn(args...); status != ExitOK {
		t.Fatalf("first sweep: status %d: %s", status, errOut)
	}
	// Runs made before the hash was recorded: manifests without it.
	manifest := filepath.Join(out, "runs", "epochs-1_seed-1", "config.json")
	raw, err := os.ReadFile(manifest)
	if err != nil || !strings.Contains(string(raw), `"permutations_sha256"`) {
		t.Fatalf("the manifest records no hash: %v\n%s", err, raw)
	}
	legacy := regexp.MustCompile(`,?\s*"permutations_sha256":\s*"[0-9a-f]*"`).ReplaceAll(raw, nil)
	if err := os.WriteFile(manifest, legacy, 0o644); err != nil {
		t.Fatal(err)
	}
	if status, _, errOut := presyn(args...); status != ExitOK || !strings.Contains(errOut, "all 1 run already finished") {
		t.Errorf("a run without a recorded hash: status %d, want it finished:\n%s", status, errOut)
	}
	if status, _, errOut := presyn("collect", out); status != ExitOK {
		t.Errorf("collect of a run without a recorded hash: status %d: %s", status, errOut)
	}
	// The rerun recorded nothing new in the run; now make it record the hash
	// again and change the file's content.
	os.WriteFile(manifest, raw, 0o644)
	writePermsFile(t, perms, 3)
	status, _, errOut := presyn(args...)
	if status != ExitUsage || !strings.Contains(errOut, "holds run epochs-1_seed-1 made with other settings") {
		t.Errorf("a changed permutations file: status %d, stderr %q", status, errOut)
	}
}

// writePermsFile writes two pixel permutations (the identity rotated by shift
// and shift+1) into path.
func writePermsFile(t *testing.T, path string, shift int) {
	t.Helper()
	perms := make([][]int32, 2)
	for i := range perms {
		perms[i] = make([]int32, data.Pixels)
		for j := range perms[i] {
			perms[i][j] = int32((j + shift + i) % data.Pixels)
		}
	}
	var b bytes.Buffer
	if err := data.WritePermutations(&b, perms); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
