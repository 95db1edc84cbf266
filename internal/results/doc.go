// Package results owns what presyn writes to disk: CSV tables with a fixed header,
// atomic file writes (temporary name, then rename) so that a killed process never
// leaves a half-written result, and the run manifest (resolved config, seed, version,
// BLAS backend) written beside every run's numbers. Results are read back as typed
// rows, structs whose `csv` tags name their columns (WriteRows, ReadRows), never as
// maps of names to numbers, so a missing or unknown column is an error.
// Runs are built in partial folders that a process claims (RunDirs.Claim) with an
// owner record and a lock, so that processes sharing a results folder never take
// or delete each other's runs, and a dead process's run is taken over.
package results
