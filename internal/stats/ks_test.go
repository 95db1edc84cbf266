package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// gonumD computes D with gonum's stat.KolmogorovSmirnov, an independent
// implementation of the statistic (it needs sorted input).
func gonumD(a, b []float64) float64 {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return stat.KolmogorovSmirnov(a, nil, b, nil)
}

func TestKSStatistic(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []float64
		d    float64
	}{
		{"identical", []float64{1, 2, 3}, []float64{3, 2, 1}, 0},
		{"disjoint", []float64{1, 2, 3}, []float64{4, 5, 6}, 1},
		// By hand: after 1, F_a = 1/2 and F_b = 0.
		{"interleaved", []float64{1, 3}, []float64{2, 4}, 0.5},
		// Ties across samples: after 1, F_a = 2/3, F_b = 1/2; after 2 both 1.
		// Stepping through one tied value at a time would report 1/2+.
		{"ties", []float64{1, 1, 2}, []float64{1, 2}, 2.0/3 - 0.5},
		// By hand: after 2, F_a = 1 and F_b = 1/4.
		{"unequal sizes", []float64{1, 2}, []float64{2, 3, 4, 5}, 0.75},
	} {
		d, _ := KSTwoSample(tc.a, tc.b)
		if !close(d, tc.d, 1e-15) {
			t.Errorf("%s: D = %v, want %v", tc.name, d, tc.d)
		}
		if g := gonumD(tc.a, tc.b); !close(d, g, 1e-15) {
			t.Errorf("%s: D = %v, gonum gives %v", tc.name, d, g)
		}
	}

	// Random samples with and without ties against gonum.
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 200 {
		a := make([]float64, 1+rng.IntN(30))
		b := make([]float64, 1+rng.IntN(30))
		for _, s := range [][]float64{a, b} {
			for i := range s {
				if trial%2 == 0 {
					s[i] = float64(rng.IntN(6)) // many ties
				} else {
					s[i] = rng.NormFloat64()
				}
			}
		}
		d, _ := KSTwoSample(a, b)
		if g := gonumD(a, b); !close(d, g, 1e-15) {
			t.Fatalf("trial %d: D = %v, gonum gives %v for %v and %v", trial, d, g, a, b)
		}
	}
}

// Kolmogorov's limiting distribution against the critical values
// c(α) with Q(c(α)) = α tabulated to three decimals by Smirnov (1948),
// reproduced in e.g. Wikipedia's "Kolmogorov-Smirnov test" (two-sample
// section) table: 1.073, 1.138, 1.224, 1.358, 1.480, 1.628, 1.731, 1.949.
// Each tabulated c must round the exact root, so Q(c-0.0005) >= α >=
// Q(c+0.0005).
func TestKolmogorovQCriticalValues(t *testing.T) {
	for _, tc := range []struct{ alpha, c float64 }{
		{0.20, 1.073}, {0.15, 1.138}, {0.10, 1.224}, {0.05, 1.358},
		{0.025, 1.480}, {0.01, 1.628}, {0.005, 1.731}, {0.001, 1.949},
	} {
		hi, lo := kolmogorovQ(tc.c-0.0005), kolmogorovQ(tc.c+0.0005)
		if !(hi >= tc.alpha && tc.alpha >= lo) {
			t.Errorf("alpha %v: Q(%v±0.0005) = [%v, %v] does not bracket it", tc.alpha, tc.c, lo, hi)
		}
	}
	// Tabulated values of the Kolmogorov CDF K = 1 - Q to four decimals
	// (Smirnov 1948): K(0.5) = 0.0361, K(1) = 0.7300, K(1.5) = 0.9778.
	for _, tc := range []struct{ lambda, k float64 }{{0.5, 0.0361}, {1, 0.7300}, {1.5, 0.9778}} {
		if got := 1 - kolmogorovQ(tc.lambda); !close(got, tc.k, 5e-5) {
			t.Errorf("K(%v) = %.10f, want %.10f", tc.lambda, got, tc.k)
		}
	}
}

