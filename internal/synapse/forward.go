package synapse

import (
	"fmt"
	"math"

	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/tensor"
)

// ensure sizes the per-batch buffers for batch samples. It allocates only when a
// batch is larger than any before, so a steady training loop allocates nothing.
func (n *Net) ensure(batch int) {
	if batch <= n.capN {
		return
	}
	n.capN = batch
	n.acts = make([][]float32, len(n.layers))
	widest := 0
	for l, ly := range n.layers {
		n.acts[l] = make([]float32, batch*ly.out)
		widest = max(widest, ly.out)
	}
	n.probO = make([]float32, batch*n.layers[len(n.layers)-1].out)
	n.lse = make([]float64, batch)
	n.dA[0] = make([]float32, batch*widest)
	n.dA[1] = make([]float32, batch*widest)
}

// sample draws this pass's masks from st (or applies the injected ones) and
// fills scale and weff. It reports whether the pass is sampled.
func (n *Net) sample(st *stream) bool {
	c := &n.cfg
	if c.Synapses == Deterministic {
		return false
	}
	if n.injectOn {
		n.applyMasks(n.inject)
		n.injectOn = false
		return true
	}
	if !n.sampling {
		return false
	}
	// All layers are contiguous in the flat buffers, so one kernel call covers
	// the whole network, drawing in layer order.
	w := n.params[:n.nW]
	switch {
	case c.Synapses == Presynaptic && c.NotNormalised:
		sample(st, w, n.probs, n.scale, n.weff, rngs.ThresholdFromP, 0, 1)
	case c.Synapses == Presynaptic:
		sample(st, w, n.probs, n.scale, n.weff, rngs.ThresholdFromP|rngs.DivideByP, 0, 0)
	case c.Ghost && !c.GhostUnbiased:
		sample(st, w, n.probs, n.scale, n.weff, rngs.DivideByP, c.PFixed*0x1p24, 0)
	default:
		sample(st, w, nil, n.scale, n.weff, 0, c.PFixed*0x1p24, 1/c.PFixed)
	}
	return true
}

// applyMasks is sample with given 0/1 masks (the slow path of SetMasks).
func (n *Net) applyMasks(mask []float32) {
	c := &n.cfg
	w := n.params[:n.nW]
	for i, m := range mask {
		var inv float32
		switch {
		case c.Synapses == Presynaptic && c.NotNormalised:
			inv = 1
		case c.Synapses == Presynaptic, c.Ghost && !c.GhostUnbiased:
			inv = 1 / n.probs[i]
		default:
			inv = 1 / c.PFixed
		}
		n.scale[i] = m * inv
		n.weff[i] = w[i] * n.scale[i]
	}
}

// forward runs the network on batch samples of x, with masks from st, and
// writes the softmax probabilities to out (batch x outputs).
func (n *Net) forward(st *stream, x []float32, batch int, out []float32) {
	in0 := n.layers[0].in
	if batch < 1 {
		panic(fmt.Sprintf("synapse: batch size %d, want >= 1", batch))
	}
	if len(x) < batch*in0 {
		panic(fmt.Sprintf("synapse: input has %d values, batch of %d needs %d", len(x), batch, batch*in0))
	}
	n.ensure(batch)
	n.sampled = n.sample(st)
	n.n, n.x = batch, x[:batch*in0]
	a := tensor.FromSlice(batch, in0, n.x)
	last := len(n.layers) - 1
	for l := range n.layers {
		ly := &n.layers[l]
		z := tensor.FromSlice(batch, ly.out, n.acts[l][:batch*ly.out])
		var beta float32
		if ly.b != nil {
			// Start from the biases and let the product accumulate on them.
			for i := 0; i < batch; i++ {
				copy(z.Data[i*ly.out:(i+1)*ly.out], ly.b)
			}
			beta = 1
		}
		tensor.Gemm(false, true, 1, a, tensor.FromSlice(ly.out, ly.in, n.used(ly)), beta, z)
		if l < last {
			relu(z.Data)
		}
		a = z
	}
	n.out = out[:batch*n.layers[last].out]
	softmax(a, n.out, n.lse[:batch])
	n.fresh = true
}

