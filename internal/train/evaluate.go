package train

import (
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/metric"
	"github.com/presyn/presyn/internal/synapse"
)

// Evaluator measures networks on test sets as the paper does: the accuracy of the
// softmax averaged over Samples sampled networks (one mask per batch of
// BatchSize test samples, per sampled network), and optionally the mutual
// information of the first sampled network's soft predictions and the neuron
// energy averaged over inputs and sampled networks. It reuses its buffers, so
// evaluating allocates only the mutual-information accumulator; it is not safe for
// concurrent use.
type Evaluator struct {
	// Sampler, if not nil, draws the networks to measure from a method's weight
	// distribution (BGD) and says how to combine them; without it a stochastic
	// network's masks are the samples and their softmax outputs are averaged.
	Sampler method.TestSampler

	samples, batch  int
	inputs, outputs int
	x               []float32
	y               []int32
	probs, mean     []float32 // one sampled network's predictions; their average
	votes           []float32 // ModeAccuracies: votes per class
	activity        []float64
	rows            int // test samples predicted so far, each network's prediction counting once
}

// NewEvaluator returns an Evaluator for networks of the given input and output
// widths.
func NewEvaluator(inputs, outputs, batchSize, samples int) *Evaluator {
	return &Evaluator{
		samples: samples, batch: batchSize, inputs: inputs, outputs: outputs,
		x: make([]float32, batchSize*inputs), y: make([]int32, batchSize),
		probs: make([]float32, batchSize*outputs), mean: make([]float32, batchSize*outputs),
		votes: make([]float32, batchSize*outputs), activity: make([]float64, batchSize),
	}
}

// Accuracy returns net's accuracy on test.
func (e *Evaluator) Accuracy(net *synapse.Net, test *data.View) float64 {
	acc, _, _ := e.Evaluate(net, test, false)
	return acc
}

// Evaluate returns net's accuracy on test and, with info, the mutual information
// (bits) and the neuron energy. A network that does not sample is evaluated once.
func (e *Evaluator) Evaluate(net *synapse.Net, test *data.View, info bool) (acc, bits, neuron float64) {
	outputs, samples, mode := e.outputs, e.samples, "mean-softmax"
	if !net.Sampling() {
		samples = 1 // a deterministic network gives the same answer every time
	}
	if e.Sampler != nil {
		samples, mode = e.Sampler.TestSamples(), e.Sampler.TestMode()
		if mode == "map" {
			samples = 1 // the mean network, which the Net holds
		}
		defer e.Sampler.EndTest(net)
	}
	var mi *metric.MIAccumulator
	var energy metric.NeuronEnergy
	if info {
		mi = metric.NewMIAccumulator(outputs)
	}
	correct, total := 0, 0
	batches := data.NewInOrder(test, e.batch)
	for {
		n := batches.Next(e.x, e.y)
		if n == 0 {
			break
		}
		mean := e.mean[:n*outputs]
		clear(mean)
		for k := 0; k < samples; k++ {
			if e.Sampler != nil && mode != "map" {
				e.Sampler.SampleForTest(net)
			}
			p := e.probs[:n*outputs]
			net.Predict(e.x[:n*e.inputs], n, p)
			e.rows += n
			switch mode {
			case "vote": // one vote per sampled network, for its most probable class
				for i := 0; i < n; i++ {
					mean[i*outputs+argmax(p[i*outputs:(i+1)*outputs])]++
				}
			case "mean-acc": // each sampled network's accuracy counts
				correct += metric.Correct(p, e.y[:n], outputs)
			default:
				for i, v := range p {
					mean[i] += v
				}
			}
			if info {
				if k == 0 {
					mi.Add(p, e.y[:n])
				}
				net.HiddenActivity(e.activity[:n])
				energy.AddTotals(e.activity[:n])
			}
		}
		if mode == "mean-acc" {
			total += n * samples
			continue
		}
		correct += metric.Correct(mean, e.y[:n], outputs)
		total += n
	}
	acc = float64(correct) / float64(total)
	if info {
		bits, neuron = mi.Bits(), energy.Mean()
	}
	return acc, bits, neuron
}

// Information returns the mutual information (bits) of net's predictions on test
// from one sampled network (one mask, or one drawn network, per batch), as
// Evaluate measures it from its first: the reading of an epoch that is not
// otherwise measured, at a tenth of the cost of ten sampled networks.
func (e *Evaluator) Information(net *synapse.Net, test *data.View) float64 {
	mi := metric.NewMIAccumulator(e.outputs)
	drawn := e.Sampler != nil && e.Sampler.TestMode() != "map"
	if e.Sampler != nil {
		defer e.Sampler.EndTest(net)
	}
	batches := data.NewInOrder(test, e.batch)
	for {
		n := batches.Next(e.x, e.y)
		if n == 0 {
			break
		}
		if drawn {
			e.Sampler.SampleForTest(net)
		}
		p := e.probs[:n*e.outputs]
		net.Predict(e.x[:n*e.inputs], n, p)
		e.rows += n
		mi.Add(p, e.y[:n])
	}
	return mi.Bits()
}

// ModeAccuracies measures net on test in every test mode of the Sampler at once
// (which must be set): the mean network ("map") and Sampler.TestSamples() drawn
// networks combined by "mean-softmax", "mean-acc" and "vote"; it returns the
// accuracy per mode.
func (e *Evaluator) ModeAccuracies(net *synapse.Net, test *data.View) map[string]float64 {
	outputs, samples := e.outputs, e.Sampler.TestSamples()
	var mapCorrect, softmaxCorrect, accCorrect, voteCorrect, total int
	batches := data.NewInOrder(test, e.batch)
	for {
		n := batches.Next(e.x, e.y)
		if n == 0 {
			break
		}
		x, y, p := e.x[:n*e.inputs], e.y[:n], e.probs[:n*outputs]
		e.Sampler.EndTest(net)
		net.Predict(x, n, p)
		e.rows += n
		mapCorrect += metric.Correct(p, y, outputs)
		mean, votes := e.mean[:n*outputs], e.votes[:n*outputs]
		clear(mean)
		clear(votes)
		for range samples {
			e.Sampler.SampleForTest(net)
			net.Predict(x, n, p)
			e.rows += n
			accCorrect += metric.Correct(p, y, outputs)
			for i := 0; i < n; i++ {
				votes[i*outputs+argmax(p[i*outputs:(i+1)*outputs])]++
			}
			for i, v := range p {
				mean[i] += v
			}
		}
		softmaxCorrect += metric.Correct(mean, y, outputs)
		voteCorrect += metric.Correct(votes, y, outputs)
		total += n
	}
	e.Sampler.EndTest(net)
	t := float64(total)
	return map[string]float64{
		"map": float64(mapCorrect) / t, "mean-softmax": float64(softmaxCorrect) / t,
		"mean-acc": float64(accCorrect) / (t * float64(samples)), "vote": float64(voteCorrect) / t,
	}
}

// argmax returns the index of the largest value, the first of ties.
func argmax(p []float32) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}
