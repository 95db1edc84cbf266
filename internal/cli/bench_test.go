package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchJSON(t *testing.T) {
	useSyntheticData(t)
	status, out, errOut := run(t, "bench", "--json", "--repeats", "1")
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
	status, out, _ = run(t, "bench", "--repeats", "1")
	if status != ExitOK || !strings.Contains(out, "of SGEMM's") {
		t.Errorf("report:\n%s", out)
	}
	if status, _, _ := run(t, "bench", "--repeats", "0"); status != ExitUsage {
		t.Errorf("--repeats 0: status %d", status)
	}
}
