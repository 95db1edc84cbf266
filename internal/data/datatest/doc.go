// Package datatest generates small synthetic data sets in memory, shaped like the
// real ones, so that the code that trains on data (the training loop, sweeps, resume
// logic) is tested on any checkout, without the MNIST files and without mocks: the
// real code runs on them.
//
// Source is a data.Loader to use where the code takes one instead of data.Dir; New
// returns a *data.Dataset directly. Small is the one Source the experiments' logic
// tests train on (1000 training and 200 test samples).
//
// The data. Each data set has 10 classes with a fixed random prototype image each,
// Pixels (784) values drawn from N(0, 1-Noise²). A sample is its class's prototype
// plus independent Gaussian noise of standard deviation Noise on every pixel, so every
// pixel has mean 0 and standard deviation 1 over the set, as the real data have after
// standardisation; values are float32. The classes are balanced: sample i of a set
// has class i%10 before the set is shuffled, so a set of at least 10 samples holds
// every class, with counts that differ by at most one, and data.Split (class pairs,
// parity targets) and data.Permuted work on it as on the real data.
//
// How hard. With the default Noise (0.9) a single pixel says little about the class
// (the prototype's share of each pixel's standard deviation is 0.44), but the 784
// pixels together say it without doubt: the classes are separable, and the question is
// only how fast a network learns. A 784-16-10 ReLU network trained with SGD (batch
// 100, learning rate 0.05: the training code's defaults) starts at chance, climbs
// through the first epoch of the 2000 default training samples and ends it at about
// 0.85 to 0.99 test accuracy, depending on its initial weights; a few epochs more
// reach 1. A larger Noise makes learning slower, Noise 1 leaves nothing to learn.
//
// Randomness. Everything is drawn from PCG streams of math/rand/v2 seeded from
// Options.Seed and the data set's name, one stream for the prototypes, one for the
// training set and one for the test set: the same Options give the same data, bit
// for bit, on every machine; data.MNIST and data.FashionMNIST get different data; and
// changing the number of training samples changes neither the prototypes nor the test
// set.
package datatest
