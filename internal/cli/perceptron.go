package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment/perceptron"
	"github.com/presyn/presyn/internal/study"
)

// maxSeeds bounds --seeds so that a typo such as 1-1000000 fails at once instead of
// running for days.
const maxSeeds = 10000

// newPerceptronCmd builds `presyn perceptron`; runF replaces the run function in tests.
func newPerceptronCmd(streams Streams, runF func(context.Context, Streams, perceptron.Study, study.Options) error) *cobra.Command {
	def := perceptron.Default()
	var (
		seeds string
		quick bool
		cfg   = def
		sf    studyFlags
	)
	cmd := &cobra.Command{
		Use:   "perceptron [--seeds 1000-1009] [--tasks 5] [--patterns 100] [--inputs 1000] [--batch 5] [--passes 25] [--out DIR]",
		Short: "Lifelong learning in a perceptron, with and without presynaptic consolidation (Figure 5b, c)",
		Long: `For every seed, train a standard perceptron (updates averaged over mini-batches) and a
stochastic perceptron with presynaptic consolidation (g_lim 0.1, p step 0.2, p in
[0.25, 0.9], freezing at 0.9, learning rate scaled by 1-p; 10 sampled networks vote at
test) on a sequence of tasks, each of random patterns in {-1,1}^inputs with random
labels. Both models are tested on every task after every pass. Each seed is a run in
DIR/runs/seed-<seed>/ (its config.json and curves.csv); finished seeds are not redone.

Writes into --out:
  config.json   the resolved config with all seeds, and the presyn version
  curves.csv    model,seed,task,pass,accuracy: every task after every pass (pass
                counts across tasks, 1 ... tasks*passes)
  summary.csv   model,seed,mean_acc: mean accuracy over all tasks after the last one
  ttest.json    means and SEs over seeds, Student's t-test presyn vs standard
  fig5b.{png,svg,pdf}   the first task's accuracy over the sequence (mean, SE band)
  fig5c.{png,svg,pdf}   mean accuracy bars with SE and the significance marker
  report.md     the report section, also printed

The same seeds give the same numbers, whatever the number of workers or shards.

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn perceptron                                 # the paper's setting, 10 seeds
  presyn perceptron --quick --out /tmp/perceptron  # 3 seeds
  presyn perceptron --patterns 1000 --out results/perceptron-1000   # near capacity
  presyn perceptron --seeds 1,2,3 --tasks 2 --inputs 200 --out /tmp/perceptron`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if quick && !cmd.Flags().Changed("seeds") {
				seeds = formatSeeds(perceptron.QuickSeeds)
			}
			parsed, err := parseSeeds(seeds)
			if err != nil {
				return usageErrorf("perceptron: --seeds: %v", err)
			}
			cfg.Seeds, cfg.Quick = parsed, quick
			for _, f := range []struct {
				flag  string
				value int
			}{{"tasks", cfg.Tasks}, {"patterns", cfg.Patterns}, {"inputs", cfg.Inputs}, {"batch", cfg.Batch}, {"passes", cfg.Passes}} {
				if f.value <= 0 {
					return usageErrorf("perceptron: --%s must be positive, got %d", f.flag, f.value)
				}
			}
			if cfg.Batch > cfg.Patterns {
				return usageErrorf("perceptron: --batch %d is larger than --patterns %d", cfg.Batch, cfg.Patterns)
			}
			opts, err := sf.options("perceptron", streams)
			if err != nil {
				return err
			}
			if sf.plan {
				return sf.planStudy(cmd.Context(), streams, "perceptron", study.Of(cfg), opts)
			}
			if info, err := os.Stat(opts.Dir); err == nil && !info.IsDir() {
				// A folder that cannot be written is a failure (errors.go).
				return fmt.Errorf("perceptron: --out %s exists and is not a folder", opts.Dir)
			}
			if err := prepareStudy(cmd.Context(), study.Of(cfg), opts.Dir); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), streams, cfg, opts)
			}
			return runStudy(cmd.Context(), streams, study.Of(cfg), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&seeds, "seeds", "1000-1009", `seeds: a range "1000-1009" or a list "1,2,3"`)
	f.BoolVar(&quick, "quick", false, "smoke profile: seeds 1000-1002")
	f.IntVar(&cfg.Tasks, "tasks", def.Tasks, "tasks learned one after the other")
	f.IntVar(&cfg.Patterns, "patterns", def.Patterns, "random patterns per task")
	f.IntVar(&cfg.Inputs, "inputs", def.Inputs, "inputs of the perceptron")
	f.IntVar(&cfg.Batch, "batch", def.Batch, "patterns per averaged update")
	f.IntVar(&cfg.Passes, "passes", def.Passes, "passes through each task")
	sf.register(cmd, defaultOut(perceptron.Folder), "seeds")
	return cmd
}

// parseSeeds reads a comma-separated list of seeds and seed ranges ("1000-1009",
// "1,2,3", "1-3,7"). Empty items, bad numbers, reversed ranges and duplicates are
// errors.
func parseSeeds(s string) ([]uint64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("no seeds given")
	}
	var seeds []uint64
	add := func(seed uint64) error {
		if len(seeds) >= maxSeeds {
			return fmt.Errorf("more than %d seeds", maxSeeds)
		}
		seeds = append(seeds, seed)
		return nil
	}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("empty item in %q", s)
		}
		lo, hi, isRange := strings.Cut(item, "-")
		if strings.TrimSpace(lo) == "" || (isRange && strings.TrimSpace(hi) == "") {
			return nil, fmt.Errorf("%q is not a seed (a whole number >= 0) or a range of seeds (2019-2021)", item)
		}
		first, err := parseSeed(lo)
		if err != nil {
			return nil, err
		}
		last := first
		if isRange {
			if last, err = parseSeed(hi); err != nil {
				return nil, err
			}
			if last < first {
				return nil, fmt.Errorf("range %q runs backwards", item)
			}
			if last-first >= maxSeeds {
				return nil, fmt.Errorf("range %q has more than %d seeds", item, maxSeeds)
			}
		}
		for seed := first; ; seed++ {
			if err := add(seed); err != nil {
				return nil, err
			}
			if seed == last {
				break
			}
		}
	}
	if err := study.Unique("seed", seeds); err != nil {
		return nil, err
	}
	return seeds, nil
}

func parseSeed(s string) (uint64, error) {
	s = strings.TrimSpace(s)
	seed, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a seed (a whole number >= 0)", s)
	}
	return seed, nil
}
