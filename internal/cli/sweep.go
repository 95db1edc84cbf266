package cli

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/study"
)

// lowerIsBetter are the metrics --minimize defaults to true for.
var lowerIsBetter = []string{"train_loss", "energy_synaptic", "energy_neuron", "seconds"}

// newSweepCmd builds `presyn sweep`; runF replaces the run function in tests.
func newSweepCmd(streams Streams, runF func(context.Context, Streams, sweep.Study, study.Options) error) *cobra.Command {
	var (
		cfgName, seeds, metric string
		grids, overrides       []string
		random                 int
		searchSeed             uint64
		minimize, yes          bool
		sf                     studyFlags
	)
	cmd := &cobra.Command{
		Use:   "sweep --config NAME|FILE --grid KEY=V1,V2,... [--grid ...] [--seeds LIST] [--metric COLUMN] [--out DIR]",
		Short: "Your own study: a config trained over a grid of any config keys, with seeds, resume, shards and t-tests",
		Long: `Train a config (a name from configs/ or a JSON file) at every point of a grid:
the cross product of the --grid flags, each KEY=V1,V2,... with the keys and values
--set takes (a value may be JSON: layers=[784,400,10]). Every point runs with
every seed, each run as 'presyn train' in DIR/runs/<key>-<value>_..._seed-<seed>/
(DIR defaults to results/sweep/<config>); a task sequence is measured as the
lifelong benchmarks are, every task after the last. With --random N, each --grid
is a range, KEY=LO:HI (uniform) or KEY=LO:HI:log (log-uniform), and N points
are drawn instead (point k's values depend on --search-seed and k alone, in
DIR/runs/point-<k>_seed-<seed>/); keep those seeds apart from the ones you
report, as 'presyn tune' does. Every key and value is checked before anything
trains; a sweep of more than 10000 runs needs --yes. The key config sweeps whole
configs instead of --config: --grid config=split-mnist-presyn,split-mnist-bgd
--grid inputs=standardised,raw trains every method both ways (default DIR
results/sweep/configs).

Writes summary.csv (a row per run: the swept values, seed, every column of
metrics.csv after the last epoch, mean_acc: the mean accuracy over tasks),
aggregate.csv (mean, SE and n of every column per point), the figure "sweep"
(--metric against the first key, one line per value of the other keys, SE bands;
PNG, SVG, PDF) and report.md, also printed: the best point by --metric and a
Welch t-test against the runner-up. --metric defaults to mean_acc for task
sequences, test_acc otherwise; lower is better for --minimize, the default for
train_loss, energy_synaptic, energy_neuron and seconds.

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn sweep --config energy-presyn --grid p_min=0.2,0.3,0.5 --grid l2=0.01,0.05 \
      --seeds 2019,2020 --set epochs=5
  presyn sweep --config split-mnist-presyn --grid layers=[784,100,100,2],[784,400,400,2]
  presyn sweep --config perm-mnist-presyn --random 12 --seeds 1,2 \
      --grid presyn.p_freeze=0.9:0.96 --grid presyn.lr=0.001:0.1:log
  presyn sweep --config my.json --grid dataset=mnist,fashion-mnist --shard 1/4 --out /shared/s
  presyn sweep --grid inputs=standardised,raw --seeds 2019,2020,2021 \
      --grid config=split-mnist-presyn,split-mnist-nocons,split-mnist-ewc,split-mnist-bgd,split-mnist-joint`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec := sweep.Study{Config: cfgName, Random: random, SearchSeed: searchSeed, Overrides: overrides}
			if len(grids) == 0 {
				return usageErrorf("sweep: empty grid: give at least one --grid key=v1,v2,... (a key and its values)")
			}
			if cmd.Flags().Changed("random") && random < 1 {
				return usageErrorf("sweep: --random is %d, want 1 or more (leave it out for a grid)", random)
			}
			for _, g := range grids {
				if random == 0 {
					if _, err := sweep.ParseRange(g); err == nil {
						return usageErrorf("sweep: --grid %s is a range: a range needs --random N; a grid lists values, KEY=V1,V2,...", g)
					}
				}
				if random > 0 {
					r, err := sweep.ParseRange(g)
					if err != nil {
						return usageErrorf("sweep: --grid: %v", err)
					}
					spec.Ranges = append(spec.Ranges, r)
					continue
				}
				a, err := sweep.ParseAxis(g)
				if err != nil {
					return usageErrorf("sweep: --grid: %v", err)
				}
				spec.Grid = append(spec.Grid, a)
			}
			if random < 0 {
				return usageErrorf("sweep: --random is %d, want 1 or more", random)
			}
			configs := slices.IndexFunc(spec.Grid, func(a sweep.Axis) bool { return a.Key == sweep.ConfigKey })
			if cfgName == "" && configs < 0 {
				return usageErrorf("sweep: --config is required (a name such as energy-presyn, or a file), or --grid config=NAME1,NAME2,...")
			}

			if !cmd.Flags().Changed("seeds") && random > 0 {
				seeds = "1,2"
			}
			var err error
			if spec.Seeds, err = parseSeeds(seeds); err != nil {
				return usageErrorf("sweep: --seeds: %v", err)
			}
			if err := spec.Resolve(); err != nil {
				return asUsage(err)
			}
			spec.Metric = metric
			if spec.Metric == "" {
				raw, source := spec.Base, cfgName
				if configs >= 0 { // a grid of configs: its first decides
					source = spec.Grid[configs].Values[0]
					raw = spec.Bases[source]
				}
				base, err := config.Parse(raw, source, nil)
				if err != nil {
					return asUsage(err)
				}
				spec.Metric = "test_acc"
				if base.NumTasks > 1 {
					spec.Metric = sweep.MeanAccColumn
				}
			}
			spec.Minimize = minimize
			if !cmd.Flags().Changed("minimize") {
				spec.Minimize = slices.Contains(lowerIsBetter, spec.Metric)
			}
			if n := spec.Size(); n > sweep.MaxSweepRuns && !yes {
				return usageErrorf("sweep: %d runs (points x seeds), over %d: add --yes if you mean it", n, sweep.MaxSweepRuns)
			}
			spec.Data = loader(cmd)
			if !cmd.Flags().Changed("out") {
				sf.out = filepath.Join(resultsRoot, "sweep", strings.TrimSuffix(filepath.Base(cfgName), ".json"))
				if cfgName == "" {
					sf.out = filepath.Join(resultsRoot, "sweep", "configs")
				}
			}
			return runCommand(cmd.Context(), streams, "sweep", spec, study.Of(spec), &sf, runF)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfgName, "config", "", "the config to sweep: a name (presyn train --help lists them) or a JSON file")
	f.StringArrayVar(&grids, "grid", nil, "a swept key and its values, KEY=V1,V2,... (with --random: KEY=LO:HI[:log]); repeatable")
	f.IntVar(&random, "random", 0, "draw N random points from the --grid ranges instead of a grid")
	f.Uint64Var(&searchSeed, "search-seed", 1, "seed of the random points' draws")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds: a list and/or ranges; with --random, 1,2 unless given")
	f.StringVar(&metric, "metric", "", "the summary.csv column to compare points by (default mean_acc for task sequences, else test_acc)")
	f.BoolVar(&minimize, "minimize", false, "lower --metric is better (default: true for losses, energies and seconds)")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of every run, as key=value (repeatable)")
	f.BoolVar(&yes, "yes", false, "run a sweep of more than 10000 runs")
	sf.register(cmd, "results/sweep/<config>", "runs")
	return cmd
}
