package metric

import "math"

// Correct returns how many rows of probs (n x classes, row-major) have their
// largest entry at the row's label. Ties go to the lowest class index. It
// works equally on logits, probabilities, or probabilities averaged over
// sampled networks; sum it over batches and divide by the sample count.
func Correct(probs []float32, labels []int32, classes int) int {
	checkLabels(len(probs), labels, classes)
	var c int
	for i, y := range labels {
		if argmax(probs[i*classes:(i+1)*classes]) == int(y) {
			c++
		}
	}
	return c
}

// Accuracy returns the fraction of rows of probs (n x classes, row-major)
// whose largest entry is at the row's label, or NaN when there are no rows.
// The caller averages the probabilities of its K sampled networks first.
func Accuracy(probs []float32, labels []int32, classes int) float64 {
	c := Correct(probs, labels, classes)
	if len(labels) == 0 {
		return math.NaN()
	}
	return float64(c) / float64(len(labels))
}

// argmax returns the index of the first largest entry of row.
func argmax(row []float32) int {
	best := 0
	for k, v := range row[1:] {
		if v > row[best] {
			best = k + 1
		}
	}
	return best
}
