package importance

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/stats"
)

// Threshold is the release probability from which a synapse counts as important
// (the paper's p >= 0.9).
const Threshold = 0.9

// Layer is the neuron-level sparsity of one weight matrix's output neurons: for
// every neuron the number of its important inputs, on the learned network and on
// a baseline whose importance mask was shuffled within the matrix.
type Layer struct {
	Inputs   int   // inputs per neuron (the matrix's columns)
	Counts   []int // important inputs per neuron, learned
	Shuffled []int // the same with the mask shuffled
	// Outputs counts, per neuron, its important outputs: the important synapses
	// of the next matrix leaving it; nil for the output layer.
	Outputs []int
	// KS compares the distributions of Counts and Shuffled: the two-sample
	// Kolmogorov-Smirnov statistic and its exact p-value, SciPy's default for
	// samples of this size (a layer's neurons).
	KSD, KSP float64
	// Low, Medium, High count neurons whose important inputs lie more than two
	// standard deviations below the shuffled neurons' mean, within two, or above;
	// the Shuffled versions count the shuffled neurons the same way.
	Low, Medium, High                         int
	LowShuffled, MediumShuffled, HighShuffled int
	// RInOut is the Pearson correlation of Counts and Outputs over the layer's
	// neurons (NaN for the output layer); RInOutP its p-value.
	RInOut, RInOutP float64
}

// Sparsity returns one Layer per weight matrix of a network with the given layer
// sizes (inputs first) and release probabilities (per matrix, [out][in]
// row-major); rng shuffles the masks.
//
// Every shape a config accepts is analysed, not only the paper's two hidden
// layers: the counts and their KS test are defined for any weight matrix, the
// output layer's included, so a network with one hidden layer has layers 1
// (hidden) and 2 (output), and one without hidden layers has only its output
// layer 1. The in/out correlation needs a next matrix: it is NaN for the output
// layer, hence for every layer of a network without hidden layers.
func Sparsity(sizes []int, probs [][]float32, rng *rand.Rand) []Layer {
	if len(probs) != len(sizes)-1 {
		panic(fmt.Sprintf("importance: %d probability matrices for sizes %v", len(probs), sizes))
	}
	for l, p := range probs {
		if len(p) != sizes[l]*sizes[l+1] {
			panic(fmt.Sprintf("importance: layer %d has %d probabilities, want %d", l, len(p), sizes[l]*sizes[l+1]))
		}
	}
	masks := importantMasks(probs, false)
	layers := make([]Layer, len(probs))
	for l := range probs {
		in, out := sizes[l], sizes[l+1]
		ly := &layers[l]
		ly.Inputs = in
		ly.Counts = inputCounts(masks, sizes, l)
		shuffled := append([]bool(nil), masks[l]...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		ly.Shuffled = rowCounts(shuffled, out, in)
		ly.KSD, ly.KSP = stats.KSTwoSampleExact(floats(ly.Counts), floats(ly.Shuffled))
		mean, sd := meanSD(ly.Shuffled)
		ly.Low, ly.Medium, ly.High = classify(ly.Counts, mean, sd)
		ly.LowShuffled, ly.MediumShuffled, ly.HighShuffled = classify(ly.Shuffled, mean, sd)
		ly.RInOut, ly.RInOutP = math.NaN(), math.NaN()
		if l+1 < len(probs) {
			ly.Outputs = outputCounts(masks, sizes, l)
			ly.RInOut, ly.RInOutP = stats.Pearson(floats(ly.Counts), floats(ly.Outputs))
		}
	}
	return layers
}

// importantMasks marks each synapse of probs important: p >= Threshold, or
// with strict p > Threshold.
func importantMasks(probs [][]float32, strict bool) [][]bool {
	masks := make([][]bool, len(probs))
	for l, p := range probs {
		masks[l] = make([]bool, len(p))
		for i, v := range p {
			if strict {
				masks[l][i] = v > Threshold
			} else {
				masks[l][i] = v >= Threshold
			}
		}
	}
	return masks
}

// inputCounts are the important inputs of each neuron matrix l feeds.
func inputCounts(masks [][]bool, sizes []int, l int) []int {
	return rowCounts(masks[l], sizes[l+1], sizes[l])
}

// outputCounts are the important outputs of each neuron matrix l feeds: the
// important synapses of matrix l+1 leaving it.
func outputCounts(masks [][]bool, sizes []int, l int) []int {
	return colCounts(masks[l+1], sizes[l+2], sizes[l+1])
}

// rowCounts returns the true entries of each row of an [rows][cols] mask.
func rowCounts(mask []bool, rows, cols int) []int {
	c := make([]int, rows)
	for r := range rows {
		for _, m := range mask[r*cols : (r+1)*cols] {
			if m {
				c[r]++
			}
		}
	}
	return c
}

// colCounts returns the true entries of each column of an [rows][cols] mask.
func colCounts(mask []bool, rows, cols int) []int {
	c := make([]int, cols)
	for r := range rows {
		for j, m := range mask[r*cols : (r+1)*cols] {
			if m {
				c[j]++
			}
		}
	}
	return c
}

func floats(xs []int) []float64 {
	f := make([]float64, len(xs))
	for i, x := range xs {
		f[i] = float64(x)
	}
	return f
}

// meanSD returns the mean and sample standard deviation of counts.
func meanSD(counts []int) (mean, sd float64) {
	f := floats(counts)
	mean = stats.Mean(f)
	var ss float64
	for _, x := range f {
		ss += (x - mean) * (x - mean)
	}
	if len(f) > 1 {
		sd = math.Sqrt(ss / float64(len(f)-1))
	}
	return mean, sd
}

// classify counts values more than two standard deviations below mean, within
// two, and above.
func classify(counts []int, mean, sd float64) (low, medium, high int) {
	for _, c := range counts {
		switch x := float64(c); {
		case x < mean-2*sd:
			low++
		case x > mean+2*sd:
			high++
		default:
			medium++
		}
	}
	return low, medium, high
}
