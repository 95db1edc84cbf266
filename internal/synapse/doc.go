// Package synapse owns the stochastic-synapse network of Schug, Benzing & Steger
// (eLife 2021): multilayer perceptrons whose weights transmit with a release
// probability, the Bernoulli masks that sample them, the forward and backward
// passes, and the presynaptic plasticity rule that learns weights and release
// probabilities together. It does no I/O.
//
// A Net is an MLP of any layer sizes with ReLU hidden units and a softmax
// cross-entropy loss (mean over the batch). Weights are float32, stored row-major
// [out][in] like a PyTorch Linear layer, in one flat slice (Params) so that an
// optimiser from package optim or the Rule can update them in one pass. Its
// synapses are one of (Config.Synapses):
//
//   - Deterministic: a plain MLP.
//   - Presynaptic: every weight w (the expected strength) has a release
//     probability p; a forward pass uses mask*w/p with mask ~ Bernoulli(p), or
//     mask*m in the not-normalised variant. The Rule learns w and p.
//   - FixedRelease: masks are drawn with a constant probability PFixed and the
//     pass uses mask*w/PFixed (the energy experiment's control, trained by an
//     optimiser), or, with Ghost, the ablation whose ghost p evolves by the Rule
//     and (the published quirk) divides the masked weight.
//
// One mask per weight is drawn per forward call (shared by the samples of the
// batch) in training and in evaluation alike, from the Net's own random streams
// (eight xoshiro128** lanes each) seeded from the *rand.Rand given to New: no
// global randomness. Training passes (Forward) and measuring passes (Predict)
// draw from two streams, so what a run measures between steps never changes its
// training. The gradient is taken with respect to the stored parameter through
// the sampled pass, so a synapse that did not release gets a zero gradient that
// step. Net.SetSampling(false) computes as if every p were 1 (Fisher information),
// Net.SetMasks replays recorded masks (the golden tests).
//
// A training step is two matrix products per layer forward and two backward
// (package tensor, OpenBLAS when built with it) plus element-wise passes over the
// ~200000 synapses: drawing masks, scaling gradients, the rule. Those passes have
// AVX2 assembly versions on amd64 that give bit-for-bit the results of the
// portable Go loops (build tag purego forces the latter), so a seed gives the same
// run on any machine with the same BLAS. The training step allocates nothing once
// the buffers for a batch size exist; partial batches reuse those of a larger one.
package synapse
