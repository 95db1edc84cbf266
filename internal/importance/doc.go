// Package importance owns what a trained presynaptic network's release
// probabilities say about its synapses (Figures 2 and 3 of the paper, Appendix 1
// figure 1d and Appendix 2):
//
//   - Lesion removes the least important fraction of all synapses, ranked
//     together over every layer by an importance (release probability p, |w|,
//     p*|w|, or random), and measures the accuracy that is left;
//   - Fisher computes the diagonal empirical Fisher information of every synapse,
//     with every release probability set to 1;
//   - Sparsity counts, per neuron, its important inputs and outputs (synapses
//     with p >= 0.9), against a baseline whose importance masks are shuffled.
//
// The protocols are those of the authors' published code where it has them
// (../shared/REFERENCE.md: lesion and Fisher) and the paper's text otherwise
// (sparsity). Each function works on a synapse.Net or its probabilities and takes
// its randomness as an argument; none does I/O.
package importance
