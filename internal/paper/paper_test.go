package paper

import (
	"math"
	"testing"

	"github.com/presyn/presyn/internal/stats"
)

// TestMatches holds PAPER_RESULTS.md's rule: within 3 combined SE, or within 1.5
// points where the paper's SE is below half a point; NaN and Inf never match.
func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		ours  stats.Estimate
		paper Value
		want  bool
	}{
		{stats.Estimate{Mean: 82.61, SE: 0.21}, Percent(82.90, 0.01, "tab1: Split MNIST"), true},  // within 1.5 points, the paper's SE below 0.5
		{stats.Estimate{Mean: 82.0, SE: 0.5}, Percent(82.90, 0.01, "tab1: Split MNIST"), true},    // 0.9 points
		{stats.Estimate{Mean: 81.3, SE: 0.5}, Percent(82.90, 0.01, "tab1: Split MNIST"), false},   // 1.6 points; 3 SE = 1.5
		{stats.Estimate{Mean: 81.03, SE: 0.16}, Percent(77.68, 0.31, "tab1: Split MNIST"), false}, // 3.35 points, 3 combined SE 1.05
		{stats.Estimate{Mean: 89.0, SE: 0.5}, Percent(89.58, 0.53, "tab1: Perm. MNIST"), true},    // within 3 combined SE (2.19)
		{stats.Estimate{Mean: 84.0, SE: 1.0}, Percent(86.14, 0.67, "tab1: Perm. MNIST"), true},    // 3 combined SE = 3.6
		{stats.Estimate{Mean: 80.0, SE: 0.5}, Percent(86.14, 0.67, "tab1: Perm. MNIST"), false},
		{stats.Estimate{Mean: 0.8907, SE: 0.0100}, Fraction(0.9390, 4, "fig3c"), false}, // 0.048 away, 3 SE 0.03
		{stats.Estimate{Mean: 0.490, SE: 0.010}, Fraction(0.505, 3, "fig3a"), true},     // within 1.5 points of 0.01
		{stats.Estimate{Mean: 0.5, SE: math.NaN()}, Fraction(0.5, 1, "x"), true},        // no SE: one seed
		{stats.Estimate{Mean: 3.0, SE: 0.5}, Percent(1.4, 0, "fig5a"), false},           // a drop 1.6 points off
		{stats.Estimate{Mean: 2.8, SE: 0.5}, Percent(1.4, 0, "fig5a"), true},            // 1.4 points off
		{stats.Estimate{Mean: math.NaN(), SE: 0}, Percent(80, 1, "x"), false},
		{stats.Estimate{Mean: math.Inf(1), SE: 0}, Percent(80, 1, "x"), false},
		{stats.Estimate{Mean: 80, SE: math.Inf(1)}, Percent(80, 1, "x"), false}, // an infinite SE is a damaged number
		{stats.Estimate{Mean: 60, SE: math.Inf(1)}, Percent(80, 1, "x"), false},
	} {
		if got := Matches(tt.ours, tt.paper); got != tt.want {
			t.Errorf("Matches(%v ± %v, paper %v) = %v", tt.ours.Mean, tt.ours.SE, tt.paper, got)
		}
	}
}
