// Package rngs derives the independent random streams of a run from its seed,
// and owns the fast generator that the hot loops draw from. No code in presyn
// reads a global generator.
//
// Every stream of a run is a PCG (math/rand/v2) whose state is a fixed function
// of the run's seed and the stream's purpose, so a stream never shifts when
// another one draws more or less, and the same seed gives the same numbers on
// every machine and with any number of workers. There are two derivations, each
// kept because runs already made with it must give the same numbers for the
// same seed: Stream (seed and a purpose string), used by training runs and by
// every new experiment, and Indexed (seed, experiment tag, purpose and index,
// scrambled by SplitMix64), used by the perceptron experiment.
//
// Loops that need a random number per parameter per step draw from Xoshiro8,
// eight xoshiro128** lanes advanced together, seeded from one 64-bit draw of
// such a stream: Normals (standard normals for BGD) and Xoshiro8.Masks (the
// Bernoulli release masks of package synapse). On amd64 with AVX2 their
// assembly kernels draw the words and use them in one pass, and give the
// portable Go loops' numbers bit for bit (build tag purego forces the latter).
// This is the only implementation of the generator in presyn.
package rngs
