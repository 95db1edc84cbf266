package baseline

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// Hand-computed: two patterns of three inputs, weights 0, so both predictions are +1
// (0 counts as +1). Pattern 0 has label +1 (no error), pattern 1 label -1 (error -2):
// u = ((0)*x0 + (-2)*x1)/2 = -x1 = (-1, 1, -1).
func TestPerceptronStepHandComputed(t *testing.T) {
	tests := []struct {
		name   string
		w      []float64
		xs, ys []float64
		want   []float64
	}{
		{
			name: "zero weights predict +1",
			w:    []float64{0, 0, 0},
			xs:   []float64{1, 1, -1 /* pattern 1 */, 1, -1, 1},
			ys:   []float64{1, -1},
			want: []float64{-1, 1, -1},
		},
		{
			// w = (1, 0, 0): x0.w = 1 -> +1, label -1 (error -2); x1.w = -1 -> -1,
			// label -1 (no error). u = -2*x0/2 = -x0 = (-1, -1, 1); w = (0, -1, 1).
			name: "only wrong patterns move the weights",
			w:    []float64{1, 0, 0},
			xs:   []float64{1, 1, -1, -1, -1, 1},
			ys:   []float64{-1, -1},
			want: []float64{0, -1, 1},
		},
		{
			name: "all correct leaves weights unchanged",
			w:    []float64{0.5, -0.5, 0},
			xs:   []float64{1, -1, 1, -1, 1, 1},
			ys:   []float64{1, -1},
			want: []float64{0.5, -0.5, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPerceptron(3)
			copy(p.W, tt.w)
			p.Step(tt.xs, tt.ys)
			assertClose(t, "w", p.W, tt.want, 0)
		})
	}
}

