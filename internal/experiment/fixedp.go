package experiment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
)

// FixedPSpec is the sweep behind Appendix 1 figure 1c: the stochastic MLP with a
// fixed release probability p (energy-mlp-fixed with p_fixed = p) at one L2
// strength, for each p trained with every learning rate of a small grid; each p
// reports its best learning rate.
type FixedPSpec struct {
	Ps        []float64 // release probabilities
	LRs       []float64 // the learning-rate grid
	Seeds     []uint64
	L2        float64
	Overrides []string
	Workers   int
	DataDir   string
	OutDir    string
	Progress  io.Writer
}

// DefaultFixedPSpec is p = 0.1, 0.2, ..., 1.0 at L2 0.01, learning rates 0.01, 0.02,
// 0.05 (the published rate of the p = 0.4 control) and 0.1, seeds 2019-2021. The
// grid reached down to 0.01 after 0.02 came out best for most p.
func DefaultFixedPSpec() FixedPSpec {
	var ps []float64
	for i := 1; i <= 10; i++ {
		ps = append(ps, float64(i)/10)
	}
	return FixedPSpec{Ps: ps, LRs: []float64{0.01, 0.02, 0.05, 0.1}, Seeds: []uint64{2019, 2020, 2021}, L2: 0.01}
}

// FixedPRow is one run's result.
type FixedPRow struct {
	P, LR         float64
	Seed          uint64
	TestAcc, Bits float64
	Energy        float64
	InfoPerEnergy float64
}

// FixedPBest is app1c.csv's row: for one p, the learning rate with the highest
// mean information per energy, and its means and standard errors over seeds.
type FixedPBest struct {
	P, LR                 float64
	N                     int
	TestAcc, Bits, Energy MeanSE
	InfoPerEnergy         MeanSE
}

// FixedPResult is a finished fixed-p sweep.
type FixedPResult struct {
	Rows     []FixedPRow
	Diverged []string // runs whose loss diverged
	Best     []FixedPBest
	Ran      int
	Seconds  float64
}

func (s FixedPSpec) validate() error {
	if len(s.Ps) == 0 {
		return errors.New("energy fixed-p: no release probabilities given")
	}
	for _, p := range s.Ps {
		if !(p > 0 && p <= 1) {
			return fmt.Errorf("energy fixed-p: release probability %v is not in (0, 1]", p)
		}
	}
	if len(s.LRs) == 0 {
		return errors.New("energy fixed-p: no learning rates given")
	}
	for _, lr := range s.LRs {
		if !(lr > 0) {
			return fmt.Errorf("energy fixed-p: learning rate %v is not positive", lr)
		}
	}
	if !(s.L2 >= 0) {
		return fmt.Errorf("energy fixed-p: L2 strength %v is negative or not a number", s.L2)
	}
	if len(s.Seeds) == 0 {
		return errors.New("energy fixed-p: no seeds given")
	}
	return nil
}

type fixedPRun struct {
	P, LR float64
	Seed  uint64
}

func (r fixedPRun) id() string {
	return fmt.Sprintf("fixed-p_p-%s_lr-%s_seed-%d", shortFloat(r.P), shortFloat(r.LR), r.Seed)
}

func (s FixedPSpec) sweep() (sweep, []fixedPRun, error) {
	if err := s.validate(); err != nil {
		return sweep{}, nil, err
	}
	sw := sweep{Experiment: "energy-fixed-p", Dir: s.OutDir, Workers: s.Workers, DataDir: s.DataDir, Progress: s.Progress}
	var runs []fixedPRun
	for _, p := range s.Ps {
		for _, lr := range s.LRs {
			overrides := append(append([]string{}, s.Overrides...), "p_fixed="+shortFloat(p), "lr="+shortFloat(lr), "l2="+shortFloat(s.L2))
			cfg, err := config.Load("energy-mlp-fixed", overrides)
			if err != nil {
				return sweep{}, nil, err
			}
			for _, seed := range s.Seeds {
				r := fixedPRun{P: p, LR: lr, Seed: seed}
				runs = append(runs, r)
				sw.Runs = append(sw.Runs, sweepRun{ID: r.id(), Config: cfg, Seed: seed})
			}
		}
	}
	return sw, runs, nil
}

// CheckFixedPOutDir reports a folder that holds another experiment's runs or runs
// made with other settings.
func CheckFixedPOutDir(spec FixedPSpec) error {
	sw, _, err := spec.sweep()
	if err != nil {
		return err
	}
	return sw.check()
}

