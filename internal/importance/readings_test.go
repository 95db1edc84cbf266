package importance

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The paper's reading is Sparsity's r; the others change only what they say
// they change, on a network worked by hand: 3 inputs, 3 hidden, 2 outputs.
func TestInOutReadings(t *testing.T) {
	sizes := []int{3, 3, 2}
	probs := [][]float32{
		{0.95, 0.9, 0.2, // hidden 1: 2 important inputs at >=, 1 at >
			0.95, 0.3, 0.3, // hidden 2: 1
			0.3, 0.3, 0.3}, // hidden 3: none
		{0.95, 0.95, 0.3, // output 1 from hidden 1, 2
			0.9, 0.3, 0.3}, // output 2 from hidden 1 (at >= only)
	}
	paper := Readings[0]
	if paper != (Reading{}) || paper.String() != "p >= 0.9, pearson, all neurons" {
		t.Fatalf("the first reading is %v", paper)
	}
	r, n := paper.InOut(sizes, probs)
	want := Sparsity(sizes, probs, rand.New(rand.NewPCG(1, 2)))[0].RInOut
	if len(r) != 1 || r[0] != want || n[0] != 3 {
		t.Errorf("paper's reading: r %v over %v neurons; Sparsity's %v over 3", r, n, want)
	}
	// >=: inputs 2, 1, 0 and outputs 2, 1, 0: r = 1. >: inputs 1, 1, 0 and
	// outputs 1, 1, 0: r = 1 too; without hidden 3, inputs 1, 1 are constant.
	strictActive := Reading{Strict: true, Active: true}
	if r, n := strictActive.InOut(sizes, probs); n[0] != 2 || !math.IsNaN(r[0]) {
		t.Errorf("%v: r %v over %v neurons; want NaN (constant inputs) over 2", strictActive, r, n)
	}
	if r, _ := (Reading{Spearman: true}).InOut(sizes, probs); math.Abs(r[0]-1) > 1e-12 {
		t.Errorf("spearman: %v", r)
	}
	if len(Readings) != 8 {
		t.Errorf("%d readings", len(Readings))
	}
}
