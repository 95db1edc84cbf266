package cost

import (
	"fmt"
	"runtime"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Kind is a kind of work, priced by its own Rate in a Machine.
type Kind string

// The kinds of work besides training steps (TrainKind). An Item's Elements
// count what each says.
const (
	// FillPlain copies a sample into a batch: per input value.
	FillPlain Kind = "fill/plain"
	// FillPermuted gathers a sample through a pixel permutation: per input value.
	FillPermuted Kind = "fill/permuted"
	// Eval predicts a test sample with one network: per sample, beside its
	// forward pass's FLOPs (at the test batch size).
	Eval Kind = "eval"
	// EvalMasks draws a stochastic network's masks for a test batch: per synapse.
	EvalMasks Kind = "eval/masks"
	// EvalBGD draws a network from BGD's distribution for a test batch: per
	// parameter.
	EvalBGD Kind = "eval/bgd"
	// Fisher is EWC's end-of-task Fisher estimate: per sample and synapse.
	Fisher Kind = "fisher"
	// SampleGrads are one-sample gradients (the importance study's Fisher
	// information): per sample and synapse.
	SampleGrads Kind = "grad/sample"
	// The perceptron's updates of both models (per pattern and input), the
	// standard perceptron's test (per pattern and input) and the stochastic
	// perceptron's votes (per pattern, input and sampled network).
	PerceptronTrain Kind = "perceptron/train"
	PerceptronDot   Kind = "perceptron/dot"
	PerceptronVote  Kind = "perceptron/vote"
)

// TrainKind is the kind of a training step of cfg, by its synapses and its
// method ("train/presyn/presyn", "train/deterministic/bgd"): per pass of a
// mini-batch, Elements count synapses (the masks, the rule, the optimiser),
// beside the pass's FLOPs.
func TrainKind(cfg config.Train) Kind { return Kind("train/" + cfg.Synapse + "/" + cfg.Method) }

// Item is some work of one kind.
type Item struct {
	Kind     Kind
	FLOPs    float64 // matrix products: multiply-adds counted twice
	Elements float64 // element-wise work, in the units the Kind says
}

// Work is what a run computes: its items, one per kind or more.
type Work []Item

// FLOPs is the matrix-product work of all items.
func (w Work) FLOPs() float64 {
	var f float64
	for _, it := range w {
		f += it.FLOPs
	}
	return f
}

// Counter is implemented by a study that says what its runs compute: Work
// returns run r's (an error for a run it cannot count). Every study of presyn
// implements it; Plan asks the study behind each Handle (study.Unwrap).
type Counter interface {
	Work(r study.Run) (Work, error)
}

// CounterOf returns what counts the work of h's runs: the study behind the
// Handle (study.Unwrap), which every study of presyn makes a Counter.
func CounterOf(h study.Handle) (Counter, error) {
	c, ok := study.Unwrap(h).(Counter)
	if !ok {
		return nil, fmt.Errorf("cost: study %s does not say what its runs compute", h.Name())
	}
	return c, nil
}

// Workers is the runs at once that a --workers of n means: n, or one per
// core of this machine for n < 1.
func Workers(n int) int {
	if n < 1 {
		return runtime.NumCPU()
	}
	return n
}

// Synapses is the number of weights (synapses) of a network of layer sizes
// layers.
func Synapses(layers []int) int {
	n := 0
	for l := 1; l < len(layers); l++ {
		n += layers[l-1] * layers[l]
	}
	return n
}

// Training is the work of a training run of cfg with seed, measured as ev
// says, on the real data sets' sizes (data.Sizes: no file is read): its
// training steps and passes, its batches filled, EWC's Fisher estimates and
// its test-set measurements (train.CountWork).
func Training(cfg config.Train, ev train.Evaluation, seed uint64) (Work, error) {
	tw, err := train.CountWork(cfg, ev, seed, data.Sizes{})
	if err != nil {
		return nil, fmt.Errorf("cost: %s: %w", cfg.Name, err)
	}
	syn := float64(Synapses(cfg.Layers))
	passes := float64(tw.Steps * tw.Passes)
	fill := FillPlain
	if tw.Permuted {
		fill = FillPermuted
	}
	w := Work{
		{Kind: TrainKind(cfg), FLOPs: passes * train.ProductFLOPs(cfg.Layers, cfg.BatchSize, true), Elements: passes * syn},
		{Kind: fill, Elements: float64(tw.Steps*cfg.BatchSize) * float64(cfg.Layers[0])},
	}
	if tw.FisherSamples > 0 {
		w = append(w, Item{Kind: Fisher, FLOPs: float64(tw.FisherSamples) * train.ProductFLOPs(cfg.Layers, 1, true),
			Elements: float64(tw.FisherSamples) * syn})
	}
	drawn := EvalMasks
	if cfg.Method == "bgd" {
		drawn = EvalBGD
	}
	for i, size := range tw.TestSizes {
		w = append(w, Testing(cfg.Layers, cfg.EvalBatchSize, size, tw.Test.Measures[i], tw.Test.Passes[i], tw.Test.Drawn[i], drawn, tw.Permuted)...)
	}
	return w.merged(), nil
}

// Testing is the work of measuring a test set of size samples measures times
// with passes networks in all (drawn of them drawing a network, of the kind
// drawnKind, for every batch of batch samples), on a network of layer sizes
// layers: the samples read, the forward passes and the draws (as
// train.Evaluator does it).
func Testing(layers []int, batch, size, measures, passes, drawn int, drawnKind Kind, permuted bool) Work {
	fill := FillPlain
	if permuted {
		fill = FillPermuted
	}
	batches := (size + batch - 1) / batch
	rows := float64(passes) * float64(size)
	return Work{
		{Kind: fill, Elements: float64(measures) * float64(size) * float64(layers[0])},
		{Kind: Eval, FLOPs: rows * train.ProductFLOPs(layers, 1, false), Elements: rows},
		{Kind: drawnKind, Elements: float64(drawn*batches) * float64(Synapses(layers))},
	}
}

// merged sums the items of each kind, in the order kinds first appear, and
// drops the empty ones.
func (w Work) merged() Work {
	var out Work
	at := map[Kind]int{}
	for _, it := range w {
		if it.FLOPs == 0 && it.Elements == 0 {
			continue
		}
		i, ok := at[it.Kind]
		if !ok {
			at[it.Kind] = len(out)
			out = append(out, it)
			continue
		}
		out[i].FLOPs += it.FLOPs
		out[i].Elements += it.Elements
	}
	return out
}
