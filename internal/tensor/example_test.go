package tensor_test

import (
	"fmt"

	"github.com/presyn/presyn/internal/tensor"
)

// A layer's forward pass for a batch: z = x * w^T, with w stored [out][in] like a
// PyTorch Linear layer.
func ExampleGemm() {
	x := tensor.FromSlice(2, 3, []float32{1, 2, 3, 4, 5, 6}) // 2 samples, 3 inputs
	w := tensor.FromSlice(1, 3, []float32{1, 0, -1})         // 1 output
	z := tensor.NewMatrix(2, 1)
	tensor.Gemm(false, true, 1, x, w, 0, z)
	fmt.Println(z.Data)
	// Output: [-2 -2]
}

// Concurrent runs each ask for single-threaded BLAS and record the backend.
func ExampleSetThreads() {
	tensor.SetThreads(1)
	fmt.Println(tensor.Threads(), tensor.Backend() != "")
	// Output: 1 true
}
