package synapse

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRuleKernel: single synapses through the rule, expected values computed by
// hand from REFERENCE.md's formulas (old p in every right-hand side).
func TestRuleKernel(t *testing.T) {
	base := ruleConsts{lr: 0.1, wd: 0.01, mod: 1, pUp: 0.07, pDown: 0.05, gLim: 0.01, freeze: 0.9, pMin: 0.25, pMax: 1}
	noMod := base
	noMod.mod, noMod.freeze = 0, 1
	lowMax := base
	lowMax.pUp, lowMax.freeze, lowMax.pMax = 0.5, 1, 0.9
	cases := []struct {
		name         string
		c            ruleConsts
		w, g, p      float32
		wantW, wantP float64
	}{
		// d = 0.02*(1-0.5) + 0.01*1 = 0.02; w = 1 - 0.1*0.02; p = 0.5 + 0.5*0.07.
		{"up", base, 1, 0.02, 0.5, 0.998, 0.535},
		// |g| == GLim counts as up; d = 0.01*0.5 = 0.005.
		{"at g_lim is up", base, 0, 0.01, 0.5, -0.0005, 0.535},
		// |g| < GLim: d = -0.005*0.5 + 0.01*(-1) = -0.0125; p = 0.5 - 0.5*0.05.
		{"down", base, -1, -0.005, 0.5, -0.99875, 0.475},
		// Negative gradient, large: |g| clears GLim.
		{"up negative g", base, 0, -0.02, 0.5, 0.001, 0.535},
		// p == PFreeze is frozen; the weight still learns: d = 0.02*0.1 + 0.005.
		{"frozen at threshold", base, 0.5, 0.02, 0.9, 0.4993, 0.9},
		// 0.25 - 0.75*0.05 = 0.2125 is clamped to PMin.
		{"clamp p_min", base, 0, 0, 0.25, 0, 0.25},
		// No modulation, no freezing: d = g; p = 0.95 + 0.05*0.07.
		{"no modulation", noMod, 0, -0.02, 0.95, 0.002, 0.9535},
		// p = 1 cannot move: (1-p)*delta = 0.
		{"p one", noMod, 0, 0.5, 1, -0.05, 1},
		// d = 1*(1-0.89); 0.89 + 0.11*0.5 = 0.945 is clamped to PMax = 0.9.
		{"clamp p_max", lowMax, 0, 1, 0.89, -0.011, 0.9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, g, p := []float32{c.w}, []float32{c.g}, []float32{c.p}
			ruleKernel(w, g, p, &c.c)
			if math.Abs(float64(w[0])-c.wantW) > 1e-7 {
				t.Errorf("w = %.9g, want %.9g", w[0], c.wantW)
			}
			if math.Abs(float64(p[0])-c.wantP) > 1e-7 {
				t.Errorf("p = %.9g, want %.9g", p[0], c.wantP)
			}
		})
	}
}

// TestRuleStep: Step maps the Rule and the Net's bounds onto the kernel, treats a
// zero PFreeze as no freezing, steps learned biases, and refuses nets without p.
func TestRuleStep(t *testing.T) {
	net := New(Config{Sizes: []int{2, 1}, Synapses: Presynaptic, Bias: BiasLearned, PMin: 0.2}, rand.New(rand.NewPCG(1, 1)))
	copy(net.AllWeights(), []float32{1, 1})
	copy(net.AllProbs(), []float32{0.95, 0.2})
	copy(net.Grads(), []float32{0.5, 0, 2})
	b0 := net.Biases(0)[0]
	r := Rule{LR: 0.1, PUp: 0.1, PDown: 0.1, GLim: 0.1}
	r.Step(net)
	// p0: no freezing (zero PFreeze), 0.95 + 0.05*0.1; p1: 0.2 - 0.08 clamped to PMin.
	if p := net.AllProbs(); math.Abs(float64(p[0])-0.955) > 1e-7 || p[1] != 0.2 {
		t.Errorf("probs %v, want [0.955 0.2]", p)
	}
	if w := net.AllWeights(); math.Abs(float64(w[0])-0.95) > 1e-7 || w[1] != 1 {
		t.Errorf("weights %v, want [0.95 1]", w)
	}
	if b := net.Biases(0)[0]; math.Abs(float64(b-(b0-0.2))) > 1e-7 {
		t.Errorf("bias %v, want %v", b, b0-0.2)
	}
	if r.Frozen(0.999) || !(&Rule{PFreeze: 0.9}).Frozen(0.9) {
		t.Errorf("Frozen wrong")
	}
	expectPanic(t, "without release probabilities", func() {
		r.Step(New(Config{Sizes: []int{2, 1}, Synapses: FixedRelease, PFixed: 0.4}, rand.New(rand.NewPCG(1, 1))))
	})
}

