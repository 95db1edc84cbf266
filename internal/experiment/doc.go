// Package experiment runs the paper's experiments, one file per experiment. A run is a
// (config, seed) pair; an experiment runs its seeds on a bounded worker pool, collects
// the per-seed results in seed order (so they never depend on the number of workers),
// reports progress to an io.Writer and writes its tables and figures.
//
// Experiments sit between the commands (internal/cli) and the building blocks
// (baseline, synapse, metric, stats, plot, results): they own the loops over seeds,
// tasks and passes and decide how a seed becomes random streams.
package experiment
