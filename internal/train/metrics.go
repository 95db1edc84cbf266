package train

import (
	"fmt"
	"path/filepath"

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
