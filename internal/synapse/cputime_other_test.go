//go:build !linux

package synapse

import (
	"testing"
	"time"
)

type cpuTimer struct{ start time.Time }

// startCPU falls back to wall time where thread CPU time is not available.
func startCPU() cpuTimer { return cpuTimer{time.Now()} }

func (c cpuTimer) report(b *testing.B) time.Duration {
	d := time.Since(c.start) / time.Duration(b.N)
	b.ReportMetric(float64(d.Nanoseconds()), "cpu-ns/op")
	return d
}
