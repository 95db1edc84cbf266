package optim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelsMatchGo: the dispatching kernels (AVX2 where available) give
// bit-for-bit the results of the portable Go loops, for lengths that are not
// multiples of the vector width too.
func TestKernelsMatchGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 7, 8, 9, 1001} {
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range p {
			p[i] = float32(rng.NormFloat64() * 0.1)
			g[i] = float32(rng.NormFloat64() * 0.01)
			m[i] = float32(rng.NormFloat64() * 0.01)
			v[i] = float32(rng.Float64() * 1e-4)
		}
		g[0] = 0
		p1, p2 := append([]float32(nil), p...), append([]float32(nil), p...)
		sgdKernel(p1, g, 0.05, 0.01)
		sgdGo(p2, g, 0.05, 0.01)
		same(t, "sgd", p1, p2)
		c := &adamConsts{oneMinusB1: 0.1, b2: 0.999, oneMinusB2: 0.001, wd: 0.01, eps: 1e-8, stepSize: 0.0053, bc2Sqrt: 0.0447}
		p1, p2 = append([]float32(nil), p...), append([]float32(nil), p...)
		m1, m2 := append([]float32(nil), m...), append([]float32(nil), m...)
		v1, v2 := append([]float32(nil), v...), append([]float32(nil), v...)
		adamKernel(p1, g, m1, v1, c)
		adamGo(p2, g, m2, v2, c)
		same(t, "adam params", p1, p2)
		same(t, "adam m", m1, m2)
		same(t, "adam v", v1, v2)
	}
}

func same(t *testing.T, what string, a, b []float32) {
	t.Helper()
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("%s n=%d [%d]: %v vs %v", what, len(a), i, a[i], b[i])
		}
	}
}
