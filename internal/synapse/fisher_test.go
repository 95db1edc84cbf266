package synapse

import (
	"math"
	"math/rand/v2"
	"testing"
)

// SquaredGrads of a batch equals the squared gradients of its samples one at a
// time (batch of 1: the mean cross-entropy is the sample's own), summed.
func TestSquaredGradsMatchesPerSample(t *testing.T) {
	configs := []Config{
		{Sizes: []int{7, 6, 5, 3}, Synapses: Deterministic, Bias: BiasLearned},
		{Sizes: []int{7, 6, 3}, Synapses: Presynaptic, Bias: BiasFixed, PInitUniform: true},
	}
	for _, cfg := range configs {
		rng := rand.New(rand.NewPCG(1, 2))
		net := New(cfg, rng)
		const batch = 9
		x, y := make([]float32, batch*7), make([]int32, batch)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		for i := range y {
			y[i] = int32(rng.IntN(3))
		}
		var masks [][]float32
		if cfg.Synapses != Deterministic {
			for l := range net.Layers() {
				m := make([]float32, len(net.Weights(l).Data))
				for i := range m {
					if rng.Float64() < 0.6 {
						m[i] = 1
					}
				}
				masks = append(masks, m)
			}
		}
		want := make([]float64, len(net.Params()))
		for i := 0; i < batch; i++ {
			if masks != nil {
				net.SetMasks(masks)
			}
			net.ForwardBackward(x[i*7:(i+1)*7], y[i:i+1], 1)
			for k, g := range net.Grads() {
				want[k] += float64(g) * float64(g)
			}
		}
		got := make([]float32, len(net.Params()))
		got[0] = 1 // it adds to what dst holds
		if masks != nil {
			net.SetMasks(masks)
		}
		net.Forward(x, batch)
		net.SquaredGrads(y, nil, got)
		got[0]--
		for k := range want {
			if d := math.Abs(float64(got[k]) - want[k]); d > 1e-5*math.Max(1, want[k]) {
				t.Fatalf("%v: entry %d: %v, want %v", cfg.Synapses, k, got[k], want[k])
			}
		}
	}
}

// Weights scale each sample's term, and the Forward stays for a second call.
func TestSquaredGradsWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	net := New(Config{Sizes: []int{5, 4, 3}, Bias: BiasLearned}, rng)
	x, y := make([]float32, 2*5), []int32{0, 2}
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	net.Forward(x, 2)
	once := make([]float32, len(net.Params()))
	net.SquaredGrads(y, []float32{1, 1}, once)
	twice := make([]float32, len(net.Params()))
	net.SquaredGrads(y, []float32{2, 2}, twice)
	for k := range once {
		if math.Abs(float64(twice[k]-2*once[k])) > 1e-6*math.Max(1, float64(once[k])) {
			t.Fatalf("entry %d: weight 2 gives %v, weight 1 %v", k, twice[k], once[k])
		}
	}
	net.Backward(y) // the Forward is still there
}
