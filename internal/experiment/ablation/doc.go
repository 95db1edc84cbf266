// Package ablation reproduces Figure 5a: presynaptic consolidation on Split and
// Permuted MNIST with one part taken away at a time (freezing, learning-rate
// modulation, both, release probabilities fixed at 0.5 with the published "ghost"
// p, normalisation), against the full model, with Student's t-tests.
//
// Study plans one lifelong run per (variant, seed) of a benchmark of Tasks, with
// the variant's overrides of REFERENCE.md on the benchmark's presynaptic config,
// and renders aggregate.csv, the t-tests and the bar chart.
package ablation
