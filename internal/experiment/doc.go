// Package experiment holds the paper's experiments, one file each, as studies
// (package study): Energy (the L2 sweep of Figure 1 and Appendix 1 figure 1a, b),
// FixedP (Appendix 1 figure 1c) and PerceptronConfig (Figure 5b, c). Each plans
// its runs from its spec, executes one run (a training run of package train, or a
// seed of the perceptron pair), collects a finished run back from its folder as a
// typed row, and renders tables, figures and a Markdown report section from the
// collected rows alone. Studies returns the registry presyn collect rebuilds them
// from.
//
// Experiments sit between the commands (internal/cli) and the building blocks
// (train, baseline, synapse, metric, stats, plot, results): they own what is
// compared and how it is summarised; package study owns how runs are executed,
// resumed, sharded and collected.
package experiment
