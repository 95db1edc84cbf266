// Package results owns what presyn writes to disk: CSV tables with a fixed header,
// atomic file writes (temporary name, then rename) so that a killed process never
// leaves a half-written result, and the run manifest (resolved config, seed, version,
// BLAS backend) written beside every run's numbers.
package results
