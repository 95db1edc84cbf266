package stats

import "math"

// LeastSquares returns the ordinary least-squares line y = intercept + slope*x
// of paired samples. Both are NaN with fewer than two distinct x values, where
// the line is undefined. It panics if x and y differ in length.
func LeastSquares(x, y []float64) (slope, intercept float64) {
	if len(x) != len(y) {
		panic("stats: LeastSquares of samples of different lengths")
	}
	if len(x) < 2 {
		return math.NaN(), math.NaN()
	}
	mx, my := Mean(x), Mean(y)
	var sxx, sxy float64
	for i := range x {
		dx := x[i] - mx
		sxx += dx * dx
		sxy += dx * (y[i] - my)
	}
	if sxx == 0 {
		return math.NaN(), math.NaN()
	}
	slope = sxy / sxx
	return slope, my - slope*mx
}
