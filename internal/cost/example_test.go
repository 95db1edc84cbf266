package cost_test

import (
	"fmt"

	"github.com/presyn/presyn/internal/cost"
)

// Five runs on two workers, longest first: 5+2+1 on one, 4+3 on the other.
func ExampleWall() {
	fmt.Println(cost.Wall([]float64{1, 2, 3, 4, 5}, 2))
	fmt.Println(cost.WallInOrder([]float64{1, 2, 3, 4, 5}, 2))
	// Output:
	// 8
	// 9
}

// A training pass's products at 50 GFLOPS and its synapses at 3 ns each.
func ExampleMachine_Seconds() {
	m := cost.Machine{Rates: map[cost.Kind]cost.Rate{"train/presyn/presyn": {GFLOPS: 50, NsPerElement: 3}}}
	s, err := m.Seconds(cost.Work{{Kind: "train/presyn/presyn", FLOPs: 88e6, Elements: 199210}})
	fmt.Printf("%.2f ms %v\n", s*1e3, err)
	// Output: 2.36 ms <nil>
}

func ExampleDuration() {
	fmt.Println(cost.Duration(42), cost.Duration(750), cost.Duration(4*3600))
	// Output: 42 s 12 min 4.0 h
}
