package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// close reports whether got is within tol of want, absolutely or relative
// to |want|, whichever is looser; NaN matches only NaN.
func close(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// Closed forms of Student's t CDF for small integer degrees of freedom
// (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 2,
// ch. 28; also listed on Wikipedia's "Student's t-distribution" page). They
// are derived by hand and share no code with gonum's incomplete beta, so
// they check the p-values independently.
func tCDF2(t float64) float64 { return 0.5 + t/(2*math.Sqrt(2+t*t)) }
func tCDF3(t float64) float64 {
	s := t / math.Sqrt(3)
	return 0.5 + (s/(1+s*s)+math.Atan(s))/math.Pi
}
func tCDF4(t float64) float64 {
	u := t * t / (1 + t*t/4)
	return 0.5 + 3.0/8*t/math.Sqrt(1+t*t/4)*(1-u/12)
}

func TestMean(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		want float64
	}{
		{nil, math.NaN()},
		{[]float64{3}, 3},
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, 5}, // by hand: 40/8
		{[]float64{1e9 + 1, 1e9 + 2, 1e9 + 3}, 1e9 + 2},
	} {
		if got := Mean(tc.x); !close(got, tc.want, 1e-15) {
			t.Errorf("Mean(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

func TestMeanSE(t *testing.T) {
	for _, tc := range []struct {
		name     string
		x        []float64
		mean, se float64
	}{
		{"empty", nil, math.NaN(), math.NaN()},
		{"one", []float64{7}, 7, 0},
		{"constant", []float64{2, 2, 2}, 2, 0},
		// By hand: sum of squares about 2.5 is 5, SD = sqrt(5/3), SE = SD/2.
		{"1..4", []float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0/3) / 2},
		// Wikipedia "Standard deviation" worked example: population SD 2,
		// squared deviations sum to 32, sample SD sqrt(32/7); SE = SD/sqrt(8).
		{"wikipedia", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 5, math.Sqrt(32.0/7) / math.Sqrt(8)},
		// Large offset: the naive sum-of-squares formula would lose all digits.
		{"offset", []float64{1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4}, 1e9 + 2.5, math.Sqrt(5.0/3) / 2},
	} {
		m, se := MeanSE(tc.x)
		if !close(m, tc.mean, 1e-14) || !close(se, tc.se, 1e-12) {
			t.Errorf("%s: MeanSE = (%v, %v), want (%v, %v)", tc.name, m, se, tc.mean, tc.se)
		}
	}
}

// Independent tool: gonum's stat.MeanStdDev (unbiased SD) on random data.
func TestMeanSEAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{2, 3, 10, 1000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = 3 + 2*rng.NormFloat64()
		}
		m, sd := stat.MeanStdDev(x, nil)
		gm, gse := MeanSE(x)
		if !close(gm, m, 1e-13) || !close(gse, sd/math.Sqrt(float64(n)), 1e-12) {
			t.Errorf("n=%d: MeanSE = (%v, %v), gonum gives (%v, %v)", n, gm, gse, m, sd/math.Sqrt(float64(n)))
		}
	}
}

