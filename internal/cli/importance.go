package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/experiment/importance"
	"github.com/presyn/presyn/internal/study"
)

// newImportanceCmd builds `presyn importance` (every analysis) or, with analysis
// set, `presyn lesion`, `presyn fisher` or `presyn sparsity`; runF replaces the run
// function in tests.
func newImportanceCmd(streams Streams, analysis string, runF func(context.Context, Streams, importance.Study, study.Options) error) *cobra.Command {
	def := importance.Default()
	var (
		runsDir, seeds, uniformSeeds string
		overrides                    []string
		quick                        bool
		l2                           float64
		sf                           studyFlags
	)
	use, short, what := "importance", "Lesion, Fisher and sparsity analyses of trained presynaptic networks (Figures 2, 3; App. 1 fig. 1d; App. 2)", "every analysis"
	switch analysis {
	case importance.AnalysisLesion:
		use, short, what = "lesion", "Accuracy after removing low-importance synapses (Figure 2b)", "the lesion"
	case importance.AnalysisFisher:
		use, short, what = "fisher", "Fisher information, energy and release probability histograms (Figure 2a, c, d; App. 1 fig. 1d)", "the Fisher analysis"
	case importance.AnalysisSparsity:
		use, short, what = "sparsity", "Important inputs and outputs per neuron, learned vs shuffled (Figure 3, Appendix 2)", "the sparsity analysis"
	}
	cmd := &cobra.Command{
		Use:   use + " [--runs DIR] [--seeds LIST] [--out DIR] [--shard K/N]",
		Short: short,
		Long: `Run ` + what + ` on the presynaptic networks of the energy experiment at L2
0.01 (config energy-presyn, seeds 2019-2021; --l2 for another strength of the
sweep): those 'presyn energy' trained into --runs
(DIR/runs/presyn_l2-<L2>_seed-<seed>), and, for the ones it lacks, networks
this command trains itself into OUT/trained (an energy study, resumable like
'presyn energy'). Appendix 1 figure 1d's network, whose release probabilities start
uniform in [p_min, 1], is trained into OUT/trained-uniform.

` + analysesHelp(analysis) + `

Figures (PNG, SVG, PDF): ` + strings.Join(importance.FiguresOf(analysis), ", ") + `; the report section OUT/report.md, also
printed. The analyses of 'presyn lesion', 'fisher' and 'sparsity' accumulate in
one OUT: 'presyn collect OUT' redraws them all.

` + shardHelp + "\n\n" + planHelp,
		Example: `  presyn ` + use + `                                   # on results/energy's networks
  presyn ` + use + ` --quick --out /tmp/importance    # 1 seed, networks of 5 epochs
  presyn ` + use + ` --runs /shared/energy --seeds 2019,2020
  presyn ` + use + ` --l2 0.005 --out results/importance-l2-0.005`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec := def
			if quick {
				spec = importance.Quick()
			}
			if analysis != "" {
				spec.Analyses = []string{analysis}
			}
			if cmd.Flags().Changed("l2") {
				spec.L2 = l2
			}
			var err error
			if cmd.Flags().Changed("seeds") {
				if spec.Seeds, err = parseSeeds(seeds); err != nil {
					return usageErrorf("%s: --seeds: %v", use, err)
				}
			}
			if cmd.Flags().Changed("uniform-seeds") {
				if strings.TrimSpace(uniformSeeds) == "" {
					spec.UniformSeeds = nil
				} else if spec.UniformSeeds, err = parseSeeds(uniformSeeds); err != nil {
					return usageErrorf("%s: --uniform-seeds: %v", use, err)
				}
			}
			spec.Overrides = append(spec.Overrides, overrides...)
			spec.RunsDir, spec.Data = runsDir, loader(cmd)
			opts, err := sf.options(use, streams)
			if err != nil {
				return err
			}
			spec.Dir = opts.Dir
			spec.Analyses = accumulatedAnalyses(opts.Dir, spec.Analyses)
			if sf.plan {
				return sf.printPlan(cmd.Context(), streams, use, importanceTargets(spec, opts.Dir), cost.Options{Workers: opts.Workers, Shard: opts.Shard, InOrder: true})
			}
			if err := prepareStudy(cmd.Context(), study.Of(spec), opts.Dir); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), streams, spec, opts)
			}
			return runImportance(cmd.Context(), streams, spec, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&runsDir, "runs", def.RunsDir, "folder of trained energy runs to analyse (as presyn energy --out writes it)")
	f.StringVar(&seeds, "seeds", "2019,2020,2021", "seeds of the networks: a list and/or ranges")
	f.StringVar(&uniformSeeds, "uniform-seeds", "2019", "seeds of the networks with uniform initial p (app1d; fisher only); empty for none")
	f.StringArrayVar(&overrides, "set", nil, "override a config key of the networks, as key=value (repeatable)")
	f.Float64Var(&l2, "l2", def.L2, "L2 strength of the networks (the energy sweep's presyn_l2-<L2> runs)")
	f.BoolVar(&quick, "quick", false, "smoke profile: seed 2019, networks of 5 epochs (as presyn energy --quick trains them)")
	sf.register(cmd, defaultOut(importance.Folder), "runs")
	return cmd
}

