package rngs

import (
	"math"
	"math/rand/v2"
	"testing"
)

var allMaskModes = []MaskMode{0, ThresholdFromP, DivideByP, ThresholdFromP | DivideByP}

// The kernel in use (AVX2 where the machine has it) gives masksGo's masks bit
// for bit in every mode, for lengths that are not multiples of the vector
// width, and leaves the lanes in the same state, so that masks do not depend on
// the machine.
func TestMasksKernelMatchesGo(t *testing.T) {
	t.Logf("kernel %s", kernel())
	rng := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{1, 7, 8, 9, 63, 1000, 198800 + 5} {
		w, p := make([]float32, n), make([]float32, n)
		for i := range w {
			w[i] = float32(rng.NormFloat64() * 0.1)
			p[i] = 0.25 + 0.75*float32(rng.Float64())
			if rng.IntN(10) == 0 {
				p[i] = []float32{0.25, 0.9353, 1}[rng.IntN(3)]
			}
		}
		for _, mode := range allMaskModes {
			fast, slow := NewXoshiro8(uint64(n)), NewXoshiro8(uint64(n))
			s1, e1 := make([]float32, n), make([]float32, n)
			s2, e2 := make([]float32, n), make([]float32, n)
			var pp []float32
			if mode != 0 {
				pp = p
			}
			for range 2 { // the lanes' state carries over
				fast.Masks(w, pp, s1, e1, mode, 0.4*0x1p24, 2.5)
				masksGo(&slow, w, pp, s2, e2, mode, 0.4*0x1p24, 2.5)
				if fast != slow {
					t.Fatalf("n=%d mode=%d: the lanes' states differ", n, mode)
				}
				for i := range s1 {
					if math.Float32bits(s1[i]) != math.Float32bits(s2[i]) || math.Float32bits(e1[i]) != math.Float32bits(e2[i]) {
						t.Fatalf("n=%d mode=%d i=%d: s %v/%v weff %v/%v", n, mode, i, s1[i], s2[i], e1[i], e2[i])
					}
				}
			}
		}
	}
}

// An element with probability p releases with frequency p (not 1-p: spago's
// bernoulli returns the complement, a known trap), p = 1 always and p = 0
// never; a released element gets 1/p or inv by the mode. Tolerance 5 standard
// errors.
func TestMasksReleaseRate(t *testing.T) {
	const n = 100000
	w := make([]float32, n)
	for i := range w {
		w[i] = 2
	}
	g := NewXoshiro8(3)
	s, weff := make([]float32, n), make([]float32, n)
	for _, p := range []float32{0, 0.25, 0.5, 0.9, 1} {
		ps := make([]float32, n)
		for i := range ps {
			ps[i] = p
		}
		for _, c := range []struct {
			mode     MaskMode
			thr, inv float32
			q        float32 // the value of a released element
		}{
			{ThresholdFromP | DivideByP, 0, 0, 1 / p},
			{ThresholdFromP, 0, 3, 3},
			{0, p * 0x1p24, 3, 3},
		} {
			if p == 0 && c.mode&DivideByP != 0 {
				continue
			}
			g.Masks(w, ps, s, weff, c.mode, c.thr, c.inv)
			released := 0
			for i, v := range s {
				switch v {
				case c.q:
					released++
					if weff[i] != 2*c.q {
						t.Fatalf("p %v mode %d: weff %v, want %v", p, c.mode, weff[i], 2*c.q)
					}
				case 0:
				default:
					t.Fatalf("p %v mode %d: s = %v, want 0 or %v", p, c.mode, v, c.q)
				}
			}
			rate := float64(released) / n
			if se := math.Sqrt(float64(p) * (1 - float64(p)) / n); math.Abs(rate-float64(p)) > 5*se {
				t.Errorf("p %v mode %d: released %.5f", p, c.mode, rate)
			}
		}
	}
}

// BenchmarkMasks draws the masks of the paper's 198800 synapses in each mode;
// ns/element is the cost per synapse.
func BenchmarkMasks(b *testing.B) {
	const n = 198800
	w, p, s, weff := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range w {
		w[i], p[i] = 0.1, 0.25+0.75*float32(i%100)/100
	}
	for _, k := range []struct {
		name string
		run  func(*Xoshiro8, MaskMode)
	}{
		{kernel(), func(g *Xoshiro8, m MaskMode) { g.Masks(w, p, s, weff, m, 0.4*0x1p24, 2.5) }},
		{"go", func(g *Xoshiro8, m MaskMode) { masksGo(g, w, p, s, weff, m, 0.4*0x1p24, 2.5) }},
	} {
		for _, mode := range allMaskModes {
			b.Run(k.name+"/mode"+string(rune('0'+mode)), func(b *testing.B) {
				g := NewXoshiro8(1)
				for b.Loop() {
					k.run(&g, mode)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/element")
			})
		}
	}
}
