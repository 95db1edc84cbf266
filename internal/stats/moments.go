package stats

import "math"

// Mean returns the arithmetic mean of x, or NaN when x is empty.
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// MeanSE returns the mean of x and its standard error: the sample standard
// deviation (denominator n-1) divided by sqrt(n). This is the error bar the
// paper draws. With one observation se is 0; with none both are NaN.
func MeanSE(x []float64) (mean, se float64) {
	n := len(x)
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	mean = Mean(x)
	if n == 1 {
		return mean, 0
	}
	return mean, math.Sqrt(sumSquaredDev(x, mean)/float64(n-1)) / math.Sqrt(float64(n))
}

// sumSquaredDev returns sum (x_i - mean)^2, with the compensation term of
// the corrected two-pass algorithm (Chan, Golub & LeVeque 1983) that removes
// the rounding error left in mean.
func sumSquaredDev(x []float64, mean float64) float64 {
	var ss, comp float64
	for _, v := range x {
		d := v - mean
		ss += d * d
		comp += d
	}
	return ss - comp*comp/float64(len(x))
}

// Estimate is a mean with its standard error, as MeanSE returns them; in a
// results table it is two columns, <name>_mean and <name>_se.
type Estimate struct {
	Mean float64 `csv:"mean"`
	SE   float64 `csv:"se"`
}

// EstimateOf returns the mean of x and its standard error (see MeanSE).
func EstimateOf(x []float64) Estimate {
	m, se := MeanSE(x)
	return Estimate{m, se}
}

// Scaled returns e with both numbers multiplied by k (a fraction as percent,
// say).
func (e Estimate) Scaled(k float64) Estimate { return Estimate{k * e.Mean, k * e.SE} }

// Finite reports whether x is neither NaN nor infinite.
func Finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
