package synapse

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/optim"
	"github.com/presyn/presyn/internal/tensor"
)

func expectPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		s, _ := r.(string)
		if !strings.HasPrefix(s, "synapse: ") || !strings.Contains(s, want) {
			t.Errorf("panic %v, want a synapse: panic containing %q", r, want)
		}
	}()
	f()
}

func TestConfigValidate(t *testing.T) {
	ok := []int{4, 3, 2}
	cases := []struct {
		name string
		cfg  Config
		want string // "" for valid
	}{
		{"paper presynaptic", Config{Sizes: []int{784, 200, 200, 10}, Synapses: Presynaptic, Bias: BiasFixed}, ""},
		{"energy control", Config{Sizes: ok, Synapses: FixedRelease, PFixed: 0.4, Bias: BiasLearned}, ""},
		{"ghost", Config{Sizes: ok, Synapses: FixedRelease, PFixed: 0.5, Ghost: true, GhostUnbiased: true}, ""},
		{"one size", Config{Sizes: []int{4}}, "Sizes"},
		{"zero width", Config{Sizes: []int{4, 0, 2}}, "Sizes[1]"},
		{"pmin", Config{Sizes: ok, PMin: 1.5}, "PMin"},
		{"pmax below pmin", Config{Sizes: ok, PMin: 0.5, PMax: 0.4}, "PMax"},
		{"fixed without p", Config{Sizes: ok, Synapses: FixedRelease}, "PFixed"},
		{"pfixed on presynaptic", Config{Sizes: ok, Synapses: Presynaptic, PFixed: 0.5}, "PFixed"},
		{"ghost on presynaptic", Config{Sizes: ok, Synapses: Presynaptic, Ghost: true}, "Ghost"},
		{"unbiased without ghost", Config{Sizes: ok, Synapses: FixedRelease, PFixed: 0.5, GhostUnbiased: true}, "GhostUnbiased"},
		{"notnorm deterministic", Config{Sizes: ok, NotNormalised: true}, "NotNormalised"},
		{"uniform fixed", Config{Sizes: ok, Synapses: FixedRelease, PFixed: 0.5, PInitUniform: true}, "PInitUniform"},
		{"bad mode", Config{Sizes: ok, Synapses: 7}, "Synapses"},
	}
	for _, c := range cases {
		err := c.cfg.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want one naming %s", c.name, err, c.want)
		}
	}
	expectPanic(t, "PFixed", func() { New(Config{Sizes: ok, Synapses: FixedRelease}, rand.New(rand.NewPCG(1, 1))) })
}

func TestParse(t *testing.T) {
	for _, m := range []Mode{Deterministic, Presynaptic, FixedRelease} {
		if got, err := ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m.String(), got, err)
		}
	}
	for _, b := range []BiasMode{BiasNone, BiasFixed, BiasLearned} {
		if got, err := ParseBiasMode(b.String()); err != nil || got != b {
			t.Errorf("ParseBiasMode(%q) = %v, %v", b.String(), got, err)
		}
	}
	if _, err := ParseMode("stochastic"); err == nil {
		t.Error("ParseMode accepted an unknown name")
	}
	if _, err := ParseBiasMode(""); err == nil {
		t.Error("ParseBiasMode accepted an empty name")
	}
}

// Xavier init, as the BGD fork's: weights N(0, sqrt(2/(fan_in+fan_out))),
// biases N(0, sqrt(2/(1+fan_out))); the layer's mean near 0 and its standard
// deviation within 3% of the fork's (a few thousand draws at least).
func TestXavierInit(t *testing.T) {
	sizes := []int{784, 200, 200, 10}
	net := New(Config{Sizes: sizes, Bias: BiasLearned, XavierInit: true}, rand.New(rand.NewPCG(2019, 1)))
	moments := func(xs []float32) (mean, std float64) {
		for _, v := range xs {
			mean += float64(v)
		}
		mean /= float64(len(xs))
		for _, v := range xs {
			std += (float64(v) - mean) * (float64(v) - mean)
		}
		return mean, math.Sqrt(std / float64(len(xs)))
	}
	for l := range 3 {
		in, out := sizes[l], sizes[l+1]
		mean, std := moments(net.Weights(l).Data)
		if want := math.Sqrt(2 / float64(in+out)); math.Abs(std-want) > 0.03*want || math.Abs(mean) > 4*want/math.Sqrt(float64(in*out)) {
			t.Errorf("layer %d weights: mean %.3g, std %.4g; want 0, %.4g", l, mean, std, want)
		}
	}
	// The biases of the two hidden layers together (400 draws of two
	// standard deviations alike within a tenth).
	_, std := moments(net.Biases(0))
	if want := math.Sqrt(2.0 / 201); math.Abs(std-want) > 0.15*want {
		t.Errorf("layer 0 biases: std %.4g, want %.4g", std, want)
	}
}

