//go:build linux

package synapse

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// threadCPU returns the CPU time of the calling OS thread (RUSAGE_THREAD). The
// benchmarks report it beside wall time because presyn's machines are shared: CPU
// time leaves out the time the thread waited for a core.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuTimer measures the thread CPU time of a benchmark loop; lock the goroutine to
// its thread so the measurement follows it.
type cpuTimer struct{ start time.Duration }

func startCPU() cpuTimer {
	runtime.LockOSThread()
	return cpuTimer{threadCPU()}
}

// report adds cpu-ns/op and returns the CPU time per op.
func (c cpuTimer) report(b *testing.B) time.Duration {
	d := (threadCPU() - c.start) / time.Duration(b.N)
	runtime.UnlockOSThread()
	b.ReportMetric(float64(d.Nanoseconds()), "cpu-ns/op")
	return d
}
