package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment/ablation"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/study"
)

// newLifelongCmd builds `presyn lifelong`; runF replaces the run function in tests.
func newLifelongCmd(streams Streams, runF func(context.Context, Streams, lifelong.Study, study.Options) error) *cobra.Command {
	var (
		task, methods, seeds string
		overrides            []string
		quick                bool
		sf                   studyFlags
	)
	var names []string
	for _, b := range lifelong.Benchmarks {
		names = append(names, b.Name)
	}
	cmd := &cobra.Command{
		Use:   "lifelong --task " + strings.Join(names, "|") + " [--methods LIST] [--seeds LIST] [--out DIR]",
		Short: "Lifelong-learning benchmarks: presynaptic consolidation against no consolidation, BGD, EWC and joint training (Figure 4, App. 1 fig. 3, table 1)",
		Long: `Train the benchmark's task sequence once per method and seed, each a run of
'presyn train' in DIR/runs/<method>_seed-<seed>/ (DIR defaults to
results/lifelong/<task>), tasks presented in order without task identity:
` + benchmarkList() + `
Methods (the default is all the benchmark has):
` + methodList() + `
The bgd and ewc settings are
configs/<benchmark>-{bgd,ewc}.json, tuned with 'presyn tune'. After each
task's last epoch every task seen is measured; on split-mnist, whose first-task
curve the paper draws (Figure 4b), also the first task after every epoch
(--set eval_every=N measures every task after every Nth epoch too; training is
the same either way).

Per run: accuracy_matrix.csv (after_task,task,accuracy), first_task.csv
(epoch,accuracy: the epochs task 1 was measured after), metrics.csv (mean p and fraction frozen per epoch), timing.csv.
Per benchmark: summary.csv (task,method,seed,mean_acc), aggregate.csv (mean, SE,
n per method, the paper's value and a verdict), ttests.csv (method,t,p: presyn
against each), final_tasks.csv, report.md (also printed) and the figures:
` + benchmarkFigures() + `.
'presyn lifelong table' gathers the benchmarks into
Appendix 1 table 1. The tables cover the methods and seeds of this command:
after adding a method with --methods, run the command without it to tabulate
every method again (finished runs are reused, not trained again).

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn lifelong --task split-mnist
  presyn lifelong --task perm-mnist --methods presyn,nocons --seeds 2019
  presyn lifelong --task split-fmnist --quick --out /tmp/split-fmnist
  presyn lifelong table`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if task == "" {
				return usageErrorf("lifelong: --task is required (one of %s)", strings.Join(names, ", "))
			}
			if _, err := lifelong.LookupBenchmark(task); err != nil {
				return asUsage(err)
			}
			spec := lifelong.Default(task)
			if quick {
				spec = lifelong.Quick(task)
			}
			var err error
			if cmd.Flags().Changed("methods") {
				if spec.Methods, err = parseList(methods); err != nil {
					return usageErrorf("lifelong: --methods: %v", err)
				}
			}
			if cmd.Flags().Changed("seeds") {
				if spec.Seeds, err = parseSeeds(seeds); err != nil {
					return usageErrorf("lifelong: --seeds: %v", err)
				}
			}
			spec.Overrides = append(spec.Overrides, overrides...)
			spec.Data = loader(cmd)
			if !cmd.Flags().Changed("out") {
				sf.out = defaultOut(lifelong.Folder(task))
			}
			return runCommand(cmd.Context(), streams, "lifelong", spec, study.Of(spec), &sf, runF)
		},
	}
	f := cmd.Flags()
	f.StringVar(&task, "task", "", "the benchmark: "+strings.Join(names, ", "))
	f.StringVar(&methods, "methods", "", "methods, comma-separated (default: every method of the benchmark)")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds: a list and/or ranges")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every run, as key=value (repeatable)")
	f.BoolVar(&quick, "quick", false, "smoke profile: seed 2019, one epoch per task, 3 tasks of a permuted benchmark")
	sf.register(cmd, defaultOut(lifelong.Folder("<task>")), "runs")
	cmd.AddCommand(newLifelongTableCmd(streams))
	return cmd
}

