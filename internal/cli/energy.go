package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
)

// newEnergyCmd builds `presyn energy`; runF replaces the run function in tests.
func newEnergyCmd(streams Streams, runF func(context.Context, Streams, energy.Study, study.Options) error) *cobra.Command {
	def := energy.Default()
	var (
		models, l2s, seeds string
		overrides          []string
		quick              bool
		sf                 studyFlags
	)
	cmd := &cobra.Command{
		Use:   "energy [--models LIST] [--l2 LIST] [--seeds LIST] [--out DIR] [--shard K/N]",
		Short: "Information vs energy sweep over L2 strength (Figure 1, Appendix 1 figure 1)",
		Long: `Train every (model, L2 strength, seed) of the energy experiment, each as one
run of 'presyn train' in DIR/runs/<model>_l2-<L2>_seed-<seed>/, in parallel with
single-threaded BLAS. A finished run is never redone: after a kill, the same command
resumes with the unfinished runs only.

Writes DIR/summary.csv (a row per run, values after the last epoch),
DIR/aggregate.csv (mean and standard error over seeds per model and L2), the
figures fig1a, fig1b, app1a, app1b as PNG (300 dpi), SVG and PDF, and the report
section DIR/report.md, which it also prints.

Models: presyn (learned release probabilities), mlp (deterministic), mlp-fixed
(stochastic release with fixed p = 0.4).

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn energy                                  # the paper's 54 runs of 50 epochs
  presyn energy --quick --out /tmp/energy-smoke   # 1 seed, L2 0.01 and 0.05, 5 epochs
  presyn energy --models presyn,mlp --l2 0.01 --seeds 2019 --set epochs=10
  presyn energy --shard 2/4 --out /shared/energy  # this node's quarter; then presyn collect
  presyn energy fixed-p                          # Appendix 1 figure 1c`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec := def
			if quick {
				spec = energy.Quick()
			}
			var err error
			if cmd.Flags().Changed("models") {
				if spec.Models, err = parseList(models); err != nil {
					return usageErrorf("energy: --models: %v", err)
				}
			}
			if cmd.Flags().Changed("l2") {
				if spec.L2s, err = parseFloats(l2s); err != nil {
					return usageErrorf("energy: --l2: %v", err)
				}
			}
			if cmd.Flags().Changed("seeds") {
				if spec.Seeds, err = parseSeeds(seeds); err != nil {
					return usageErrorf("energy: --seeds: %v", err)
				}
			}
			spec.Overrides = append(spec.Overrides, overrides...)
			spec.Data = loader(cmd)
			return runCommand(cmd.Context(), streams, "energy", spec, study.Of(spec), &sf, runF)
		},
	}
	f := cmd.Flags()
	f.StringVar(&models, "models", strings.Join(def.Models, ","), "models to train, comma-separated")
	f.StringVar(&l2s, "l2", formatFloats(def.L2s), "L2 strengths, comma-separated")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds: a list and/or ranges such as 2019-2021")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every run, as key=value (repeatable)")
	f.BoolVar(&quick, "quick", false, "smoke profile: 1 seed, L2 0.01 and 0.05, 5 epochs")
	sf.register(cmd, defaultOut(energy.Folder), "runs")
	cmd.AddCommand(newFixedPCmd(streams, nil))
	return cmd
}

// newFixedPCmd builds `presyn energy fixed-p`; runF replaces the run function in
// tests.
func newFixedPCmd(streams Streams, runF func(context.Context, Streams, energy.FixedP, study.Options) error) *cobra.Command {
	def := energy.DefaultFixedP()
	var (
		ps, lrs, seeds string
		l2             float64
		overrides      []string
		quick          bool
		sf             studyFlags
	)
	cmd := &cobra.Command{
		Use:   "fixed-p [--p LIST] [--lrs LIST] [--seeds LIST] [--l2 X] [--out DIR] [--shard K/N]",
		Short: "Information per energy against a fixed release probability (Appendix 1 figure 1c)",
		Long: `Train the stochastic MLP with a fixed release probability p (config
energy-mlp-fixed with p_fixed = p) at one L2 strength, for every p and every
learning rate of the grid, and report for each p the learning rate with the highest
mean information per synaptic energy over the seeds.

Writes DIR/runs.csv (every run), DIR/app1c.csv (the best learning rate per p with
means and standard errors), the figure app1c (PNG, SVG, PDF) and DIR/report.md.
Runs resume like 'presyn energy'.

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn energy fixed-p
  presyn energy fixed-p --quick --out /tmp/fixed-p   # p 0.2, 0.5, 1 at lr 0.05, 1 seed, 5 epochs
  presyn energy fixed-p --p 0.1,0.3 --lrs 0.02,0.05 --seeds 2019 --set epochs=10 --out /tmp/fixed-p`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec := def
			if quick {
				quickFlag := func(name, value string, v *string) {
					if !cmd.Flags().Changed(name) {
						*v = value
					}
				}
				q := energy.QuickFixedP()
				quickFlag("p", formatFloats(q.Ps), &ps)
				quickFlag("lrs", formatFloats(q.LRs), &lrs)
				quickFlag("seeds", formatSeeds(q.Seeds), &seeds)
				overrides = append(slices.Clone(q.Overrides), overrides...)
				spec.Quick = true
			}
			var err error
			if spec.Ps, err = parseFloats(ps); err != nil {
				return usageErrorf("energy fixed-p: --p: %v", err)
			}
			if spec.LRs, err = parseFloats(lrs); err != nil {
				return usageErrorf("energy fixed-p: --lrs: %v", err)
			}
			if spec.Seeds, err = parseSeeds(seeds); err != nil {
				return usageErrorf("energy fixed-p: --seeds: %v", err)
			}
			spec.L2, spec.Overrides, spec.Data = l2, overrides, loader(cmd)
			return runCommand(cmd.Context(), streams, "energy fixed-p", spec, study.Of(spec), &sf, runF)
		},
	}
	f := cmd.Flags()
	f.StringVar(&ps, "p", formatFloats(def.Ps), "release probabilities, comma-separated")
	f.StringVar(&lrs, "lrs", formatFloats(def.LRs), "learning-rate grid, comma-separated")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds: a list and/or ranges")
	f.Float64Var(&l2, "l2", def.L2, "L2 strength")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every run, as key=value (repeatable)")
	f.BoolVar(&quick, "quick", false, "smoke profile: p 0.2, 0.5, 1, learning rate 0.05, seed 2019, 5 epochs")
	sf.register(cmd, defaultOut(energy.FixedPFolder), "runs")
	return cmd
}

// parseList splits a comma-separated list; empty items are errors.
func parseList(s string) ([]string, error) {
	var out []string
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("empty item in %q", s)
		}
		out = append(out, item)
	}
	return out, nil
}

// parseFloats reads a comma-separated list of numbers.
func parseFloats(s string) ([]float64, error) {
	items, err := parseList(s)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(items))
	for i, item := range items {
		if out[i], err = strconv.ParseFloat(item, 64); err != nil {
			return nil, fmt.Errorf("%q is not a number", item)
		}
	}
	return out, nil
}

// formatFloats writes numbers as a comma-separated list that parseFloats reads
// back exactly.
func formatFloats(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = results.FormatExact(x)
	}
	return strings.Join(parts, ",")
}

// formatSeeds writes seeds as a comma-separated list that parseSeeds reads.
func formatSeeds(seeds []uint64) string {
	parts := make([]string, len(seeds))
	for i, s := range seeds {
		parts[i] = strconv.FormatUint(s, 10)
	}
	return strings.Join(parts, ",")
}
