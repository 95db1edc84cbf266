package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/tensor"
)

// layer holds views into the Net's flat buffers for one weight matrix [out][in].
type layer struct {
	in, out int
	w, g    []float32 // stored parameter (w, or m when not normalised) and its gradient
	p       []float32 // release (or ghost) probabilities; nil without
	s       []float32 // mask/q of the last sampled pass; nil for deterministic synapses
	weff    []float32 // mask*w/q of the last sampled pass; nil for deterministic synapses
	b, gb   []float32 // biases (nil for BiasNone) and their gradient (nil unless learned)
}

// Net is a multilayer perceptron with (possibly) stochastic synapses. Create it with
// New. A Net is not safe for concurrent use; concurrent runs use one Net each.
type Net struct {
	cfg    Config
	layers []layer
	nW     int // number of weights

	// Flat buffers; the layers' slices are views into them, in layer order.
	params []float32 // trainable parameters: all weights, then learned biases
	grads  []float32 // gradient of the last Backward, same layout as params
	probs  []float32 // per-weight release probabilities; nil without
	scale  []float32 // per-weight mask/q of the last sampled pass
	weff   []float32 // per-weight effective weights of the last sampled pass
	biases []float32 // all biases (a tail of params when learned)

	// stream draws the masks of Forward (training), evalStream those of
	// Predict (measuring): what a run measures never moves its training.
	stream, evalStream stream
	sampling           bool      // false: evaluate with p = 1, no masks
	inject             []float32 // masks for the next forward pass (SetMasks), or nil
	injectOn           bool      // inject holds masks not yet used

	// Per-batch buffers, sized for capN samples.
	capN  int
	acts  [][]float32 // acts[l]: output of layer l (pre-softmax logits for the last)
	probO []float32   // softmax output of Forward
	lse   []float64   // per-sample log-sum-exp of the logits (for the loss)
	dA    [2][]float32
	// Scratch of SquaredGrads: squared errors and activations of a layer, and
	// a layer's product before its mask scaling.
	sqD, sqA, sqG []float32

	// State of the last forward pass, for Loss, Backward and HiddenActivity.
	n       int
	x       []float32
	out     []float32 // where its softmax went
	sampled bool
	fresh   bool // a forward pass happened since the last Backward
}