// newLifelongTableCmd builds `presyn lifelong table`.
func newLifelongTableCmd(streams Streams) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "table [--results DIR]",
		Short: "Gather the lifelong benchmarks into Appendix 1 table 1 beside the paper's values",
		Long: `Read DIR/<task>/aggregate.csv of every benchmark 'presyn lifelong' has run into
DIR (default results/lifelong) and write DIR/tab1.csv (task,method,n,mean,se,
paper_mean,paper_se,verdict) and DIR/tab1.md, which it also prints. Benchmarks not
run yet are left out, and the table says so.`,
		Example: `  presyn lifelong table
  presyn lifelong table --results /shared/lifelong`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			md, err := lifelong.Table(dir)
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(streams.Out, md)
			return err
		},
	}
	cmd.Flags().StringVar(&dir, "results", defaultOut(lifelong.TableFolder), "folder of the benchmarks' results")
	return cmd
}

// newAblationCmd builds `presyn ablation`; runF replaces the run function in tests.
func newAblationCmd(streams Streams, runF func(context.Context, Streams, ablation.Study, study.Options) error) *cobra.Command {
	var (
		task, variants, seeds string
		overrides             []string
		quick                 bool
		sf                    studyFlags
	)
	cmd := &cobra.Command{
		Use:   "ablation --task split-mnist|perm-mnist [--variants LIST] [--seeds LIST] [--out DIR]",
		Short: "Ablation of presynaptic consolidation (Figure 5a)",
		Long: `Train the six variants of presynaptic consolidation on a lifelong benchmark,
each with the parameters the authors re-tuned for it (configs
ablation-<task>-<variant>), as 'presyn lifelong' trains a method, in
DIR/runs/<variant>_seed-<seed>/ (DIR defaults to results/ablation/<task>):
  full              learning-rate modulation and freezing
  no-freeze         no freezing (p_freeze 1)
  no-freeze-no-mod  neither
  no-mod            no learning-rate modulation
  fixed-p           synapses release with p = 0.5; a ghost p evolves by the rule,
                    modulates the learning rate and divides the weights (as published)
  no-norm           the layer uses mask*m, not mask*w/p

Writes summary.csv (task,method,seed,mean_acc: the method being the variant),
aggregate.csv (mean, SE, t-test against the full model), the figure fig5a and
report.md, also printed.

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn ablation --task split-mnist
  presyn ablation --task perm-mnist --variants full,fixed-p --seeds 2019,2020`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if task == "" {
				return usageErrorf("ablation: --task is required (one of %s)", strings.Join(ablation.Tasks, ", "))
			}
			spec := ablation.Default(task)
			if quick {
				spec = ablation.Quick(task)
			}
			var err error
			if cmd.Flags().Changed("variants") {
				if spec.Variants, err = parseList(variants); err != nil {
					return usageErrorf("ablation: --variants: %v", err)
				}
			}
			if cmd.Flags().Changed("seeds") {
				if spec.Seeds, err = parseSeeds(seeds); err != nil {
					return usageErrorf("ablation: --seeds: %v", err)
				}
			}
			spec.Overrides = append(spec.Overrides, overrides...)
			spec.Data = loader(cmd)
			if !cmd.Flags().Changed("out") {
				sf.out = defaultOut(ablation.Folder(task))
			}
			return runCommand(cmd.Context(), streams, "ablation", spec, study.Of(spec), &sf, runF)
		},
	}
	f := cmd.Flags()
	f.StringVar(&task, "task", "", "the benchmark: "+strings.Join(ablation.Tasks, ", "))
	f.StringVar(&variants, "variants", strings.Join(ablation.Variants, ","), "variants, comma-separated")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds: a list and/or ranges")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every run, as key=value (repeatable)")
	f.BoolVar(&quick, "quick", false, "smoke profile: seed 2019, one epoch per task, 3 tasks of a permuted benchmark")
	sf.register(cmd, defaultOut(ablation.Folder("<task>")), "runs")
	return cmd
}

