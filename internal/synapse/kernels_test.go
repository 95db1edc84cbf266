package synapse

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelsMatchGo: the dispatching kernels (AVX2 where available) give
// bit-for-bit the results of the portable Go kernels, including lengths that are
// not multiples of the vector width, so that trajectories do not depend on the
// machine (the masks' kernel is tested so in package rngs). Inputs cover the
// special values the rule meets: g exactly at
// GLim, p at PFreeze, PMin and 1, negative zero gradients.
func TestKernelsMatchGo(t *testing.T) {
	t.Logf("kernels: %s", Kernels())
	rng := rand.New(rand.NewPCG(21, 22))
	special := []float32{0, float32(math.Copysign(0, -1)), 0.001, -0.001, 0.25, 0.9353, 1}
	for _, n := range []int{1, 7, 8, 9, 63, 1000, 198800 + 5} {
		w, g, p := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range w {
			w[i] = float32(rng.NormFloat64() * 0.1)
			g[i] = float32(rng.NormFloat64() * 0.002)
			p[i] = 0.25 + 0.75*float32(rng.Float64())
			if rng.IntN(10) == 0 {
				g[i] = special[rng.IntN(len(special))]
			}
			if rng.IntN(10) == 0 {
				p[i] = special[4+rng.IntN(3)]
			}
		}
		g1, g2 := append([]float32(nil), g...), append([]float32(nil), g...)
		mulInPlace(g1, p)
		mulGo(g2, p)
		for i := range g1 {
			if math.Float32bits(g1[i]) != math.Float32bits(g2[i]) {
				t.Fatalf("mul n=%d i=%d: %v vs %v", n, i, g1[i], g2[i])
			}
		}
		z1 := append([]float32(nil), g...)
		z2 := append([]float32(nil), g...)
		relu(z1)
		reluGo(z2)
		d1, d2 := append([]float32(nil), w...), append([]float32(nil), w...)
		reluBackward(d1, z1)
		reluBackwardGo(d2, z2)
		for i := range z1 {
			if math.Float32bits(z1[i]) != math.Float32bits(z2[i]) || math.Float32bits(d1[i]) != math.Float32bits(d2[i]) {
				t.Fatalf("relu n=%d i=%d: %v/%v, backward %v/%v", n, i, z1[i], z2[i], d1[i], d2[i])
			}
			if z1[i] < 0 || math.Signbit(float64(z1[i])) || (z1[i] == 0 && d1[i] != 0) || (z1[i] != 0 && d1[i] != w[i]) {
				t.Fatalf("relu n=%d i=%d: relu(%v) = %v, backward %v", n, i, g[i], z1[i], d1[i])
			}
		}
		for _, c := range []ruleConsts{
			{lr: 0.01, wd: 0.001, mod: 1, pUp: 0.052, pDown: 0.0516, gLim: 0.001, freeze: 0.9353, pMin: 0.25, pMax: 1},
			{lr: 0.05, wd: 0, mod: 0, pUp: 0.07, pDown: 0.07, gLim: 0.001, freeze: 1, pMin: 0.25, pMax: 1},
			{lr: 0.1, wd: 0.1, mod: 1, pUp: 0.5, pDown: 0.9, gLim: 0, freeze: 0.5, pMin: 0.3, pMax: 0.95},
		} {
			w1, p1 := append([]float32(nil), w...), append([]float32(nil), p...)
			w2, p2 := append([]float32(nil), w...), append([]float32(nil), p...)
			ruleKernel(w1, g, p1, &c)
			ruleGo(w2, g, p2, &c)
			for i := range w1 {
				if math.Float32bits(w1[i]) != math.Float32bits(w2[i]) || math.Float32bits(p1[i]) != math.Float32bits(p2[i]) {
					t.Fatalf("rule n=%d i=%d (g %v p %v): w %v/%v p %v/%v", n, i, g[i], p[i], w1[i], w2[i], p1[i], p2[i])
				}
			}
		}
	}
}
