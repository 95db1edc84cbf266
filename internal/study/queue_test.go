package study

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Two studies in one queue: the second's runs need the first's last run, and
// come first in the queue; they wait and run once it is done, on one worker
// or two. A dependency that never finishes leaves its dependants waiting, not
// failed; a failed run does not stop the others.
func TestRunQueueWaitsForWhatAJobNeeds(t *testing.T) {
	for _, tc := range []struct {
		name    string
		workers int
		needs   string // the run of a that b's runs need
		failA   string
		ran     int
		waiting int
		failed  bool
	}{
		{"one worker", 1, "run-01", "", 4, 0, false},
		{"two workers", 2, "run-01", "", 4, 0, false},
		{"never finished", 2, "run-07", "", 2, 2, false},
		{"dependency failed", 1, "run-01", "run-01", 1, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			a, b := newToy(2), newToy(2)
			a.fail = map[string]bool{tc.failA: true}
			dirA, dirB := filepath.Join(root, "a"), filepath.Join(root, "b")
			b.needs, b.needsDir = tc.needs, dirA
			jb, err := Of[toyRow](b).Jobs(dirB, Shard{})
			if err != nil {
				t.Fatal(err)
			}
			ja, err := Of[toyRow](a).Jobs(dirA, Shard{})
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			out, err := RunQueue(context.Background(), append(jb, ja...), tc.workers, func(i int, msg string) { lines = append(lines, msg) }, nil)
			if (err != nil) != tc.failed {
				t.Fatalf("error %v, want failed %v", err, tc.failed)
			}
			if out.Ran != tc.ran || len(out.Waiting) != tc.waiting || len(lines) != tc.ran {
				t.Errorf("ran %d, waiting %v, %d lines; want %d ran, %d waiting", out.Ran, out.Waiting, len(lines), tc.ran, tc.waiting)
			}
			if tc.failed && (len(out.Failed) != 1 || !strings.Contains(out.Failed[0], "run-01 (it broke)")) {
				t.Errorf("failed %v", out.Failed)
			}
			// A second queue over the same folders has nothing left but what waits.
			jb, _ = Of[toyRow](b).Jobs(dirB, Shard{})
			ja, _ = Of[toyRow](a).Jobs(dirA, Shard{})
			if got := len(jb) + len(ja); got != 4-tc.ran {
				t.Errorf("%d jobs left, want %d", got, 4-tc.ran)
			}
		})
	}
}

func TestRunQueueStopsWhenCancelled(t *testing.T) {
	s := newToy(3)
	s.block = make(chan struct{})
	jobs, err := Of[toyRow](s).Jobs(t.TempDir(), Shard{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunQueue(ctx, jobs, 2, nil, nil); err == nil || !strings.Contains(err.Error(), "run the same command to resume") {
		t.Errorf("cancelled queue: %v", err)
	}
}
