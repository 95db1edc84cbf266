package metric

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSoftmax(t *testing.T) {
	ln := func(v float64) float32 { return float32(math.Log(v)) }
	for _, tc := range []struct {
		name    string
		logits  []float32
		classes int
		want    []float32
	}{
		// By hand: exp(ln k) = k, normalised by 1+2+3.
		{"ln 1,2,3", []float32{ln(1), ln(2), ln(3)}, 3, []float32{1.0 / 6, 2.0 / 6, 3.0 / 6}},
		// Logits near 1000 must not overflow: softmax(1000, 1001) =
		// (1, e)/(1+e).
		{"large", []float32{1000, 1001}, 2, []float32{float32(1 / (1 + math.E)), float32(math.E / (1 + math.E))}},
		{"very negative", []float32{-1000, -1000}, 2, []float32{0.5, 0.5}},
		{"two rows", []float32{0, 0, 5, 5}, 2, []float32{0.5, 0.5, 0.5, 0.5}},
		// e^-100 underflows nothing in float64 and is ~4e-44 in float32.
		{"tiny probability", []float32{0, -100}, 2, []float32{1, float32(math.Exp(-100))}},
		{"one class", []float32{3, -7}, 1, []float32{1, 1}},
		{"empty", nil, 4, nil},
	} {
		got := make([]float32, len(tc.logits))
		Softmax(tc.logits, tc.classes, got)
		for i := range got {
			// float32 output: relative 1e-6 (for tiny probabilities) or absolute 1e-7.
			diff := math.Abs(float64(got[i] - tc.want[i]))
			if diff > 1e-6*float64(tc.want[i]) && diff > 1e-7 {
				t.Errorf("%s: softmax = %v, want %v", tc.name, got, tc.want)
				break
			}
		}
		// In place gives the same.
		inplace := slices.Clone(tc.logits)
		Softmax(inplace, tc.classes, inplace)
		if !slices.Equal(inplace, got) {
			t.Errorf("%s: in place %v, into dst %v", tc.name, inplace, got)
		}
	}
}

func TestAccuracy(t *testing.T) {
	probs := []float32{
		0.7, 0.2, 0.1, // argmax 0
		0.1, 0.3, 0.6, // argmax 2
		0.4, 0.4, 0.2, // tie: lowest index, 0
		0.2, 0.5, 0.3, // argmax 1
	}
	for _, tc := range []struct {
		labels []int32
		want   float64
	}{
		{[]int32{0, 2, 0, 1}, 1},
		{[]int32{0, 2, 1, 1}, 0.75}, // the tie does not count for class 1
		{[]int32{1, 0, 2, 0}, 0},
		{[]int32{0, 0, 0, 0}, 0.5},
	} {
		if got := Accuracy(probs, tc.labels, 3); got != tc.want {
			t.Errorf("labels %v: accuracy %v, want %v", tc.labels, got, tc.want)
		}
	}
	// Summing Correct over a full and a partial batch.
	labels := []int32{0, 2, 1, 1}
	if c := Correct(probs[:9], labels[:3], 3) + Correct(probs[9:], labels[3:], 3); c != 3 {
		t.Errorf("batched Correct = %d, want 3", c)
	}
	if got := Accuracy(nil, nil, 3); !math.IsNaN(got) {
		t.Errorf("no rows: %v, want NaN", got)
	}
}

func TestNeuronEnergy(t *testing.T) {
	var e NeuronEnergy
	if !math.IsNaN(e.Mean()) {
		t.Errorf("empty mean %v, want NaN", e.Mean())
	}
	// A batch of 2 inputs whose hidden activity sums to 4 each, then a partial
	// batch of one input (a second sampled network) summing to 2.
	e.AddTotals([]float64{4, 4})
	e.AddTotals([]float64{2})
	if e.Inputs() != 3 {
		t.Errorf("Inputs = %d, want 3", e.Inputs())
	}
	if got := e.Mean(); math.Abs(got-10.0/3) > 1e-15 {
		t.Errorf("Mean = %v, want 10/3", got)
	}
}

