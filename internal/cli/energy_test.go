package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/tensor"
)

func TestEnergyFlags(t *testing.T) {
	tests := []struct {
		args   []string
		models int
		l2s    int
		seeds  int
		epochs string
	}{
		{nil, 3, 6, 3, ""},
		{[]string{"--quick"}, 3, 2, 1, "epochs=5"},
		{[]string{"--models", "presyn,mlp", "--l2", "0.01", "--seeds", "1-4", "--set", "epochs=2"}, 2, 1, 4, "epochs=2"},
	}
	for _, tt := range tests {
		var got energyOptions
		cmd := newEnergyCmd(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, _ Streams, o energyOptions) error {
			got = o
			return nil
		})
		cmd.SetArgs(append(tt.args, "--out", t.TempDir()))
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		s := got.Spec
		if len(s.Models) != tt.models || len(s.L2s) != tt.l2s || len(s.Seeds) != tt.seeds || (tt.epochs != "" && !strings.Contains(strings.Join(s.Overrides, " "), tt.epochs)) {
			t.Errorf("%v: spec %+v", tt.args, s)
		}
	}
}

func TestEnergyBadInputExitsTwo(t *testing.T) {
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "experiment.json"), []byte(`{"experiment": "perceptron"}`), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--models", "presyn,cnn"}, "unknown model"},
		{[]string{"--l2", ""}, "--l2"},
		{[]string{"--l2", "0.01,-0.1"}, "negative"},
		{[]string{"--l2", "0.01,abc"}, "not a number"},
		{[]string{"--seeds", "2019,2019"}, "twice"},
		{[]string{"--set", "nonsense=1"}, "unknown key"},
		{[]string{"--workers", "-1"}, "--workers"},
		{[]string{"--out", other}, "another experiment"},
	}
	for _, tt := range tests {
		args := append([]string{"energy"}, tt.args...)
		if !containsFlag(tt.args, "--out") {
			args = append(args, "--out", t.TempDir())
		}
		status, _, errOut := run(t, args...)
		first := strings.SplitN(errOut, "\n", 2)[0]
		if status != ExitUsage || !strings.Contains(first, tt.want) {
			t.Errorf("presyn %v: status %d, first line %q, want 2 and %q", args, status, first, tt.want)
		}
	}
}

func containsFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag {
			return true
		}
	}
	return false
}

// The smoke profile end to end: 6 runs of 5 epochs, tables and figures.
func TestEnergyQuickEndToEnd(t *testing.T) {
	if tensor.Backend() != "openblas" {
		t.Skip("--quick's time budget is set for the OpenBLAS build; the sweep logic is tested on tiny networks in internal/experiment")
	}
	requireDataDir(t)
	out := filepath.Join(t.TempDir(), "energy")
	status, stdout, errOut := run(t, "energy", "--quick", "--data-dir", "../../data", "--out", out)
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	for _, f := range []string{"summary.csv", "aggregate.csv", "fig1a.png", "fig1a.svg", "fig1a.pdf", "fig1b.png", "app1a.pdf", "app1b.svg"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if !strings.Contains(stdout, "best bits/1000 energy presyn") {
		t.Errorf("report: %s", stdout)
	}
}

func TestFixedPSmallSweep(t *testing.T) {
	requireDataDir(t)
	out := filepath.Join(t.TempDir(), "fixed-p")
	status, stdout, errOut := run(t, "energy", "fixed-p", "--p", "0.3,1", "--lrs", "0.05,0.1", "--seeds", "1,2",
		"--set", "epochs=1", "--set", "layers=[784,16,10]", "--set", "eval_samples=2", "--data-dir", "../../data", "--out", out)
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	best := readLines(t, filepath.Join(out, "app1c.csv"))
	if len(best) != 3 || !strings.HasPrefix(best[1], "0.3,") || !strings.HasPrefix(best[2], "1,") {
		t.Fatalf("app1c.csv:\n%s", strings.Join(best, "\n"))
	}
	if len(readLines(t, filepath.Join(out, "runs.csv"))) != 9 {
		t.Error("runs.csv does not hold the 8 runs")
	}
	if _, err := os.Stat(filepath.Join(out, "app1c.png")); err != nil || !strings.Contains(stdout, "best_lr") {
		t.Errorf("figure or report missing: %v\n%s", err, stdout)
	}
	for _, bad := range [][]string{{"--p", "0,0.5"}, {"--lrs", "-1"}, {"--seeds", "1,1"}, {"--l2", "-1"}} {
		args := append([]string{"energy", "fixed-p", "--out", t.TempDir()}, bad...)
		if status, _, errOut := run(t, args...); status != ExitUsage {
			t.Errorf("presyn %v: status %d (%s)", args, status, errOut)
		}
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(raw)), "\n")
}
