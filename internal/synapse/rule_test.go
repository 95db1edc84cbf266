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