func TestInit(t *testing.T) {
	sizes := []int{784, 200, 10}
	mk := func(c Config) *Net {
		c.Sizes = sizes
		return New(c, rand.New(rand.NewPCG(2019, 1)))
	}
	det := mk(Config{Bias: BiasLearned})
	// PyTorch's default Linear init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
	for l, in := range sizes[:2] {
		bound := float32(1 / math.Sqrt(float64(in)))
		w := det.Weights(l).Data
		var ss float64
		for _, v := range w {
			if v < -bound || v > bound {
				t.Fatalf("layer %d weight %v outside +-%v", l, v, bound)
			}
			ss += float64(v) * float64(v)
		}
		// Variance of U(-b, b) is b^2/3.
		if v, want := ss/float64(len(w)), float64(bound*bound)/3; math.Abs(v-want) > 0.05*want {
			t.Errorf("layer %d weight variance %.3g, want %.3g", l, v, want)
		}
		for _, v := range det.Biases(l) {
			if v < -bound || v > bound {
				t.Fatalf("layer %d bias %v outside +-%v", l, v, bound)
			}
		}
	}
	nW := 784*200 + 200*10
	if len(det.Params()) != nW+210 || len(det.Grads()) != nW+210 || det.NumWeights() != nW {
		t.Errorf("learned biases: %d params, want %d", len(det.Params()), nW+210)
	}
	none := mk(Config{})
	if len(none.Params()) != nW || none.AllBiases() != nil || none.Biases(0) != nil {
		t.Errorf("BiasNone: %d params, biases %v", len(none.Params()), none.AllBiases() != nil)
	}
	fixed := mk(Config{Bias: BiasFixed, Synapses: Presynaptic})
	if len(fixed.Params()) != nW || len(fixed.AllBiases()) != 210 {
		t.Errorf("BiasFixed: %d params, %d biases", len(fixed.Params()), len(fixed.AllBiases()))
	}
	// The bias mode does not change the weights drawn.
	for i, v := range none.AllWeights() {
		if v != det.AllWeights()[i] || v != fixed.AllWeights()[i] {
			t.Fatalf("weight %d depends on the bias mode", i)
		}
	}
	for _, p := range fixed.AllProbs() {
		if p != 0.25 {
			t.Fatalf("initial p %v, want p_min 0.25", p)
		}
	}
	// Not normalised: m = w_init/p_min.
	nn := mk(Config{Synapses: Presynaptic, NotNormalised: true})
	for i, v := range nn.AllWeights() {
		if v != none.AllWeights()[i]/0.25 {
			t.Fatalf("not normalised m[%d] = %v, want %v", i, v, none.AllWeights()[i]/0.25)
		}
	}
	uni := mk(Config{Synapses: Presynaptic, PInitUniform: true})
	var mean float64
	for _, p := range uni.AllProbs() {
		if p < 0.25 || p > 1 {
			t.Fatalf("uniform initial p %v outside [0.25, 1]", p)
		}
		mean += float64(p)
	}
	if mean /= float64(nW); math.Abs(mean-0.625) > 0.005 {
		t.Errorf("uniform initial p has mean %.4f, want 0.625", mean)
	}
	ghost := mk(Config{Synapses: FixedRelease, PFixed: 0.5, Ghost: true})
	for _, p := range ghost.AllProbs() {
		if p != 0.5 {
			t.Fatalf("ghost p starts at %v, want p_fixed 0.5", p)
		}
	}
	if mk(Config{Synapses: FixedRelease, PFixed: 0.4}).AllProbs() != nil {
		t.Error("fixed release without ghost has probabilities")
	}
}

