package cli

import (
	"context"
	"io"
	"testing"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/experiment/ablation"
	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/experiment/importance"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/study"
)

// Every command that reads data gets its data sets from the loader its root
// command was built with, opened on --data-dir: none reaches for another.
func TestCommandsLoadFromTheRootsLoader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args  []string
		build func(got *data.Loader) *cobra.Command
	}{
		{[]string{"train", "--config", "energy-mlp"}, func(got *data.Loader) *cobra.Command {
			return newTrainCmd(discard(), func(_ context.Context, o trainOptions) error { *got = o.Data; return nil })
		}},
		{[]string{"energy"}, func(got *data.Loader) *cobra.Command {
			return newEnergyCmd(discard(), func(_ context.Context, _ Streams, s energy.Study, _ study.Options) error {
				*got = s.Data
				return nil
			})
		}},
		{[]string{"fixed-p"}, func(got *data.Loader) *cobra.Command {
			return newFixedPCmd(discard(), func(_ context.Context, _ Streams, s energy.FixedP, _ study.Options) error {
				*got = s.Data
				return nil
			})
		}},
		{[]string{"lifelong", "--task", "split-mnist"}, func(got *data.Loader) *cobra.Command {
			return newLifelongCmd(discard(), func(_ context.Context, _ Streams, s lifelong.Study, _ study.Options) error {
				*got = s.Data
				return nil
			})
		}},
		{[]string{"ablation", "--task", "split-mnist"}, func(got *data.Loader) *cobra.Command {
			return newAblationCmd(discard(), func(_ context.Context, _ Streams, s ablation.Study, _ study.Options) error {
				*got = s.Data
				return nil
			})
		}},
		{[]string{"tune"}, func(got *data.Loader) *cobra.Command {
			return newTuneCmd(discard(), func(_ context.Context, _ Streams, s sweep.Tune, _ study.Options) error {
				*got = s.Data
				return nil
			})
		}},
		{[]string{"sweep", "--config", "energy-presyn", "--grid", "l2=0.01"}, func(got *data.Loader) *cobra.Command {
			return newSweepCmd(discard(), func(_ context.Context, _ Streams, s sweep.Study, _ study.Options) error {
				*got = s.Data
				return nil
			})
		}},
		{[]string{"importance"}, func(got *data.Loader) *cobra.Command {
			return newImportanceCmd(discard(), "", func(_ context.Context, _ Streams, s importance.Study, _ study.Options) error {
				*got = s.Data
				return nil
			})
		}},
		{[]string{"collect", "results/energy"}, func(got *data.Loader) *cobra.Command {
			return newCollectCmd(discard(), func(o collectOptions) error { *got = o.Data; return nil })
		}},
		{[]string{"stability", "runs/perm"}, func(got *data.Loader) *cobra.Command {
			return newStabilityCmd(discard(), func(o stabilityOptions) error { *got = o.Data; return nil })
		}},
		{[]string{"bench"}, func(got *data.Loader) *cobra.Command {
			return newBenchCmd(discard(), func(_ context.Context, o benchOptions) error { *got = o.Data; return nil })
		}},
	}
	for _, tt := range tests {
		mine := &datatest.Source{}
		var opened []string
		open := func(dir string) data.Loader { opened = append(opened, dir); return mine }
		var got data.Loader
		root := newRoot(discard(), open)
		root.AddCommand(tt.build(&got))
		args := append(tt.args, "--data-dir", "/the/data")
		if cmd, _, _ := root.Find(args); cmd.LocalFlags().Lookup("out") != nil {
			args = append(args, "--out", t.TempDir())
		}
		if status := execute(root, args, io.Discard); status != ExitOK {
			t.Errorf("presyn %v: status %d", args, status)
			continue
		}
		if got != mine || len(opened) != 1 || opened[0] != "/the/data" {
			t.Errorf("presyn %v: loader %v, opened %q; want the root's, opened once on /the/data", args, got, opened)
		}
	}
}
