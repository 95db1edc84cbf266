package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/study"
)

// planFlags are the flags that make a command print what its runs will cost
// instead of running them: --plan, --json, --calibration and --recalibrate.
type planFlags struct {
	plan, json, recalibrate bool
	calibration             string
}

const planHelp = `With --plan the command runs nothing and writes nothing: it lists the runs not
yet finished in its folder and predicts their core-hours and wall time on
--workers, from each run's arithmetic (FLOPs and element-wise work, counted from
its config) and a calibration of this machine (SGEMM's rate and presyn's own
training, evaluation, BGD and Fisher steps, timed on one core in about ten
seconds the first time, then kept in ~/.cache/presyn/calibration.json for this
CPU, BLAS core and presyn version). --plan --json prints it as one JSON object
(runs, finished, core_hours, wall_hours, workers, tflop, machine, studies).`

func (f *planFlags) register(fl *pflag.FlagSet) {
	fl.BoolVar(&f.plan, "plan", false, "print the runs to do and their predicted core-hours and wall time; run nothing (see above)")
	fl.BoolVar(&f.json, "json", false, "with --plan: print the plan as one JSON object")
	fl.StringVar(&f.calibration, "calibration", "", "with --plan: predict with this calibration (presyn bench --calibrate --json), e.g. another machine's")
	fl.BoolVar(&f.recalibrate, "recalibrate", false, "with --plan: calibrate this machine again rather than use the kept calibration")
}

// check refuses the plan's options without --plan: they would be ignored.
func (f *planFlags) check(name string) error {
	if f.plan {
		return nil
	}
	for _, o := range []struct {
		set  bool
		flag string
	}{{f.json, "--json"}, {f.calibration != "", "--calibration"}, {f.recalibrate, "--recalibrate"}} {
		if o.set {
			return usageErrorf("%s: %s goes with --plan", name, o.flag)
		}
	}
	return nil
}

// machine is the calibration the plan is predicted with: --calibration's
// file, else (keptOrCalibrated) the one kept for this machine, else a new one.
func (f *planFlags) machine(ctx context.Context, streams Streams, name string) (cost.Machine, error) {
	if f.calibration != "" {
		m, err := cost.Load(f.calibration)
		if err != nil {
			return cost.Machine{}, usageErrorf("%s: --calibration: %v", name, err)
		}
		return m, nil
	}
	if f.recalibrate {
		return calibrate(ctx, streams, name)
	}
	return keptOrCalibrated(ctx, streams, name)
}

// keptOrCalibrated is the calibration kept for this machine, else a new one.
func keptOrCalibrated(ctx context.Context, streams Streams, name string) (cost.Machine, error) {
	if m, ok := cost.Kept(); ok {
		return m, nil
	}
	return calibrate(ctx, streams, name)
}

// calibrate calibrates this machine and keeps the calibration, saying so on
// streams.Err before it starts, as it takes seconds.
func calibrate(ctx context.Context, streams Streams, name string) (cost.Machine, error) {
	fmt.Fprintf(streams.Err, "%s: calibrating this machine for the plan (about ten seconds on one core)...\n", name)
	start := time.Now()
	m, _, err := cost.Cached(ctx, true)
	if err != nil {
		return cost.Machine{}, fmt.Errorf("%s: calibration: %w", name, err)
	}
	fmt.Fprintf(streams.Err, "%s: calibrated in %.0f s; kept for the next --plan\n", name, time.Since(start).Seconds())
	return m, nil
}

// printPlan predicts the targets' unfinished runs and prints the plan: a
// table with every run to do, or with --json one object. Nothing is written.
// Errors in a study's plan are the user's (exit 2).
func (f *planFlags) printPlan(ctx context.Context, streams Streams, name string, targets []cost.Target, opts cost.Options) error {
	if ctx != nil && ctx.Value(checkOnlyKey{}) != nil {
		return usageErrorf("%s: --plan prints a plan here and runs nothing; run it without presyn slurm", name)
	}
	for _, t := range targets {
		if _, err := t.Study.Plan(); err != nil {
			return asUsage(fmt.Errorf("%s: %w", name, err))
		}
	}
	m, err := f.machine(ctx, streams, name)
	if err != nil {
		return err
	}
	p, err := m.Plan(targets, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if f.json {
		enc := json.NewEncoder(streams.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	return p.WriteText(streams.Out, true)
}

// planStudy prints the plan of one study command's study in its folder,
// its runs started in plan order as the command's pool starts them.
func (f *planFlags) planStudy(ctx context.Context, streams Streams, name string, h study.Handle, opts study.Options) error {
	return f.printPlan(ctx, streams, name, []cost.Target{{Name: h.Name(), Dir: opts.Dir, Study: h}},
		cost.Options{Workers: opts.Workers, Shard: opts.Shard, InOrder: true})
}

// weighByCost sets opts.Weight to the predicted seconds of h's runs when
// this machine has a kept calibration (it never calibrates: a study command
// starts at once), so that the progress line's ETA weighs its runs by their
// work.
func weighByCost(h study.Handle, opts study.Options) study.Options {
	counter, err := cost.CounterOf(h)
	if err != nil {
		return opts
	}
	m, ok := cost.Kept()
	if !ok {
		return opts
	}
	workers := cost.Workers(opts.Workers)
	opts.Weight = func(r study.Run) float64 {
		w, err := counter.Work(r)
		if err != nil {
			return 0
		}
		s, err := m.RunSeconds(w, workers)
		if err != nil {
			return 0
		}
		return s
	}
	return opts
}