func TestLesionOrder(t *testing.T) {
	imp := []float64{0.5, 0.1, 0.9, 0.3, 0.7}
	got := LesionOrder(imp, rand.New(rand.NewPCG(1, 2)))
	if want := []int{1, 3, 0, 4, 2}; !slices.Equal(got, want) {
		t.Errorf("distinct importances: order %v, want %v", got, want)
	}

	// Many ties: a permutation, non-decreasing importance, reproducible for
	// a seed, and the lowest fraction never holds a weight more important
	// than one left in place.
	rng := rand.New(rand.NewPCG(3, 4))
	imp = make([]float64, 1000)
	for i := range imp {
		imp[i] = float64(rng.IntN(5)) / 4 // release probabilities on a grid
	}
	a := LesionOrder(imp, rand.New(rand.NewPCG(5, 6)))
	b := LesionOrder(imp, rand.New(rand.NewPCG(5, 6)))
	if !slices.Equal(a, b) {
		t.Error("same seed gave different orders")
	}
	if seen := slices.Sorted(slices.Values(a)); !slices.Equal(seen, seq(len(imp))) {
		t.Fatal("order is not a permutation of the indices")
	}
	for i := 1; i < len(a); i++ {
		if imp[a[i-1]] > imp[a[i]] {
			t.Fatalf("position %d: importance %v before %v", i, imp[a[i-1]], imp[a[i]])
		}
	}
	for _, f := range []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		k := LesionCount(len(a), f)
		if k != int(math.Round(f*1000)) {
			t.Errorf("LesionCount(1000, %v) = %d", f, k)
		}
		var maxOut, minIn = math.Inf(-1), math.Inf(1)
		for _, i := range a[:k] {
			maxOut = math.Max(maxOut, imp[i])
		}
		for _, i := range a[k:] {
			minIn = math.Min(minIn, imp[i])
		}
		if maxOut > minIn {
			t.Errorf("f=%v: lesioned importance %v above kept %v", f, maxOut, minIn)
		}
	}
	if c := LesionOrder(imp, rand.New(rand.NewPCG(7, 8))); slices.Equal(a, c) {
		t.Error("different seeds broke 1000 ties identically")
	}
}

// Ties are broken uniformly: with four equal weights, each comes first in
// about a quarter of draws (binomial SD sqrt(4000*0.25*0.75) ≈ 27; allow 6 SD).
func TestLesionOrderTiesUniform(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	imp := []float64{0.5, 0.5, 0.5, 0.5, 0.9}
	var first [5]int
	const draws = 4000
	for range draws {
		first[LesionOrder(imp, rng)[0]]++
	}
	for i := range 4 {
		if math.Abs(float64(first[i])-draws/4) > 6*27 {
			t.Errorf("weight %d first %d times of %d", i, first[i], draws)
		}
	}
	if first[4] != 0 {
		t.Errorf("the most important weight came first %d times", first[4])
	}
}

func TestLesionCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		f    float64
		want int
	}{
		{90, 0.7, 63}, // 0.7*90 = 62.99999999999999 in float64
		{199210, 0.1, 19921},
		{10, 0, 0},
		{10, 1, 10},
		{0, 0.5, 0},
	} {
		if got := LesionCount(tc.n, tc.f); got != tc.want {
			t.Errorf("LesionCount(%d, %v) = %d, want %d", tc.n, tc.f, got, tc.want)
		}
	}
	for _, f := range []float64{-0.1, 1.1, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("LesionCount(10, %v) did not panic", f)
				}
			}()
			LesionCount(10, f)
		}()
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func BenchmarkSoftmax(b *testing.B) {
	const n, c = 10000, 10
	rng := rand.New(rand.NewPCG(1, 1))
	logits := make([]float32, n*c)
	for i := range logits {
		logits[i] = float32(rng.NormFloat64())
	}
	dst := make([]float32, n*c)
	b.SetBytes(int64(len(logits)) * 4)
	for b.Loop() {
		Softmax(logits, c, dst)
	}
}

func BenchmarkLesionOrder(b *testing.B) {
	const n = 199210 // weights of 784-200-200-10
	rng := rand.New(rand.NewPCG(1, 1))
	imp := make([]float64, n)
	for i := range imp {
		imp[i] = float64(rng.IntN(8)) / 8
	}
	for b.Loop() {
		LesionOrder(imp, rng)
	}
}
