package method

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/optim"
	"github.com/presyn/presyn/internal/synapse"
)

// EWCSettings configure Elastic Weight Consolidation (Kirkpatrick et al. 2017):
// the "ewc" section. After each task the diagonal Fisher information F of the
// task is estimated and the weights w* anchored; training then adds
//
//	lambda/2 * sum over past tasks t of sum_i F_t,i (w_i - w*_t,i)^2
//
// to the loss, on every trainable parameter (learned biases too), and steps an
// optimiser (SGD or Adam) on the sum.
//
// Defaults, and why: the Fisher over the whole task's training set, one gradient
// per sample (squaring mini-batch means would shrink it by the batch size), with
// the network evaluated as at test (no masks); labels "sampled", one drawn from
// the model's own prediction per sample, which estimates the true Fisher of the
// paper's definition without the cost of "expected" (all labels weighted by their
// probability, ten times the passes) or the bias of "true" (the empirical Fisher
// with the data's labels); one anchor per task, as in the paper, with "online"
// (one running Fisher decayed by gamma, Schwarz et al. 2018) as the option. The
// optimiser and lambda must be tuned (presyn tune --method ewc).
type EWCSettings struct {
	Optimizer     string  `json:"optimizer"` // sgd | adam
	LR            float64 `json:"lr"`
	L2            float64 `json:"l2"`
	Lambda        float64 `json:"lambda"`
	FisherSamples int     `json:"fisher_samples"` // samples per task's Fisher; 0 for all
	FisherLabels  string  `json:"fisher_labels"`  // sampled | true | expected
	Online        bool    `json:"online"`
	Gamma         float64 `json:"gamma"` // online: the old Fisher's weight at each task end
}

// DefaultEWC returns Adam with lr 0.001, lambda 10 (tuned on Permuted MNIST), the whole task's Fisher with
// sampled labels, one anchor per task.
func DefaultEWC() *EWCSettings {
	return &EWCSettings{Optimizer: "adam", LR: 0.001, Lambda: 10, FisherLabels: "sampled", Gamma: 1}
}

// Validate implements Settings.
func (s *EWCSettings) Validate(synapse.Config) error {
	if err := checkLRAndL2(s.LR, s.L2); err != nil {
		return err
	}
	switch s.Optimizer {
	case "sgd", "adam":
	default:
		return fmt.Errorf("optimizer is %q, want sgd or adam", s.Optimizer)
	}
	if !finite(s.Lambda) || s.Lambda < 0 {
		return fmt.Errorf("lambda is %v, want 0 or more", s.Lambda)
	}
	if s.FisherSamples < 0 {
		return fmt.Errorf("fisher_samples is %d, want 0 (all) or more", s.FisherSamples)
	}
	switch s.FisherLabels {
	case "sampled", "true", "expected":
	default:
		return fmt.Errorf("fisher_labels is %q, want sampled, true or expected", s.FisherLabels)
	}
	if !finite(s.Gamma) || s.Gamma < 0 || s.Gamma > 1 {
		return fmt.Errorf("gamma is %v, want a value in [0, 1]", s.Gamma)
	}
	return nil
}

// LearnsRelease implements Settings: EWC leaves release probabilities alone.
func (s *EWCSettings) LearnsRelease() bool { return false }

// New implements Settings.
func (s *EWCSettings) New(net *synapse.Net, rng *rand.Rand) Method {
	n := len(net.Params())
	m := &EWC{settings: *s, rng: rng, a: make([]float32, n), b: make([]float32, n), c: make([]float64, n), fisher: make([]float32, n)}
	if s.Optimizer == "adam" {
		m.opt = optim.NewAdam(n, optim.AdamSettings{LR: float32(s.LR), WeightDecay: float32(s.L2)})
	} else {
		m.opt = optim.NewSGD(n, optim.SGDSettings{LR: float32(s.LR), WeightDecay: float32(s.L2)})
	}
	return m
}

// EWC is the method. Its penalty over the anchors of all past tasks is kept in
// three sums per parameter, so that a step costs the same after ten tasks as
// after one: A = sum_t F_t, B = sum_t F_t w*_t and C = sum_t F_t w*_t^2, with
// which sum_t F_t (w - w*_t)^2 = A w^2 - 2 B w + C and its gradient is 2 (A w - B).
type EWC struct {
	Hooks
	settings EWCSettings
	rng      *rand.Rand
	opt      optim.Optimizer
	a, b     []float32
	c        []float64
	fisher   []float32 // the last task's Fisher
	tasks    int       // tasks anchored
}

// AfterBackward adds the penalty's gradient lambda (A w - B) to the loss
// gradient and steps the optimiser.
func (m *EWC) AfterBackward(net *synapse.Net, _ int) {
	params, grads := net.Params(), net.Grads()
	m.addPenaltyGrad(params, grads)
	m.opt.Step(params, grads)
}

