package cost

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/presyn/presyn/internal/study"
)

// Target is a study and its results folder, as presyn paper queues them
// (experiment.Step has the same fields).
type Target struct {
	Name  string // as reports name it: energy, lifelong/split-mnist, ...
	Dir   string // its results folder; one that does not exist has nothing finished
	Study study.Handle
}

// Options say how the planned runs will run.
type Options struct {
	// Workers run at once, each run on one core; < 1 means one per core of
	// the machine the plan is made on.
	Workers int
	// Shard is the part of every plan to run; the zero Shard is all of it.
	Shard study.Shard
	// InOrder says the runs start in plan order, as one study command runs
	// them; otherwise longest first, as presyn paper queues them (Wall).
	InOrder bool
}

// Plan is what a list of studies will cost: the runs not finished in their
// folders, their core-hours on the machine and their wall time on the workers.
type Plan struct {
	Runs      int         `json:"runs"`     // runs to do
	Finished  int         `json:"finished"` // runs of the plans already finished (not counted)
	CoreHours float64     `json:"core_hours"`
	WallHours float64     `json:"wall_hours"`
	Workers   int         `json:"workers"`
	InOrder   bool        `json:"in_order"` // runs start in plan order (else longest first)
	Shard     string      `json:"shard"`    // "all" or K/N
	TeraFLOP  float64     `json:"tflop"`    // matrix-product work of the runs to do
	Machine   Machine     `json:"machine"`  // the calibration the seconds are predicted with
	Studies   []StudyPlan `json:"studies"`
}

// StudyPlan is one study's part of a Plan.
type StudyPlan struct {
	Name      string    `json:"name"`
	Folder    string    `json:"folder"`
	Runs      int       `json:"runs"` // to do
	Finished  int       `json:"finished"`
	CoreHours float64   `json:"core_hours"`
	TeraFLOP  float64   `json:"tflop"`
	Todo      []RunCost `json:"todo"` // the runs to do, in plan order
}

// RunCost is a planned run's predicted time on one core.
type RunCost struct {
	ID       string  `json:"id"`
	Seconds  float64 `json:"seconds"`
	TeraFLOP float64 `json:"tflop"`
}

// Plan predicts the targets' runs that are not finished in their folders (and
// belong to opts.Shard): each run's seconds from its work (the study's
// Counter) on m, their core-hours, and the wall time of all of them on
// opts.Workers. It reads the folders and writes nothing. A study whose runs
// wait for another's (the importance analyses for the energy networks) costs
// what its runs compute; the wait is not predicted.
func (m Machine) Plan(targets []Target, opts Options) (Plan, error) {
	workers := Workers(opts.Workers)
	p := Plan{Workers: workers, InOrder: opts.InOrder, Shard: opts.Shard.String(), Machine: m}
	var seconds []float64
	for _, t := range targets {
		counter, err := CounterOf(t.Study)
		if err != nil {
			return Plan{}, err
		}
		runs, err := t.Study.Plan()
		if err != nil {
			return Plan{}, err
		}
		sp := StudyPlan{Name: t.Name, Folder: t.Dir}
		for i, done := range study.Finished(t.Dir, runs) {
			r := runs[i]
			switch {
			case !opts.Shard.Has(r.ID):
				continue
			case done:
				sp.Finished++
				continue
			}
			w, err := counter.Work(r)
			if err != nil {
				return Plan{}, fmt.Errorf("cost: %s: run %s: %w", t.Name, r.ID, err)
			}
			s, err := m.RunSeconds(w, workers)
			if err != nil {
				return Plan{}, err
			}
			rc := RunCost{ID: r.ID, Seconds: s, TeraFLOP: w.FLOPs() / 1e12}
			sp.Todo = append(sp.Todo, rc)
			sp.CoreHours += s / 3600
			sp.TeraFLOP += rc.TeraFLOP
			seconds = append(seconds, s)
		}
		sp.Runs = len(sp.Todo)
		p.Runs += sp.Runs
		p.Finished += sp.Finished
		p.CoreHours += sp.CoreHours
		p.TeraFLOP += sp.TeraFLOP
		p.Studies = append(p.Studies, sp)
	}
	if opts.InOrder {
		p.WallHours = WallInOrder(seconds, workers) / 3600
	} else {
		p.WallHours = Wall(seconds, workers) / 3600
	}
	return p, nil
}

