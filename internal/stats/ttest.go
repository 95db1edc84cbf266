package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// TTestInd performs Student's independent two-sample t-test with pooled
// (equal) variances, the default of scipy.stats.ttest_ind and of R's
// t.test(a, b, var.equal = TRUE). It returns the statistic
//
//	t = (mean(a) - mean(b)) / sqrt(s2 * (1/na + 1/nb)),
//	s2 = (SS_a + SS_b) / (na + nb - 2),
//
// and the two-sided p-value from Student's t distribution with na+nb-2
// degrees of freedom. t is positive when a has the larger mean.
//
// When na+nb < 3 or either sample is empty, both are NaN. When the pooled
// variance is zero, t is ±Inf with p = 0 if the means differ, and both are
// NaN if they do not.
func TTestInd(a, b []float64) (t, p float64) {
	na, nb := len(a), len(b)
	if na == 0 || nb == 0 || na+nb < 3 {
		return math.NaN(), math.NaN()
	}
	ma, mb := Mean(a), Mean(b)
	df := float64(na + nb - 2)
	s2 := (sumSquaredDev(a, ma) + sumSquaredDev(b, mb)) / df
	t = (ma - mb) / math.Sqrt(s2*(1/float64(na)+1/float64(nb)))
	return t, tTwoSided(t, df)
}

// tTwoSided returns P(|T| >= |t|) for Student's t with df degrees of freedom.
func tTwoSided(t, df float64) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	if math.IsInf(t, 0) {
		return 0
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(-math.Abs(t))
}
