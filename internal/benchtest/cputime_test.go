package benchtest

import "testing"

// A busy loop reports a positive CPU time per op, no larger than its wall time
// allows (it runs on one thread), and the thread is unlocked afterwards.
func TestCPUTimerReports(t *testing.T) {
	sink := 0
	r := testing.Benchmark(func(b *testing.B) {
		cpu := StartCPU()
		for b.Loop() {
			for i := range 100000 {
				sink += i ^ sink
			}
		}
		cpu.Report(b)
	})
	cpuNs, wallNs := r.Extra["cpu-ns/op"], float64(r.NsPerOp())
	if cpuNs <= 0 || cpuNs > 1.5*wallNs+1e5 {
		t.Errorf("cpu-ns/op %v with wall ns/op %v (sink %d)", cpuNs, wallNs, sink)
	}
}
