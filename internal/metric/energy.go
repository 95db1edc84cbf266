package metric

import "math"

// NeuronEnergy accumulates the paper's neuron energy: the mean, over test
// inputs and sampled networks, of the summed hidden ReLU activity of one
// input. Feed it the per-input totals of every batch of every sampled
// network's pass over the test set (synapse.Net.HiddenActivity); partial
// batches are fine. The zero value is ready to use. The synaptic energy is
// the network's own measurement: synapse.Net.SynapticEnergy.
type NeuronEnergy struct {
	sum    float64
	inputs int
}

// AddTotals accumulates inputs whose summed hidden activity is already known, one
// total per input (as synapse.Net.HiddenActivity gives them).
func (e *NeuronEnergy) AddTotals(perInput []float64) {
	for _, v := range perInput {
		e.sum += v
	}
	e.inputs += len(perInput)
}

// Inputs returns the number of inputs (rows, counted once per sampled
// network) accumulated.
func (e *NeuronEnergy) Inputs() int { return e.inputs }

// Mean returns the mean summed hidden activity per input, or NaN before any
// input was added.
func (e *NeuronEnergy) Mean() float64 {
	if e.inputs == 0 {
		return math.NaN()
	}
	return e.sum / float64(e.inputs)
}
