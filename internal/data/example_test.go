package data_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/data"
)

func ExampleReadLabels() {
	// An IDX label file: magic 0x00000801, count 3, then one byte per label.
	var file bytes.Buffer
	w := gzip.NewWriter(&file)
	w.Write([]byte{0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1})
	w.Close()

	labels, err := data.ReadLabels(&file)
	fmt.Println(labels, err)

	// A damaged file is an error, never a panic.
	_, err = data.ReadLabels(bytes.NewReader(file.Bytes()[:20]))
	fmt.Println(err)
	// Output:
	// [7 2 1] <nil>
	// not a valid IDX file: truncated (1 of 3 labels)
}

func ExampleSchedule_TaskProbabilities() {
	// Continuous permuted MNIST in miniature: 3 tasks of 8 steps, a quarter of each
	// task's steps spent in transitions (one step at each end).
	s := data.NewSchedule(3, 8, 0.25)
	for _, step := range []int{0, 4, 7, 8, 9, 16, 23} {
		fmt.Println(step, s.TaskProbabilities(step))
	}
	// Output:
	// 0 [1 0 0]
	// 4 [1 0 0]
	// 7 [1 0 0]
	// 8 [0.5 0.5 0]
	// 9 [0 1 0]
	// 16 [0 0.5 0.5]
	// 23 [0 0 1]
}

func ExampleNewBatches() {
	// Five samples whose first pixel is their index, in batches of two: each epoch
	// hands out two shuffled batches and drops the fifth sample.
	x := make([]float32, 5*data.Pixels)
	for i := range 5 {
		x[i*data.Pixels] = float32(i)
	}
	set := data.NewSet(x, []uint8{0, 1, 2, 3, 4})
	batches := data.NewBatches(data.NewView(set), 2, rand.New(rand.NewPCG(1, 2)))

	xb, yb := make([]float32, 2*data.Pixels), make([]int32, 2)
	for epoch := 1; epoch <= 2; epoch++ {
		n := 0
		for batches.Next(xb, yb) {
			n++
		}
		fmt.Printf("epoch %d: %d batches\n", epoch, n)
	}
	// Output:
	// epoch 1: 2 batches
	// epoch 2: 2 batches
}

func ExampleNewInOrder() {
	set := data.NewSet(make([]float32, 5*data.Pixels), []uint8{0, 1, 2, 3, 4})
	it := data.NewInOrder(data.NewView(set), 2)
	x, y := make([]float32, 2*data.Pixels), make([]int32, 2)
	for n := it.Next(x, y); n > 0; n = it.Next(x, y) {
		fmt.Println(y[:n])
	}
	// Output:
	// [0 1]
	// [2 3]
	// [4]
}

func ExampleSplit() {
	// Any Dataset works; here an empty one, to show the task structure.
	empty := data.NewSet(nil, nil)
	ds := &data.Dataset{Name: data.MNIST, Train: empty, Test: empty}
	for _, task := range data.Split(ds, data.SplitOptions{}) {
		fmt.Println(task.Name, task.Classes, task.Outputs)
	}
	// Output:
	// split-mnist/1 [0 1] 2
	// split-mnist/2 [2 3] 2
	// split-mnist/3 [4 5] 2
	// split-mnist/4 [6 7] 2
	// split-mnist/5 [8 9] 2
}

// A training loop's use of the package: load once, build the tasks, then fill the
// same two buffers for every batch. (No output: it needs the real data files.)
func ExampleLoad() {
	ds, err := data.Load("data", data.MNIST)
	if err != nil {
		fmt.Println(err) // one line naming the file, the problem and the fix
		return
	}
	rng := rand.New(rand.NewPCG(2019, 1))
	x, y := make([]float32, 100*data.Pixels), make([]int32, 100)
	for _, task := range data.Permuted(ds, 10, 2019) {
		batches := data.NewBatches(task.Train, 100, rng)
		for epoch := 0; epoch < 10; epoch++ {
			for batches.Next(x, y) {
				// forward, backward, update
			}
		}
	}
}
