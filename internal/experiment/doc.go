// Package experiment is the registry of presyn's experiments. Each experiment is a
// package below this one that reproduces part of the paper as a study (package
// study: plan, execute, collect, render):
//
//   - energy: Figure 1 and Appendix 1 figure 1a-c (Study, FixedP);
//   - importance: Figures 2 and 3, Appendix 1 figure 1d and Appendix 2;
//   - lifelong: Figure 4, Appendix 1 table 1 and figure 3, continuous Permuted MNIST;
//   - ablation: Figure 5a;
//   - perceptron: Figure 5b, c;
//   - sjostrom: Appendix 1 figure 4, on the user's copy of the data;
//   - sweep: the user's own grids (Study) and random searches (Tune).
//
// Studies returns the registry presyn collect rebuilds a results folder from. The
// experiments share runkit (a training run into a folder and back).
//
// Experiments sit between the commands (internal/cli) and the building blocks
// (train, baseline, synapse, metric, stats, plot, results): they own what is
// compared and how it is summarised; package study owns how runs are executed,
// resumed, sharded and collected.
package experiment
