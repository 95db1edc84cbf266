// Package stats holds the summary statistics and hypothesis tests used to
// report presyn's results: means with standard errors, Student's independent
// two-sample t-test (TTestInd, pooled variances) and Welch's unequal-variance
// t-test (TTestWelch), Pearson correlation with the least-squares line
// (LeastSquares), and the two-sample Kolmogorov-Smirnov test.
//
// Every function works on plain float64 slices and allocates at most a
// sorted copy of its input. Each is tested against numbers from an
// independent source (published R output, closed-form distribution
// functions, tabulated critical values or brute-force enumeration), and the
// tests name that source next to every expected value.
//
// Conventions: a test statistic or p-value that is undefined for the data
// given (too few observations, zero variance) is returned as NaN, as R and
// SciPy do; mismatched slice lengths are a programmer error and panic.
// p-values are two-sided throughout.
package stats
