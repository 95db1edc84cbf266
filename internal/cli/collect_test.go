package cli

import (
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/data"
)

func TestCollectFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want collectOptions
	}{
		{[]string{"collect", "results/energy"}, collectOptions{Dir: "results/energy", Data: data.Dir(defaultDataDir())}},
		{[]string{"--data-dir", "/d", "collect", "/shared/energy"}, collectOptions{Dir: "/shared/energy", Data: data.Dir("/d")}},
		{[]string{"collect", "--data-dir=/e", "x"}, collectOptions{Dir: "x", Data: data.Dir("/e")}},
	}
	for _, tt := range tests {
		var got collectOptions
		cmd := newCollectCmd(discard(), func(o collectOptions) error { got = o; return nil })
		if status, errOut := runSeam(t, cmd, tt.args...); status != ExitOK {
			t.Fatalf("presyn %v: status %d: %s", tt.args, status, errOut)
		}
		if got != tt.want {
			t.Errorf("presyn %v: options %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestCollectBadFlags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"collect"}, "one results folder, got 0"},
		{[]string{"collect", "a", "b"}, "one results folder, got 2"},
		{[]string{"collect", "a", "--no-such-flag"}, "unknown flag"},
		{[]string{"collect", "a", "--data-dir"}, "flag needs an argument"},
	} {
		cmd := newCollectCmd(discard(), func(collectOptions) error { t.Errorf("presyn %v ran", tt.args); return nil })
		status, errOut := runSeam(t, cmd, tt.args...)
		if status != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q; want 2 and %q", tt.args, status, errOut, tt.want)
		}
	}
}