func TestTTestInd(t *testing.T) {
	for _, tc := range []struct {
		name       string
		a, b       []float64
		t, p, tolT float64
		tolP       float64
	}{
		// R documentation, ?t.test, Student's sleep data:
		// t.test(extra ~ group, data = sleep, var.equal = TRUE) prints
		// "t = -1.8608, df = 18, p-value = 0.07919".
		{
			name: "R sleep",
			a:    []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0},
			b:    []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4},
			t:    -1.8608, tolT: 5e-5, p: 0.07919, tolP: 5e-6,
		},
		// R output published at rstudio-pubs-static.s3.amazonaws.com/
		// 1034016_838ee4b2b7974825a12a7d0a115385c2.html (cadmium reduction by
		// red beet and barley): t.test(redbeet, barley, var.equal = TRUE)
		// prints "t = 0.38658, df = 28, p-value = 0.702".
		{
			name: "R redbeet/barley",
			a:    []float64{18, 5, 10, 8, 16, 12, 8, 8, 11, 5, 6, 8, 9, 21, 9},
			b:    []float64{8, 5, 10, 19, 15, 18, 11, 8, 9, 4, 5, 13, 7, 5, 7},
			t:    0.38658, tolT: 5e-6, p: 0.702, tolP: 5e-4,
		},
		// By hand: means 2 and 6, SS 2 and 8, pooled variance 10/2 = 5,
		// t = -4/sqrt(5*(1/2+1/2)); df = 2, p from the closed-form CDF.
		{
			name: "hand df=2",
			a:    []float64{1, 3}, b: []float64{4, 8},
			t: -4 / math.Sqrt(5), tolT: 1e-14,
			p: 2 * tCDF2(-4/math.Sqrt(5)), tolP: 1e-12,
		},
		// By hand: means 2 and 5, pooled variance 1, t = -3/sqrt(2/3);
		// df = 4, p from the closed-form CDF.
		{
			name: "hand df=4",
			a:    []float64{1, 2, 3}, b: []float64{4, 5, 6},
			t: -3 / math.Sqrt(2.0/3), tolT: 1e-14,
			p: 2 * tCDF4(-3/math.Sqrt(2.0/3)), tolP: 1e-12,
		},
		// Identical samples: no difference at all.
		{
			name: "identical",
			a:    []float64{1, 2, 3, 4}, b: []float64{1, 2, 3, 4},
			t: 0, tolT: 0, p: 1, tolP: 1e-15,
		},
		// Unequal sizes, by hand: means 2 and 4, SS 2 and 0, s2 = 2/3,
		// t = -2/sqrt(2/3*(1/3+1/2)) = -2/sqrt(5/9) = -6/sqrt(5); df = 3.
		{
			name: "hand unequal sizes df=3",
			a:    []float64{1, 2, 3}, b: []float64{4, 4},
			t: -6 / math.Sqrt(5), tolT: 1e-14,
			p: 2 * tCDF3(-6/math.Sqrt(5)), tolP: 1e-12,
		},
		{name: "empty a", a: nil, b: []float64{1, 2, 3}, t: math.NaN(), p: math.NaN()},
		{name: "too few", a: []float64{1}, b: []float64{2}, t: math.NaN(), p: math.NaN()},
		{name: "constant equal", a: []float64{1, 1}, b: []float64{1, 1}, t: math.NaN(), p: math.NaN()},
		{name: "constant different", a: []float64{1, 1}, b: []float64{2, 2}, t: math.Inf(-1), p: 0},
	} {
		gt, gp := TTestInd(tc.a, tc.b)
		if !close(gt, tc.t, tc.tolT) {
			t.Errorf("%s: t = %v, want %v", tc.name, gt, tc.t)
		}
		if !close(gp, tc.p, tc.tolP) {
			t.Errorf("%s: p = %v, want %v", tc.name, gp, tc.p)
		}
		// Swapping the samples flips t and keeps p.
		st, sp := TTestInd(tc.b, tc.a)
		if !close(st, -gt, 1e-15) || !close(sp, gp, 1e-15) {
			t.Errorf("%s: swapped gives (%v, %v), want (%v, %v)", tc.name, st, sp, -gt, gp)
		}
	}
}

