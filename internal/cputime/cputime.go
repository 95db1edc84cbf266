// Package cputime measures the CPU time of the calling thread, for benchmarks
// on shared machines: wall time counts the time a thread waited for a core, CPU
// time does not. Where the operating system does not give per-thread CPU time
// (anything but Linux), Timer falls back to wall time.
package cputime

import (
	"runtime"
	"testing"
	"time"
)

// Timer measures the CPU time of a benchmark loop on one OS thread.
type Timer struct {
	start time.Duration
	wall  time.Time
}

// Start locks the goroutine to its thread, so the measurement follows it, and
// starts the timer.
func Start() Timer {
	runtime.LockOSThread()
	return Timer{start: threadCPU(), wall: time.Now()}
}

// Report adds the cpu-ns/op metric to b, unlocks the thread and returns the CPU
// time per iteration.
func (t Timer) Report(b *testing.B) time.Duration {
	var d time.Duration
	if hasThreadCPU {
		d = (threadCPU() - t.start) / time.Duration(b.N)
	} else {
		d = time.Since(t.wall) / time.Duration(b.N)
	}
	runtime.UnlockOSThread()
	b.ReportMetric(float64(d.Nanoseconds()), "cpu-ns/op")
	return d
}
