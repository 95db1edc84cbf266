package stats

import (
	"cmp"
	"math"
	"slices"
)

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

// Spearman returns Spearman's rank correlation of x and y: Pearson's r of
// their ranks, ties given their mean rank (scipy.stats.spearmanr), and the
// p-value of that r as Pearson's gives it. The same panics and NaNs as
// Pearson.
func Spearman(x, y []float64) (rho, p float64) {
	if len(x) != len(y) {
		panic("stats: slice length mismatch")
	}
	return Pearson(Ranks(x), Ranks(y))
}

// Ranks returns the ranks of x from 1, ties given the mean of the ranks
// they span.
func Ranks(x []float64) []float64 {
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	ranks := make([]float64, len(x))
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && x[order[j+1]] == x[order[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			ranks[order[k]] = mean
		}
		i = j + 1
	}
	return ranks
}
