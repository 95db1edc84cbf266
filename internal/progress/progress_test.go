package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestETA(t *testing.T) {
	tests := []struct {
		elapsed     time.Duration
		done, total int
		want        string
	}{
		{10 * time.Second, 1, 4, "30s"},
		{10 * time.Second, 0, 4, "unknown"},
		{10 * time.Second, 4, 4, "0s"},
		{90 * time.Second, 1, 2, "1m30s"},
	}
	for _, tt := range tests {
		if got := ETA(tt.elapsed, tt.done, tt.total); got != tt.want {
			t.Errorf("ETA(%v, %d, %d) = %s, want %s", tt.elapsed, tt.done, tt.total, got, tt.want)
		}
	}
}

func TestReporterLines(t *testing.T) {
	var buf bytes.Buffer
	r := New(&buf, "energy", 2)
	clock := r.start
	r.now = func() time.Time { clock = clock.Add(5 * time.Second); return clock }
	r.Done(1, "presyn l2=0.01 seed=2019")
	r.Done(1, "mlp l2=0.01 seed=2019")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "[1/2]") || !strings.Contains(lines[0], "ETA 5s") || !strings.Contains(lines[1], "ETA 0s") {
		t.Fatalf("lines: %q", lines)
	}
	var silent *Reporter
	silent.Done(1, "nothing") // must not panic
}

// A weighted reporter's ETA counts work, not units: one long run done of a
// long and a short one leaves little.
func TestWeightedReporterCountsWork(t *testing.T) {
	var buf bytes.Buffer
	r := NewWeighted(&buf, "paper", 2, 100)
	clock := r.start
	r.now = func() time.Time { clock = clock.Add(90 * time.Second); return clock }
	r.DoneWork(1, 90, "long run")
	if line := buf.String(); !strings.Contains(line, "[1/2]") || !strings.Contains(line, "(90% of the work)") || !strings.Contains(line, "ETA 10s") {
		t.Errorf("line %q, want ETA 10s", line)
	}
}
