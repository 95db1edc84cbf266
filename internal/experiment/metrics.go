package experiment

import (
	"fmt"
	"math"
	"strconv"

	"github.com/presyn/presyn/internal/results"
)

// MetricsFile is the per-epoch table every training run writes.
const MetricsFile = "metrics.csv"

// metricsHeader is the fixed start of metrics.csv; per-task accuracy columns
// acc_task1 ... acc_taskN follow.
var metricsHeader = []string{"task", "epoch", "train_loss", "train_acc", "test_acc", "mutual_info_bits",
	"energy_synaptic", "energy_neuron", "mean_p", "frac_frozen", "seconds"}

// EpochMetrics is one row of metrics.csv: the state after one epoch of one task.
// Accuracies are fractions; Task and Epoch count from 1.
type EpochMetrics struct {
	Task, Epoch    int
	TrainLoss      float64 // mean batch loss over the epoch
	TrainAcc       float64 // accuracy of the sampled training forward passes
	TestAcc        float64 // mean test accuracy over the tasks seen so far
	MutualInfoBits float64 // on the current task's test set
	EnergySynaptic float64 // sum |w| (expected strengths), biases excluded
	EnergyNeuron   float64 // mean summed hidden activity per test input
	MeanP          float64 // 1 for deterministic networks
	FracFrozen     float64 // 0 for deterministic networks
	Seconds        float64 // wall time of the epoch, training and evaluation
	TaskAccuracies []float64
}

// metricsTable renders rows as metrics.csv with numTasks per-task columns.
func metricsTable(rows []EpochMetrics, numTasks int) *results.Table {
	header := append([]string{}, metricsHeader...)
	for t := 1; t <= numTasks; t++ {
		header = append(header, fmt.Sprintf("acc_task%d", t))
	}
	table := results.NewTable(header...)
	for _, r := range rows {
		fields := []string{strconv.Itoa(r.Task), strconv.Itoa(r.Epoch), ff(r.TrainLoss), ff(r.TrainAcc), ff(r.TestAcc),
			ff(r.MutualInfoBits), ff(r.EnergySynaptic), ff(r.EnergyNeuron), ff(r.MeanP), ff(r.FracFrozen),
			strconv.FormatFloat(r.Seconds, 'f', 3, 64)}
		for t := 0; t < numTasks; t++ {
			if t < len(r.TaskAccuracies) {
				fields = append(fields, ff(r.TaskAccuracies[t]))
			} else {
				fields = append(fields, "")
			}
		}
		table.AddRow(fields...)
	}
	return table
}

// ff formats a metric; NaN is written as "NaN" so that a failed run is visible.
func ff(x float64) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	return results.FormatFloat(x)
}

// shortFloat formats a setting (an L2 strength, a probability, a learning rate) in
// the fewest digits that read back exactly: for run ids, overrides and labels.
func shortFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