// TestSamplingOff: with sampling off a stochastic Net computes with its stored
// parameters (all p = 1), exactly as a deterministic Net with the same weights,
// and its gradients are those of the deterministic Net.
func TestSamplingOff(t *testing.T) {
	cfg := Config{Sizes: []int{30, 20, 4}, Bias: BiasFixed}
	det := New(cfg, rand.New(rand.NewPCG(3, 3)))
	cfg.Synapses = Presynaptic
	cfg.PInitUniform = true
	pre := New(cfg, rand.New(rand.NewPCG(3, 3)))
	copy(pre.AllWeights(), det.AllWeights())
	pre.SetSampling(false)
	if pre.Sampling() || det.Sampling() {
		t.Fatal("Sampling() true")
	}
	x := make([]float32, 5*30)
	for i := range x {
		x[i] = float32(i%7) - 3
	}
	y := []int32{0, 1, 2, 3, 0}
	a, b := make([]float32, 20), make([]float32, 20)
	det.Predict(x, 5, a)
	pre.Predict(x, 5, b)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("output %d: %v with sampling off, %v deterministic", i, b[i], a[i])
		}
	}
	la, lb := det.ForwardBackward(x, y, 5), pre.ForwardBackward(x, y, 5)
	if la != lb {
		t.Errorf("loss %v vs %v", lb, la)
	}
	for i, g := range det.Grads() {
		if pre.Grads()[i] != g {
			t.Fatalf("gradient %d: %v with sampling off, %v deterministic", i, pre.Grads()[i], g)
		}
	}
	pre.SetSampling(true)
	pre.Predict(x, 5, b)
	if a[0] == b[0] && a[1] == b[1] {
		t.Error("sampling back on gave the deterministic output")
	}
}

// TestPartialBatch: a batch smaller than the buffers (the test set's last batch)
// gives the same outputs as the same samples within a full batch.
func TestPartialBatch(t *testing.T) {
	for _, cfg := range []Config{
		{Sizes: []int{50, 40, 30, 10}, Bias: BiasLearned},
		{Sizes: []int{50, 40, 30, 10}, Bias: BiasFixed, Synapses: Presynaptic},
	} {
		net := New(cfg, rand.New(rand.NewPCG(4, 4)))
		x := make([]float32, 100*50)
		for i := range x {
			x[i] = float32(math.Sin(float64(i)))
		}
		full, part := make([]float32, 100*10), make([]float32, 37*10)
		net.SetMaskSeed(1)
		net.Predict(x, 100, full)
		net.SetMaskSeed(1)
		net.Predict(x[63*50:], 37, part)
		for i := range part {
			if math.Abs(float64(part[i]-full[63*10+i])) > 1e-6 {
				t.Fatalf("%v: partial batch output %d = %v, in a full batch %v", cfg.Synapses, i, part[i], full[63*10+i])
			}
		}
		act := make([]float64, 37)
		net.HiddenActivity(act)
		if act[0] <= 0 {
			t.Errorf("hidden activity %v", act[0])
		}
	}
}

func TestNaNLoss(t *testing.T) {
	net := New(Config{Sizes: []int{3, 2}, Synapses: Presynaptic}, rand.New(rand.NewPCG(1, 1)))
	net.AllWeights()[0] = float32(math.NaN())
	before := append([]float32(nil), net.AllWeights()...)
	pBefore := append([]float32(nil), net.AllProbs()...)
	net.SetMasks([][]float32{{1, 1, 1, 1, 1, 1}})
	loss := net.TrainStep([]float32{1, 2, 3}, []int32{1}, 1, &Rule{LR: 0.1, PUp: 0.1, PDown: 0.1})
	if !math.IsNaN(loss) {
		t.Fatalf("loss %v, want NaN", loss)
	}
	for i, v := range net.AllWeights()[1:] {
		if v != before[i+1] || net.AllProbs()[i] != pBefore[i] {
			t.Fatalf("parameters changed after a NaN loss")
		}
	}
}

func TestMeasurements(t *testing.T) {
	// 2-2-2-2 without biases: x = [1, 2]; W1 = [[1, 0], [0, -1]] gives hidden
	// [1, 0]; W2 = [[2, 0], [0, 1]] gives [2, 0]: summed hidden activity 3.
	net := New(Config{Sizes: []int{2, 2, 2, 2}, Synapses: Presynaptic}, rand.New(rand.NewPCG(1, 1)))
	copy(net.AllWeights(), []float32{1, 0, 0, -1, 2, 0, 0, 1, 1, -1, -1, 1})
	fill(net.AllProbs(), 1)
	copy(net.AllProbs(), []float32{0.5, 0.9, 0.95})
	// p = 1 releases always, and p 0.5..0.95 synapses are weight 1, 0, 0: inject
	// all-ones masks for a definite answer.
	ones := [][]float32{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}}
	net.SetMasks(ones)
	net.Predict([]float32{1, 2}, 1, make([]float32, 2))
	act := make([]float64, 1)
	net.HiddenActivity(act)
	// Synapse 0 has p = 0.5: normalised weight 1/0.5 = 2, hidden [2, 0] -> [4, 0].
	if act[0] != 6 {
		t.Errorf("hidden activity %v, want 6", act[0])
	}
	if e := net.SynapticEnergy(); e != 9 {
		t.Errorf("synaptic energy %v, want sum|w| = 9", e)
	}
	if m, want := net.MeanProb(), (0.5+0.9+0.95+9)/12; math.Abs(m-want) > 1e-7 {
		t.Errorf("mean p %v, want %v", m, want)
	}
	if f := net.FrozenFraction(0.9); f != 11.0/12 {
		t.Errorf("frozen fraction %v, want 11/12", f)
	}
	nn := New(Config{Sizes: []int{2, 1}, Synapses: Presynaptic, NotNormalised: true}, rand.New(rand.NewPCG(1, 1)))
	copy(nn.AllWeights(), []float32{4, -2})
	copy(nn.AllProbs(), []float32{0.25, 0.5})
	if e := nn.SynapticEnergy(); e != 2 {
		t.Errorf("not normalised energy %v, want sum p|m| = 2", e)
	}
	det := New(Config{Sizes: []int{2, 1}}, rand.New(rand.NewPCG(1, 1)))
	fix := New(Config{Sizes: []int{2, 1}, Synapses: FixedRelease, PFixed: 0.4}, rand.New(rand.NewPCG(1, 1)))
	if det.MeanProb() != 1 || math.Abs(fix.MeanProb()-0.4) > 1e-7 || det.FrozenFraction(0.9) != 0 {
		t.Errorf("MeanProb deterministic %v, fixed %v", det.MeanProb(), fix.MeanProb())
	}
}

