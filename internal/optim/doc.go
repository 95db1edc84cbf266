// Package optim owns the gradient-descent optimisers of the baselines: SGD and Adam
// with PyTorch's semantics (torch.optim.SGD and torch.optim.Adam: weight decay is an
// L2 term added to the gradient, Adam's moments are bias-corrected as PyTorch does).
//
// An optimiser acts on one flat []float32 of parameters and the matching gradient
// slice, so it serves weight matrices and learned biases alike (synapse.Net exposes
// its trainable parameters as one such slice). Its per-parameter state is allocated
// once, by the constructor, and Step allocates nothing.
//
// The presynaptic learning rule, which also updates release probabilities, is not
// here: it lives with the synapses in package synapse.
package optim

// Optimizer is what a training loop needs from SGD or Adam.
type Optimizer interface {
	// Step updates params in place from grads (both of the length the optimiser
	// was made for).
	Step(params, grads []float32)
	// Reset forgets the accumulated state (momentum buffers, moments, step count),
	// as re-creating the optimiser would.
	Reset()
}
