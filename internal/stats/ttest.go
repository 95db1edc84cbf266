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

// TTestWelch performs Welch's unequal-variance two-sample t-test, the
// default of R's t.test(a, b) and of scipy.stats.ttest_ind(a, b,
// equal_var=False). Use it rather than TTestInd when the two groups may
// spread differently, such as two models whose seeds vary by different
// amounts. It returns the statistic
//
//	t = (mean(a) - mean(b)) / sqrt(va/na + vb/nb),
//
// with va and vb the sample variances (denominator n-1), the
// Welch–Satterthwaite degrees of freedom
//
//	df = (va/na + vb/nb)² / ((va/na)²/(na-1) + (vb/nb)²/(nb-1)),
//
// which lie between min(na, nb)-1 and na+nb-2 and are usually not whole,
// and the two-sided p-value from Student's t distribution with df degrees of
// freedom. t is positive when a has the larger mean. With equal sizes t
// equals TTestInd's t; with equal sizes and equal variances df is 2n-2 too.
//
// When either sample has fewer than two observations, or both variances are
// zero, all three results are NaN (R stops with "data are essentially
// constant" in the second case).
func TTestWelch(a, b []float64) (t, df, p float64) {
	na, nb := len(a), len(b)
	if na < 2 || nb < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	ma, mb := Mean(a), Mean(b)
	// Squared standard errors of the two means.
	ea := sumSquaredDev(a, ma) / float64(na-1) / float64(na)
	eb := sumSquaredDev(b, mb) / float64(nb-1) / float64(nb)
	se2 := ea + eb
	if se2 == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	t = (ma - mb) / math.Sqrt(se2)
	// The shares wa, wb of se2 keep the degrees of freedom free of under-
	// and overflow in the fourth powers of tiny or huge standard errors.
	wa, wb := ea/se2, eb/se2
	df = 1 / (wa*wa/float64(na-1) + wb*wb/float64(nb-1))
	return t, df, tTwoSided(t, df)
}