// The two series kolmogorovQ switches between at λ = 1 are different
// representations (Jacobi's theta identity); summing each with many terms
// at the same λ must agree.
func TestKolmogorovQSeriesAgree(t *testing.T) {
	alternating := func(l float64) float64 {
		var s float64
		for k := 1; k <= 200; k++ {
			s += 2 * math.Pow(-1, float64(k-1)) * math.Exp(-2*float64(k*k)*l*l)
		}
		return s
	}
	theta := func(l float64) float64 {
		var s float64
		for k := 1; k <= 200; k++ {
			m := float64(2*k - 1)
			s += math.Exp(-m * m * math.Pi * math.Pi / (8 * l * l))
		}
		return 1 - math.Sqrt(2*math.Pi)/l*s
	}
	for _, l := range []float64{0.4, 0.6, 0.8, 0.99, 1, 1.01, 1.5, 2, 3} {
		a, b, got := alternating(l), theta(l), kolmogorovQ(l)
		if !close(a, b, 1e-13) || !close(got, a, 1e-13) {
			t.Errorf("λ=%v: alternating %v, theta %v, kolmogorovQ %v", l, a, b, got)
		}
	}
	if q := kolmogorovQ(0); q != 1 {
		t.Errorf("Q(0) = %v, want 1", q)
	}
	if q := kolmogorovQ(0.01); q != 1 {
		t.Errorf("Q(0.01) = %v, want 1", q)
	}
	if q := kolmogorovQ(10); q > 1e-80 {
		t.Errorf("Q(10) = %v, want about 2*exp(-200)", q)
	}
}

// bruteForceSF returns P(D >= d) for samples of sizes m and n by
// enumerating every split of the ranks 0..m+n-1 into a group of m and a
// group of n, computing each split's D with gonum: the definition of the
// exact null distribution, with no lattice-path algebra.
func bruteForceSF(d float64, m, n int) float64 {
	var hits, total int
	a := make([]float64, 0, m)
	b := make([]float64, 0, n)
	for mask := 0; mask < 1<<(m+n); mask++ {
		a, b = a[:0], b[:0]
		for r := 0; r < m+n; r++ {
			if mask&(1<<r) != 0 {
				a = append(a, float64(r))
			} else {
				b = append(b, float64(r))
			}
		}
		if len(a) != m {
			continue
		}
		total++
		if stat.KolmogorovSmirnov(a, nil, b, nil) >= d-1e-12 {
			hits++
		}
	}
	return float64(hits) / float64(total)
}

func TestKSTwoSampleExact(t *testing.T) {
	// By hand: only the two splits {1,2,3}|{4,5,6} and {4,5,6}|{1,2,3}
	// reach D = 1, out of C(6,3) = 20: p = 0.1.
	d, p := KSTwoSampleExact([]float64{1, 2, 3}, []float64{4, 5, 6})
	if d != 1 || !close(p, 0.1, 1e-14) {
		t.Errorf("disjoint 3+3: (%v, %v), want (1, 0.1)", d, p)
	}
	// Against enumeration of all splits, sizes up to 7+7.
	rng := rand.New(rand.NewPCG(7, 8))
	for _, sz := range [][2]int{{1, 1}, {1, 5}, {2, 3}, {3, 6}, {4, 5}, {5, 5}, {6, 4}, {7, 7}, {2, 12}} {
		m, n := sz[0], sz[1]
		for range 5 {
			perm := rng.Perm(m + n)
			a, b := make([]float64, m), make([]float64, n)
			for i := range a {
				a[i] = float64(perm[i])
			}
			for i := range b {
				b[i] = float64(perm[m+i])
			}
			d, p := KSTwoSampleExact(a, b)
			if want := bruteForceSF(d, m, n); !close(p, want, 1e-12) {
				t.Errorf("%dx%d D=%v: p = %v, enumeration gives %v", m, n, d, p, want)
			}
		}
	}
}

// For large samples the exact and asymptotic p-values converge; at 200
// per group (one hidden layer of the paper's network) they differ by far
// less than the 0.05 threshold they are compared to.
func TestKSAsymptoticNearExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	a, b := make([]float64, 200), make([]float64, 200)
	for _, shift := range []float64{0, 0.1, 0.2, 0.3, 0.5} {
		for i := range a {
			a[i] = rng.NormFloat64()
			b[i] = rng.NormFloat64() + shift
		}
		d1, pa := KSTwoSample(a, b)
		d2, pe := KSTwoSampleExact(a, b)
		if d1 != d2 || math.Abs(pa-pe) > 0.01 {
			t.Errorf("shift %v: asymptotic (%v, %v), exact (%v, %v)", shift, d1, pa, d2, pe)
		}
	}
}

func TestKSEmpty(t *testing.T) {
	for _, f := range []func(a, b []float64) (float64, float64){KSTwoSample, KSTwoSampleExact} {
		if d, p := f(nil, []float64{1}); !math.IsNaN(d) || !math.IsNaN(p) {
			t.Errorf("empty sample gave (%v, %v), want NaN", d, p)
		}
	}
}

func BenchmarkKSTwoSampleExact(b *testing.B) {
	for _, n := range []int{200, 2000} {
		rng := rand.New(rand.NewPCG(1, 1))
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], y[i] = rng.NormFloat64(), rng.NormFloat64()
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				KSTwoSampleExact(x, y)
			}
		})
	}
}
