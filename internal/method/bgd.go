package method

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/synapse"
)

// BGDSettings configure Bayesian Gradient Descent (Zeno et al. 2018): the "bgd"
// section. Every trainable parameter is a Gaussian of mean mu and standard
// deviation sigma (sigma starting at std_init). For each mini-batch the loop runs
// k_train passes, each with the weights drawn as mu + sigma*eps (eps standard
// normal); with g the gradient of the batch's summed loss in a pass,
//
//	mu    -= eta * sigma^2 * E[g]
//	sigma  = sigma*sqrt(1 + (sigma*E[g*eps]/2)^2) - sigma^2*E[g*eps]/2
//
// the expectations over the passes. Nothing is reset at task boundaries. At test
// the network is mu ("map"), or k_test sampled networks whose softmax outputs are
// averaged ("mean-softmax", the default, as presyn's stochastic networks are
// measured), whose accuracies are averaged ("mean-acc", the BGD authors'
// fork's measure), or who vote ("vote"). The defaults are the fork's final
// Permuted MNIST setting (smonsays/bgd exp_comparison.sh: std_init 0.05,
// eta 1, 10 samples in training and at test, the mean accuracy of the sampled
// networks); each benchmark's config has the fork's setting for it
// (../shared/REFERENCE.md).
type BGDSettings struct {
	Eta      float64 `json:"eta"`
	StdInit  float64 `json:"std_init"`
	KTrain   int     `json:"k_train"`
	KTest    int     `json:"k_test"`
	TestMode string  `json:"test_mode"` // mean-softmax | mean-acc | vote | map
}

// DefaultBGD returns the fork's Permuted MNIST setting: eta 1, std_init
// 0.05, 10 samples in training and at test, their accuracies averaged.
func DefaultBGD() *BGDSettings {
	return &BGDSettings{Eta: 1, StdInit: 0.05, KTrain: 10, KTest: 10, TestMode: "mean-acc"}
}

// BGD test modes.
var bgdTestModes = []string{"mean-softmax", "mean-acc", "vote", "map"}

// Validate implements Settings.
func (s *BGDSettings) Validate(net synapse.Config) error {
	if !finite(s.Eta) || s.Eta <= 0 {
		return fmt.Errorf("eta is %v, want a positive number", s.Eta)
	}
	if !finite(s.StdInit) || s.StdInit <= 0 {
		return fmt.Errorf("std_init is %v, want a positive number", s.StdInit)
	}
	if s.KTrain < 1 || s.KTrain > 1000 {
		return fmt.Errorf("k_train is %d, want 1 to 1000", s.KTrain)
	}
	if s.KTest < 1 || s.KTest > 1000 {
		return fmt.Errorf("k_test is %d, want 1 to 1000", s.KTest)
	}
	ok := false
	for _, m := range bgdTestModes {
		ok = ok || m == s.TestMode
	}
	if !ok {
		return fmt.Errorf("test_mode is %q, want mean-softmax, mean-acc, vote or map", s.TestMode)
	}
	if net.Synapses != synapse.Deterministic {
		return fmt.Errorf("needs a deterministic network (synapse deterministic): its weights are the Gaussians' samples")
	}
	return nil
}

// LearnsRelease implements Settings: BGD has no release probabilities.
func (s *BGDSettings) LearnsRelease() bool { return false }

// New implements Settings.
func (s *BGDSettings) New(net *synapse.Net, rng *rand.Rand) Method {
	n := len(net.Params())
	// Training and test draw from two streams, so that what a run measures never
	// changes its training.
	m := &BGD{settings: *s, fill: rngs.NewNormals(rng.Uint64()).Fill, testFill: rngs.NewNormals(rng.Uint64()).Fill,
		mu: append([]float32(nil), net.Params()...), sigma: make([]float32, n),
		eps: make([]float32, n), eg: make([]float32, n), egeps: make([]float32, n)}
	for i := range m.sigma {
		m.sigma[i] = float32(s.StdInit)
	}
	return m
}