// Wall is the wall time of runs of the given seconds on workers workers that
// take the longest first, each worker the next run when it is free (LPT list
// scheduling): how presyn paper orders its queue. It is at least the longest
// run and at least the total over workers.
func Wall(seconds []float64, workers int) float64 {
	sorted := slices.Clone(seconds)
	slices.SortFunc(sorted, func(a, b float64) int { return cmp.Compare(b, a) })
	return WallInOrder(sorted, workers)
}

// WallInOrder is the wall time of runs of the given seconds started in the
// order given, each on the first worker free: how a study command's pool runs
// its plan.
func WallInOrder(seconds []float64, workers int) float64 {
	if workers < 1 {
		panic(fmt.Sprintf("cost: %d workers, want at least 1", workers))
	}
	free := make([]float64, min(workers, max(len(seconds), 1))) // when each worker is next free
	for _, s := range seconds {
		i := slices.Index(free, slices.Min(free))
		free[i] += s
	}
	return slices.Max(free)
}

// WriteText writes the plan as a table: the machine, a row per study and the
// total, the wall time on the workers and, with runs, every run to do and its
// predicted time.
func (p Plan) WriteText(w io.Writer, runs bool) error {
	var b strings.Builder
	m := p.Machine
	fmt.Fprintf(&b, "Predicted on %s (%s BLAS, %s kernels), calibrated %s by presyn %s",
		m.CPU, m.Core, m.Kernels, m.Calibrated.Local().Format("2006-01-02 15:04"), m.Version)
	if m.LoadAverage > 0.5 || m.StealShare > 0.05 {
		fmt.Fprintf(&b, " under load (load average %.1f, %.0f%% of CPU time taken by the host)", m.LoadAverage, 100*m.StealShare)
	}
	if m.ParallelSlowdown > 1 && p.Workers > 1 {
		fmt.Fprintf(&b, " (runs take %.2fx as long with every core busy as alone)", m.ParallelSlowdown)
	}
	b.WriteString(":\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "study\tfolder\truns to do\tfinished\tcore-hours\tTFLOP\t")
	for _, s := range p.Studies {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.2f\t%.1f\t\n", s.Name, s.Folder, s.Runs, s.Finished, s.CoreHours, s.TeraFLOP)
	}
	fmt.Fprintf(tw, "total\t\t%d\t%d\t%.2f\t%.1f\t\n", p.Runs, p.Finished, p.CoreHours, p.TeraFLOP)
	tw.Flush()
	order := "longest first"
	if p.InOrder {
		order = "in plan order"
	}
	shard := ""
	if p.Shard != "" && p.Shard != "all" {
		shard = " (shard " + p.Shard + ")"
	}
	fmt.Fprintf(&b, "\nWall time%s: %s on %s, one run per core, %s.\n", shard, Duration(p.WallHours*3600), study.Count(p.Workers, "worker"), order)
	if runs {
		for _, s := range p.Studies {
			if len(s.Todo) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n%s: runs to do\n", s.Name)
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			for _, r := range s.Todo {
				fmt.Fprintf(tw, "  %s\t%s\n", r.ID, Duration(r.Seconds))
			}
			tw.Flush()
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Duration writes seconds as a person reads a duration: 45 s, 12 min,
// 3.4 h.
func Duration(seconds float64) string {
	d := time.Duration(seconds * float64(time.Second))
	switch {
	case d < 100*time.Second:
		return fmt.Sprintf("%.0f s", seconds)
	case d < 100*time.Minute:
		return fmt.Sprintf("%.0f min", seconds/60)
	}
	return fmt.Sprintf("%.1f h", seconds/3600)
}