func TestPanics(t *testing.T) {
	net := New(Config{Sizes: []int{3, 2}, Synapses: Presynaptic}, rand.New(rand.NewPCG(1, 1)))
	x := []float32{1, 2, 3}
	expectPanic(t, "input has 2 values", func() { net.Forward(x[:2], 1) })
	expectPanic(t, "batch size 0", func() { net.Forward(x, 0) })
	expectPanic(t, "destination", func() { net.Predict(x, 1, make([]float32, 1)) })
	expectPanic(t, "needs a preceding Forward", func() { net.Backward([]int32{0}) })
	net.Forward(x, 1)
	expectPanic(t, "out of range", func() { net.Loss([]int32{2}) })
	expectPanic(t, "labels for a batch", func() { net.Backward(nil) })
	expectPanic(t, "layer 1 out of range", func() { net.Weights(1) })
	expectPanic(t, "want 0 or 1", func() { net.SetMasks([][]float32{{1, 0, 0.5, 1, 1, 1}}) })
	expectPanic(t, "entries", func() { net.SetMasks([][]float32{{1}}) })
	expectPanic(t, "deterministic", func() { New(Config{Sizes: []int{3, 2}}, rand.New(rand.NewPCG(1, 1))).SetMasks(nil) })
}

// TestTrainStepNoAlloc: once its buffers exist, a training step (forward, backward,
// update) and an evaluation pass allocate nothing, with the rule or an optimiser,
// on the paper's network, whichever BLAS backend.
func TestTrainStepNoAlloc(t *testing.T) {
	defer tensor.SetThreads(tensor.Threads())
	tensor.SetThreads(1)
	sizes := []int{784, 200, 200, 10}
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, 100*784)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]int32, 100)
	for i := range y {
		y[i] = int32(i % 10)
	}
	probs := make([]float32, 100*10)
	act := make([]float64, 100)
	pre := New(Config{Sizes: sizes, Synapses: Presynaptic, Bias: BiasFixed}, rng)
	det := New(Config{Sizes: sizes, Bias: BiasLearned}, rng)
	fix := New(Config{Sizes: sizes, Synapses: FixedRelease, PFixed: 0.4, Bias: BiasLearned}, rng)
	cases := []struct {
		name string
		net  *Net
		u    Updater
	}{
		{"presynaptic rule", pre, &Rule{LR: 0.01, PUp: 0.052, PDown: 0.0516, GLim: 0.001, PFreeze: 0.9353, LRModulation: true}},
		{"deterministic adam", det, Optimize(optim.NewAdam(len(det.Params()), optim.AdamSettings{LR: 1e-3}))},
		{"fixed 0.4 sgd", fix, Optimize(optim.NewSGD(len(fix.Params()), optim.SGDSettings{LR: 0.05, WeightDecay: 0.01}))},
	}
	for _, c := range cases {
		c.net.TrainStep(x, y, 100, c.u) // sizes the buffers
		if n := testing.AllocsPerRun(3, func() {
			c.net.TrainStep(x, y, 100, c.u)
			c.net.Predict(x, 37, probs) // partial batch in the same buffers
			c.net.HiddenActivity(act)
		}); n != 0 {
			t.Errorf("%s: %v allocations per step", c.name, n)
		}
	}
}