// RunFixedP trains the unfinished runs of spec, then writes runs.csv (every run),
// app1c.csv (the best learning rate per p) and the figure app1c.
func RunFixedP(ctx context.Context, spec FixedPSpec) (*FixedPResult, []string, error) {
	start := time.Now()
	sw, runs, err := spec.sweep()
	if err != nil {
		return nil, nil, err
	}
	ran, runErr := sw.run(ctx)
	if runErr != nil && ctx.Err() != nil {
		return nil, nil, runErr
	}
	res := &FixedPResult{Ran: ran}
	divergedSettings := map[[2]float64]bool{} // (p, lr) that diverged for some seed
	table := results.NewTable("p", "lr", "seed", "status", "test_acc", "mutual_info_bits", "energy_synaptic", "info_per_energy")
	for _, r := range runs {
		last, status, err := sw.lastMetrics(r.id())
		if err != nil {
			return nil, nil, err
		}
		if status == runDiverged {
			// Too large a learning rate for this p: recorded, never the best.
			res.Diverged = append(res.Diverged, r.id())
			divergedSettings[[2]float64{r.P, r.LR}] = true
			table.AddRow(ff(r.P), ff(r.LR), strconv.FormatUint(r.Seed, 10), "diverged", "", "", "", "")
		}
		if status != runFinished {
			continue
		}
		row := FixedPRow{P: r.P, LR: r.LR, Seed: r.Seed, TestAcc: last["test_acc"], Bits: last["mutual_info_bits"], Energy: last["energy_synaptic"]}
		row.InfoPerEnergy = row.Bits / row.Energy
		res.Rows = append(res.Rows, row)
		table.AddRow(ff(row.P), ff(row.LR), strconv.FormatUint(row.Seed, 10), "ok", ff(row.TestAcc), ff(row.Bits), ff(row.Energy), ff(row.InfoPerEnergy))
	}
	if len(res.Rows) == 0 {
		return nil, nil, errors.Join(runErr, fmt.Errorf("energy fixed-p: no finished runs in %s", spec.OutDir))
	}
	if err := table.WriteAtomic(filepath.Join(spec.OutDir, "runs.csv")); err != nil {
		return nil, nil, err
	}
	res.Best = bestFixedP(res.Rows, divergedSettings, spec.Ps, spec.LRs)
	best := results.NewTable("p", "best_lr", "n", "test_acc_mean", "test_acc_se", "mutual_info_bits_mean", "mutual_info_bits_se",
		"energy_synaptic_mean", "energy_synaptic_se", "info_per_energy_mean", "info_per_energy_se")
	for _, b := range res.Best {
		best.AddRow(ff(b.P), ff(b.LR), strconv.Itoa(b.N), ff(b.TestAcc.Mean), ff(b.TestAcc.SE), ff(b.Bits.Mean), ff(b.Bits.SE),
			ff(b.Energy.Mean), ff(b.Energy.SE), ff(b.InfoPerEnergy.Mean), ff(b.InfoPerEnergy.SE))
	}
	if err := best.WriteAtomic(filepath.Join(spec.OutDir, "app1c.csv")); err != nil {
		return nil, nil, err
	}
	files, err := app1cFigure(res, spec, spec.Progress)
	if err != nil {
		return nil, nil, err
	}
	res.Seconds = time.Since(start).Seconds()
	return res, files, runErr
}

// bestFixedP picks, for each p, the learning rate whose runs have the highest mean
// information per energy, the quantity the figure compares. A learning rate that
// diverged for any seed of a p is not eligible for that p.
func bestFixedP(rows []FixedPRow, diverged map[[2]float64]bool, ps, lrs []float64) []FixedPBest {
	var out []FixedPBest
	for _, p := range ps {
		var best *FixedPBest
		for _, lr := range lrs {
			if diverged[[2]float64{p, lr}] {
				continue
			}
			var acc, bits, energy, ratio []float64
			for _, r := range rows {
				if r.P == p && r.LR == lr {
					acc, bits = append(acc, r.TestAcc), append(bits, r.Bits)
					energy, ratio = append(energy, r.Energy), append(ratio, r.InfoPerEnergy)
				}
			}
			if len(ratio) == 0 {
				continue
			}
			ms := func(xs []float64) MeanSE { m, se := stats.MeanSE(xs); return MeanSE{m, se} }
			cand := FixedPBest{P: p, LR: lr, N: len(ratio), TestAcc: ms(acc), Bits: ms(bits), Energy: ms(energy), InfoPerEnergy: ms(ratio)}
			if best == nil || cand.InfoPerEnergy.Mean > best.InfoPerEnergy.Mean {
				best = &cand
			}
		}
		if best != nil {
			out = append(out, *best)
		}
	}
	return out
}

func app1cFigure(res *FixedPResult, spec FixedPSpec, warn io.Writer) ([]string, error) {
	p := plot.New(fmt.Sprintf("Fixed release probability, L2 %g", spec.L2), "release probability p", "bits per 1000 units of synaptic energy")
	var c plot.ErrorCurve
	c.Color = plot.Palette(2)
	for _, b := range res.Best {
		c.X, c.XSE = append(c.X, b.P), append(c.XSE, 0)
		c.Y, c.YSE = append(c.Y, 1000*b.InfoPerEnergy.Mean), append(c.YSE, 1000*b.InfoPerEnergy.SE)
	}
	dropped, err := c.Add(p)
	if err != nil {
		return nil, err
	}
	plot.ReportDropped(warn, "app1c", dropped)
	plot.Pad(p, 0.04)
	return plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(spec.OutDir, "app1c"))
}
