package cli

import (
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/data"
)

func TestStabilityFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want stabilityOptions
	}{
		{[]string{"stability", "runs/perm"}, stabilityOptions{RunDir: "runs/perm", Data: data.Dir(defaultDataDir()), Samples: 10}},
		{[]string{"--data-dir", "/d", "stability", "runs/perm", "--samples", "3", "--reference", "ref.csv"},
			stabilityOptions{RunDir: "runs/perm", Data: data.Dir("/d"), Samples: 3, Reference: "ref.csv"}},
	}
	for _, tt := range tests {
		var got stabilityOptions
		cmd := newStabilityCmd(discard(), func(o stabilityOptions) error { got = o; return nil })
		if status, errOut := runSeam(t, cmd, tt.args...); status != ExitOK {
			t.Fatalf("presyn %v: status %d: %s", tt.args, status, errOut)
		}
		if got != tt.want {
			t.Errorf("presyn %v: options %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestStabilityBadFlags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"stability"}, "one run folder, got 0"},
		{[]string{"stability", "a", "b"}, "one run folder, got 2"},
		{[]string{"stability", "a", "--samples", "0"}, "--samples is 0, want at least 1"},
		{[]string{"stability", "a", "--samples", "-2"}, "--samples is -2"},
		{[]string{"stability", "a", "--samples", "ten"}, "is not"},
		{[]string{"stability", "a", "--reference"}, "flag needs an argument"},
	} {
		cmd := newStabilityCmd(discard(), func(stabilityOptions) error { t.Errorf("presyn %v ran", tt.args); return nil })
		status, errOut := runSeam(t, cmd, tt.args...)
		if status != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q; want 2 and %q", tt.args, status, errOut, tt.want)
		}
	}
}