// BGD is the method. Between steps (and when testing ends) the Net holds mu.
type BGD struct {
	Hooks
	settings       BGDSettings
	fill           func([]float32) // draws training's eps: the normals' Fill (tests replace it)
	testFill       func([]float32) // draws the eps of networks sampled at test
	mu, sigma, eps []float32
	eg, egeps      []float32 // running E[g] and E[g*eps] of the current step
}

// Passes implements Method: k_train sampled passes per batch.
func (m *BGD) Passes() int { return m.settings.KTrain }

// BeforeForward draws pass k's weights mu + sigma*eps.
func (m *BGD) BeforeForward(net *synapse.Net, k int) {
	if k == 0 {
		clear(m.eg)
		clear(m.egeps)
	}
	m.sample(net, m.fill)
}

// sample draws fresh eps with fill and sets the Net's parameters to
// mu + sigma*eps.
func (m *BGD) sample(net *synapse.Net, fill func([]float32)) {
	fill(m.eps)
	bgdSample(net.Params(), m.mu, m.sigma, m.eps)
}

// AfterBackward accumulates the pass's gradient of the summed batch loss and,
// after the last pass, updates mu and sigma and puts mu back into the Net.
func (m *BGD) AfterBackward(net *synapse.Net, k int) {
	K := float32(m.settings.KTrain)
	scale := float32(net.LastBatch()) / K // the gradient of the sum, averaged over passes
	bgdAccumulate(m.eg, m.egeps, net.Grads(), m.eps, scale)
	if k < m.settings.KTrain-1 {
		return
	}
	eta := float32(m.settings.Eta)
	p := net.Params()
	for i, mu := range m.mu {
		s := m.sigma[i]
		m.mu[i] = mu - eta*s*s*m.eg[i]
		h := s * m.egeps[i] / 2
		m.sigma[i] = float32(float64(s)*math.Sqrt(1+float64(h)*float64(h))) - s*h
		p[i] = m.mu[i]
	}
}

// TestSampler is implemented by a method whose network is a distribution over
// weights (BGD). Between training steps the Net holds the distribution's mean
// network; the evaluation measures TestSamples() networks drawn from it, setting
// each with SampleForTest, and combines them as TestMode says: mean-softmax,
// mean-acc, vote, or map (the mean network alone, nothing drawn). EndTest puts
// the mean network back.
type TestSampler interface {
	TestSamples() int
	TestMode() string
	SampleForTest(net *synapse.Net)
	EndTest(net *synapse.Net)
	// SeedTest restarts the draws of SampleForTest from seed.
	SeedTest(seed uint64)
}

// SampledAtTest reports whether the Method that s makes is a TestSampler, without
// making it: a run of such a method writes its test modes (train.TestModesFile).
func SampledAtTest(s Settings) bool {
	_, ok := s.(*BGDSettings)
	return ok
}

// TestModes are the ways a TestSampler's networks can be combined at test.
var TestModes = bgdTestModes

// TestSamples implements TestSampler.
func (m *BGD) TestSamples() int { return m.settings.KTest }

// TestMode implements TestSampler.
func (m *BGD) TestMode() string { return m.settings.TestMode }

// SampleForTest implements TestSampler: a network drawn from the Gaussians.
// Its eps come from the test stream, and eps is only read by the training
// passes after they draw their own, so testing between steps leaves training
// as it was.
func (m *BGD) SampleForTest(net *synapse.Net) { m.sample(net, m.testFill) }

// SeedTest implements TestSampler.
func (m *BGD) SeedTest(seed uint64) { m.testFill = rngs.NewNormals(seed).Fill }

// EndTest implements TestSampler: the Net holds mu again.
func (m *BGD) EndTest(net *synapse.Net) { copy(net.Params(), m.mu) }

// Sigma returns the standard deviations (for tests and analyses).
func (m *BGD) Sigma() []float32 { return m.sigma }