// Hand-computed stochastic steps with settings g_lim 0.1, step 0.2, p in [0.25, 0.9].
func TestStochasticPerceptronStepHandComputed(t *testing.T) {
	s := DefaultPresynSettings()
	tests := []struct {
		name       string
		w, p       []float64
		frozen     []bool
		xs, ys     []float64
		masks      []float64
		wantW      []float64
		wantP      []float64
		wantFrozen []bool
	}{
		{
			// One pattern x = (1, -1), label -1, all weights 0 -> pred +1, error -2.
			// Masks (1, 0): u = (-2*1*1, -2*-1*0) = (-2, 0).
			// w = (-2*(1-0.5), 0) = (-1, 0).
			// p0: |u| > 0.1 -> 0.5 + 0.2*0.5 = 0.6; p1: 0.5 - 0.2*0.5 = 0.4.
			name:  "mask gates the update",
			w:     []float64{0, 0},
			p:     []float64{0.5, 0.5},
			xs:    []float64{1, -1},
			ys:    []float64{-1},
			masks: []float64{1, 0},
			wantW: []float64{-1, 0}, wantP: []float64{0.6, 0.4},
			wantFrozen: []bool{false, false},
		},
		{
			// p0 = 0.88 rises by 0.2*0.12 = 0.024 to 0.904, clamped to 0.9 and frozen;
			// p1 = 0.26 falls by 0.2*0.74 = 0.148 to 0.112, clamped to 0.25.
			// w0 = 0 + (-2)*(1-0.88) = -0.24.
			name:  "clamping and freezing",
			w:     []float64{0, 0},
			p:     []float64{0.88, 0.26},
			xs:    []float64{1, -1},
			ys:    []float64{-1},
			masks: []float64{1, 0},
			wantW: []float64{-0.24, 0}, wantP: []float64{0.9, 0.25},
			wantFrozen: []bool{true, false},
		},
		{
			// A frozen synapse keeps p = 0.9 although |u| = 0 asks it to fall, and its
			// weight still learns at rate 0.1. Weights (0.2, 0): x.(w/p) with masks
			// (0, 1) is 0 -> pred +1, label -1, error -2; u = (0, -2*-1*1) = (0, 2).
			name:   "frozen p stays, weight still learns",
			w:      []float64{0.2, 0},
			p:      []float64{0.9, 0.9},
			frozen: []bool{true, true},
			xs:     []float64{1, -1},
			ys:     []float64{-1},
			masks:  []float64{0, 1},
			wantW:  []float64{0.2, 2 * (1 - 0.9)}, wantP: []float64{0.9, 0.9},
			wantFrozen: []bool{true, true},
		},
		{
			// The prediction uses w/p of transmitting synapses: w = (0.1, -0.3),
			// p = (0.25, 0.5): strengths (0.4, -0.6). x = (1, 1), masks (1, 0) -> 0.4,
			// pred +1, label +1: no error, u = 0, w unchanged, both p fall.
			// With masks (1, 1) it would be -0.2 (pred -1): the mask matters.
			name:  "prediction uses masked w/p",
			w:     []float64{0.1, -0.3},
			p:     []float64{0.25, 0.5},
			xs:    []float64{1, 1},
			ys:    []float64{1},
			masks: []float64{1, 0},
			wantW: []float64{0.1, -0.3}, wantP: []float64{0.25, 0.4},
			wantFrozen: []bool{false, false},
		},
		{
			// Averaging over a batch of two: errors -2 and 0; u = (-2*x0*m0)/2.
			// x0 = (1, 1), m0 = (1, 1): u = (-1, -1); |u| = 1 > 0.1 -> p up.
			// w = -1*(1-0.25) = -0.75; p = 0.25 + 0.2*0.75 = 0.4.
			name:  "batch average",
			w:     []float64{0, 0},
			p:     []float64{0.25, 0.25},
			xs:    []float64{1, 1, -1, -1},
			ys:    []float64{-1, 1},
			masks: []float64{1, 1, 1, 1},
			wantW: []float64{-0.75, -0.75}, wantP: []float64{0.4, 0.4},
			wantFrozen: []bool{false, false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := NewStochasticPerceptron(len(tt.w), s)
			copy(sp.W, tt.w)
			copy(sp.P, tt.p)
			copy(sp.Frozen, tt.frozen)
			sp.StepMasks(tt.xs, tt.ys, tt.masks)
			assertClose(t, "w", sp.W, tt.wantW, 1e-15)
			assertClose(t, "p", sp.P, tt.wantP, 1e-15)
			for i := range tt.wantFrozen {
				if sp.Frozen[i] != tt.wantFrozen[i] {
					t.Errorf("frozen[%d] = %v, want %v", i, sp.Frozen[i], tt.wantFrozen[i])
				}
			}
		})
	}
}

// perceptronGolden is testdata/perceptron_steps.json: six mini-batch updates computed
// by the authors' notebook code (see testdata/README.md).
type perceptronGolden struct {
	Inputs   int         `json:"inputs"`
	Patterns [][]float64 `json:"patterns"`
	Labels   []float64   `json:"labels"`
	Batch    int         `json:"batch"`
	Models   struct {
		Standard struct {
			Initial struct {
				Weights []float64 `json:"weights"`
			} `json:"initial"`
			Steps []struct {
				Rows         [2]int    `json:"rows"`
				WeightsAfter []float64 `json:"weights_after"`
			} `json:"steps"`
		} `json:"standard"`
		Presyn struct {
			Initial struct {
				Weights []float64 `json:"weights"`
				Probs   []float64 `json:"probs"`
			} `json:"initial"`
			Steps []struct {
				Rows         [2]int      `json:"rows"`
				Masks        [][]float64 `json:"masks"`
				WeightsAfter []float64   `json:"weights_after"`
				ProbsAfter   []float64   `json:"probs_after"`
				FrozenAfter  []float64   `json:"frozen_after"`
			} `json:"steps"`
		} `json:"presyn"`
	} `json:"models"`
}

func loadPerceptronGolden(t *testing.T) perceptronGolden {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "perceptron_steps.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g perceptronGolden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Models.Standard.Steps) == 0 || len(g.Models.Presyn.Steps) == 0 {
		t.Fatal("golden file has no steps")
	}
	return g
}

