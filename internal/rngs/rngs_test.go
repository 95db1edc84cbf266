package rngs

import (
	"math"
	"testing"
)

// SplitMix64's first outputs from state 1234567, as given by the reference C
// implementation (splitmix64.c by Sebastiano Vigna, prng.di.unimi.it), which
// returns the mixed state after adding the increment.
func TestSplitMix64Reference(t *testing.T) {
	want := []uint64{6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821}
	state := uint64(1234567)
	for i, w := range want {
		if got := Next(&state); got != w {
			t.Fatalf("output %d = %d, want %d", i, got, w)
		}
	}
}

func TestStreamsAreIndependentAndRepeatable(t *testing.T) {
	a, b := Stream(2019, "network").Uint64(), Stream(2019, "network").Uint64()
	if a != b {
		t.Fatal("the same seed and purpose gave different streams")
	}
	if Stream(2019, "batch order").Uint64() == a || Stream(2020, "network").Uint64() == a {
		t.Fatal("another purpose or seed gave the same first draw")
	}
	x, y := Indexed(1, 2, 3, 0), Indexed(1, 2, 3, 1)
	if x.Uint64() == y.Uint64() {
		t.Fatal("neighbouring indices gave the same first draw")
	}
}

// Normals against the standard normal: moments, the share in each standard
// deviation band (by the normal distribution function), and a KS distance.
func TestNormals(t *testing.T) {
	g := NewNormals(1)
	z := make([]float32, 1<<20)
	g.Fill(z)
	var sum, sq, four float64
	bands := make([]int, 4) // |z| in [0,1), [1,2), [2,3), [3, inf)
	maxAbs := 0.0
	for _, v := range z {
		x := float64(v)
		sum, sq, four = sum+x, sq+x*x, four+x*x*x*x
		a := math.Abs(x)
		bands[min(int(a), 3)]++
		maxAbs = math.Max(maxAbs, a)
	}
	n := float64(len(z))
	mean, variance, kurt := sum/n, sq/n, four/n
	if math.Abs(mean) > 0.005 || math.Abs(variance-1) > 0.005 || math.Abs(kurt-3) > 0.05 {
		t.Errorf("mean %v, variance %v, fourth moment %v; want 0, 1, 3", mean, variance, kurt)
	}
	phi := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
	want := []float64{2 * (phi(1) - 0.5), 2 * (phi(2) - phi(1)), 2 * (phi(3) - phi(2)), 2 * (1 - phi(3))}
	for i, w := range want {
		if got := float64(bands[i]) / n; math.Abs(got-w) > 4*math.Sqrt(w*(1-w)/n)+1e-4 {
			t.Errorf("band %d holds %.5f, want %.5f", i, got, w)
		}
	}
	if maxAbs > 6.3 || maxAbs < 4 {
		t.Errorf("largest |z| %v", maxAbs)
	}
	// A second fill continues the stream.
	z2 := make([]float32, 8)
	g.Fill(z2)
	if z2[0] == z[0] && z2[1] == z[1] {
		t.Error("the stream restarted")
	}
}

// The kernel in use (AVX2 where the machine has it) gives the portable loop's
// numbers bit for bit, outer bins included, and leaves the generators in the
// same state, for fills of every length around the block size.
func TestNormalsKernelMatchesGo(t *testing.T) {
	t.Logf("kernel %s", kernel())
	for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 65, 4096, 100003} {
		fast, slow := NewNormals(uint64(n)+5), NewNormals(uint64(n)+5)
		got, want := make([]float32, n), make([]float32, n)
		for range 3 {
			fast.Fill(got)
			full := n / Lanes * Lanes
			fillBlocksGo(slow, want[:full])
			if full < n {
				var u [Lanes]uint32
				slow.x.Next8(&u)
				for k := range want[full:] {
					want[full+k] = normalFrom(u[k])
				}
			}
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n %d: number %d is %v, the portable loop gives %v", n, i, got[i], want[i])
				}
			}
			if fast.x != slow.x {
				t.Fatalf("n %d: the generators' states differ", n)
			}
		}
	}
}

func BenchmarkNormals(b *testing.B) {
	for _, kernel := range []struct {
		name string
		fill func(*Normals, []float32)
	}{{kernel(), (*Normals).Fill}, {"go", fillBlocksGo}} {
		b.Run(kernel.name, func(b *testing.B) {
			g := NewNormals(1)
			z := make([]float32, 200000)
			b.SetBytes(int64(len(z)) * 4)
			for b.Loop() {
				kernel.fill(g, z)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(z)), "ns/normal")
		})
	}
}