func TestPearson(t *testing.T) {
	for _, tc := range []struct {
		name       string
		x, y       []float64
		r, p, tolR float64
		tolP       float64
	}{
		// R documentation, ?cor.test, Hollander & Wolfe (1973) p. 187 tuna
		// data: cor.test(x, y) prints "t = 1.8411, df = 7, p-value = 0.1082"
		// and "cor 0.5711816". (The R package apa's tests record the
		// one-sided p = .054 for the same data, half of 0.1082.)
		{
			name: "R Hollander-Wolfe",
			x:    []float64{44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1},
			y:    []float64{2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8},
			r:    0.5711816, tolR: 5e-8, p: 0.1082, tolP: 5e-5,
		},
		// By hand: deviations (-1.5,-.5,.5,1.5) and (-1.5,.5,-.5,1.5),
		// Sxy = 4, Sxx = Syy = 5, r = 0.8, t = 0.8*sqrt(2/0.36), df = 2.
		{
			name: "hand df=2",
			x:    []float64{1, 2, 3, 4}, y: []float64{1, 3, 2, 4},
			r: 0.8, tolR: 1e-15,
			p: 2 * tCDF2(-0.8*math.Sqrt(2/0.36)), tolP: 1e-12,
		},
		// By hand: deviations x (-2.5,-1.5,-.5,.5,1.5,2.5) and
		// y (-1.5,-2.5,.5,-.5,2.5,1.5): Sxy = 14.5, Sxx = Syy = 17.5; df = 4.
		{
			name: "hand df=4",
			x:    []float64{1, 2, 3, 4, 5, 6}, y: []float64{2, 1, 4, 3, 6, 5},
			r: 14.5 / 17.5, tolR: 1e-15,
			p: 2 * tCDF4(-(14.5/17.5)*math.Sqrt(4/(1-(14.5/17.5)*(14.5/17.5)))), tolP: 1e-12,
		},
		{name: "perfect", x: []float64{1, 2, 3, 4}, y: []float64{3, 5, 7, 9}, r: 1, tolR: 1e-15, p: 0, tolP: 1e-12},
		{name: "perfect negative", x: []float64{1, 2, 3, 4}, y: []float64{4, 3, 2, 1}, r: -1, tolR: 1e-15, p: 0, tolP: 1e-12},
		// Orthogonal deviations (-1,0,1) and (1,-2,1): r = 0, t = 0, p = 1.
		{name: "uncorrelated", x: []float64{1, 2, 3}, y: []float64{1, -2, 1}, r: 0, tolR: 1e-15, p: 1, tolP: 1e-15},
		{name: "two points", x: []float64{1, 2}, y: []float64{5, 3}, r: -1, tolR: 1e-15, p: 1},
		{name: "constant", x: []float64{1, 2, 3}, y: []float64{2, 2, 2}, r: math.NaN(), p: math.NaN()},
		{name: "one point", x: []float64{1}, y: []float64{2}, r: math.NaN(), p: math.NaN()},
	} {
		r, p := Pearson(tc.x, tc.y)
		if !close(r, tc.r, tc.tolR) || !close(p, tc.p, tc.tolP) {
			t.Errorf("%s: Pearson = (%v, %v), want (%v, %v)", tc.name, r, p, tc.r, tc.p)
		}
	}
	// R's printed t for the Hollander-Wolfe data, recovered from our r.
	r, _ := Pearson([]float64{44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1},
		[]float64{2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8})
	if tt := r * math.Sqrt(7/(1-r*r)); !close(tt, 1.8411, 5e-5) {
		t.Errorf("Hollander-Wolfe t = %v, R prints 1.8411", tt)
	}
}

// Independent tool: gonum's stat.Correlation on random data.
func TestPearsonAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{3, 10, 1000} {
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
			y[i] = 0.5*x[i] + rng.NormFloat64()
		}
		want := stat.Correlation(x, y, nil)
		if r, _ := Pearson(x, y); !close(r, want, 1e-13) {
			t.Errorf("n=%d: r = %v, gonum gives %v", n, r, want)
		}
	}
}

func TestPearsonPanicsOnLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Pearson with different lengths did not panic")
		}
	}()
	Pearson([]float64{1, 2, 3}, []float64{1, 2})
}