// newTuneCmd builds `presyn tune`; runF replaces the run function in tests.
func newTuneCmd(streams Streams, runF func(context.Context, Streams, sweep.Tune, study.Options) error) *cobra.Command {
	var (
		seeds     string
		overrides []string
		sf        studyFlags
	)
	def := sweep.DefaultTune()
	spec := def
	cmd := &cobra.Command{
		Use:   "tune [--task perm-mnist] [--method presyn] [--trials N] [--seeds LIST] [--out DIR]",
		Short: "Search a lifelong method's hyperparameters on tuning seeds",
		Long: `Draw --trials sets of hyperparameters from the published ranges (presyn:
p_up and p_down uniform in [0.01, 0.1], p_freeze uniform in [0.9, 0.96]; bgd:
std_init log-uniform in [0.001, 0.06], eta log-uniform in [0.1, 10]), or for ewc
take the points of its grid in turn (all 40 by default): the optimiser and
learning rate (Adam 1e-3, Adam 1e-4, SGD 1e-2, SGD 1e-3), the inputs with their
init (raw with Xavier, as the BGD fork; standardised with PyTorch's, as the
published code) and lambda 1, 10, 100, 1000, 1e4, the last fastest. Train
each on the benchmark with the tuning seeds (by default 1 and 2, apart from the reporting
seeds 2019-2021), as 'presyn lifelong' trains, in DIR/runs/trial-<k>_seed-<seed>/
(DIR defaults to results/tune/<task>-<method>). Trial k's values depend on
--search-seed and k alone: more trials later leave the earlier ones as they were.

Writes trials.csv (trial, its values, mean accuracy over the seeds),
best-config.json (the best trial's config, for --config) and report.md, also
printed.

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn tune --task perm-mnist --method presyn --trials 30
  presyn tune --method ewc                  # EWC's whole grid on Permuted MNIST
  presyn tune --task split-mnist --method ewc --trials 5 --plan
  presyn train --config results/tune/perm-mnist-presyn/best-config.json --out runs/best`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if spec.Seeds, err = parseSeeds(seeds); err != nil {
				return usageErrorf("tune: --seeds: %v", err)
			}
			spec.Overrides, spec.Data = overrides, loader(cmd)
			if n := sweep.GridSize(spec.Method); n > 0 && !cmd.Flags().Changed("trials") {
				spec.Trials = n
			}
			if !cmd.Flags().Changed("out") {
				sf.out = filepath.Join(resultsRoot, "tune", spec.Task+"-"+spec.Method)
			}
			return runCommand(cmd.Context(), streams, "tune", spec, study.Of(spec), &sf, runF)
		},
	}
	f := cmd.Flags()
	f.StringVar(&spec.Task, "task", def.Task, "the lifelong benchmark to tune on")
	f.StringVar(&spec.Method, "method", def.Method, "the method to tune")
	f.IntVar(&spec.Trials, "trials", def.Trials, "random trials, or the first points of a grid (default: all of it)")
	f.Uint64Var(&spec.SearchSeed, "search-seed", def.SearchSeed, "seed of the trials' draws")
	f.StringVar(&seeds, "seeds", "1,2", "tuning seeds: keep them apart from the reporting seeds")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every trial, as key=value (repeatable)")
	sf.register(cmd, "results/tune/<task>-<method>", "runs")
	return cmd
}

// methodList describes the methods, one line each, for the help.
func methodList() string {
	var lines []string
	for _, m := range lifelong.Methods {
		lines = append(lines, fmt.Sprintf("  %-17s %s", m.Name, m.About))
	}
	return strings.Join(lines, "\n")
}

// benchmarkList describes the benchmarks, one line each, for the help.
func benchmarkList() string {
	var lines []string
	for _, b := range lifelong.Benchmarks {
		lines = append(lines, fmt.Sprintf("  %-17s %s", b.Name, b.About))
	}
	return strings.Join(lines, "\n")
}

// benchmarkFigures names the benchmarks' figures, for the help: the paper's ids
// where it draws them, else lifelong.DefaultFigures.
func benchmarkFigures() string {
	names := func(f lifelong.Figures) []string { return []string{f.First, f.Mean, f.Final, f.Release} }
	defaults := names(lifelong.DefaultFigures)
	var lines []string
	for _, b := range lifelong.Benchmarks {
		var own []string
		for i, n := range names(b.Figures) {
			if n != defaults[i] {
				own = append(own, n+" for "+defaults[i])
			}
		}
		if len(own) > 0 {
			lines = append(lines, fmt.Sprintf("  %s: %s", b.Name, strings.Join(own, ", ")))
		}
	}
	return "  " + strings.Join(defaults, ", ") + ", or the paper's ids where it draws them:\n" + strings.Join(lines, "\n")
}
