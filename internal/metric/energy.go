package metric

import (
	"fmt"
	"math"
)

// SynapticEnergy returns Σ|w| over all the given weight slices: the paper's
// synaptic energy, evaluated on expected strengths w = p*m. Pass weights
// only, never biases.
func SynapticEnergy(weights ...[]float32) float64 {
	var s float64
	for _, w := range weights {
		for _, v := range w {
			s += math.Abs(float64(v))
		}
	}
	return s
}

// NeuronEnergy accumulates the paper's neuron energy: the mean, over test
// inputs and sampled networks, of the summed hidden ReLU activity of one
// input. Feed it every batch of every sampled network's pass over the test
// set; partial batches are fine. The zero value is ready to use.
type NeuronEnergy struct {
	sum    float64
	inputs int
}

// Add accumulates one batch of rows inputs: each of hidden is one hidden
// layer's post-ReLU activations for the batch (rows x units, row-major).
// The activity of all units of all given layers is summed.
func (e *NeuronEnergy) Add(rows int, hidden ...[]float32) {
	if rows < 0 {
		panic(fmt.Sprintf("metric: neuron energy of %d rows", rows))
	}
	for l, h := range hidden {
		if rows == 0 && len(h) != 0 || rows > 0 && len(h)%rows != 0 {
			panic(fmt.Sprintf("metric: hidden layer %d has %d activations for %d rows", l, len(h), rows))
		}
		for _, v := range h {
			e.sum += float64(v)
		}
	}
	e.inputs += rows
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