func TestTTestWelch(t *testing.T) {
	for _, tc := range []struct {
		name              string
		a, b              []float64
		t, df, p          float64
		tolT, tolDF, tolP float64
		studentT          bool // equal sizes: t must equal TTestInd's t
		studentP          bool // equal sizes and variances: p must equal TTestInd's p
	}{
		// R documentation, ?t.test, Student's sleep data:
		// t.test(extra ~ group, data = sleep) (Welch, R's default) prints
		// "t = -1.8608, df = 17.776, p-value = 0.07939".
		{
			name: "R sleep",
			a:    []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0},
			b:    []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4},
			// close scales tol by |want|: these allow half a unit in R's
			// last printed digit.
			t: -1.8608, tolT: 5e-5 / 1.8608, df: 17.776, tolDF: 5e-4 / 17.776, p: 0.07939, tolP: 5e-6,
			studentT: true,
		},
		// By hand: means 2.5 and 6.75, SS 5 and 8.75, squared SEs
		// (5/3)/4 = 5/12 and (8.75/3)/4 = 35/48, so t = -4.25/sqrt(55/48) and
		// df = (55/48)² / (((5/12)² + (35/48)²)/3) = 363/65. The p-value
		// is golang.org/x/perf's TwoSampleWelchTTest on the same data
		// (rsc/benchstat internal/stats/ttest_test.go: t -3.9703446152237674,
		// df 5.584615384615385, p 0.0085128631313781695).
		{
			name: "hand + x/perf",
			a:    []float64{2, 1, 3, 4}, b: []float64{6, 5, 7, 9},
			t: -4.25 / math.Sqrt(55.0/48), tolT: 1e-14,
			df: 363.0 / 65, tolDF: 1e-14,
			p: 0.0085128631313781695, tolP: 1e-12,
			studentT: true,
		},
		// Equal sizes and equal variances (1 and 1): Welch's test is
		// Student's, t = -3/sqrt(2/3) with df = 2n-2 = 4; p from the
		// closed-form CDF.
		{
			name: "equal variances df=4",
			a:    []float64{1, 2, 3}, b: []float64{4, 5, 6},
			t: -3 / math.Sqrt(2.0/3), tolT: 1e-14, df: 4, tolDF: 1e-14,
			p: 2 * tCDF4(-3/math.Sqrt(2.0/3)), tolP: 1e-12,
			studentT: true, studentP: true,
		},
		// By hand: b is constant, so only a's variance (1) counts:
		// t = (2-5)/sqrt(1/3) = -3*sqrt(3) and df = na-1 = 2.
		{
			name: "one constant sample df=2",
			a:    []float64{1, 2, 3}, b: []float64{5, 5, 5, 5},
			t: -3 * math.Sqrt(3), tolT: 1e-14, df: 2, tolDF: 1e-14,
			p: 2 * tCDF2(-3*math.Sqrt(3)), tolP: 1e-12,
		},
		// By hand: b constant, a has mean 2.5 and variance 5/3:
		// t = (2.5-10)/sqrt(5/12), df = na-1 = 3.
		{
			name: "one constant sample df=3",
			a:    []float64{1, 2, 3, 4}, b: []float64{10, 10},
			t: -7.5 / math.Sqrt(5.0/12), tolT: 1e-14, df: 3, tolDF: 1e-14,
			p: 2 * tCDF3(-7.5/math.Sqrt(5.0/12)), tolP: 1e-12,
		},
		{
			name: "identical",
			a:    []float64{1, 2, 3, 4}, b: []float64{1, 2, 3, 4},
			t: 0, df: 6, tolDF: 1e-14, p: 1, tolP: 1e-15,
			studentT: true, studentP: true,
		},
		{name: "empty a", a: nil, b: []float64{1, 2, 3}, t: math.NaN(), df: math.NaN(), p: math.NaN()},
		{name: "one in a", a: []float64{1}, b: []float64{2, 3, 4}, t: math.NaN(), df: math.NaN(), p: math.NaN()},
		{name: "one in b", a: []float64{1, 2, 3}, b: []float64{4}, t: math.NaN(), df: math.NaN(), p: math.NaN()},
		{name: "both constant equal", a: []float64{1, 1}, b: []float64{1, 1, 1}, t: math.NaN(), df: math.NaN(), p: math.NaN()},
		{name: "both constant different", a: []float64{1, 1}, b: []float64{2, 2}, t: math.NaN(), df: math.NaN(), p: math.NaN()},
		{name: "NaN in data", a: []float64{1, math.NaN()}, b: []float64{2, 3}, t: math.NaN(), df: math.NaN(), p: math.NaN()},
	} {
		gt, gdf, gp := TTestWelch(tc.a, tc.b)
		if !close(gt, tc.t, tc.tolT) || !close(gdf, tc.df, tc.tolDF) || !close(gp, tc.p, tc.tolP) {
			t.Errorf("%s: TTestWelch = (%v, %v, %v), want (%v, %v, %v)", tc.name, gt, gdf, gp, tc.t, tc.df, tc.p)
		}
		// Swapping the samples flips t and keeps df and p.
		st, sdf, sp := TTestWelch(tc.b, tc.a)
		if !close(st, -gt, 1e-15) || !close(sdf, gdf, 1e-15) || !close(sp, gp, 1e-15) {
			t.Errorf("%s: swapped gives (%v, %v, %v), want (%v, %v, %v)", tc.name, st, sdf, sp, -gt, gdf, gp)
		}
		// With equal sizes the Welch and pooled statistics coincide; with
		// equal variances too, so do the p-values.
		if tc.studentT {
			it, ip := TTestInd(tc.a, tc.b)
			if !close(gt, it, 1e-13) {
				t.Errorf("%s: Welch t %v, Student t %v; equal sizes should agree", tc.name, gt, it)
			}
			if tc.studentP && !close(gp, ip, 1e-12) {
				t.Errorf("%s: Welch p %v, Student p %v; equal variances should agree", tc.name, gp, ip)
			}
		}
	}
}

