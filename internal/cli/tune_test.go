package cli

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/study"
)

func TestTuneFlags(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	tests := []struct {
		args []string
		want func(*sweep.Tune, *study.Options)
	}{
		{nil, func(*sweep.Tune, *study.Options) {}},
		{[]string{"--task", "split-mnist", "--method", "ewc", "--trials", "6", "--search-seed", "7", "--seeds", "3-4",
			"--set", "epochs=1", "--set", "layers=[784,16,2]", "--workers", "2", "--shard", "1/2"},
			func(s *sweep.Tune, o *study.Options) {
				s.Task, s.Method, s.Trials, s.SearchSeed, s.Seeds = "split-mnist", "ewc", 6, 7, []uint64{3, 4}
				s.Overrides = []string{"epochs=1", "layers=[784,16,2]"}
				o.Workers, o.Shard = 2, study.Shard{K: 1, N: 2}
			}},
		{[]string{"--method", "bgd", "--seeds", "5"}, func(s *sweep.Tune, _ *study.Options) {
			s.Method, s.Seeds = "bgd", []uint64{5}
		}},
	}
	for _, tt := range tests {
		streams := discard()
		want, wantOpts := sweep.DefaultTune(), study.Options{Dir: out, Progress: streams.Err}
		tt.want(&want, &wantOpts)
		var got sweep.Tune
		var gotOpts study.Options
		cmd := newTuneCmd(streams, func(_ context.Context, _ Streams, s sweep.Tune, o study.Options) error {
			got, gotOpts = s, o
			return nil
		})
		args := append(append([]string{"tune"}, tt.args...), "--out", out)
		if status, errOut := runSeam(t, cmd, args...); status != ExitOK {
			t.Fatalf("presyn %v: status %d: %s", args, status, errOut)
		}
		if got.Data == nil {
			t.Errorf("presyn %v: no data loader", args)
		}
		got.Data = nil
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotOpts, wantOpts) {
			t.Errorf("presyn %v:\n got %+v, %+v\nwant %+v, %+v", args, got, gotOpts, want, wantOpts)
		}
	}
}

func TestTuneBadFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--trials", "0"}, "--trials"},
		{[]string{"--trials", "many"}, "is not"},
		{[]string{"--search-seed", "-1"}, "is not"},
		{[]string{"--method", "joint"}, "no search space"},
		{[]string{"--task", "split-cifar"}, "unknown task"},
		{[]string{"--seeds", "1,1"}, "twice"},
		{[]string{"--seeds", ""}, "--seeds"},
		{[]string{"--set", "gamme=1"}, "gamme"},
		{[]string{"--workers", "-1"}, "--workers"},
		{[]string{"--shard", "3/2"}, "--shard"},
		{[]string{"--out", ""}, "--out must not be empty"},
		{[]string{"--no-such-flag"}, "unknown flag"},
		{[]string{"extra"}, "takes no arguments"},
	}
	for _, tt := range tests {
		cmd := newTuneCmd(discard(), func(context.Context, Streams, sweep.Tune, study.Options) error {
			t.Errorf("presyn tune %v ran", tt.args)
			return nil
		})
		args := append([]string{"tune"}, tt.args...)
		if !containsFlag(tt.args, "--out") {
			args = append(args, "--out", t.TempDir())
		}
		status, errOut := runSeam(t, cmd, args...)
		if status != ExitUsage || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("presyn %v: status %d, stderr %q; want exit 2 and one line with %q", args, status, errOut, tt.want)
		}
	}
}
