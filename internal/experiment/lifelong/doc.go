// Package lifelong reproduces the lifelong-learning benchmarks of the paper: Split
// MNIST (Figure 4b, c, Appendix 3a), Split Fashion-MNIST, Permuted MNIST (Appendix
// 3b) and Permuted Fashion-MNIST (Appendix 1 table 1) and continuous Permuted
// MNIST, each learnt by presynaptic consolidation, no consolidation, BGD, EWC and
// joint training.
//
// Benchmarks is the registry: each Benchmark names its configs per method and its
// paper values. Study plans one training run per (method, seed) of a benchmark;
// each run learns the task sequence without task identity and records its
// accuracy matrix (every task after every task) and the first task's curve. The
// study renders aggregate.csv, t-tests, final per-task accuracies and the figures
// from the collected runs; Table gathers Appendix 1 table 1 over the benchmarks.
// StabilityReport compares one run with a published run's per-epoch log.
package lifelong
