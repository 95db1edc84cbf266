package method

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The dispatching BGD kernels (AVX2 where available) give bit-for-bit the
// results of the portable loops, for lengths that are not multiples of the
// vector width too.
func TestBGDKernelsMatchGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vec := func(n int, sd float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64() * sd)
		}
		return v
	}
	for _, n := range []int{1, 7, 8, 9, 1001} {
		mu, sigma, eps, g := vec(n, 0.1), vec(n, 0.01), vec(n, 1), vec(n, 0.1)
		p1, p2 := make([]float32, n), make([]float32, n)
		bgdSample(p1, mu, sigma, eps)
		bgdSampleGo(p2, mu, sigma, eps)
		sameBits(t, "sample", p1, p2)
		eg1, egeps1 := vec(n, 1), vec(n, 1)
		eg2, egeps2 := append([]float32(nil), eg1...), append([]float32(nil), egeps1...)
		bgdAccumulate(eg1, egeps1, g, eps, 12.8)
		bgdAccumulateGo(eg2, egeps2, g, eps, 12.8)
		sameBits(t, "E[g]", eg1, eg2)
		sameBits(t, "E[g*eps]", egeps1, egeps2)
	}
}

func sameBits(t *testing.T, what string, a, b []float32) {
	t.Helper()
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("%s n=%d [%d]: %v, the portable loop gives %v", what, len(a), i, a[i], b[i])
		}
	}
}
