package baseline_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/baseline"
)

// Train both perceptrons on one task of 20 random patterns of 200 inputs in
// mini-batches of 5 and report their training accuracy.
func Example() {
	const patterns, inputs, batch = 20, 200, 5
	xs, ys := baseline.RandomPatterns(patterns, inputs, rand.NewPCG(1, 1))

	standard := baseline.NewPerceptron(inputs)
	presyn := baseline.NewStochasticPerceptron(inputs, baseline.DefaultPresynSettings())
	masks := rand.NewPCG(1, 2) // the stochastic perceptron's own stream
	for range 25 {
		for k := 0; k < patterns; k += batch {
			bx, by := xs[k*inputs:(k+batch)*inputs], ys[k:k+batch]
			standard.Step(bx, by)
			presyn.Step(bx, by, masks)
		}
	}
	fmt.Println("standard:", standard.Accuracy(xs, ys))
	fmt.Println("presyn:  ", presyn.Accuracy(xs, ys, 10, rand.NewPCG(1, 3)))
	// Output:
	// standard: 1
	// presyn:   1
}

// Replay one stochastic update with given masks: the first synapse transmitted, the
// second did not, so only the first learns and only its release probability rises.
func ExampleStochasticPerceptron_StepMasks() {
	sp := baseline.NewStochasticPerceptron(2, baseline.DefaultPresynSettings())
	xs := []float64{1, -1} // one pattern
	ys := []float64{-1}    // its label; the zero weights predict +1
	sp.StepMasks(xs, ys, []float64{1, 0})
	fmt.Printf("w = %.2f, p = %.2f\n", sp.W, sp.P)
	// Output:
	// w = [-1.50 0.00], p = [0.40 0.25]
}
