package benchtest

import (
	"runtime"
	"testing"
	"time"
)

// CPUTimer measures the CPU time of a benchmark loop on one OS thread. Where
// the operating system does not give per-thread CPU time (anything but Linux),
// it measures wall time.
type CPUTimer struct {
	start time.Duration
	wall  time.Time
}

// StartCPU locks the goroutine to its thread, so the measurement follows it,
// and starts the timer.
func StartCPU() CPUTimer {
	runtime.LockOSThread()
	return CPUTimer{start: threadCPU(), wall: time.Now()}
}

// Report adds the cpu-ns/op metric to b, unlocks the thread and returns the CPU
// time per iteration.
func (t CPUTimer) Report(b *testing.B) time.Duration {
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
