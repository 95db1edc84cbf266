package method

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/synapse"
)

func ewcFixture(t *testing.T, s *EWCSettings, synapses synapse.Mode) (*synapse.Net, *EWC, *data.View) {
	t.Helper()
	ds := datatest.New(data.MNIST, datatest.Options{Train: 300, Test: 10})
	cfg := synapse.Config{Sizes: []int{data.Pixels, 8, 10}, Synapses: synapses, Bias: synapse.BiasLearned}
	if synapses == synapse.Presynaptic {
		cfg.Bias = synapse.BiasFixed
	}
	net := synapse.New(cfg, rand.New(rand.NewPCG(1, 2)))
	return net, s.New(net, rand.New(rand.NewPCG(3, 4))).(*EWC), data.Plain(ds).Train
}

// The penalty's gradient against central finite differences of the penalty.
func TestEWCPenaltyGradientFiniteDifferences(t *testing.T) {
	for _, online := range []bool{false, true} {
		s := DefaultEWC()
		s.Lambda, s.Online, s.Gamma = 50, online, 0.7
		net, m, train := ewcFixture(t, s, synapse.Deterministic)
		rng := rand.New(rand.NewPCG(5, 6))
		params := net.Params()
		for task := range 2 {
			for i := range params {
				params[i] += float32(0.05 * rng.NormFloat64()) // the next task moves the weights
			}
			if err := m.EndTask(net, task, train); err != nil {
				t.Fatal(err)
			}
		}
		for i := range params {
			params[i] += float32(0.05 * rng.NormFloat64())
		}
		grads := make([]float32, len(params))
		m.addPenaltyGrad(params, grads)
		for _, i := range []int{0, 17, 3000, len(params) - 1, len(params) - 12} {
			old := params[i]
			const h = 1e-2
			params[i] = old + h
			up := m.Penalty(net)
			params[i] = old - h
			down := m.Penalty(net)
			params[i] = old
			fd := (up - down) / (2 * h)
			if math.Abs(fd-float64(grads[i])) > 1e-3*math.Max(1, math.Abs(fd)) {
				t.Errorf("online %v, parameter %d: gradient %v, finite difference %v", online, i, grads[i], fd)
			}
		}
	}
}

// The Fisher is the mean of per-sample squared gradients, not the square of the
// batch's mean gradient, and it does not depend on masks.
func TestEWCFisherPerSample(t *testing.T) {
	s := DefaultEWC()
	s.FisherLabels = "true"
	net, _, train := ewcFixture(t, s, synapse.Deterministic)
	got := make([]float32, len(net.Params()))
	if err := EstimateFisher(net, train, 0, "true", rand.New(rand.NewPCG(1, 1)), got); err != nil {
		t.Fatal(err)
	}
	want := make([]float64, len(got))
	x := make([]float32, data.Pixels)
	y := make([]int32, 1)
	n := train.Len()
	var meanGrad []float64
	for i := range n {
		y[0] = train.Sample(i, x)
		net.ForwardBackward(x, y, 1)
		if meanGrad == nil {
			meanGrad = make([]float64, len(got))
		}
		for k, g := range net.Grads() {
			want[k] += float64(g) * float64(g) / float64(n)
			meanGrad[k] += float64(g) / float64(n)
		}
	}
	var sumGot, sumMeanSq float64
	for k := range want {
		if math.Abs(float64(got[k])-want[k]) > 1e-4*math.Max(want[k], 1e-6) {
			t.Fatalf("Fisher[%d] = %v, per-sample mean %v", k, got[k], want[k])
		}
		sumGot += float64(got[k])
		sumMeanSq += meanGrad[k] * meanGrad[k]
	}
	if !(sumGot > 5*sumMeanSq) {
		t.Errorf("the Fisher (%v) is not well above the squared mean gradient (%v): per-sample gradients were not squared", sumGot, sumMeanSq)
	}
	// A stochastic network's Fisher is taken with its masks off: two estimates agree.
	pnet, _, _ := ewcFixture(t, s, synapse.Presynaptic)
	a, b := make([]float32, len(pnet.Params())), make([]float32, len(pnet.Params()))
	EstimateFisher(pnet, train, 100, "true", rand.New(rand.NewPCG(1, 1)), a)
	EstimateFisher(pnet, train, 100, "true", rand.New(rand.NewPCG(1, 1)), b)
	for k := range a {
		if a[k] != b[k] {
			t.Fatalf("the Fisher of a stochastic network changed between two estimates (masks on?)")
		}
	}
	if !pnet.Sampling() {
		t.Error("EstimateFisher left sampling off")
	}
	// Sampled and expected labels estimate the same true Fisher.
	sampled, expected := make([]float32, len(got)), make([]float32, len(got))
	EstimateFisher(net, train, 0, "sampled", rand.New(rand.NewPCG(2, 2)), sampled)
	EstimateFisher(net, train, 0, "expected", nil, expected)
	var ss, se float64
	for k := range sampled {
		ss, se = ss+float64(sampled[k]), se+float64(expected[k])
	}
	if math.Abs(ss-se) > 0.2*se {
		t.Errorf("sampled labels' Fisher sums to %v, expected labels' to %v", ss, se)
	}
}

// The penalty is not silently zero: nothing before a task ends, then it grows as
// the weights leave their anchor and its gradient pulls them back.
func TestEWCPenaltyPullsBack(t *testing.T) {
	net, m, train := ewcFixture(t, DefaultEWC(), synapse.Deterministic)
	if m.Penalty(net) != 0 || m.Fisher() != nil {
		t.Fatal("a penalty before any task ended")
	}
	if err := m.EndTask(net, 0, train); err != nil {
		t.Fatal(err)
	}
	if p := m.Penalty(net); math.Abs(p) > 1e-6 {
		t.Errorf("penalty at the anchor is %v", p)
	}
	params := net.Params()
	anchor := append([]float32(nil), params...)
	for i := range params {
		params[i] += 0.1
	}
	if p := m.Penalty(net); !(p > 0) {
		t.Fatalf("penalty away from the anchor is %v", p)
	}
	grads := make([]float32, len(params))
	m.addPenaltyGrad(params, grads)
	positive := 0
	for i, g := range grads {
		if g < 0 {
			t.Fatalf("parameter %d above its anchor %v has gradient %v", i, anchor[i], g)
		}
		if g > 0 {
			positive++
		}
	}
	if positive < len(grads)/2 {
		t.Errorf("only %d of %d parameters are pulled back", positive, len(grads))
	}
}
