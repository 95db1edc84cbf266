package synapse

import (
	"math/rand/v2"
	"testing"

	"github.com/presyn/presyn/internal/benchtest"
	"github.com/presyn/presyn/internal/optim"
	"github.com/presyn/presyn/internal/tensor"
)

var paperSizes = []int{784, 200, 200, 10}

func benchData(batch int) ([]float32, []int32) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, batch*784)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]int32, batch)
	for i := range y {
		y[i] = int32(rng.IntN(10))
	}
	return x, y
}

// BenchmarkTrainStep times one training step (masks, forward, backward, update) of
// the paper's 784-200-200-10 network at batch 100 with single-threaded BLAS; an
// epoch of MNIST is 600 steps. The epoch_s metric is 600 steps.
func BenchmarkTrainStep(b *testing.B) {
	defer tensor.SetThreads(tensor.Threads())
	tensor.SetThreads(1)
	x, y := benchData(100)
	rng := rand.New(rand.NewPCG(3, 4))
	pre := New(Config{Sizes: paperSizes, Synapses: Presynaptic, Bias: BiasFixed}, rng)
	det := New(Config{Sizes: paperSizes, Bias: BiasLearned}, rng)
	fix := New(Config{Sizes: paperSizes, Synapses: FixedRelease, PFixed: 0.4, Bias: BiasLearned}, rng)
	cases := []struct {
		name string
		net  *Net
		u    Updater
	}{
		{"presynaptic", pre, &Rule{LR: 0.01, PUp: 0.052, PDown: 0.0516, GLim: 0.001, PFreeze: 0.9353, LRModulation: true}},
		{"deterministic_sgd", det, Optimize(optim.NewSGD(len(det.Params()), optim.SGDSettings{LR: 0.08}))},
		{"deterministic_adam", det, Optimize(optim.NewAdam(len(det.Params()), optim.AdamSettings{LR: 1e-3}))},
		{"fixed0.4_sgd", fix, Optimize(optim.NewSGD(len(fix.Params()), optim.SGDSettings{LR: 0.05}))},
	}
	for _, c := range cases {
		b.Run(tensor.Backend()+"/"+c.name, func(b *testing.B) {
			c.net.TrainStep(x, y, 100, c.u)
			cpu := benchtest.StartCPU()
			for b.Loop() {
				c.net.TrainStep(x, y, 100, c.u)
			}
			b.ReportMetric(600*cpu.Report(b).Seconds(), "cpu-epoch-s")
		})
	}
}

// BenchmarkStepParts splits a presynaptic training step into its pieces.
func BenchmarkStepParts(b *testing.B) {
	defer tensor.SetThreads(tensor.Threads())
	tensor.SetThreads(1)
	x, y := benchData(100)
	net := New(Config{Sizes: paperSizes, Synapses: Presynaptic, Bias: BiasFixed, PInitUniform: true}, rand.New(rand.NewPCG(3, 4)))
	rule := &Rule{LR: 0.01, PUp: 0.052, PDown: 0.0516, GLim: 0.001, PFreeze: 0.9353, LRModulation: true}
	net.ForwardBackward(x, y, 100)
	b.Run("forward", func(b *testing.B) {
		cpu := benchtest.StartCPU()
		for b.Loop() {
			net.Forward(x, 100)
		}
		cpu.Report(b)
	})
	b.Run("forward_backward", func(b *testing.B) {
		cpu := benchtest.StartCPU()
		for b.Loop() {
			net.ForwardBackward(x, y, 100)
		}
		cpu.Report(b)
	})
	b.Run("rule", func(b *testing.B) {
		cpu := benchtest.StartCPU()
		for b.Loop() {
			rule.Step(net)
		}
		cpu.Report(b)
	})
}

// BenchmarkMask times drawing the masks of all 198800 synapses of the paper's
// network (and computing mask*w/q); ns/synapse is the cost per synapse.
func BenchmarkMask(b *testing.B) {
	cfgs := []struct {
		name string
		cfg  Config
	}{
		{"presynaptic", Config{Synapses: Presynaptic, PInitUniform: true}},
		{"not_normalised", Config{Synapses: Presynaptic, NotNormalised: true, PInitUniform: true}},
		{"fixed", Config{Synapses: FixedRelease, PFixed: 0.4}},
		{"ghost", Config{Synapses: FixedRelease, PFixed: 0.5, Ghost: true}},
	}
	for _, c := range cfgs {
		c.cfg.Sizes = paperSizes
		net := New(c.cfg, rand.New(rand.NewPCG(5, 6)))
		b.Run(Kernels()+"/"+c.name, func(b *testing.B) {
			cpu := benchtest.StartCPU()
			for b.Loop() {
				net.sample(&net.stream)
			}
			b.ReportMetric(float64(cpu.Report(b).Nanoseconds())/float64(net.NumWeights()), "cpu-ns/synapse")
		})
	}
}

// BenchmarkEvaluate times the paper's test-time evaluation: 10 sampled networks on
// the 10000 test images (softmax probabilities averaged by the caller), in test
// batches of 100 and 1000. One op is the whole evaluation.
func BenchmarkEvaluate(b *testing.B) {
	defer tensor.SetThreads(tensor.Threads())
	tensor.SetThreads(1)
	const nTest = 10000
	x, _ := benchData(nTest)
	net := New(Config{Sizes: paperSizes, Synapses: Presynaptic, Bias: BiasFixed}, rand.New(rand.NewPCG(7, 8)))
	probs := make([]float32, nTest*10)
	for _, batch := range []int{100, 1000} {
		b.Run(tensor.Backend()+"/batch"+itoa(batch), func(b *testing.B) {
			cpu := benchtest.StartCPU()
			defer cpu.Report(b)
			for b.Loop() {
				for s := 0; s < 10; s++ {
					for i := 0; i < nTest; i += batch {
						k := min(batch, nTest-i)
						net.Predict(x[i*784:(i+k)*784], k, probs[i*10:(i+k)*10])
					}
				}
			}
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for ; n > 0; n /= 10 {
		i--
		buf[i] = byte('0' + n%10)
	}
	return string(buf[i:])
}
