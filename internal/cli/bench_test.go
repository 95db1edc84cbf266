package cli

import (
	"encoding/json"
	"testing"
)

func TestBenchJSON(t *testing.T) {
	useSyntheticData(t)
	status, out, errOut := run(t, "bench", "--json", "--repeats", "1")
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	for _, key := range []string{"train_epoch_s", "eval_s", "gflops"} {
		if !(got[key] > 0) {
			t.Errorf("%s = %v in %s", key, got[key], out)
		}
	}
	if status, _, _ := run(t, "bench", "--repeats", "0"); status != ExitUsage {
		t.Errorf("--repeats 0: status %d", status)
	}
}