// New returns a Net initialised like PyTorch's default Linear layers: weights and
// biases uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)] (or, with XavierInit,
// normal with the fork's standard deviations), drawn from rng layer by
// layer (weights, then biases; biases are drawn even for BiasNone so that the
// weights do not depend on the bias mode). Release probabilities start at PMin, or
// uniform in [PMin, PMax] (PInitUniform), or at PFixed for a ghost p. The Net's
// two mask streams (Forward's and Predict's) are seeded from one draw of rng. New panics if cfg is invalid (see
// Config.Validate).
func New(cfg Config, rng *rand.Rand) *Net {
	if err := cfg.Validate(); err != nil {
		panic(err.Error())
	}
	cfg = cfg.withDefaults()
	n := &Net{cfg: cfg, sampling: true}
	L := len(cfg.Sizes) - 1
	n.layers = make([]layer, L)
	nB := 0
	for l := range n.layers {
		n.layers[l].in, n.layers[l].out = cfg.Sizes[l], cfg.Sizes[l+1]
		n.nW += cfg.Sizes[l] * cfg.Sizes[l+1]
		nB += cfg.Sizes[l+1]
	}
	nP := n.nW
	if cfg.Bias == BiasLearned {
		nP += nB
	}
	store := make([]float32, n.nW+nB)
	n.params = store[:nP]
	n.biases = store[n.nW:]
	n.grads = make([]float32, nP)
	stochastic := cfg.Synapses != Deterministic
	hasP := cfg.Synapses == Presynaptic || cfg.Ghost
	if hasP {
		n.probs = make([]float32, n.nW)
	}
	if stochastic {
		n.scale = make([]float32, n.nW)
		n.weff = make([]float32, n.nW)
	}
	wOff, bOff := 0, 0
	for l := range n.layers {
		ly := &n.layers[l]
		k := ly.in * ly.out
		ly.w, ly.g = n.params[wOff:wOff+k], n.grads[wOff:wOff+k]
		if hasP {
			ly.p = n.probs[wOff : wOff+k]
		}
		if stochastic {
			ly.s, ly.weff = n.scale[wOff:wOff+k], n.weff[wOff:wOff+k]
		}
		if cfg.Bias != BiasNone {
			ly.b = n.biases[bOff : bOff+ly.out]
		}
		if cfg.Bias == BiasLearned {
			ly.gb = n.grads[n.nW+bOff : n.nW+bOff+ly.out]
		}
		wOff += k
		bOff += ly.out
	}

	// PyTorch's kaiming_uniform_(a=sqrt(5)) bound sqrt(6/((1+5)*fan_in)) is
	// 1/sqrt(fan_in), and the bias bound is the same.
	for l := range n.layers {
		ly := &n.layers[l]
		bound := 1 / math.Sqrt(float64(ly.in))
		draw := func(float64) float64 { return (rng.Float64()*2 - 1) * bound }
		wStd, bStd := 0.0, 0.0
		if cfg.XavierInit {
			wStd = math.Sqrt(2 / float64(ly.in+ly.out))
			bStd = math.Sqrt(2 / float64(1+ly.out))
			draw = func(std float64) float64 { return rng.NormFloat64() * std }
		}
		for i := range ly.w {
			ly.w[i] = float32(draw(wStd))
		}
		for i := 0; i < ly.out; i++ {
			v := float32(draw(bStd))
			if ly.b != nil {
				ly.b[i] = v
			}
		}
	}
	if cfg.NotNormalised {
		// The stored parameter is the strength m = w/p with p = PMin at the start.
		for i := range n.params[:n.nW] {
			n.params[i] /= cfg.PMin
		}
	}
	switch {
	case cfg.Ghost:
		fill(n.probs, cfg.PFixed)
	case cfg.Synapses == Presynaptic && cfg.PInitUniform:
		for i := range n.probs {
			n.probs[i] = cfg.PMin + float32(rng.Float64())*(cfg.PMax-cfg.PMin)
		}
	case cfg.Synapses == Presynaptic:
		fill(n.probs, cfg.PMin)
	}
	n.SetMaskSeed(rng.Uint64())
	return n
}

func fill(s []float32, v float32) {
	for i := range s {
		s[i] = v
	}
}

// Config returns the Net's configuration with defaults filled in.
func (n *Net) Config() Config {
	c := n.cfg
	c.Sizes = append([]int(nil), c.Sizes...)
	return c
}

// Layers returns the number of weight matrices.
func (n *Net) Layers() int { return len(n.layers) }

// NumWeights returns the number of weights (synapses) of all layers.
func (n *Net) NumWeights() int { return n.nW }

// Params returns the trainable parameters as one flat slice sharing the Net's
// storage: every layer's weights ([out][in], layer by layer), then, with
// BiasLearned, every layer's biases. An optimiser steps Params with Grads.
func (n *Net) Params() []float32 { return n.params }

// Grads returns the gradient of the last Backward in the layout of Params: the
// derivative of the batch loss with respect to the stored parameter (w, or m when
// not normalised) through the sampled pass.
func (n *Net) Grads() []float32 { return n.grads }

// AllWeights returns every layer's weights as one flat slice sharing the Net's
// storage (the head of Params): the stored parameter, w or (not normalised) m.
func (n *Net) AllWeights() []float32 { return n.params[:n.nW] }

// AllWeightGrads returns the gradient of AllWeights (the head of Grads).
func (n *Net) AllWeightGrads() []float32 { return n.grads[:n.nW] }

// AllProbs returns every weight's release (or ghost) probability in the layout of
// AllWeights, sharing the Net's storage; nil if its synapses have none.
func (n *Net) AllProbs() []float32 { return n.probs }

// AllBiases returns every layer's biases as one flat slice sharing the Net's
// storage; empty for BiasNone.
func (n *Net) AllBiases() []float32 {
	if n.cfg.Bias == BiasNone {
		return nil
	}
	return n.biases
}