// Welch's degrees of freedom lie between min(na, nb)-1 and na+nb-2
// (Welch 1947), whatever the data.
func TestTTestWelchDFBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 500 {
		a := make([]float64, 2+rng.IntN(20))
		b := make([]float64, 2+rng.IntN(20))
		sa, sb := math.Exp(3*rng.NormFloat64()), math.Exp(3*rng.NormFloat64())
		for i := range a {
			a[i] = sa * rng.NormFloat64()
		}
		for i := range b {
			b[i] = 1 + sb*rng.NormFloat64()
		}
		_, df, p := TTestWelch(a, b)
		lo, hi := float64(min(len(a), len(b))-1), float64(len(a)+len(b)-2)
		if !(df >= lo*(1-1e-12) && df <= hi*(1+1e-12)) || !(p >= 0 && p <= 1) {
			t.Fatalf("trial %d (na %d, nb %d): df = %v outside [%v, %v] or p = %v", trial, len(a), len(b), df, lo, hi, p)
		}
	}
}

// Anscombe's first data set (Anscombe 1973, R's datasets::anscombe x1, y1):
// R's lm(y1 ~ x1) gives intercept 3.0001 and slope 0.5001.
func TestLeastSquaresAnscombe(t *testing.T) {
	x := []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	y := []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
	slope, intercept := LeastSquares(x, y)
	if math.Abs(slope-0.5001) > 5e-5 || math.Abs(intercept-3.0001) > 5e-5 {
		t.Errorf("slope %v, intercept %v; R gives 0.5001, 3.0001", slope, intercept)
	}
	if s, i := LeastSquares([]float64{2, 2}, []float64{1, 3}); !math.IsNaN(s) || !math.IsNaN(i) {
		t.Errorf("one distinct x: %v, %v, want NaN", s, i)
	}
}

func TestLeastSquares(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		name         string
		x, y         []float64
		slope, icept float64
	}{
		{"exact line", []float64{0, 1, 2, 3}, []float64{1, 3, 5, 7}, 2, 1},
		// By hand: deviations x (-1, 0, 1), y (-1, 1, 0): Sxy = 1, Sxx = 2,
		// slope 1/2 through the means (1, 1): intercept 1/2.
		{"noisy", []float64{0, 1, 2}, []float64{0, 2, 1}, 0.5, 0.5},
		{"one point", []float64{1}, []float64{1}, nan, nan},
		{"vertical", []float64{2, 2}, []float64{1, 3}, nan, nan},
	} {
		slope, icept := LeastSquares(tt.x, tt.y)
		same := func(a, b float64) bool { return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-15 }
		if !same(slope, tt.slope) || !same(icept, tt.icept) {
			t.Errorf("%s: (%v, %v), want (%v, %v)", tt.name, slope, icept, tt.slope, tt.icept)
		}
	}
}

// Ranks give ties their mean rank; Spearman's rho is Pearson's r of the
// ranks: 1 for any increasing relation, and on a tied example the value
// worked by hand.
func TestSpearman(t *testing.T) {
	if got := Ranks([]float64{10, 20, 20, 5}); !slices.Equal(got, []float64{2, 3.5, 3.5, 1}) {
		t.Errorf("ranks %v", got)
	}
	if rho, _ := Spearman([]float64{1, 2, 3, 4}, []float64{1, 8, 27, 64}); math.Abs(rho-1) > 1e-12 {
		t.Errorf("monotone: rho %v", rho)
	}
	// Ranks 1, 2.5, 2.5, 4, 5 and 2, 1, 3.5, 3.5, 5: both have a sum of
	// squared deviations of 9.5, their cross product 7.25.
	if rho, _ := Spearman([]float64{1, 2, 2, 3, 5}, []float64{2, 1, 4, 4, 6}); math.Abs(rho-7.25/9.5) > 1e-12 {
		t.Errorf("tied: rho %v", rho)
	}
}
