package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// ref64 is an independent float64 model of a Net's loss: effective weights
// weff = mask*w/q (given per weight), ReLU hidden layers, mean softmax
// cross-entropy. Its central finite differences check the Net's backward pass.
type ref64 struct {
	sizes  []int
	w      [][]float64 // stored parameters per layer [out*in]
	s      [][]float64 // mask/q per weight (1 for deterministic)
	b      [][]float64 // biases (nil: none)
	x      []float64
	y      []int32
	nBatch int
}

func (r *ref64) loss() float64 {
	a := r.x
	var total float64
	L := len(r.sizes) - 1
	for l := 0; l < L; l++ {
		in, out := r.sizes[l], r.sizes[l+1]
		z := make([]float64, r.nBatch*out)
		for i := 0; i < r.nBatch; i++ {
			for o := 0; o < out; o++ {
				v := 0.0
				if r.b != nil {
					v = r.b[l][o]
				}
				for k := 0; k < in; k++ {
					v += a[i*in+k] * r.w[l][o*in+k] * r.s[l][o*in+k]
				}
				if l < L-1 {
					v = math.Max(v, 0)
				}
				z[i*out+o] = v
			}
		}
		a = z
	}
	C := r.sizes[L]
	for i := 0; i < r.nBatch; i++ {
		row := a[i*C : (i+1)*C]
		mx := row[0]
		for _, v := range row {
			mx = math.Max(mx, v)
		}
		var sum float64
		for _, v := range row {
			sum += math.Exp(v - mx)
		}
		total += mx + math.Log(sum) - row[r.y[i]]
	}
	return total / float64(r.nBatch)
}

// TestGradientsFiniteDifferences compares Grads with central differences of ref64
// (step 1e-6 in float64) for deterministic and sampled passes with fixed masks,
// with learned biases.
func TestGradientsFiniteDifferences(t *testing.T) {
	cases := []Config{
		{Synapses: Deterministic, Bias: BiasLearned},
		{Synapses: Deterministic, Bias: BiasNone},
		{Synapses: Presynaptic, Bias: BiasLearned, PInitUniform: true},
		{Synapses: Presynaptic, Bias: BiasFixed, NotNormalised: true, PInitUniform: true},
		{Synapses: FixedRelease, Bias: BiasLearned, PFixed: 0.4},
		{Synapses: FixedRelease, Bias: BiasFixed, PFixed: 0.5, Ghost: true},
		{Synapses: FixedRelease, Bias: BiasFixed, PFixed: 0.5, Ghost: true, GhostUnbiased: true},
	}
	for ci, cfg := range cases {
		cfg.Sizes = []int{6, 5, 4, 3}
		name := fmt.Sprintf("%v/bias=%v/notnorm=%v/ghost=%v/unbiased=%v", cfg.Synapses, cfg.Bias, cfg.NotNormalised, cfg.Ghost, cfg.GhostUnbiased)
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(ci), 7))
			net := New(cfg, rng)
			if cfg.Ghost {
				// Spread the ghost p so that dividing by it is tested.
				for i := range net.AllProbs() {
					net.AllProbs()[i] = 0.25 + 0.75*float32(rng.Float64())
				}
			}
			const batch = 4
			x := make([]float32, batch*cfg.Sizes[0])
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			y := []int32{0, 2, 1, 2}
			stochastic := cfg.Synapses != Deterministic
			var masks [][]float32
			if stochastic {
				for l := 0; l < net.Layers(); l++ {
					m := make([]float32, len(net.Weights(l).Data))
					for i := range m {
						if rng.Float64() < 0.6 {
							m[i] = 1
						}
					}
					masks = append(masks, m)
				}
				net.SetMasks(masks)
			}
			loss := net.ForwardBackward(x, y, batch)

			ref := &ref64{sizes: cfg.Sizes, x: f64(x), y: y, nBatch: batch}
			for l := 0; l < net.Layers(); l++ {
				ref.w = append(ref.w, f64(net.Weights(l).Data))
				s := make([]float64, len(net.Weights(l).Data))
				for i := range s {
					s[i] = 1
					if stochastic {
						q := 1.0
						switch {
						case cfg.NotNormalised:
						case cfg.Synapses == Presynaptic, cfg.Ghost && !cfg.GhostUnbiased:
							q = float64(net.Probs(l).Data[i])
						default:
							q = float64(cfg.PFixed)
						}
						s[i] = float64(masks[l][i]) / q
					}
				}
				ref.s = append(ref.s, s)
				if cfg.Bias != BiasNone {
					ref.b = append(ref.b, f64(net.Biases(l)))
				}
			}
			if want := ref.loss(); math.Abs(loss-want) > 1e-6*math.Max(1, want) {
				t.Fatalf("loss %v, float64 reference %v", loss, want)
			}
			const h = 1e-6
			check := func(what string, p *float64, got float32) {
				old := *p
				*p = old + h
				lp := ref.loss()
				*p = old - h
				lm := ref.loss()
				*p = old
				want := (lp - lm) / (2 * h)
				if math.Abs(float64(got)-want) > 1e-5+1e-4*math.Abs(want) {
					t.Errorf("%s: gradient %v, finite difference %v", what, got, want)
				}
			}
			for l := 0; l < net.Layers(); l++ {
				for i := range ref.w[l] {
					check(fmt.Sprintf("layer %d weight %d", l, i), &ref.w[l][i], net.WeightGrads(l).Data[i])
				}
				if cfg.Bias == BiasLearned {
					for i := range ref.b[l] {
						check(fmt.Sprintf("layer %d bias %d", l, i), &ref.b[l][i], net.BiasGrads(l)[i])
					}
				}
			}
		})
	}
}

func f64(s []float32) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = float64(v)
	}
	return out
}
