package synapse

import (
	"fmt"

	"github.com/presyn/presyn/internal/tensor"
)

// SquaredGrads adds to dst, in the layout of Params, the sum over the samples of
// the last Forward of each sample's squared gradient of its own cross-entropy for
// label y[i], weighted by weight[i] (nil: 1): sum_i weight_i (dCE_i/dθ)^2, the sum
// behind a diagonal Fisher information.
// Per-sample gradients of a weight matrix are outer products δ_i a_i^T, so their
// squares summed over the batch are one product (δ∘δ)^T (a∘a): a batch costs about
// one backward pass, not one per sample. Through a sampled pass each weight's term
// is scaled by its (mask/q)^2, as its gradient is by mask/q. Grads is left alone.
// It leaves the Forward for more calls (one per label, for an expectation over
// labels) or a Backward, and allocates only when a batch is larger than any
// before.
func (n *Net) SquaredGrads(y []int32, weight []float32, dst []float32) {
	if !n.fresh {
		panic("synapse: SquaredGrads needs a preceding Forward (Predict does not count)")
	}
	if len(dst) != len(n.params) {
		panic(fmt.Sprintf("synapse: SquaredGrads destination has %d values, Params %d", len(dst), len(n.params)))
	}
	n.checkLabels(y)
	if weight != nil && len(weight) < n.n {
		panic(fmt.Sprintf("synapse: SquaredGrads has %d weights for a batch of %d", len(weight), n.n))
	}
	batch := n.n
	last := len(n.layers) - 1
	C := n.layers[last].out
	widest := 0
	for _, ly := range n.layers {
		widest = max(widest, ly.in, ly.out)
	}
	if len(n.sqA) < batch*widest {
		n.sqA, n.sqD = make([]float32, batch*widest), make([]float32, batch*widest)
	}
	// The error of each sample's own loss: softmax - onehot, without the batch mean.
	cur := n.dA[0][:batch*C]
	for i := 0; i < batch; i++ {
		o, d := n.out[i*C:(i+1)*C], cur[i*C:(i+1)*C]
		copy(d, o)
		d[y[i]]--
	}
	which := 0
	woff := make([]int, len(n.layers)) // start of each layer's weights in Params
	for l, o := 0, 0; l < len(n.layers); l++ {
		woff[l] = o
		o += n.layers[l].in * n.layers[l].out
	}
	boff := make([]int, len(n.layers)) // start of each layer's learned biases
	for l, o := 0, n.nW; l < len(n.layers); l++ {
		boff[l] = o
		o += n.layers[l].out
	}
	for l := last; l >= 0; l-- {
		ly := &n.layers[l]
		var a []float32
		if l == 0 {
			a = n.x
		} else {
			a = n.acts[l-1][:batch*ly.in]
		}
		sqD, sqA := n.sqD[:batch*ly.out], n.sqA[:batch*ly.in]
		for i, v := range cur[:batch*ly.out] {
			sqD[i] = v * v
		}
		if weight != nil {
			for i := 0; i < batch; i++ {
				for j := range sqD[i*ly.out : (i+1)*ly.out] {
					sqD[i*ly.out+j] *= weight[i]
				}
			}
		}
		for i, v := range a {
			sqA[i] = v * v
		}
		g := dst[woff[l] : woff[l]+ly.in*ly.out]
		if n.sampled {
			// Scale by (mask/q)^2 per weight: the product goes to scratch first.
			if len(n.sqG) < ly.in*ly.out {
				n.sqG = make([]float32, n.nW)
			}
			scratch := n.sqG[:ly.in*ly.out]
			tensor.Gemm(true, false, 1, tensor.FromSlice(batch, ly.out, sqD), tensor.FromSlice(batch, ly.in, sqA), 0, tensor.FromSlice(ly.out, ly.in, scratch))
			for i, s := range ly.s {
				g[i] += scratch[i] * s * s
			}
		} else {
			tensor.Gemm(true, false, 1, tensor.FromSlice(batch, ly.out, sqD), tensor.FromSlice(batch, ly.in, sqA), 1, tensor.FromSlice(ly.out, ly.in, g))
		}
		if ly.gb != nil {
			gb := dst[boff[l] : boff[l]+ly.out]
			for i := 0; i < batch; i++ {
				for j, v := range sqD[i*ly.out : (i+1)*ly.out] {
					gb[j] += v
				}
			}
		}
		if l > 0 {
			which ^= 1
			next := n.dA[which][:batch*ly.in]
			tensor.Gemm(false, false, 1, tensor.FromSlice(batch, ly.out, cur), tensor.FromSlice(ly.out, ly.in, n.used(ly)), 0, tensor.FromSlice(batch, ly.in, next))
			reluBackward(next, a)
			cur = next
		}
	}
}
