package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/experiment"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/progress"
	"github.com/presyn/presyn/internal/report"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/version"
)

// paperOptions are the resolved flags of `presyn paper`.
type paperOptions struct {
	Results, Figures string
	Quick            bool
	Workers          int
	Shard            study.Shard
	SjostromData     string // the user's copy of the Costa et al. data, or ""
}

// newPaperCmd builds `presyn paper`; runF replaces the run function in tests.
func newPaperCmd(streams Streams, runF func(context.Context, Streams, []experiment.Step, paperOptions) error) *cobra.Command {
	var (
		o                  paperOptions
		shard, sjostromCSV string
		workers            int
		pf                 planFlags
	)
	cmd := &cobra.Command{
		Use:   "paper [--quick] [--out DIR] [--figures DIR] [--workers N] [--shard K/N]",
		Short: "Every figure and table of the paper: all studies on one queue, then the report",
		Long: `Run every study the paper's 25 artefacts are computed from, as the study
commands run them with their defaults (energy, energy fixed-p, importance, the five
lifelong benchmarks, the two ablations, perceptron), each into its folder of --out
(DIR/energy, DIR/lifelong/split-mnist, ...), but on one queue of runs on one pool
of --workers: the longest runs first, so that no core idles at the end of one
study while another waits. The importance analyses wait for the energy networks
they analyse. Then it renders every study, writes Appendix 1 table 1
(DIR/lifelong/tab1.md) and the whole report (presyn report: FIGURES/REPORT.md,
FIGURES/index.html, every artefact as FIGURES/<id>.png|svg|pdf|csv).

Finished runs are kept: after a kill the same command goes on where it stopped,
and each invocation's wall time is added to DIR/wall_times.csv, which the report
sums. The first invocation keeps the plan it predicts (core-hours, wall time on
--workers) in DIR/plan.json, which the report sets beside the measured time. With --quick every study takes its smoke profile, into results/quick and
figures/quick by default (minutes, not hours). With --sjostrom-data FILE it also
runs presyn sjostrom on the user's copy of the Costa et al. data (Appendix 1
figure 4).

` + shardHelp + ` For the whole paper on a Slurm cluster:
presyn slurm --shards N -- paper --out DIR, whose collector runs presyn paper
--out DIR once every shard is done (nothing is left to run, so it renders and
reports).

` + planHelp + ` The whole paper's plan
puts the longest runs first, as the queue runs them.`,
		Example: `  presyn paper                                  # the whole paper into results/ and figures/
  presyn paper --plan                           # what it will cost here, before it starts
  presyn paper --plan --json --workers 2
  presyn paper --quick                          # every study's smoke profile (minutes)
  presyn paper --workers 8 --out /shared/results --figures /shared/figures
  presyn slurm --shards 16 --time 4:00:00 -- paper --out /shared/results`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if workers < 0 {
				return usageErrorf("paper: --workers is %d, want 0 (one per core) or more", workers)
			}
			o.Workers = workers
			if !cmd.Flags().Changed("out") && o.Quick {
				o.Results = filepath.Join(resultsRoot, "quick")
			}
			if !cmd.Flags().Changed("figures") && o.Quick {
				o.Figures = filepath.Join("figures", "quick")
			}
			if o.Results == "" || o.Figures == "" {
				return usageErrorf("paper: --out and --figures must not be empty")
			}
			if shard != "" {
				s, err := study.ParseShard(shard)
				if err != nil {
					return usageErrorf("paper: --shard: %v", err)
				}
				o.Shard = s
			}
			if err := pf.check("paper"); err != nil {
				return err
			}
			if sjostromCSV != "" {
				if _, err := os.Stat(sjostromCSV); err != nil {
					return fmt.Errorf("paper: --sjostrom-data: %w", err)
				}
				o.SjostromData = sjostromCSV
			}
			steps := experiment.Paper(o.Results, o.Quick, loader(cmd))
			if pf.plan {
				return pf.printPlan(cmd.Context(), streams, "paper", paperTargets(steps), cost.Options{Workers: o.Workers, Shard: o.Shard})
			}
			// Plan every study before anything is written: a bad setting is a
			// usage error before hours of runs, as presyn slurm checks it.
			for _, s := range steps {
				if _, err := s.Study.Plan(); err != nil {
					return asUsage(fmt.Errorf("paper: %s: %w", s.Name, err))
				}
			}
			if ctx := cmd.Context(); ctx != nil && ctx.Value(checkOnlyKey{}) != nil {
				return errChecked
			}
			if runF != nil {
				return runF(cmd.Context(), streams, steps, o)
			}
			return runPaper(cmd.Context(), streams, steps, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Results, "out", resultsRoot, "the results folder: every study in its folder of it (default results/quick with --quick)")
	f.StringVar(&o.Figures, "figures", "figures", "where the report and the artefacts go (default figures/quick with --quick)")
	f.BoolVar(&o.Quick, "quick", false, "every study's smoke profile: one seed, shortened training")
	f.IntVar(&workers, "workers", 0, "runs at once (0: one per core); does not change the results")
	f.StringVar(&shard, "shard", "", "run only part K of N of the whole paper's runs, as K/N (see above)")
	f.StringVar(&sjostromCSV, "sjostrom-data", "", "the user's copy of the Costa et al. data, for Appendix 1 figure 4 (presyn sjostrom)")
	pf.register(f)
	return cmd
}

// paperTargets are the paper's studies as a plan prices them.
func paperTargets(steps []experiment.Step) []cost.Target {
	targets := make([]cost.Target, len(steps))
	for i, s := range steps {
		targets[i] = cost.Target{Name: s.Name, Dir: s.Dir, Study: s.Study}
	}
	return targets
}

// runPaper runs the whole paper's queue, then (for the whole plan, not a
// shard) renders every study, the lifelong table and the report.
func runPaper(ctx context.Context, streams Streams, steps []experiment.Step, o paperOptions) error {
	start := time.Now()
	var (
		jobs     []study.Job
		counters []cost.Counter
	)
	for _, s := range steps {
		js, err := s.Study.Jobs(s.Dir, o.Shard)
		if err != nil {
			return asUsage(fmt.Errorf("paper: %s: %w", s.Name, err))
		}
		counter, err := cost.CounterOf(s.Study)
		if err != nil {
			return fmt.Errorf("paper: %w", err)
		}
		for range js {
			counters = append(counters, counter)
		}
		jobs = append(jobs, js...)
	}
	// The queue runs the longest runs first, by their predicted seconds on
	// this machine, which also weigh the progress line's ETA.
	m, err := keptOrCalibrated(ctx, streams, "paper")
	if err != nil {
		return err
	}
	workers := cost.Workers(o.Workers)
	if o.Shard.Whole() {
		if err := keepFirstPlan(o.Results, m, steps, workers); err != nil {
			return err
		}
	}
	seconds, err := jobSeconds(m, jobs, counters, workers)
	if err != nil {
		return err
	}
	order := longestFirst(seconds)
	queue := make([]study.Job, len(jobs))
	weights := make([]float64, len(jobs))
	var total float64
	for i, j := range order {
		queue[i], weights[i] = jobs[j], seconds[j]
		total += seconds[j]
	}
	fmt.Fprintf(streams.Err, "paper: %s of %d studies to run in %s%s; predicted %.2f core-hours, %s on %s (presyn paper --plan lists them)\n",
		study.Count(len(queue), "run"), len(steps), o.Results, shardNote(o.Shard), total/3600,
		cost.Duration(cost.Wall(seconds, workers)), study.Count(workers, "worker"))
	reporter := progress.NewWeighted(streams.Err, "paper", len(queue), total)
	out, runErr := study.RunQueue(ctx, queue, o.Workers, func(i int, msg string) {
		where, err := filepath.Rel(o.Results, queue[i].Dir)
		if err != nil {
			where = queue[i].Dir
		}
		reporter.DoneWork(1, weights[i], filepath.ToSlash(where)+" "+msg)
	}, streams.Err)
	if ctx != nil && ctx.Err() != nil {
		return runErr
	}
	if err := recordWall(o.Results, time.Since(start).Seconds()); err != nil {
		return errors.Join(runErr, err)
	}
	if len(out.Busy) > 0 {
		fmt.Fprintf(streams.Err, "paper: %d runs were left to other processes that own them\n", len(out.Busy))
	}
	if len(out.Waiting) > 0 {
		fmt.Fprintf(streams.Err, "paper: %d runs wait for what they need: %s\n", len(out.Waiting), strings.Join(out.Waiting, ", "))
	}
	if !o.Shard.Whole() {
		fmt.Fprintf(streams.Out, "paper: shard %s ran %d runs in %.0f s. When every shard is done, run presyn paper --out %s for the tables, figures and report.\n",
			o.Shard, out.Ran, time.Since(start).Seconds(), o.Results)
		return runErr
	}
	if err := renderPaper(streams, steps, o); err != nil {
		return errors.Join(runErr, err)
	}
	return runErr
}

// shardNote is " (shard K/N)" for a shard, "" for the whole plan.
func shardNote(s study.Shard) string {
	if s.Whole() {
		return ""
	}
	return " (shard " + s.String() + ")"
}

// renderPaper renders every study that has finished runs, the lifelong table,
// presyn sjostrom where its data are given, and the report.
func renderPaper(streams Streams, steps []experiment.Step, o paperOptions) error {
	var errs []error
	for _, s := range steps {
		if _, _, err := s.Study.Rebuild(s.Dir); err != nil {
			errs = append(errs, fmt.Errorf("paper: %s: %w", s.Name, err))
		}
	}
	if _, err := lifelong.Table(filepath.Join(o.Results, lifelong.TableFolder)); err != nil {
		errs = append(errs, fmt.Errorf("paper: %w", err))
	}
	if o.SjostromData != "" {
		if err := runSjostrom(streams, sjostromOptions{DataFile: o.SjostromData, Out: filepath.Join(o.Results, "sjostrom")}); err != nil {
			errs = append(errs, fmt.Errorf("paper: %w", err))
		}
	}
	if err := runReport(streams, reportOptions{ResultsDir: o.Results, FiguresDir: o.Figures, Out: filepath.Join(o.Figures, "REPORT.md")}); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// keepFirstPlan writes the whole paper's plan to the results folder's
// plan.json unless an earlier invocation did, so that the report can set the
// time predicted before the first run beside the wall time measured over all
// of them (a resumed invocation's plan would price only what is left).
func keepFirstPlan(dir string, m cost.Machine, steps []experiment.Step, workers int) error {
	path := filepath.Join(dir, report.PlanFile)
	if _, err := os.Stat(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return err
	}
	p, err := m.Plan(paperTargets(steps), cost.Options{Workers: workers})
	if err != nil {
		return fmt.Errorf("paper: %w", err)
	}
	p.Studies = nil // the runs' list is presyn paper --plan's; the report reads the totals
	record := struct {
		Created time.Time `json:"created"`
		Version string    `json:"presyn_version"`
		*cost.Plan
	}{time.Now().UTC().Truncate(time.Second), version.String(), &p}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return results.WriteJSONAtomic(path, record)
}

// recordWall adds an invocation's wall time to the results folder's
// wall_times.csv (experiment "paper"), which the report sums.
func recordWall(dir string, seconds float64) error {
	path := filepath.Join(dir, report.WallTimesFile)
	var lines []string
	if raw, err := os.ReadFile(path); err == nil {
		lines = strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if len(lines) == 0 {
		lines = []string{"experiment,seconds,finished"}
	}
	lines = append(lines, fmt.Sprintf("%s,%.0f,%s", report.PaperStep, seconds, time.Now().UTC().Format(time.RFC3339)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return results.WriteFileAtomic(path, []byte(strings.Join(lines, "\n")+"\n"))
}

// longestFirst returns the indices of cost, the largest first (stable for
// ties, so the queue's order is the same every time).
func longestFirst(cost []float64) []int {
	order := make([]int, len(cost))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case cost[a] > cost[b]:
			return -1
		case cost[a] < cost[b]:
			return 1
		}
		return 0
	})
	return order
}
