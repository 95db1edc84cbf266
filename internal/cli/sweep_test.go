package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSweepEndToEnd(t *testing.T) {
	useSyntheticData(t)
	out := filepath.Join(t.TempDir(), "sweep")
	args := []string{"sweep", "--config", "energy-presyn", "--grid", "p_min=0.1,0.25", "--grid", "layers=[784,16,10],[784,8,10]",
		"--seeds", "1,2", "--set", "epochs=1", "--set", "eval_samples=2", "--out", out}
	status, stdout, errOut := run(t, args...)
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
	if status, _, errOut = run(t, args...); status != ExitOK || strings.Contains(errOut, "ETA") {
		t.Errorf("second sweep: status %d, it ran runs again:\n%s", status, errOut)
	}
	if status, stdout, _ = run(t, "collect", out); status != ExitOK || !strings.Contains(stdout, "## Sweep") {
		t.Errorf("collect: status %d:\n%s", status, stdout)
	}
}

func TestSweepBadInput(t *testing.T) {
	useSyntheticData(t)
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
	} {
		args := append(append([]string{"sweep"}, tt.args...), "--out", filepath.Join(t.TempDir(), "s"))
		status, _, errOut := run(t, args...)
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