// used returns the weights the last (or current) pass computes with.
func (n *Net) used(ly *layer) []float32 {
	if n.sampled {
		return ly.weff
	}
	return ly.w
}

// softmax writes the row-wise softmax of z to out and each row's log-sum-exp to lse
// (computed in float64 around the row maximum, so neither overflows).
func softmax(z tensor.Matrix, out []float32, lse []float64) {
	c := z.Cols
	for i := 0; i < z.Rows; i++ {
		row := z.Data[i*z.Stride : i*z.Stride+c]
		o := out[i*c : (i+1)*c]
		mx := row[0]
		for _, v := range row[1:] {
			if v > mx {
				mx = v
			}
		}
		var sum float64
		for j, v := range row {
			e := math.Exp(float64(v - mx))
			o[j] = float32(e)
			sum += e
		}
		inv := 1 / sum
		for j := range o {
			o[j] = float32(float64(o[j]) * inv)
		}
		lse[i] = float64(mx) + math.Log(sum)
	}
}

// Forward runs the network on batch samples of x (row-major, batch x inputs),
// drawing fresh masks for a stochastic Net, and returns the softmax probabilities
// (batch x outputs) in a buffer the Net owns and reuses. x must stay unchanged
// until Backward. It panics if x is too short.
func (n *Net) Forward(x []float32, batch int) tensor.Matrix {
	n.ensure(batch)
	n.forward(&n.stream, x, batch, n.probO)
	return tensor.FromSlice(batch, n.layers[len(n.layers)-1].out, n.out)
}

// Predict runs the network on batch samples of x with fresh masks and writes the
// softmax probabilities to dst (batch x outputs, row-major). Averaging Predict over
// several calls averages over sampled networks. Its masks come from the Net's
// measuring stream, not Forward's, so that measuring a network between training
// steps leaves the training run as it would have been. It panics if x or dst is too
// short.
func (n *Net) Predict(x []float32, batch int, dst []float32) {
	C := n.layers[len(n.layers)-1].out
	if len(dst) < batch*C {
		panic(fmt.Sprintf("synapse: Predict destination has %d values, batch of %d needs %d", len(dst), batch, batch*C))
	}
	n.forward(&n.evalStream, x, batch, dst)
	n.fresh = false // dst belongs to the caller: no Backward from it
}

// LastBatch returns the number of samples of the last forward pass (0 before any).
func (n *Net) LastBatch() int { return n.n }

// Loss returns the mean cross-entropy of the last Forward for labels y (one per
// sample, in [0, outputs)), in float64. A NaN or infinite loss is returned as is
// for the caller to detect.
func (n *Net) Loss(y []int32) float64 {
	n.checkLabels(y)
	L := n.layers[len(n.layers)-1]
	logits := n.acts[len(n.layers)-1]
	var sum float64
	for i := 0; i < n.n; i++ {
		sum += n.lse[i] - float64(logits[i*L.out+int(y[i])])
	}
	return sum / float64(n.n)
}

func (n *Net) checkLabels(y []int32) {
	if n.n == 0 {
		panic("synapse: no forward pass yet")
	}
	if len(y) < n.n {
		panic(fmt.Sprintf("synapse: %d labels for a batch of %d", len(y), n.n))
	}
	C := n.layers[len(n.layers)-1].out
	for i, v := range y[:n.n] {
		if v < 0 || int(v) >= C {
			panic(fmt.Sprintf("synapse: label y[%d] = %d out of range [0, %d)", i, v, C))
		}
	}
}