// addPenaltyGrad adds the penalty's gradient at params to grads.
func (m *EWC) addPenaltyGrad(params, grads []float32) {
	if m.tasks == 0 {
		return
	}
	l := float32(m.settings.Lambda)
	for i, w := range params {
		grads[i] += l * (m.a[i]*w - m.b[i])
	}
}

// Penalty returns the penalty lambda/2 sum_t F_t (w - w*_t)^2 at the Net's
// parameters (0 before the first task ends).
func (m *EWC) Penalty(net *synapse.Net) float64 {
	var s float64
	for i, w := range net.Params() {
		w64 := float64(w)
		s += float64(m.a[i])*w64*w64 - 2*float64(m.b[i])*w64 + m.c[i]
	}
	return m.settings.Lambda / 2 * s
}

// Fisher returns the diagonal Fisher of the last task ended (nil before).
func (m *EWC) Fisher() []float32 {
	if m.tasks == 0 {
		return nil
	}
	return m.fisher
}

// fisherBatch is how many samples share a forward pass of the Fisher estimate.
const fisherBatch = 250

// EndTask estimates the task's Fisher on its training set and anchors the
// weights.
func (m *EWC) EndTask(net *synapse.Net, _ int, train *data.View) error {
	if err := EstimateFisher(net, train, m.settings.FisherSamples, m.settings.FisherLabels, m.rng, m.fisher); err != nil {
		return err
	}
	if m.settings.Online && m.tasks > 0 {
		g := float32(m.settings.Gamma)
		for i := range m.a {
			m.a[i] *= g
		}
		// One anchor: the newest weights; B and C follow from A.
	}
	for i, w := range net.Params() {
		f := m.fisher[i]
		if m.settings.Online {
			m.a[i] += f
			m.b[i] = m.a[i] * w
			m.c[i] = float64(m.a[i]) * float64(w) * float64(w)
			continue
		}
		m.a[i] += f
		m.b[i] += f * w
		m.c[i] += float64(f) * float64(w) * float64(w)
	}
	m.tasks++
	return nil
}

// EstimateFisher writes to dst (the layout of net.Params) the diagonal Fisher
// information of net on samples of view: the mean over samples of the squared
// gradient of log p(label | x), one gradient per sample, with the network's
// masks off (as at test, for a stochastic network). labels says which label:
// "true" (the sample's, the empirical Fisher), "sampled" (drawn from the model's
// prediction with rng) or "expected" (every label, weighted by its predicted
// probability). samples limits the estimate to that many samples drawn at
// random without replacement (0: all).
func EstimateFisher(net *synapse.Net, view *data.View, samples int, labels string, rng *rand.Rand, dst []float32) error {
	n := view.Len()
	if n == 0 {
		return fmt.Errorf("ewc: the task has no training samples")
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if samples > 0 && samples < n {
		rng.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		idx = idx[:samples]
	}
	was := net.Sampling()
	net.SetSampling(false)
	defer net.SetSampling(was)
	cfg := net.Config()
	in, classes := cfg.Sizes[0], cfg.Sizes[len(cfg.Sizes)-1]
	x := make([]float32, fisherBatch*in)
	y, drawn := make([]int32, fisherBatch), make([]int32, fisherBatch)
	weight := make([]float32, fisherBatch)
	clear(dst)
	for lo := 0; lo < len(idx); lo += fisherBatch {
		b := min(fisherBatch, len(idx)-lo)
		for k := range b {
			y[k] = view.Sample(idx[lo+k], x[k*in:(k+1)*in])
		}
		probs := net.Forward(x[:b*in], b)
		switch labels {
		case "true":
			net.SquaredGrads(y[:b], nil, dst)
		case "sampled":
			for k := range b {
				drawn[k] = drawLabel(probs.Data[k*classes:(k+1)*classes], rng)
			}
			net.SquaredGrads(drawn[:b], nil, dst)
		case "expected":
			for c := range classes {
				for k := range b {
					drawn[k], weight[k] = int32(c), probs.Data[k*classes+c]
				}
				net.SquaredGrads(drawn[:b], weight[:b], dst)
			}
		default:
			return fmt.Errorf("ewc: unknown Fisher labels %q", labels)
		}
	}
	inv := 1 / float32(len(idx))
	for i := range dst {
		dst[i] *= inv
	}
	for i, v := range dst {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("ewc: the Fisher information of parameter %d is %v", i, v)
		}
	}
	return nil
}

// drawLabel draws a class from a softmax row.
func drawLabel(p []float32, rng *rand.Rand) int32 {
	u := float32(rng.Float64())
	var acc float32
	for c, v := range p {
		acc += v
		if u < acc {
			return int32(c)
		}
	}
	return int32(len(p) - 1)
}
