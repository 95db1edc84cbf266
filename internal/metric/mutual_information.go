package metric

import "math"

// MutualInformation returns I(Y;Z) in bits between the true label Y and the
// soft prediction Z of probs (n x classes, row-major, each row a
// distribution) with labels (n class indices). Following the paper:
//
//	P(Y=y)       = fraction of rows labelled y,
//	P(Z=z | Y=y) = mean of probs[., z] over the rows labelled y,
//	I            = Σ_{y,z} P(y,z) log2( P(y,z) / (P(y) P(z)) ),
//
// with P(y,z) = P(y) P(z|y) and P(z) = Σ_y P(y,z). Terms with P(y,z) = 0
// count as 0 (the published code gives NaN there). Perfect one-hot
// prediction of balanced classes gives log2(classes); a prediction that
// ignores the input gives 0. With no rows the result is NaN.
func MutualInformation(probs []float32, labels []int32, classes int) float64 {
	a := NewMIAccumulator(classes)
	a.Add(probs, labels)
	return a.Bits()
}

// MIAccumulator gathers the per-class sums MutualInformation needs, batch by
// batch, so a test set can be streamed through it (batches may differ in
// size). The result does not depend on how the rows are split into batches.
// The zero value is not usable; call NewMIAccumulator.
type MIAccumulator struct {
	classes int
	sums    []float64 // sums[y*classes+z] = Σ probs[i, z] over rows i with label y
	counts  []int     // counts[y] = rows with label y
	pz      []float64 // scratch for Bits
	n       int
}

// NewMIAccumulator returns an empty accumulator for the given number of
// classes.
func NewMIAccumulator(classes int) *MIAccumulator {
	checkRows(0, classes)
	return &MIAccumulator{
		classes: classes,
		sums:    make([]float64, classes*classes),
		counts:  make([]int, classes),
		pz:      make([]float64, classes),
	}
}

// Add accumulates a batch: probs has len(labels) rows of length classes.
// Neither Add nor Bits allocates.
func (a *MIAccumulator) Add(probs []float32, labels []int32) {
	c := a.classes
	checkLabels(len(probs), labels, c)
	for i, y := range labels {
		row := probs[i*c : (i+1)*c]
		dst := a.sums[int(y)*c : (int(y)+1)*c]
		for z, v := range row {
			dst[z] += float64(v)
		}
		a.counts[y]++
	}
	a.n += len(labels)
}

// N returns the number of rows accumulated.
func (a *MIAccumulator) N() int { return a.n }

// Reset empties the accumulator for reuse.
func (a *MIAccumulator) Reset() {
	clear(a.sums)
	clear(a.counts)
	a.n = 0
}

// Bits returns I(Y;Z) in bits for the rows accumulated so far, or NaN if
// there are none. Rows need not sum exactly to 1: P(z|y) uses the sums as
// they are, as the published code does.
func (a *MIAccumulator) Bits() float64 {
	if a.n == 0 {
		return math.NaN()
	}
	c := a.classes
	n := float64(a.n)
	// P(z) = Σ_y P(y,z) with P(y,z) = sums[y,z]/n.
	pz := a.pz
	clear(pz)
	for y := range c {
		for z := range c {
			pz[z] += a.sums[y*c+z] / n
		}
	}
	var bits float64
	for y := range c {
		if a.counts[y] == 0 {
			continue
		}
		py := float64(a.counts[y]) / n
		for z := range c {
			pyz := a.sums[y*c+z] / n
			if pyz <= 0 {
				continue
			}
			bits += pyz * math.Log2(pyz/(py*pz[z]))
		}
	}
	return bits
}