// rowsOf flattens patterns[from:to] and returns them with their labels.
func (g perceptronGolden) rowsOf(rows [2]int) (xs, ys []float64) {
	for _, p := range g.Patterns[rows[0]:rows[1]] {
		xs = append(xs, p...)
	}
	return xs, g.Labels[rows[0]:rows[1]]
}

// The golden numbers come from float64 numpy; our arithmetic follows the same order,
// so they agree to rounding.
const goldenTol = 1e-12

func TestPerceptronGolden(t *testing.T) {
	g := loadPerceptronGolden(t)
	p := NewPerceptron(g.Inputs)
	copy(p.W, g.Models.Standard.Initial.Weights)
	for step, s := range g.Models.Standard.Steps {
		xs, ys := g.rowsOf(s.Rows)
		p.Step(xs, ys)
		assertClose(t, fmt.Sprintf("step %d weights", step), p.W, s.WeightsAfter, goldenTol)
	}
}

func TestStochasticPerceptronGolden(t *testing.T) {
	g := loadPerceptronGolden(t)
	sp := NewStochasticPerceptron(g.Inputs, DefaultPresynSettings())
	copy(sp.W, g.Models.Presyn.Initial.Weights)
	copy(sp.P, g.Models.Presyn.Initial.Probs)
	froze := 0
	for step, s := range g.Models.Presyn.Steps {
		xs, ys := g.rowsOf(s.Rows)
		var masks []float64
		for _, m := range s.Masks {
			masks = append(masks, m...)
		}
		sp.StepMasks(xs, ys, masks)
		name := fmt.Sprintf("step %d", step)
		assertClose(t, name+" weights", sp.W, s.WeightsAfter, goldenTol)
		assertClose(t, name+" probs", sp.P, s.ProbsAfter, goldenTol)
		for i, f := range s.FrozenAfter {
			if sp.Frozen[i] != (f == 1) {
				t.Errorf("%s frozen[%d] = %v, want %v", name, i, sp.Frozen[i], f)
			}
			if f == 1 {
				froze++
			}
		}
	}
	if froze == 0 {
		t.Error("golden data never freezes a synapse: the freezing rule went untested")
	}
}

// DrawMask's observed release rate must be p, not 1-p (spago's trap), and both
// halves of each 64-bit draw must be used correctly.
func TestDrawMaskRate(t *testing.T) {
	const n = 200_000
	for _, p := range []float64{0, 0.25, 0.5, 0.9, 1} {
		probs := make([]float64, n)
		for i := range probs {
			probs[i] = p
		}
		mask := make([]float64, n)
		DrawMask(mask, probs, rand.NewPCG(1, 2))
		var even, odd float64
		for i, m := range mask {
			if m != 0 && m != 1 {
				t.Fatalf("mask[%d] = %v, want 0 or 1", i, m)
			}
			if i%2 == 0 {
				even += m
			} else {
				odd += m
			}
		}
		// 5 standard errors of a rate from n/2 draws.
		tol := 5 * math.Sqrt(p*(1-p)/(n/2))
		for _, rate := range []float64{even / (n / 2), odd / (n / 2)} {
			if math.Abs(rate-p) > tol {
				t.Errorf("p = %v: observed release rate %v, want within %v", p, rate, tol)
			}
		}
	}
}

func TestRandomPatternsBalancedAndDeterministic(t *testing.T) {
	xs, ys := RandomPatterns(100, 1000, rand.NewPCG(7, 8))
	xs2, ys2 := RandomPatterns(100, 1000, rand.NewPCG(7, 8))
	assertClose(t, "xs", xs2, xs, 0)
	assertClose(t, "ys", ys2, ys, 0)
	var sum float64
	for _, x := range xs {
		if x != 1 && x != -1 {
			t.Fatalf("entry %v not in {-1, 1}", x)
		}
		sum += x
	}
	// Mean of 1e5 fair signs: SE 0.0032.
	if m := sum / float64(len(xs)); math.Abs(m) > 0.016 {
		t.Errorf("mean entry %v, want about 0", m)
	}
	positive := 0
	for _, y := range ys {
		if y == 1 {
			positive++
		}
	}
	if positive < 30 || positive > 70 {
		t.Errorf("%d of 100 labels are +1", positive)
	}
}