// Backward computes Grads for the last Forward and labels y: the gradient of the
// mean cross-entropy with respect to every stored weight (through that pass's
// masks: g = dL/dw_eff * mask/q) and, with BiasLearned, every bias. It panics
// unless it follows a Forward.
func (n *Net) Backward(y []int32) {
	if !n.fresh {
		panic("synapse: Backward needs a preceding Forward (Predict does not count)")
	}
	n.checkLabels(y)
	n.fresh = false
	batch := n.n
	last := len(n.layers) - 1
	C := n.layers[last].out
	// d(mean CE)/d logits = (softmax - onehot)/batch.
	cur := n.dA[0][:batch*C]
	inv := 1 / float32(batch)
	for i := 0; i < batch; i++ {
		o, d := n.out[i*C:(i+1)*C], cur[i*C:(i+1)*C]
		for j, v := range o {
			d[j] = v * inv
		}
		d[y[i]] -= inv
	}
	which := 0
	for l := last; l >= 0; l-- {
		ly := &n.layers[l]
		dz := tensor.FromSlice(batch, ly.out, cur)
		var a tensor.Matrix
		if l == 0 {
			a = tensor.FromSlice(batch, ly.in, n.x)
		} else {
			a = tensor.FromSlice(batch, ly.in, n.acts[l-1][:batch*ly.in])
		}
		// dL/dW_eff = dz^T a, then through W_eff = s*w.
		tensor.Gemm(true, false, 1, dz, a, 0, tensor.FromSlice(ly.out, ly.in, ly.g))
		if n.sampled {
			mulInPlace(ly.g, ly.s)
		}
		if ly.gb != nil {
			clear(ly.gb)
			for i := 0; i < batch; i++ {
				for j, v := range cur[i*ly.out : (i+1)*ly.out] {
					ly.gb[j] += v
				}
			}
		}
		if l > 0 {
			which ^= 1
			next := n.dA[which][:batch*ly.in]
			tensor.Gemm(false, false, 1, dz, tensor.FromSlice(ly.out, ly.in, n.used(ly)), 0, tensor.FromSlice(batch, ly.in, next))
			reluBackward(next, a.Data)
			cur = next
		}
	}
}

// ForwardBackward runs Forward and Backward on one batch and returns its mean
// cross-entropy (NaN or infinite if training diverged: the caller checks).
func (n *Net) ForwardBackward(x []float32, y []int32, batch int) float64 {
	n.Forward(x, batch)
	loss := n.Loss(y)
	n.Backward(y)
	return loss
}

// An Updater changes a Net's parameters from the gradients of its last Backward:
// *Rule does, and Optimize adapts an optimiser from package optim.
type Updater interface {
	Update(n *Net)
}

// Optimizer is the part of optim.SGD and optim.Adam an Updater needs.
type Optimizer interface {
	Step(params, grads []float32)
}

// Optimize returns an Updater that steps o on the Net's Params with its Grads.
func Optimize(o Optimizer) Updater { return optimizeUpdater{o} }

type optimizeUpdater struct{ o Optimizer }

func (u optimizeUpdater) Update(n *Net) { u.o.Step(n.params, n.grads) }

// TrainStep runs one training step on a batch: fresh masks, forward, backward, and
// u's update. It returns the batch's mean cross-entropy. If that is NaN or
// infinite the update is skipped, so the parameters stay those that diverged; the
// caller decides what to do (presyn stops the run with an error).
func (n *Net) TrainStep(x []float32, y []int32, batch int, u Updater) float64 {
	loss := n.ForwardBackward(x, y, batch)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss
	}
	u.Update(n)
	return loss
}

// HiddenActivity writes to dst[i] the summed ReLU activity of all hidden units for
// sample i of the last forward pass (Forward or Predict): the neuron energy of
// that sample. It panics if dst is shorter than that batch.
func (n *Net) HiddenActivity(dst []float64) {
	if n.n == 0 {
		panic("synapse: no forward pass yet")
	}
	if len(dst) < n.n {
		panic(fmt.Sprintf("synapse: HiddenActivity destination has %d values for a batch of %d", len(dst), n.n))
	}
	clear(dst[:n.n])
	for l := 0; l < len(n.layers)-1; l++ {
		w := n.layers[l].out
		for i := 0; i < n.n; i++ {
			var s float64
			for _, v := range n.acts[l][i*w : (i+1)*w] {
				s += float64(v)
			}
			dst[i] += s
		}
	}
}
