package train

import (
	"fmt"
	"math"
	"path/filepath"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/results"
)

// MetricsFile is the per-epoch table every training run writes.
const MetricsFile = "metrics.csv"

// EpochMetrics is one row of metrics.csv: the state after one epoch of one task.
// Accuracies are fractions; Task and Epoch count from 1. The columns are fixed,
// followed by acc_task1 ... acc_taskN, the accuracy on every task seen so far
// (empty for tasks not yet seen).
type EpochMetrics struct {
	Task           int       `csv:"task"`
	Epoch          int       `csv:"epoch"`
	TrainLoss      float64   `csv:"train_loss"`       // mean batch loss over the epoch
	TrainAcc       float64   `csv:"train_acc"`        // accuracy of the sampled training forward passes
	TestAcc        float64   `csv:"test_acc"`         // mean test accuracy over the tasks seen so far
	MutualInfoBits float64   `csv:"mutual_info_bits"` // on the current task's test set
	EnergySynaptic float64   `csv:"energy_synaptic"`  // sum |w| (expected strengths), biases excluded
	EnergyNeuron   float64   `csv:"energy_neuron"`    // mean summed hidden activity per test input
	MeanP          float64   `csv:"mean_p"`           // mean release probability: learned, ghost, fixed, or 1
	FracFrozen     float64   `csv:"frac_frozen"`      // fraction of synapses frozen; 0 without release probabilities
	Seconds        float64   `csv:"seconds"`          // wall time of the epoch, training and evaluation
	TaskAccuracies []float64 `csv:"acc_task,numbered"`
}

// writeMetrics writes rows as dir's metrics.csv with exactly numTasks per-task
// columns.
func writeMetrics(dir string, rows []EpochMetrics, numTasks int) error {
	table := results.RowsTable(rows)
	for len(table.Header) < len(metricsHeader)+numTasks { // tasks not reached yet
		table.Header = append(table.Header, fmt.Sprintf("acc_task%d", len(table.Header)-len(metricsHeader)+1))
		for i := range table.Rows {
			table.Rows[i] = append(table.Rows[i], "")
		}
	}
	return table.WriteAtomic(filepath.Join(dir, MetricsFile))
}

// metricsHeader is the fixed start of metrics.csv.
var metricsHeader = results.RowsTable([]EpochMetrics(nil)).Header

// ReadMetrics reads the metrics.csv of the run folder dir. A missing or unknown
// column, or a value that is not a number, is an error naming the file and column.
func ReadMetrics(dir string) ([]EpochMetrics, error) {
	return results.ReadRows[EpochMetrics](filepath.Join(dir, MetricsFile))
}

// ReadFinishedMetrics reads the metrics.csv of dir, a finished run of cfg
// measured as ev says, and checks it is the whole of what Run wrote
// (CheckMetrics). The error names the file and the line.
func ReadFinishedMetrics(dir string, cfg config.Train, ev Evaluation) ([]EpochMetrics, error) {
	rows, err := ReadMetrics(dir)
	if err != nil {
		return nil, err
	}
	return rows, CheckMetrics(results.NewCheck(filepath.Join(dir, MetricsFile)), rows, cfg, ev)
}

// CheckMetrics checks the rows of a finished run of cfg measured as ev says,
// recording the first problem in c, and returns c.Err(): one row per epoch of
// every task it trained (one task for joint training), tasks and epochs in
// order, once each; an accuracy column for every task seen so far (every task
// for joint training); accuracies, mean_p and frac_frozen fractions; the other
// numbers finite, energies and times not negative. A measured number may be
// NaN only where Run does not measure it (see Evaluation): a run that measured
// more, as runs of earlier versions did, passes.
func CheckMetrics(c *results.Check, rows []EpochMetrics, cfg config.Train, ev Evaluation) error {
	tasks, trained := cfg.NumTasks, cfg.NumTasks
	if cfg.Joint {
		trained = 1
	}
	c.Rows(len(rows), trained*cfg.Epochs, fmt.Sprintf("%d trained tasks x %d epochs", trained, cfg.Epochs))
	for i, r := range rows {
		if i >= trained*cfg.Epochs {
			break
		}
		task, epoch := i/cfg.Epochs+1, i%cfg.Epochs+1
		all := epoch == cfg.Epochs || cfg.EvalEvery > 0 && epoch%cfg.EvalEvery == 0
		// need checks x when the row must hold it, and any number it does hold.
		need := func(must bool, check func(int, string, float64), column string, x float64) {
			if must || !math.IsNaN(x) {
				check(i, column, x)
			}
		}
		c.Int(i, "task", r.Task, task)
		c.Int(i, "epoch", r.Epoch, epoch)
		c.Finite(i, "train_loss", r.TrainLoss)
		c.Fraction(i, "train_acc", r.TrainAcc)
		need(all || ev.FirstTask, c.Fraction, "test_acc", r.TestAcc)
		need(all || ev.Info, c.Finite, "mutual_info_bits", r.MutualInfoBits)
		c.NonNegative(i, "energy_synaptic", r.EnergySynaptic)
		need(all, c.NonNegative, "energy_neuron", r.EnergyNeuron)
		c.Fraction(i, "mean_p", r.MeanP)
		c.Fraction(i, "frac_frozen", r.FracFrozen)
		c.NonNegative(i, "seconds", r.Seconds)
		seen := task
		if cfg.Joint {
			seen = tasks
		}
		if len(r.TaskAccuracies) != seen {
			c.RowFailf(i, "has %d task accuracies, want %d (the tasks seen after task %d)", len(r.TaskAccuracies), seen, task)
		}
		for j, acc := range r.TaskAccuracies {
			need(all || j == 0 && ev.FirstTask, c.Fraction, fmt.Sprintf("acc_task%d", j+1), acc)
		}
	}
	return c.Err()
}
