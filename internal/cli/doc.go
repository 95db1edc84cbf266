// Package cli holds presyn's cobra command tree: the root command with its
// persistent flags and one file per verb. Commands stay thin: they parse flags into
// an options struct and call into internal/experiment and the building blocks.
//
// Errors decide the exit status: a *UsageError (bad flags, bad config) exits 2, any
// other error (data, I/O, a failed run) exits 1. Either way exactly one line is
// printed, never a stack trace.
package cli
