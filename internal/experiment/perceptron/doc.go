// Package perceptron reproduces Figure 5b, c: a standard Rosenblatt perceptron
// against a stochastic perceptron with presynaptic consolidation, learning five
// tasks of random patterns one after another, over ten seeds.
//
// Study plans one run per seed; a run trains both models on the seed's tasks
// (package baseline holds the perceptrons) and records their accuracy on every
// task after every pass (curves.csv). The study renders the first task's curve,
// the mean accuracy over tasks per model and seed (summary.csv) and a t-test
// between the models (ttest.json).
package perceptron
