package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment"
)

func init() {
	subcommands = append(subcommands, func(s Streams) *cobra.Command { return newEnergyCmd(s, nil) })
}

// energyOptions are the resolved flags of `presyn energy`.
type energyOptions struct {
	Spec experiment.EnergySpec
}

// newEnergyCmd builds `presyn energy`; runF replaces the run function in tests.
func newEnergyCmd(streams Streams, runF func(context.Context, Streams, energyOptions) error) *cobra.Command {
	def := experiment.DefaultEnergySpec()
	var (
		models, l2s, seeds string
		overrides          []string
		workers            int
		outDir             string
		quick              bool
	)
	cmd := &cobra.Command{
		Use:   "energy [--models LIST] [--l2 LIST] [--seeds LIST] [--out DIR]",
		Short: "Information vs energy sweep over L2 strength (Figure 1, Appendix 1 figure 1)",
		Long: `Train every (model, L2 strength, seed) of the energy experiment, each as one
run of 'presyn train' in DIR/runs/<model>_l2-<L2>_seed-<seed>/, in parallel with
single-threaded BLAS. A finished run is never redone: after a kill, the same command
resumes with the unfinished runs only.

Writes DIR/summary.csv (a row per run, values after the last epoch),
DIR/aggregate.csv (mean and standard error over seeds per model and L2) and the
figures fig1a, fig1b, app1a, app1b as PNG (300 dpi), SVG and PDF.

Models: presyn (learned release probabilities), mlp (deterministic), mlp-fixed
(stochastic release with fixed p = 0.4).`,
		Example: `  presyn energy                                  # the paper's 54 runs of 50 epochs
  presyn energy --quick --out /tmp/energy-smoke   # 1 seed, L2 0.01 and 0.05, 5 epochs
  presyn energy --models presyn,mlp --l2 0.01 --seeds 2019 --set epochs=10
  presyn energy fixed-p                          # Appendix 1 figure 1c`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec := def
			if quick {
				spec = experiment.QuickEnergySpec()
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
			if workers < 0 {
				return usageErrorf("energy: --workers is %d, want 0 (one per core) or more", workers)
			}
			spec.Workers = workers
			spec.OutDir = outDir
			spec.DataDir, _ = cmd.Flags().GetString("data-dir")
			spec.Progress = streams.Err
			if err := experiment.ValidateEnergySpec(spec); err != nil {
				return asUsage(err)
			}
			if err := experiment.CheckEnergyOutDir(spec); err != nil {
				return asUsage(err)
			}
			if runF != nil {
				return runF(cmd.Context(), streams, energyOptions{Spec: spec})
			}
			return runEnergy(cmd.Context(), streams, energyOptions{Spec: spec})
		},
	}
	f := cmd.Flags()
	f.StringVar(&models, "models", strings.Join(def.Models, ","), "models to train, comma-separated")
	f.StringVar(&l2s, "l2", formatFloats(def.L2s), "L2 strengths, comma-separated")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds: a list and/or ranges such as 2019-2021")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every run, as key=value (repeatable)")
	f.IntVar(&workers, "workers", 0, "runs at once (0: one per core); does not change the results")
	f.StringVar(&outDir, "out", "results/energy", "output folder")
	f.BoolVar(&quick, "quick", false, "smoke profile: 1 seed, L2 0.01 and 0.05, 5 epochs")
	cmd.AddCommand(newFixedPCmd(streams, nil))
	return cmd
}

