package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestReleaseStatistics checks the masks against their definition: a synapse with
// release probability p transmits with frequency p (not 1-p: spago's bernoulli
// returns the complement, a known trap), and the effective weight has the expected
// value of its mode (w when normalised, p*m when not, PFixed*w/p_ghost for the
// published ghost ablation). Tolerances are 5 standard errors.
func TestReleaseStatistics(t *testing.T) {
	blockP := []float32{0.25, 0.3337, 0.5, 0.9, 0.999, 1}
	cases := []struct {
		cfg Config
		// rate and mean effective weight of a synapse with stored weight 1.5 and
		// (learned or ghost) probability p.
		rate, mean func(p float32) float64
	}{
		{Config{Synapses: Presynaptic},
			func(p float32) float64 { return float64(p) }, func(p float32) float64 { return 1.5 }},
		{Config{Synapses: Presynaptic, NotNormalised: true},
			func(p float32) float64 { return float64(p) }, func(p float32) float64 { return 1.5 * float64(p) }},
		{Config{Synapses: FixedRelease, PFixed: 0.4},
			func(float32) float64 { return 0.4 }, func(float32) float64 { return 1.5 }},
		{Config{Synapses: FixedRelease, PFixed: 0.5, Ghost: true},
			func(float32) float64 { return 0.5 }, func(p float32) float64 { return 1.5 * 0.5 / float64(p) }},
		{Config{Synapses: FixedRelease, PFixed: 0.5, Ghost: true, GhostUnbiased: true},
			func(float32) float64 { return 0.5 }, func(float32) float64 { return 1.5 }},
	}
	const in, out, draws = 600, 100, 20 // 60000 synapses, 10000 per block
	for ci, c := range cases {
		t.Run(fmt.Sprintf("%v/notnorm=%v/ghost=%v/unbiased=%v", c.cfg.Synapses, c.cfg.NotNormalised, c.cfg.Ghost, c.cfg.GhostUnbiased), func(t *testing.T) {
			c.cfg.Sizes = []int{in, out}
			net := New(c.cfg, rand.New(rand.NewPCG(uint64(ci), 3)))
			w := net.AllWeights()
			fill(w, 1.5)
			block := len(w) / len(blockP)
			if p := net.AllProbs(); p != nil {
				for i := range p {
					p[i] = blockP[min(i/block, len(blockP)-1)]
				}
			}
			x := make([]float32, in)
			dst := make([]float32, out)
			released := make([]float64, len(blockP))
			sumW := make([]float64, len(blockP))
			for d := 0; d < draws; d++ {
				net.Predict(x, 1, dst)
				for i, s := range net.scale {
					b := min(i/block, len(blockP)-1)
					if s != 0 {
						released[b]++
					}
					sumW[b] += float64(net.weff[i])
				}
			}
			for b, p := range blockP {
				N := float64(block * draws)
				rate, wantRate := released[b]/N, c.rate(p)
				se := math.Sqrt(wantRate*(1-wantRate)/N) + 1e-12
				if math.Abs(rate-wantRate) > 5*se {
					t.Errorf("p=%v: release rate %.5f, want %.5f (SE %.2g)", p, rate, wantRate, se)
				}
				// weff is v*mask with v = mean/rate, so its SD is v*sqrt(r(1-r)).
				mean, wantMean := sumW[b]/N, c.mean(p)
				seW := wantMean/wantRate*math.Sqrt(wantRate*(1-wantRate)/N) + 1e-9
				if math.Abs(mean-wantMean) > 5*seW {
					t.Errorf("p=%v: mean effective weight %.5f, want %.5f (SE %.2g)", p, mean, wantMean, seW)
				}
			}
		})
	}
}

// TestMaskIndependence: the two synapses fed by one 64-bit draw, and the same
// synapse in consecutive passes, release independently (joint frequency p^2).
func TestMaskIndependence(t *testing.T) {
	net := New(Config{Sizes: []int{1000, 100}, Synapses: FixedRelease, PFixed: 0.5}, rand.New(rand.NewPCG(5, 5)))
	x, dst := make([]float32, 1000), make([]float32, 100)
	net.Predict(x, 1, dst)
	prev := append([]float32(nil), net.scale...)
	var pairs, pairN, again float64
	const draws = 10
	for d := 0; d < draws; d++ {
		net.Predict(x, 1, dst)
		for i := 0; i+1 < len(net.scale); i += 2 {
			if net.scale[i] != 0 && net.scale[i+1] != 0 {
				pairs++
			}
			pairN++
		}
		for i, s := range net.scale {
			if s != 0 && prev[i] != 0 {
				again++
			}
		}
		copy(prev, net.scale)
	}
	se := math.Sqrt(0.25 * 0.75 / pairN)
	if f := pairs / pairN; math.Abs(f-0.25) > 5*se {
		t.Errorf("adjacent synapses both release with frequency %.4f, want 0.25", f)
	}
	N := float64(draws * len(net.scale))
	if f := again / N; math.Abs(f-0.25) > 5*math.Sqrt(0.25*0.75/N) {
		t.Errorf("a synapse releases in two consecutive passes with frequency %.4f, want 0.25", f)
	}
}

// TestMasksPerCall: one mask per forward call, shared by the batch's samples, and
// redrawn by every call, evaluation included.
func TestMasksPerCall(t *testing.T) {
	net := New(Config{Sizes: []int{20, 30, 5}, Synapses: Presynaptic, Bias: BiasFixed}, rand.New(rand.NewPCG(9, 9)))
	row := make([]float32, 20)
	for i := range row {
		row[i] = float32(i%5) - 2
	}
	x := append(append(append([]float32(nil), row...), row...), row...)
	a, b := make([]float32, 15), make([]float32, 15)
	net.Predict(x, 3, a)
	for k := 1; k < 3; k++ {
		for j := 0; j < 5; j++ {
			if a[k*5+j] != a[j] {
				t.Fatalf("sample %d differs from sample 0 with the same input: masks not shared by the batch", k)
			}
		}
	}
	net.Predict(x, 3, b)
	same := true
	for i := range a {
		same = same && a[i] == b[i]
	}
	if same {
		t.Errorf("two evaluation passes gave identical outputs: masks not redrawn")
	}
	// The same seed reproduces the same masks.
	net.SetMaskSeed(42)
	net.Predict(x, 3, a)
	net.SetMaskSeed(42)
	net.Predict(x, 3, b)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same mask seed, different outputs")
		}
	}
}
