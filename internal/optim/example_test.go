package optim_test

import (
	"fmt"

	"github.com/presyn/presyn/internal/optim"
)

// One Adam step moves every parameter by about the learning rate, whatever the
// gradient's scale (bias-corrected first step).
func ExampleAdam() {
	params := []float32{1, -2}
	grads := []float32{0.5, -0.001}
	opt := optim.NewAdam(len(params), optim.AdamSettings{LR: 0.1})
	opt.Step(params, grads)
	fmt.Printf("%.4f %.4f\n", params[0], params[1])
	// Output: 0.9000 -1.9000
}

// SGD with weight decay, as torch.optim.SGD(lr=0.1, weight_decay=0.01).
func ExampleSGD() {
	params := []float32{1}
	opt := optim.NewSGD(1, optim.SGDSettings{LR: 0.1, WeightDecay: 0.01})
	opt.Step(params, []float32{0.5}) // d = 0.5 + 0.01*1
	fmt.Printf("%.3f\n", params[0])
	// Output: 0.949
}
