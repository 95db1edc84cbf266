// Package importance reproduces the analyses of which synapses a trained
// presynaptic network relies on: Figure 2 (release probabilities before and after
// learning, lesions ranked by p against random, the energy and Fisher information
// of high- against low-p synapses), Figure 3 and Appendix 2 (important synapses
// per neuron against a shuffled mask: KS tests, low/medium/high neurons, inputs
// against outputs) and Appendix 1 figure 1d (the same sparse outcome when p starts
// uniform in [0.25, 1]).
//
// Study plans one analysis run per (analysis, seed): lesion, Fisher and sparsity
// (package internal/importance holds the analyses themselves). Its networks are
// energy-presyn networks at L2 0.01, taken from a finished energy study (--runs)
// when their config matches, else trained into Dir/trained and Dir/trained-uniform
// as energy studies of their own; an analysis whose network is not trained yet
// waits (study.ErrNotReady).
package importance
