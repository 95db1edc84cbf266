package stats_test

import (
	"fmt"

	"github.com/presyn/presyn/internal/stats"
)

func ExampleMeanSE() {
	// Final test accuracies of one model over three seeds.
	acc := []float64{0.91, 0.93, 0.92}
	m, se := stats.MeanSE(acc)
	fmt.Printf("%.3f ± %.4f\n", m, se)
	// Output: 0.920 ± 0.0058
}

func ExampleTTestInd() {
	// Student's sleep data (R's sleep dataset): extra hours of sleep under
	// two drugs. R: t = -1.8608, df = 18, p-value = 0.07919.
	drug1 := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	drug2 := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	t, p := stats.TTestInd(drug1, drug2)
	fmt.Printf("t = %.4f, p = %.5f\n", t, p)
	// Output: t = -1.8608, p = 0.07919
}

func ExamplePearson() {
	// Hollander & Wolfe (1973) tuna data from R's ?cor.test.
	x := []float64{44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1}
	y := []float64{2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8}
	r, p := stats.Pearson(x, y)
	fmt.Printf("r = %.7f, p = %.4f\n", r, p)
	// Output: r = 0.5711816, p = 0.1082
}

func ExampleKSTwoSample() {
	a := []float64{1, 2, 3}
	b := []float64{4, 5, 6}
	d, p := stats.KSTwoSample(a, b)
	fmt.Printf("asymptotic: D = %.2f, p = %.4f\n", d, p)
	d, p = stats.KSTwoSampleExact(a, b)
	fmt.Printf("exact:      D = %.2f, p = %.4f\n", d, p)
	// Output:
	// asymptotic: D = 1.00, p = 0.0996
	// exact:      D = 1.00, p = 0.1000
}

func ExampleTTestWelch() {
	// Student's sleep data again, without assuming equal variances: R's
	// default t.test(extra ~ group, data = sleep) prints
	// t = -1.8608, df = 17.776, p-value = 0.07939.
	drug1 := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	drug2 := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	t, df, p := stats.TTestWelch(drug1, drug2)
	fmt.Printf("t = %.4f, df = %.3f, p = %.5f\n", t, df, p)
	// Output: t = -1.8608, df = 17.776, p = 0.07939
}
