package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment"
	"github.com/presyn/presyn/internal/results"
)

func init() {
	subcommands = append(subcommands, func(s Streams) *cobra.Command { return newPerceptronCmd(s, nil) })
}

// maxSeeds bounds --seeds so that a typo such as 1-1000000 fails at once instead of
// running for days.
const maxSeeds = 10000

// perceptronOptions are the resolved flags of `presyn perceptron`.
type perceptronOptions struct {
	Config experiment.PerceptronConfig
	OutDir string
}

// newPerceptronCmd builds `presyn perceptron`; runF replaces the run function in tests.
func newPerceptronCmd(streams Streams, runF func(context.Context, Streams, perceptronOptions) error) *cobra.Command {
	def := experiment.DefaultPerceptronConfig()
	var (
		seeds   string
		outDir  string
		workers int
		cfg     = def
	)
	cmd := &cobra.Command{
		Use:   "perceptron [--seeds 1000-1009] [--tasks 5] [--patterns 100] [--inputs 1000] [--batch 5] [--passes 25] [--out DIR]",
		Short: "Lifelong learning in a perceptron, with and without presynaptic consolidation (Figure 5b, c)",
		Long: `For every seed, train a standard perceptron (updates averaged over mini-batches) and a
stochastic perceptron with presynaptic consolidation (g_lim 0.1, p step 0.2, p in
[0.25, 0.9], freezing at 0.9, learning rate scaled by 1-p; 10 sampled networks vote at
test) on a sequence of tasks, each of random patterns in {-1,1}^inputs with random
labels. Both models are tested on every task after every pass.

Writes into --out:
  config.json   the resolved config with all seeds, and the presyn version
  curves.csv    model,seed,task,pass,accuracy: every task after every pass (pass
                counts across tasks, 1 ... tasks*passes)
  summary.csv   model,seed,mean_acc: mean accuracy over all tasks after the last one
  ttest.json    means and SEs over seeds, Student's t-test presyn vs standard
  fig5b.{png,svg,pdf}   the first task's accuracy over the sequence (mean, SE band)
  fig5c.{png,svg,pdf}   mean accuracy bars with SE and the significance marker

The same seeds give the same numbers, whatever the number of workers.`,
		Example: `  presyn perceptron                                 # the paper's setting, 10 seeds
  presyn perceptron --patterns 1000 --out results/perceptron-1000   # near capacity
  presyn perceptron --seeds 1,2,3 --tasks 2 --inputs 200 --out /tmp/perceptron`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			parsed, err := parseSeeds(seeds)
			if err != nil {
				return usageErrorf("perceptron: --seeds: %v", err)
			}
			cfg.Seeds = parsed
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
			if workers < 0 {
				return usageErrorf("perceptron: --workers must be >= 0, got %d", workers)
			}
			cfg.Workers = workers
			if err := cfg.Validate(); err != nil {
				return asUsage(err)
			}
			if outDir == "" {
				return usageErrorf("perceptron: --out must not be empty")
			}
			if info, err := os.Stat(outDir); err == nil && !info.IsDir() {
				return usageErrorf("perceptron: --out %s exists and is not a folder", outDir)
			}
			// Like train and energy: an --out that cannot be made is the user's to fix.
			if err := results.PrepareOutDir(outDir); err != nil {
				return asUsage(fmt.Errorf("perceptron: --out: %w", err))
			}
			opts := perceptronOptions{Config: cfg, OutDir: outDir}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			if runF != nil {
				return runF(ctx, streams, opts)
			}
			return runPerceptron(ctx, streams, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&seeds, "seeds", "1000-1009", `seeds: a range "1000-1009" or a list "1,2,3"`)
	f.IntVar(&cfg.Tasks, "tasks", def.Tasks, "tasks learned one after the other")
	f.IntVar(&cfg.Patterns, "patterns", def.Patterns, "random patterns per task")
	f.IntVar(&cfg.Inputs, "inputs", def.Inputs, "inputs of the perceptron")
	f.IntVar(&cfg.Batch, "batch", def.Batch, "patterns per averaged update")
	f.IntVar(&cfg.Passes, "passes", def.Passes, "passes through each task")
	f.StringVar(&outDir, "out", "results/perceptron", "output folder")
	f.IntVar(&workers, "workers", 0, "seeds run at once (0: one per CPU); does not change the results")
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
	seen := make(map[uint64]bool)
	add := func(seed uint64) error {
		if seen[seed] {
			return fmt.Errorf("seed %d appears twice", seed)
		}
		if len(seeds) >= maxSeeds {
			return fmt.Errorf("more than %d seeds", maxSeeds)
		}
		seen[seed] = true
		seeds = append(seeds, seed)
		return nil
	}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("empty item in %q", s)
		}
		lo, hi, isRange := strings.Cut(item, "-")
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

// runPerceptron runs the experiment and writes its results into opts.OutDir.
func runPerceptron(ctx context.Context, streams Streams, opts perceptronOptions) error {
	cfg := opts.Config
	if err := results.PrepareOutDir(opts.OutDir); err != nil {
		return err
	}
	// The manifest goes first, so a killed run still says what it was.
	if err := experiment.PerceptronManifest(cfg).Write(opts.OutDir); err != nil {
		return err
	}
	res, err := experiment.RunPerceptron(ctx, cfg, streams.Err)
	if err != nil {
		return err
	}
	if _, err := res.Write(opts.OutDir, streams.Err); err != nil {
		return err
	}
	return printPerceptronReport(streams, res, opts.OutDir)
}

// printPerceptronReport prints the headline numbers of a finished run.
func printPerceptronReport(streams Streams, res *experiment.PerceptronResult, outDir string) error {
	cfg, s := res.Config, res.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "perceptron: %d seeds, %d tasks of %d patterns x %d inputs, batch %d, %d passes per task\n",
		len(cfg.Seeds), cfg.Tasks, cfg.Patterns, cfg.Inputs, cfg.Batch, cfg.Passes)
	fmt.Fprintf(&b, "mean accuracy over all tasks after the last (mean ± SE over seeds):\n")
	fmt.Fprintf(&b, "  standard  %.4f ± %.4f\n", s.Standard.MeanAcc, s.Standard.MeanAccSE)
	fmt.Fprintf(&b, "  presyn    %.4f ± %.4f\n", s.Presyn.MeanAcc, s.Presyn.MeanAccSE)
	fmt.Fprintf(&b, "  t-test presyn vs standard: t = %.3f, p = %.3g %s\n", s.T, s.P, s.Marker)
	fmt.Fprintf(&b, "first task's accuracy after the last task:\n")
	fmt.Fprintf(&b, "  standard  %.4f ± %.4f\n", s.Standard.FirstTaskAcc, s.Standard.FirstTaskSE)
	fmt.Fprintf(&b, "  presyn    %.4f ± %.4f\n", s.Presyn.FirstTaskAcc, s.Presyn.FirstTaskSE)
	fmt.Fprintf(&b, "  t-test presyn vs standard: t = %.3f, p = %.3g\n", s.FirstT, s.FirstP)
	fmt.Fprintf(&b, "wall time %.1fs; results in %s\n", res.WallTime.Seconds(), outDir)
	_, err := fmt.Fprint(streams.Out, b.String())
	return err
}
