package stats

import "math"

// Pearson returns Pearson's product-moment correlation r of x and y and the
// two-sided p-value of the test of zero correlation, from
// t = r*sqrt((n-2)/(1-r^2)) with Student's t distribution on n-2 degrees of
// freedom (R's cor.test, scipy.stats.pearsonr).
//
// It panics if len(x) != len(y). With fewer than two pairs, or when either
// sample is constant, both results are NaN. With exactly two pairs r is ±1
// and p is 1, as in SciPy. Perfectly linear data give p = 0, or about 1e-16
// when rounding leaves |r| just below 1.
func Pearson(x, y []float64) (r, p float64) {
	if len(x) != len(y) {
		panic("stats: slice length mismatch")
	}
	n := len(x)
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	mx, my := Mean(x), Mean(y)
	var sxx, syy, sxy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN(), math.NaN()
	}
	r = sxy / (math.Sqrt(sxx) * math.Sqrt(syy))
	r = math.Max(-1, math.Min(1, r)) // rounding can leave |r| a hair above 1
	if n == 2 {
		return r, 1
	}
	if math.Abs(r) == 1 {
		return r, 0
	}
	df := float64(n - 2)
	return r, tTwoSided(r*math.Sqrt(df/(1-r*r)), df)
}