// newFixedPCmd builds `presyn energy fixed-p`; runF replaces the run function in
// tests.
func newFixedPCmd(streams Streams, runF func(context.Context, Streams, experiment.FixedPSpec) error) *cobra.Command {
	def := experiment.DefaultFixedPSpec()
	var (
		ps, lrs, seeds string
		l2             float64
		overrides      []string
		workers        int
		outDir         string
	)
	cmd := &cobra.Command{
		Use:   "fixed-p [--p LIST] [--lrs LIST] [--seeds LIST] [--l2 X] [--out DIR]",
		Short: "Information per energy against a fixed release probability (Appendix 1 figure 1c)",
		Long: `Train the stochastic MLP with a fixed release probability p (config
energy-mlp-fixed with p_fixed = p) at one L2 strength, for every p and every
learning rate of the grid, and report for each p the learning rate with the highest
mean information per synaptic energy over the seeds.

Writes DIR/runs.csv (every run), DIR/app1c.csv (the best learning rate per p with
means and standard errors) and the figure app1c (PNG, SVG, PDF). Runs resume like
'presyn energy'.`,
		Example: `  presyn energy fixed-p
  presyn energy fixed-p --p 0.2,0.5,1 --lrs 0.05 --seeds 2019 --set epochs=5 --out /tmp/fixed-p`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec := def
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
			if workers < 0 {
				return usageErrorf("energy fixed-p: --workers is %d, want 0 (one per core) or more", workers)
			}
			spec.L2, spec.Overrides, spec.Workers, spec.OutDir = l2, overrides, workers, outDir
			spec.DataDir, _ = cmd.Flags().GetString("data-dir")
			spec.Progress = streams.Err
			if err := experiment.CheckFixedPOutDir(spec); err != nil {
				return asUsage(err)
			}
			if runF != nil {
				return runF(cmd.Context(), streams, spec)
			}
			res, files, err := experiment.RunFixedP(cmd.Context(), spec)
			if err != nil {
				return err
			}
			w := streams.Out
			fmt.Fprintf(w, "energy fixed-p: %d runs (%d trained now) in %.0f s; results in %s\n", len(res.Rows), res.Ran, res.Seconds, outDir)
			if len(res.Diverged) > 0 {
				fmt.Fprintf(w, "energy fixed-p: %d runs diverged (their learning rate is not eligible for their p): %s\n", len(res.Diverged), strings.Join(res.Diverged, ", "))
			}
			fmt.Fprintf(w, "%-5s %-8s %-4s %-16s %-16s %-22s\n", "p", "best_lr", "n", "test_acc", "bits", "bits/1000 energy")
			for _, b := range res.Best {
				fmt.Fprintf(w, "%-5g %-8g %-4d %-16s %-16s %-22s\n", b.P, b.LR, b.N, pm(b.TestAcc, 4), pm(b.Bits, 3),
					pm(experiment.MeanSE{Mean: 1000 * b.InfoPerEnergy.Mean, SE: 1000 * b.InfoPerEnergy.SE}, 4))
			}
			_, err = fmt.Fprintf(w, "figures: %s\n", strings.Join(files, " "))
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&ps, "p", formatFloats(def.Ps), "release probabilities, comma-separated")
	f.StringVar(&lrs, "lrs", formatFloats(def.LRs), "learning-rate grid, comma-separated")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds: a list and/or ranges")
	f.Float64Var(&l2, "l2", def.L2, "L2 strength")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every run, as key=value (repeatable)")
	f.IntVar(&workers, "workers", 0, "runs at once (0: one per core); does not change the results")
	f.StringVar(&outDir, "out", "results/energy-fixed-p", "output folder")
	return cmd
}

func runEnergy(ctx context.Context, streams Streams, opts energyOptions) error {
	spec := opts.Spec
	res, err := experiment.RunEnergy(ctx, spec)
	if err != nil {
		return err
	}
	files, err := experiment.EnergyFigures(res, spec.OutDir, streams.Err)
	if err != nil {
		return err
	}
	return printEnergyReport(streams, res, spec.OutDir, files)
}

// printEnergyReport prints the numbers Figure 1 rests on.
func printEnergyReport(streams Streams, res *experiment.EnergyResult, outDir string, files []string) error {
	w := streams.Out
	fmt.Fprintf(w, "energy: %d runs summarised (%d trained now) in %.0f s; results in %s\n", len(res.Rows), res.Ran, res.Seconds, outDir)
	if len(res.Diverged) > 0 {
		fmt.Fprintf(w, "energy: %d runs diverged and are left out of the tables: %s\n", len(res.Diverged), strings.Join(res.Diverged, ", "))
	}
	fmt.Fprintf(w, "%-10s %-7s %-4s %-16s %-16s %-16s %-22s\n", "model", "l2", "n", "test_acc", "bits", "energy", "bits/1000 energy")
	for _, a := range res.Aggregate {
		fmt.Fprintf(w, "%-10s %-7g %-4d %-16s %-16s %-16s %-22s\n", a.Model, a.L2, a.N,
			pm(a.TestAcc, 4), pm(a.Bits, 3), pm(a.Energy, 0), pm(experiment.MeanSE{Mean: 1000 * a.InfoPerEnergy.Mean, SE: 1000 * a.InfoPerEnergy.SE}, 4))
	}
	best := experiment.BestInfoPerEnergy(res.Aggregate)
	for _, m := range experiment.EnergyModelOrder {
		if b, ok := best[m]; ok {
			fmt.Fprintf(w, "best bits/1000 energy %-10s %s at l2 %g\n", m, pm(experiment.MeanSE{Mean: 1000 * b.InfoPerEnergy.Mean, SE: 1000 * b.InfoPerEnergy.SE}, 4), b.L2)
		}
	}
	for _, pair := range [][2]string{{"presyn", "mlp"}, {"mlp", "mlp-fixed"}} {
		a, okA := best[pair[0]]
		b, okB := best[pair[1]]
		if !okA || !okB {
			continue
		}
		for _, l2 := range uniqueL2s(a.L2, b.L2, 0.01) {
			t, p := experiment.InfoPerEnergyTTest(res.Rows, pair[0], pair[1], l2)
			if t == t { // NaN without two seeds per model
				fmt.Fprintf(w, "t-test bits/energy %s vs %s at l2 %g: t = %.2f, p = %.2g\n", pair[0], pair[1], l2, t, p)
			}
		}
	}
	fmt.Fprintf(w, "figures: %s\n", strings.Join(files, " "))
	return nil
}

// uniqueL2s returns the distinct values in order of first appearance.
func uniqueL2s(values ...float64) []float64 {
	var out []float64
	for _, v := range values {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// pm formats a mean and its standard error.
func pm(m experiment.MeanSE, digits int) string {
	return strconv.FormatFloat(m.Mean, 'f', digits, 64) + "±" + strconv.FormatFloat(m.SE, 'f', digits, 64)
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

func formatFloats(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}
