package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// trainOptions are the resolved flags of `presyn train`.
type trainOptions struct {
	Config    config.Train
	Overrides []string
	Seed      uint64
	OutDir    string
	Data      data.Loader
	Progress  bool
	// TaskCheckpoints saves the network after every task.
	TaskCheckpoints bool
}

// newTrainCmd builds `presyn train`; runF replaces the run function in tests.
func newTrainCmd(streams Streams, runF func(context.Context, trainOptions) error) *cobra.Command {
	var (
		configName string
		overrides  []string
		seed       uint64
		outDir     string
		progress   bool
		taskCks    bool
	)
	cmd := &cobra.Command{
		Use:   "train --config NAME|FILE --out DIR [--set key=value ...] [--seed N]",
		Short: "Train one model on one task or task sequence",
		Long: `Train one network with the given config and write, into --out:
  config.json      the resolved config, seed, presyn version and BLAS backend
  metrics.csv      one row per epoch: task,epoch,train_loss,train_acc,test_acc,
                   mutual_info_bits,energy_synaptic,energy_neuron,mean_p,frac_frozen,
                   seconds, then the accuracy on every task seen so far; the
                   test sets are measured after each task's last epoch, and
                   after every Nth epoch with --set eval_every=N (NaN between:
                   measuring ten sampled networks costs most of an epoch, and
                   training is the same whatever is measured)
  checkpoint.gob   the trained network: its sizes and modes, weights, biases,
                   release probabilities and frozen flags

Named configs (one per row of the paper's hyperparameter table): ` + strings.Join(config.Names(), ", ") + `.
A config FILE is JSON with any of their keys; unknown keys are errors. The training
method's settings are a section named after it: "method": "presyn", "presyn": {"lr":
0.05, ...}; --set reaches them as presyn.p_up=0.05, or as p_up=0.05 for the
config's own method. Methods: ` + strings.Join(method.Names(), ", ") + `.`,
		Example: `  presyn train --config energy-presyn --seed 2019 --out runs/presyn
  presyn train --config energy-mlp --set l2=0.05 --set epochs=2 --out runs/mlp
  presyn train --config energy-presyn --set presyn.lr_modulation=true --out runs/mod
  presyn train --config energy-presyn --set eval_every=1 --out runs/curve
  presyn train --config my-config.json --out runs/mine --progress`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if configName == "" {
				return usageErrorf("train: --config is required (one of %s, or a JSON file)", strings.Join(config.Names(), ", "))
			}
			if outDir == "" {
				return usageErrorf("train: --out is required")
			}
			cfg, err := config.Load(configName, overrides)
			if err != nil {
				return asUsage(err)
			}
			finished, err := prepareTrainOut(outDir, cfg, seed)
			if err != nil {
				return err
			}
			if finished {
				fmt.Fprintf(streams.Err, "train: %s already holds this run (the same config, seed and data), finished; nothing to train\n", outDir)
				return nil
			}
			opts := trainOptions{Config: cfg, Overrides: overrides, Seed: seed, OutDir: outDir, Data: loader(cmd),
				Progress: progress || isTerminal(streams.Err), TaskCheckpoints: taskCks}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runTrain(cmd.Context(), streams, opts)
		},
	}
	cmd.Flags().StringVar(&configName, "config", "", "config name or JSON file")
	cmd.Flags().StringArrayVar(&overrides, "set", nil, "override a config key, as key=value (repeatable)")
	cmd.Flags().Uint64Var(&seed, "seed", 2019, "random seed: the same seed gives the same numbers")
	cmd.Flags().StringVar(&outDir, "out", "", "output folder")
	cmd.Flags().BoolVar(&progress, "progress", false, "print progress to stderr even when it is not a terminal")
	cmd.Flags().BoolVar(&taskCks, "task-checkpoints", false, "also save the network after every task (checkpoint_taskNN.gob), for presyn stability")
	return cmd
}

// prepareTrainOut readies --out for a run of cfg with seed, and is where presyn
// train decides whether it may write there: a finished run is never replaced.
// It reports true when dir already holds this very run, finished (its recorded
// config's Identity and its seed are the planned ones: config.Train.SameRun), so
// that there is nothing to train. A folder of a study (one with a study marker,
// or inside one: its runs/ above all) and a finished run of other settings are
// refused as usage errors naming dir. An unfinished run (killed before the end)
// is trained again.
func prepareTrainOut(dir string, cfg config.Train, seed uint64) (bool, error) {
	if owner, name := study.Enclosing(dir); owner != "" {
		return false, usageErrorf("train: --out %s is inside the results folder %s of %s, whose runs it would replace; choose another --out", dir, owner, name)
	}
	done, err := results.ReadManifestConfig(dir, &config.Train{})
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, os.ErrNotExist), errors.As(err, &pathErr):
		// No manifest, or a folder that cannot be read: PrepareOutDir says
		// which, with the exit status of a file failure.
	case err != nil:
		return false, usageErrorf("train: --out %s holds a %s that is not a run's manifest; choose another --out", dir, results.ManifestFile)
	case finishedRun(dir, done):
		doneCfg := *done.Config.(*config.Train)
		if done.Experiment == "train" && done.Seed == seed && cfg.SameRun(doneCfg) {
			return true, nil
		}
		return false, usageErrorf("train: --out %s holds a finished run made with another config, seed or data; choose another --out (the run is kept)", dir)
	}
	if err := results.PrepareOutDir(dir); err != nil {
		return false, asUsage(fmt.Errorf("train: --out: %w", err))
	}
	return false, nil
}

// finishedRun reports whether the run in dir, whose manifest is m, finished: its
// manifest records its wall time, or (runs made before train recorded it) its
// checkpoint, written last, is there.
func finishedRun(dir string, m results.Manifest) bool {
	if m.Seconds > 0 {
		return true
	}
	_, err := os.Stat(filepath.Join(dir, train.CheckpointFile))
	return err == nil
}

func runTrain(ctx context.Context, streams Streams, opts trainOptions) error {
	var progress = streams.Err
	if !opts.Progress {
		progress = nil
	}
	res, err := train.Run(ctx, train.Spec{
		Config:          opts.Config,
		Overrides:       opts.Overrides,
		Seed:            opts.Seed,
		Data:            opts.Data,
		TaskCheckpoints: opts.TaskCheckpoints,
		OutDir:          opts.OutDir,
		Progress:        progress,
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(streams.Out, trainSummary(res, opts.OutDir))
	return err
}

// trainSummary is presyn train's last line: the headline numbers after the
// last epoch and the run's folder, as a study's last line says its results.
func trainSummary(res train.Result, dir string) string {
	last := res.Last()
	return fmt.Sprintf("train: %s in %.0f s: test accuracy %.2f%%, %.3f bits, synaptic energy %.0f (sum of |w|), mean p %.3f; the run is in %s",
		study.Count(len(res.Epochs), "epoch"), res.Seconds, 100*last.TestAcc, last.MutualInfoBits, last.EnergySynaptic, last.MeanP, dir)
}

// isTerminal reports whether w is a terminal, where progress is shown by default.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
