// Package baseline holds the learners presyn compares the presynaptic model with, and
// the small models outside the MLP: EWC, BGD (later) and the perceptrons of Figure 5b,c.
//
// Everything here is a building block: no I/O, no goroutines, randomness passed in
// as an explicit math/rand/v2 Source. Experiments decide how seeds become sources.
package baseline