func (n *Net) layer(l int) *layer {
	if l < 0 || l >= len(n.layers) {
		panic(fmt.Sprintf("synapse: layer %d out of range [0, %d)", l, len(n.layers)))
	}
	return &n.layers[l]
}

// Weights returns layer l's weight matrix ([out][in]) sharing the Net's storage.
func (n *Net) Weights(l int) tensor.Matrix {
	ly := n.layer(l)
	return tensor.FromSlice(ly.out, ly.in, ly.w)
}

// WeightGrads returns the gradient of layer l's weights from the last Backward.
func (n *Net) WeightGrads(l int) tensor.Matrix {
	ly := n.layer(l)
	return tensor.FromSlice(ly.out, ly.in, ly.g)
}

// Probs returns layer l's release probabilities ([out][in]) sharing the Net's
// storage, or the zero Matrix if its synapses have none.
func (n *Net) Probs(l int) tensor.Matrix {
	ly := n.layer(l)
	if ly.p == nil {
		return tensor.Matrix{}
	}
	return tensor.FromSlice(ly.out, ly.in, ly.p)
}

// Biases returns layer l's biases sharing the Net's storage (nil for BiasNone).
func (n *Net) Biases(l int) []float32 { return n.layer(l).b }

// BiasGrads returns the gradient of layer l's biases (nil unless BiasLearned).
func (n *Net) BiasGrads(l int) []float32 { return n.layer(l).gb }

// SetSampling switches masks on (the default) or off. Off, a stochastic Net
// computes as if every release probability were 1: the forward pass uses the stored
// parameters themselves and gradients are taken with respect to them, as the
// Fisher-information analysis needs. A Deterministic Net ignores it.
func (n *Net) SetSampling(on bool) { n.sampling = on }

// Sampling reports whether forward passes draw masks.
func (n *Net) Sampling() bool { return n.sampling && n.cfg.Synapses != Deterministic }

// SetMaskSeed restarts the Net's mask streams from seed: Forward's from seed
// itself, Predict's from a value derived from it.
func (n *Net) SetMaskSeed(seed uint64) {
	n.stream, n.evalStream = newStream(seed), newStream(evalSeed(seed))
}

// SetPredictSeed restarts Predict's mask stream alone from seed: a measurement
// seeded by what it measures gives the same numbers whatever else was measured
// before it.
func (n *Net) SetPredictSeed(seed uint64) { n.evalStream = newStream(seed) }

// evalSeed derives the seed of Predict's mask stream from Forward's, so that the
// two streams never share a sequence.
func evalSeed(seed uint64) uint64 { return rngs.SplitMix64(seed ^ 0x6576616c75617465) } // ASCII "evaluate"

// SetMasks supplies the release events of the next forward pass instead of drawing
// them: masks[l] holds layer l's 0/1 mask, [out][in] flattened. It exists to
// reproduce recorded runs (the golden tests) and allocates on its first use. It
// panics for a Deterministic Net or malformed masks.
func (n *Net) SetMasks(masks [][]float32) {
	if n.cfg.Synapses == Deterministic {
		panic("synapse: SetMasks on a deterministic Net")
	}
	if len(masks) != len(n.layers) {
		panic(fmt.Sprintf("synapse: SetMasks got %d masks for %d layers", len(masks), len(n.layers)))
	}
	if n.inject == nil {
		n.inject = make([]float32, n.nW)
	}
	off := 0
	for l, m := range masks {
		ly := &n.layers[l]
		if len(m) != ly.in*ly.out {
			panic(fmt.Sprintf("synapse: SetMasks: layer %d mask has %d entries, want %d", l, len(m), ly.in*ly.out))
		}
		for i, v := range m {
			if v != 0 && v != 1 {
				panic(fmt.Sprintf("synapse: SetMasks: layer %d mask[%d] = %v, want 0 or 1", l, i, v))
			}
		}
		copy(n.inject[off:], m)
		off += len(m)
	}
	n.injectOn = true
}
