// Package baseline holds the perceptrons of Figure 5b,c (Methods, "Perceptron for
// lifelong learning"): the standard perceptron with updates averaged over
// mini-batches (Perceptron), the perceptron with Bernoulli synapses and
// presynaptic consolidation (StochasticPerceptron, its PresynSettings and
// DrawMask), and the random +-1 patterns they learn (RandomPatterns). The
// perceptron experiment (package experiment) is its one user.
//
// The learners the MLP experiments compare the presynaptic rule with are not
// here: EWC and BGD, like SGD and Adam, are training methods in package method,
// where the training loop calls them through its hooks.
//
// Everything here is a building block: no I/O, no goroutines, randomness passed in
// as an explicit math/rand/v2 Source. Experiments decide how seeds become sources.
package baseline
