package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/data"
)

func TestBenchFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want benchOptions
	}{
		{[]string{"bench"}, benchOptions{Data: data.Dir(defaultDataDir()), Repeats: 2}},
		{[]string{"bench", "--json", "--repeats", "3"}, benchOptions{Data: data.Dir(defaultDataDir()), Repeats: 3, JSON: true}},
		{[]string{"--data-dir", "/d", "bench", "--repeats=1"}, benchOptions{Data: data.Dir("/d"), Repeats: 1}},
		{[]string{"bench", "--calibrate", "--json"}, benchOptions{Data: data.Dir(defaultDataDir()), Repeats: 2, JSON: true, Calibrate: true}},
	}
	for _, tt := range tests {
		var got benchOptions
		cmd := newBenchCmd(discard(), func(_ context.Context, o benchOptions) error { got = o; return nil })
		if status, errOut := runSeam(t, cmd, tt.args...); status != ExitOK {
			t.Fatalf("presyn %v: status %d: %s", tt.args, status, errOut)
		}
		if got != tt.want {
			t.Errorf("presyn %v: options %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestBenchBadFlags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "--repeats", "0"}, "--repeats is 0, want at least 1"},
		{[]string{"bench", "--repeats", "-1"}, "--repeats is -1"},
		{[]string{"bench", "--repeats", "two"}, "is not"},
		{[]string{"bench", "--json=maybe"}, "is not"},
		{[]string{"bench", "extra"}, "takes no arguments"},
		{[]string{"--threads", "0", "bench"}, "--threads"},
	} {
		cmd := newBenchCmd(discard(), func(context.Context, benchOptions) error { t.Errorf("presyn %v ran", tt.args); return nil })
		status, errOut := runSeam(t, cmd, tt.args...)
		if status != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q; want 2 and %q", tt.args, status, errOut, tt.want)
		}
	}
}

func TestBenchJSON(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	status, out, errOut := presyn("bench", "--json", "--repeats", "1")
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	for _, key := range []string{"train_epoch_s", "eval_s", "gflops", "train_gflops", "eval_gflops",
		"sgemm_train_gflops", "sgemm_eval_gflops", "efficiency_train", "efficiency_eval", "train_steps"} {
		if v, ok := got[key].(float64); !ok || !(v > 0) {
			t.Errorf("%s = %v in %s", key, got[key], out)
		}
	}
	if core, _ := got["blas_core"].(string); !strings.HasPrefix(core, "openblas/") && core != "gonum/purego" {
		t.Errorf("blas_core = %q", core)
	}
	status, out, _ = presyn("bench", "--repeats", "1")
	if status != ExitOK || !strings.Contains(out, "of SGEMM's") {
		t.Errorf("report:\n%s", out)
	}
	if status, _, _ := presyn("bench", "--repeats", "0"); status != ExitUsage {
		t.Errorf("--repeats 0: status %d", status)
	}
}