// TestTrainingLearns: the presynaptic model, a deterministic MLP and the fixed-p
// control each fit a small separable problem, and the rule raises p of the
// synapses that matter. A smoke test that the pieces work together.
func TestTrainingLearns(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const in, classes, batch = 20, 4, 50
	centres := make([]float32, classes*in)
	for i := range centres {
		centres[i] = float32(rng.NormFloat64())
	}
	x := make([]float32, batch*in)
	y := make([]int32, batch)
	draw := func() {
		for i := range y {
			y[i] = int32(rng.IntN(classes))
			for j := 0; j < in; j++ {
				x[i*in+j] = centres[int(y[i])*in+j] + 0.3*float32(rng.NormFloat64())
			}
		}
	}
	cfgs := []struct {
		name string
		cfg  Config
		upd  func(n *Net) Updater
	}{
		{"presynaptic", Config{Synapses: Presynaptic, Bias: BiasFixed}, func(*Net) Updater {
			return &Rule{LR: 0.05, PUp: 0.07, PDown: 0.07, GLim: 0.001}
		}},
		{"deterministic", Config{Synapses: Deterministic, Bias: BiasLearned}, func(n *Net) Updater {
			return Optimize(sgd{lr: 0.1})
		}},
		{"fixed 0.4", Config{Synapses: FixedRelease, PFixed: 0.4, Bias: BiasLearned}, func(n *Net) Updater {
			return Optimize(sgd{lr: 0.05})
		}},
	}
	for _, c := range cfgs {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Sizes = []int{in, 30, classes}
			net := New(c.cfg, rng)
			u := c.upd(net)
			var first, last float64
			for step := 0; step < 300; step++ {
				draw()
				loss := net.TrainStep(x, y, batch, u)
				if math.IsNaN(loss) {
					t.Fatalf("step %d: NaN loss", step)
				}
				if step == 0 {
					first = loss
				}
				last = loss
			}
			if !(last < 0.5*first) {
				t.Errorf("loss %.3f -> %.3f: not learning", first, last)
			}
			if c.cfg.Synapses == Presynaptic && !(net.MeanProb() > 0.25) {
				t.Errorf("mean p %.3f did not rise above p_min", net.MeanProb())
			}
		})
	}
}

// sgd is a minimal optimiser for tests that must not depend on package optim.
type sgd struct{ lr float32 }

func (o sgd) Step(p, g []float32) {
	for i := range p {
		p[i] -= o.lr * g[i]
	}
}

// TestRuleAccumulatesLikeFloat64: over as many steps as a whole Permuted MNIST
// run (10 tasks x 10 epochs x 600 batches), the float32 rule ends where the
// same rule computed in float64 ends: rounding does not pile up in the weights or
// release probabilities, and no synapse freezes in one precision but not the
// other. Both see the same gradient stream (released and silent synapses, small
// and large gradients around g_lim), so any gap is arithmetic alone.
func TestRuleAccumulatesLikeFloat64(t *testing.T) {
	const n, steps = 1024, 60000
	c := ruleConsts{lr: 0.01, mod: 1, pUp: 0.052, pDown: 0.0516, gLim: 0.001, freeze: 0.9353, pMin: 0.25, pMax: 1}
	rng := rand.New(rand.NewPCG(15, 2019))
	w32, p32, g32 := make([]float32, n), make([]float32, n), make([]float32, n)
	w64, p64 := make([]float64, n), make([]float64, n)
	scale := make([]float64, n) // per-synapse gradient size, 1e-4 to 1e-2
	for i := range w32 {
		w32[i] = float32(0.1 * (rng.Float64() - 0.5))
		p32[i] = c.pMin
		w64[i], p64[i] = float64(w32[i]), float64(p32[i])
		scale[i] = math.Pow(10, -4+2*rng.Float64())
	}
	// A pool of gradients, read from a random offset with a random sign each step.
	pool := make([]float32, 4*n)
	for i := range pool {
		if rng.Float64() < 0.6 { // released; a silent synapse has g = 0
			pool[i] = float32(rng.NormFloat64())
		}
	}
	for range steps {
		off, sign := rng.IntN(3*n), float32(1-2*rng.IntN(2))
		for i := range g32 {
			g32[i] = sign * pool[off+i] * float32(scale[i])
		}
		ruleKernel(w32, g32, p32, &c)
		for i, g := range g32 { // REFERENCE.md's rule in float64, old p throughout
			gi, pi := float64(g), p64[i]
			w64[i] -= float64(c.lr) * gi * (1 - pi)
			delta := -float64(c.pDown)
			if math.Abs(gi) >= float64(c.gLim) {
				delta = float64(c.pUp)
			}
			if pi < float64(c.freeze) {
				p64[i] = min(max(pi+(1-pi)*delta, float64(c.pMin)), float64(c.pMax))
			}
		}
	}
	var maxW, maxP, sumW float64
	frozen, disagree := 0, 0
	for i := range w32 {
		maxW = max(maxW, math.Abs(float64(w32[i])-w64[i]))
		maxP = max(maxP, math.Abs(float64(p32[i])-p64[i]))
		sumW += math.Abs(w64[i])
		f32, f64 := Frozen(p32[i], c.freeze), p64[i] >= float64(c.freeze)
		if f64 {
			frozen++
		}
		if f32 != f64 {
			disagree++
		}
	}
	relW := maxW / (sumW / n)
	t.Logf("%d steps: max |w32-w64| = %.2g (%.2g of mean |w|), max |p32-p64| = %.2g, %d of %d frozen, %d disagree",
		steps, maxW, relW, maxP, frozen, n, disagree)
	if frozen == 0 || frozen == n {
		t.Fatalf("%d of %d synapses frozen: the gradient stream does not exercise freezing", frozen, n)
	}
	if relW > 1e-4 || maxP > 1e-5 || disagree > 0 {
		t.Errorf("float32 drifted from float64: weights by %.2g of mean |w|, p by %.2g, %d freezing decisions differ", relW, maxP, disagree)
	}
}