// The paper's setting for one task: 100 patterns of 1000 inputs, batches of 5,
// 25 passes. Far below capacity (2N), so both learners must memorise every pattern.
func TestBothPerceptronsLearnOneTask(t *testing.T) {
	const patterns, inputs, batch, passes, samples = 100, 1000, 5, 25, 10
	xs, ys := RandomPatterns(patterns, inputs, rand.NewPCG(1000, 1))
	std := NewPerceptron(inputs)
	sp := NewStochasticPerceptron(inputs, DefaultPresynSettings())
	masks := rand.NewPCG(1000, 2)
	for range passes {
		for k := 0; k < patterns; k += batch {
			bx, by := xs[k*inputs:(k+batch)*inputs], ys[k:k+batch]
			std.Step(bx, by)
			sp.Step(bx, by, masks)
		}
	}
	if acc := std.Accuracy(xs, ys); acc != 1 {
		t.Errorf("standard perceptron training accuracy %v, want 1", acc)
	}
	if acc := sp.Accuracy(xs, ys, samples, rand.NewPCG(1000, 3)); acc != 1 {
		t.Errorf("stochastic perceptron training accuracy %v, want 1", acc)
	}
}

func TestStochasticStepAllocatesNothing(t *testing.T) {
	xs, ys := RandomPatterns(5, 1000, rand.NewPCG(1, 1))
	sp := NewStochasticPerceptron(1000, DefaultPresynSettings())
	src := rand.NewPCG(3, 4)
	sp.Step(xs, ys, src) // sizes the scratch buffers
	if allocs := testing.AllocsPerRun(20, func() { sp.Step(xs, ys, src) }); allocs != 0 {
		t.Errorf("Step allocates %v times per call", allocs)
	}
	sp.Accuracy(xs, ys, 10, src)
	if allocs := testing.AllocsPerRun(20, func() { sp.Accuracy(xs, ys, 10, src) }); allocs != 0 {
		t.Errorf("Accuracy allocates %v times per call", allocs)
	}
}

func TestPresynSettingsValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*PresynSettings)
		ok   bool
	}{
		{"default", func(*PresynSettings) {}, true},
		{"no freezing", func(s *PresynSettings) { s.PFreeze = 1 }, true},
		{"negative g_lim", func(s *PresynSettings) { s.GLim = -1 }, false},
		{"NaN g_lim", func(s *PresynSettings) { s.GLim = math.NaN() }, false},
		{"zero step", func(s *PresynSettings) { s.PStep = 0 }, false},
		{"p_min zero", func(s *PresynSettings) { s.PMin = 0 }, false},
		{"p_min above freeze", func(s *PresynSettings) { s.PMin = 0.95 }, false},
		{"freeze above 1", func(s *PresynSettings) { s.PFreeze = 1.1 }, false},
	}
	for _, tt := range tests {
		s := DefaultPresynSettings()
		tt.mod(&s)
		if err := s.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func assertClose(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", name, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %v, want %v (tol %v)", name, i, got[i], want[i], tol)
		}
	}
}

func BenchmarkStochasticAccuracy(b *testing.B) {
	for _, inputs := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(inputs), func(b *testing.B) {
			xs, ys := RandomPatterns(10, inputs, rand.NewPCG(1, 1))
			sp := NewStochasticPerceptron(inputs, DefaultPresynSettings())
			src := rand.NewPCG(2, 2)
			b.ResetTimer()
			for b.Loop() {
				sp.Accuracy(xs, ys, 10, src)
			}
		})
	}
}

func BenchmarkStochasticStep(b *testing.B) {
	for _, inputs := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprint(inputs), func(b *testing.B) {
			xs, ys := RandomPatterns(5, inputs, rand.NewPCG(1, 1))
			sp := NewStochasticPerceptron(inputs, DefaultPresynSettings())
			src := rand.NewPCG(2, 2)
			for b.Loop() {
				sp.Step(xs, ys, src)
			}
		})
	}
}