// accumulatedAnalyses adds to analyses those an importance study in dir already
// holds, so that presyn lesion, fisher and sparsity build one study together.
func accumulatedAnalyses(dir string, analyses []string) []string {
	m, err := study.ReadMarker(dir)
	if err != nil || m.Experiment != (importance.Study{}).Name() {
		return analyses
	}
	var prev importance.Study
	if json.Unmarshal(m.Spec, &prev) != nil {
		return analyses
	}
	var out []string
	for _, a := range importance.Analyses {
		if slices.Contains(analyses, a) || slices.Contains(prev.Analyses, a) {
			out = append(out, a)
		}
	}
	return out
}

// importanceTargets are what an importance study runs: the networks it lacks
// (energy studies in their folders), then its analyses in dir.
func importanceTargets(spec importance.Study, dir string) []cost.Target {
	var targets []cost.Target
	dirs := spec.NetworkDirs()
	for i, e := range spec.Networks() {
		targets = append(targets, cost.Target{Name: "networks", Dir: dirs[i], Study: study.Of(e)})
	}
	return append(targets, cost.Target{Name: spec.Name(), Dir: dir, Study: study.Of(spec)})
}

// runImportance trains the networks the analyses lack, then runs the analyses.
func runImportance(ctx context.Context, streams Streams, spec importance.Study, opts study.Options) error {
	if err := spec.CheckRunsDir(); err != nil {
		return err
	}
	dirs := spec.NetworkDirs()
	for i, e := range spec.Networks() {
		o := opts
		o.Dir = dirs[i]
		fmt.Fprintf(streams.Err, "importance: training %d networks in %s\n", len(e.Seeds), o.Dir)
		if err := prepareStudy(ctx, study.Of(e), o.Dir); err != nil {
			return err
		}
		if _, err := study.Execute(ctx, e, o); err != nil {
			return err
		}
	}
	return runStudy(ctx, streams, study.Of(spec), opts)
}

// analysisHelp says what each analysis does and writes, as in the authors'
// published code (lesion, Fisher) and the paper's text (sparsity).
var analysisHelp = map[string]string{
	importance.AnalysisLesion: `  lesion    rank all synapses together by p, |w|, p*|w| or at random (ties broken by
            a 1e-4 jitter), remove the lowest 0%, 10%, ..., 90%, and measure the test
            accuracy of 10 sampled networks: OUT/lesion.csv
            (importance,fraction,seed,accuracy) and lesion_aggregate.csv`,
	importance.AnalysisFisher: `  fisher    diagonal empirical Fisher information over the test set, one sample at a
            time, every p set to 1; its Pearson correlation with p: OUT/fisher.csv
            (seed,pearson_r,pearson_p); every synapse's p before and after
            learning, |w| and Fisher in runs/fisher_seed-<seed>/synapses.csv;
            energy and Fisher of p >= 0.9 vs p < 0.9 in synapse_groups.csv`,
	importance.AnalysisSparsity: `  sparsity  per neuron, important (p >= 0.9) inputs and outputs, against the same
            counts with each weight matrix's mask shuffled: KS test, low / medium /
            high neurons (2 SD from the shuffled mean), inputs-outputs correlation:
            OUT/sparsity.csv, per neuron in runs/sparsity_seed-<seed>/neurons.csv`,
}

// analysesHelp is the help's paragraph on the analyses: all three for presyn
// importance, only its own for presyn lesion, fisher or sparsity.
func analysesHelp(analysis string) string {
	if analysis == importance.AnalysisSparsity {
		return "The analysis, as the paper's text describes it:\n" + analysisHelp[analysis]
	}
	if analysis != "" {
		return "The analysis, as in the authors' published code:\n" + analysisHelp[analysis]
	}
	var parts []string
	for _, a := range []string{importance.AnalysisLesion, importance.AnalysisFisher, importance.AnalysisSparsity} {
		parts = append(parts, analysisHelp[a])
	}
	return "Analyses, as in the authors' published code (lesion, Fisher) and the paper's text\n(sparsity):\n" + strings.Join(parts, "\n")
}
