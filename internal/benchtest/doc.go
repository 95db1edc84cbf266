// Package benchtest is test support for presyn's benchmarks, and is imported
// only by _test.go files: nothing that ships depends on it.
//
// It exists because presyn's benchmarks run on shared machines, where wall time
// counts the time a thread waited for a core and so measures the neighbours as
// much as the code. CPUTimer reports the CPU time of the benchmark's thread
// (cpu-ns/op) beside Go's wall-clock ns/op. On Linux that is the thread's own
// CPU time (getrusage RUSAGE_THREAD, no cgo, so CGO_ENABLED=0 builds have it
// too); elsewhere it falls back to wall time.
//
// The kernels' benchmarks in package synapse and the epoch and BGD benchmarks
// in package method use it; a benchmark of a single-threaded loop that should
// be comparable across runs on a busy machine should too.
package benchtest
