package synapse

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// goldenFile holds training steps computed in float64 by the authors' published
// PyTorch implementation (see testdata/README.md and shared/golden/README.md).
type goldenFile struct {
	Cases []struct {
		Name     string
		Settings struct {
			LayerSizes   []int    `json:"layer_sizes"`
			Activation   string   `json:"activation"`
			Bias         string   `json:"bias"`
			LearningRate float32  `json:"learning_rate"`
			GLim         float32  `json:"g_lim"`
			PDown        float32  `json:"p_down"`
			PUp          float32  `json:"p_up"`
			PFreeze      float32  `json:"p_freeze"`
			PMin         float32  `json:"p_min"`
			PMax         float32  `json:"p_max"`
			LRModulation bool     `json:"lr_modulation"`
			WeightDecay  float32  `json:"weight_decay"`
			Normalise    bool     `json:"normalise"`
			FixedProbs   *float32 `json:"fixed_probs"`
		}
		Initial struct {
			Weights [][][]float64
			Biases  [][]float64
			Probs   [][][]float64
		}
		Steps []struct {
			X            [][]float64
			Y            []int32
			Masks        [][][]float64
			Loss         float64
			WeightGrads  [][][]float64 `json:"weight_grads"`
			WeightsAfter [][][]float64 `json:"weights_after"`
			ProbsAfter   [][][]float64 `json:"probs_after"`
		}
	}
}

func flat32(m [][]float64) []float32 {
	var out []float32
	for _, r := range m {
		for _, v := range r {
			out = append(out, float32(v))
		}
	}
	return out
}

// goldenCompare tracks the largest error of one quantity, relative to the larger of
// |want| and floor (gradients and weights of order 0.01-1 are compared relative to
// 1e-2 so that entries near zero do not dominate).
type goldenCompare struct {
	name   string
	floor  float64
	max    float64
	maxAbs float64
}

func (c *goldenCompare) add(got float32, want float64) {
	c.maxAbs = math.Max(c.maxAbs, math.Abs(float64(got)-want))
	e := math.Abs(float64(got)-want) / math.Max(math.Abs(want), c.floor)
	if !(e <= c.max) { // NaN too
		if math.IsNaN(e) {
			e = math.Inf(1)
		}
		c.max = e
	}
}

func TestGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/presynaptic_steps.json")
	if err != nil {
		t.Fatal(err)
	}
	var gf goldenFile
	if err := json.Unmarshal(raw, &gf); err != nil {
		t.Fatal(err)
	}
	if len(gf.Cases) != 4 {
		t.Fatalf("golden file has %d cases, want 4", len(gf.Cases))
	}
	const tol = 2e-5 // float32 against float64: about 1e-5 relative (golden README)
	for _, gc := range gf.Cases {
		t.Run(gc.Name, func(t *testing.T) {
			s := gc.Settings
			if s.Activation != "relu" {
				t.Fatalf("activation %q", s.Activation)
			}
			bias, err := ParseBiasMode(s.Bias)
			if err != nil {
				t.Fatal(err)
			}
			cfg := Config{Sizes: s.LayerSizes, Bias: bias, Synapses: Presynaptic, PMin: s.PMin, PMax: s.PMax, NotNormalised: !s.Normalise}
			if s.FixedProbs != nil {
				cfg.Synapses, cfg.PFixed, cfg.Ghost = FixedRelease, *s.FixedProbs, true
			}
			rule := Rule{LR: s.LearningRate, WeightDecay: s.WeightDecay, PUp: s.PUp, PDown: s.PDown,
				GLim: s.GLim, PFreeze: s.PFreeze, LRModulation: s.LRModulation}
			net := New(cfg, rand.New(rand.NewPCG(1, 1)))
			for l := 0; l < net.Layers(); l++ {
				copy(net.Weights(l).Data, flat32(gc.Initial.Weights[l]))
				copy(net.Probs(l).Data, flat32(gc.Initial.Probs[l]))
				b := net.Biases(l)
				for i := range b {
					b[i] = float32(gc.Initial.Biases[l][i])
				}
			}
			loss := goldenCompare{name: "loss", floor: 1e-2}
			grad := goldenCompare{name: "weight_grads", floor: 1e-2}
			wts := goldenCompare{name: "weights_after", floor: 1e-2}
			prb := goldenCompare{name: "probs_after", floor: 1e-2}
			for _, st := range gc.Steps {
				masks := make([][]float32, len(st.Masks))
				for l := range st.Masks {
					masks[l] = flat32(st.Masks[l])
				}
				net.SetMasks(masks)
				x := flat32(st.X)
				got := net.TrainStep(x, st.Y, len(st.Y), &rule)
				loss.add(float32(got), st.Loss)
				for l := 0; l < net.Layers(); l++ {
					for i := range net.Weights(l).Data {
						if flatAt(st.Masks[l], i) == 0 && net.WeightGrads(l).Data[i] != 0 {
							t.Errorf("layer %d weight %d: mask 0 but gradient %v", l, i, net.WeightGrads(l).Data[i])
						}
						grad.add(net.WeightGrads(l).Data[i], flatAt(st.WeightGrads[l], i))
						wts.add(net.Weights(l).Data[i], flatAt(st.WeightsAfter[l], i))
						prb.add(net.Probs(l).Data[i], flatAt(st.ProbsAfter[l], i))
					}
				}
			}
			for _, c := range []goldenCompare{loss, grad, wts, prb} {
				t.Logf("%-14s max relative error %.2g, max absolute error %.2g", c.name, c.max, c.maxAbs)
				if c.max > tol {
					t.Errorf("%s: max relative error %.3g > %g", c.name, c.max, tol)
				}
			}
		})
	}
}

func flatAt(m [][]float64, i int) float64 {
	c := len(m[0])
	return m[i/c][i%c]
}
