package tensor

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSgemm times the products of one training step of a 784-200-200-10
// network at batch 100 (forward z = a*w^T, weight gradient dw = dz^T*a, input
// gradient da = dz*w) and an evaluation batch of 1000, single-threaded.
func BenchmarkSgemm(b *testing.B) {
	defer SetThreads(Threads())
	SetThreads(1)
	rng := rand.New(rand.NewPCG(1, 1))
	cases := []struct {
		name    string
		tA, tB  bool
		m, n, k int
	}{
		{"fwd_100x784x200", false, true, 100, 200, 784},
		{"fwd_100x200x200", false, true, 100, 200, 200},
		{"fwd_100x200x10", false, true, 100, 10, 200},
		{"dw_200x784_k100", true, false, 200, 784, 100},
		{"dw_200x200_k100", true, false, 200, 200, 100},
		{"da_100x200x200", false, false, 100, 200, 200},
		{"fwd_1000x784x200", false, true, 1000, 200, 784},
		// BGD's ten weight samples of layer 1 side by side, batch 128, beside
		// one sample's products at that batch.
		{"fwd_128x784x200", false, true, 128, 200, 784},
		{"fwd_128x784x2000", false, true, 128, 2000, 784},
		{"dw_200x784_k128", true, false, 200, 784, 128},
		{"dw_2000x784_k128", true, false, 2000, 784, 128},
	}
	for _, c := range cases {
		ar, ac := c.m, c.k
		if c.tA {
			ar, ac = ac, ar
		}
		br, bc := c.k, c.n
		if c.tB {
			br, bc = bc, br
		}
		a, bm, cm := randMatrix(rng, ar, ac, ac), randMatrix(rng, br, bc, bc), NewMatrix(c.m, c.n)
		b.Run(fmt.Sprintf("%s/%s", Backend(), c.name), func(b *testing.B) {
			for b.Loop() {
				Gemm(c.tA, c.tB, 1, a, bm, 0, cm)
			}
			flops := 2 * float64(c.m) * float64(c.n) * float64(c.k)
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
