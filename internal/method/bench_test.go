package method

import (
	"math/rand/v2"
	"testing"

	"github.com/presyn/presyn/internal/benchtest"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
)

// BenchmarkEpoch times one training step of each lifelong method on the paper's
// 784-200-200-10 network with single-threaded BLAS, at the batch size of its
// Permuted MNIST config, as the trainer runs it (every pass's hooks, forward,
// loss and backward). The cpu-epoch-s metric is the CPU time of the steps of one
// 60,000-sample epoch: BGD's should stay within k_train times nocons's.
func BenchmarkEpoch(b *testing.B) {
	defer tensor.SetThreads(tensor.Threads())
	tensor.SetThreads(1)
	sizes := []int{784, 200, 200, 10}
	ewc := DefaultEWC()
	cases := []struct {
		name     string
		synapses synapse.Mode
		bias     synapse.BiasMode
		batch    int
		settings Settings
	}{
		{"presyn", synapse.Presynaptic, synapse.BiasFixed, 100, &PresynSettings{LR: 0.01, PUp: 0.052, PDown: 0.0516, GLim: 0.001, PFreeze: 0.9353, LRModulation: true}},
		{"nocons_adam", synapse.Deterministic, synapse.BiasLearned, 100, &AdamSettings{LR: 1e-3}},
		{"ewc", synapse.Deterministic, synapse.BiasLearned, 100, ewc},
		{"bgd_k10", synapse.Deterministic, synapse.BiasLearned, 128, DefaultBGD()},
	}
	for _, c := range cases {
		b.Run(tensor.Backend()+"/"+c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			net := synapse.New(synapse.Config{Sizes: sizes, Synapses: c.synapses, Bias: c.bias}, rng)
			m := c.settings.New(net, rng)
			x, y := benchBatch(c.batch, rng)
			if e, ok := m.(*EWC); ok {
				// A penalty in force, as from the second task on.
				set := data.NewSet(x, toLabels(y))
				if err := e.EndTask(net, 0, data.NewView(set)); err != nil {
					b.Fatal(err)
				}
			}
			step := func() {
				for k := range m.Passes() {
					m.BeforeForward(net, k)
					net.Forward(x, c.batch)
					net.Loss(y)
					net.Backward(y)
					m.AfterBackward(net, k)
				}
			}
			step()
			cpu := benchtest.StartCPU()
			for b.Loop() {
				step()
			}
			steps := float64(60000 / c.batch)
			b.ReportMetric(steps*cpu.Report(b).Seconds(), "cpu-epoch-s")
		})
	}
}

func benchBatch(n int, rng *rand.Rand) ([]float32, []int32) {
	x := make([]float32, n*784)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]int32, n)
	for i := range y {
		y[i] = int32(rng.IntN(10))
	}
	return x, y
}

func toLabels(y []int32) []uint8 {
	l := make([]uint8, len(y))
	for i, v := range y {
		l[i] = uint8(v)
	}
	return l
}

// BenchmarkBGDParts times BGD's per-pass work on the paper's network's 199,210
// parameters apart from the network's own passes: drawing eps, setting the
// weights mu + sigma*eps, and accumulating E[g] and E[g*eps].
func BenchmarkBGDParts(b *testing.B) {
	n := 784*200 + 200*200 + 200*10 + 410
	rng := rand.New(rand.NewPCG(1, 2))
	vec := func() []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	p, mu, sigma, eps, g, eg, egeps := vec(), vec(), vec(), vec(), vec(), vec(), vec()
	normals := rngs.NewNormals(1)
	for _, part := range []struct {
		name string
		run  func()
	}{
		{"normals", func() { normals.Fill(eps) }},
		{"sample", func() { bgdSample(p, mu, sigma, eps) }},
		{"accumulate", func() { bgdAccumulate(eg, egeps, g, eps, 1.5) }},
	} {
		b.Run(part.name, func(b *testing.B) {
			cpu := benchtest.StartCPU()
			for b.Loop() {
				part.run()
			}
			cpu.Report(b)
		})
	}
}
