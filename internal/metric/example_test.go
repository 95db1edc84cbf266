package metric_test

import (
	"fmt"
	"math"

	"github.com/presyn/presyn/internal/metric"
)

func ExampleMutualInformation() {
	// Four test samples of two balanced classes; each softmax output puts
	// 0.9 on the true class. This is a binary symmetric channel with error
	// 0.1: I = 1 - H(0.1) bits.
	probs := []float32{
		0.9, 0.1,
		0.1, 0.9,
		0.9, 0.1,
		0.1, 0.9,
	}
	labels := []int32{0, 1, 0, 1}
	fmt.Printf("%.4f bits\n", metric.MutualInformation(probs, labels, 2))
	// Output: 0.5310 bits
}

func ExampleMIAccumulator() {
	// Stream a test set through in batches; the last one is partial. The
	// network is confident and right (its softmax puts e^4/(e^4+2) = 0.96 on
	// the label): the MI is most of H(Y) = 1.5219 bits for labels 2:2:1.
	hit, miss := float32(math.Exp(4)/(math.Exp(4)+2)), float32(1/(math.Exp(4)+2))
	probs := []float32{
		hit, miss, miss,
		miss, hit, miss,
		miss, miss, hit,
		hit, miss, miss,
		miss, hit, miss,
	}
	labels := []int32{0, 1, 2, 0, 1}
	acc := metric.NewMIAccumulator(3)
	for lo := 0; lo < len(labels); lo += 2 {
		hi := min(lo+2, len(labels))
		acc.Add(probs[lo*3:hi*3], labels[lo:hi])
	}
	fmt.Printf("%d samples, %.4f bits\n", acc.N(), acc.Bits())
	// Output: 5 samples, 1.2729 bits
}

func ExampleAccuracy() {
	// Probabilities already averaged over the sampled networks.
	probs := []float32{
		0.8, 0.1, 0.1,
		0.2, 0.5, 0.3,
		0.3, 0.3, 0.4,
		0.6, 0.3, 0.1,
	}
	labels := []int32{0, 1, 2, 1}
	fmt.Println(metric.Accuracy(probs, labels, 3))
	// Output: 0.75
}
