package method

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/presyn/presyn/internal/synapse"
)

// One step of two passes against the update written out by hand.
func TestBGDStepByHand(t *testing.T) {
	net := synapse.New(synapse.Config{Sizes: []int{3, 2}, Bias: synapse.BiasNone}, rand.New(rand.NewPCG(1, 2)))
	s := &BGDSettings{Eta: 0.5, StdInit: 0.1, KTrain: 2, KTest: 3, TestMode: "mean-softmax"}
	m := s.New(net, rand.New(rand.NewPCG(3, 4))).(*BGD)
	mu0 := append([]float32(nil), m.mu...)
	n := len(mu0)
	eps := [2][]float32{make([]float32, n), make([]float32, n)}
	grads := [2][]float32{make([]float32, n), make([]float32, n)}
	for i := range n {
		eps[0][i], eps[1][i] = float32(i)*0.3-0.8, 0.5-float32(i)*0.1
		grads[0][i], grads[1][i] = float32(i+1)*0.01, -float32(i)*0.02
	}
	pass := 0
	m.fill = func(dst []float32) { copy(dst, eps[pass]) }
	x := make([]float32, 4*3) // a batch of 4: the summed loss's gradient is 4 times the mean's
	for k := range 2 {
		pass = k
		m.BeforeForward(net, k)
		for i, p := range net.Params() {
			if want := mu0[i] + 0.1*eps[k][i]; math.Abs(float64(p-want)) > 1e-7 {
				t.Fatalf("pass %d, weight %d = %v, want mu + sigma*eps = %v", k, i, p, want)
			}
		}
		net.Forward(x, 4)
		copy(net.Grads(), grads[k])
		m.AfterBackward(net, k)
	}
	for i := range n {
		eg := (4*float64(grads[0][i]) + 4*float64(grads[1][i])) / 2
		egeps := (4*float64(grads[0][i])*float64(eps[0][i]) + 4*float64(grads[1][i])*float64(eps[1][i])) / 2
		wantMu := float64(mu0[i]) - 0.5*0.01*eg
		h := 0.1 * egeps / 2
		wantSigma := 0.1*math.Sqrt(1+h*h) - 0.1*h
		if math.Abs(float64(m.mu[i])-wantMu) > 1e-6 || math.Abs(float64(m.sigma[i])-wantSigma) > 1e-6 {
			t.Fatalf("weight %d: mu %v sigma %v, want %v %v", i, m.mu[i], m.sigma[i], wantMu, wantSigma)
		}
		if net.Params()[i] != m.mu[i] {
			t.Fatalf("after the step the Net holds %v, not mu %v", net.Params()[i], m.mu[i])
		}
	}
}

// SampleForTest draws a network around mu, a fresh one each time; EndTest puts
// mu back.
func TestBGDTestSampling(t *testing.T) {
	net := synapse.New(synapse.Config{Sizes: []int{3, 2}, Bias: synapse.BiasLearned}, rand.New(rand.NewPCG(1, 2)))
	m := DefaultBGD().New(net, rand.New(rand.NewPCG(3, 4))).(*BGD)
	mu := append([]float32(nil), m.mu...)
	m.SampleForTest(net)
	first := append([]float32(nil), net.Params()...)
	m.SampleForTest(net)
	for i, p := range net.Params() {
		if p == mu[i] || p == first[i] {
			t.Fatalf("weight %d: %v, mu %v, the first sample %v: not a fresh draw", i, p, mu[i], first[i])
		}
	}
	if m.TestSamples() != 10 {
		t.Errorf("%d test samples, want k_test 10", m.TestSamples())
	}
	m.EndTest(net)
	for i, p := range net.Params() {
		if p != mu[i] {
			t.Fatalf("EndTest left weight %d at %v, not mu %v", i, p, mu[i])
		}
	}
	if err := DefaultBGD().Validate(synapse.Config{Sizes: []int{3, 2}, Synapses: synapse.Presynaptic}); err == nil {
		t.Error("BGD on a presynaptic network")
	}
}
