package paper

import (
	"math"
	"strings"
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

// The published code's runs are read from the embedded file: per cell their
// mean in percent, SE over seeds (0 for one run) and source; a cell missing
// the paper but meeting the code is judged so.
func TestPublishedCode(t *testing.T) {
	p, ok := PublishedCode("split-mnist", "presyn")
	if !ok || p.N != 3 || p.Seeds != "2019,2020,2021" || math.Abs(p.Mean-82.973333) > 1e-4 || !(p.SE > 0.2 && p.SE < 0.4) ||
		!strings.Contains(p.Source, "presynaptic-stochasticity@ba8e41c") {
		t.Errorf("split-mnist presyn: %+v, %v", p, ok)
	}
	b, ok := PublishedCode("perm-mnist", "bgd")
	if !ok || b.N != 1 || b.SE != 0 || math.Abs(b.Mean-86.1172) > 1e-9 || !strings.Contains(b.Setting, "xavier") {
		t.Errorf("perm-mnist bgd: %+v, %v", b, ok)
	}
	if _, ok := PublishedCode("split-mnist", "ewc"); ok {
		t.Error("a published-code EWC run that does not exist")
	}
	paperBGD := Percent(89.73, 0.52, "tab1")
	tests := []struct {
		ours float64
		want Verdict
	}{
		{89.5, Matched},
		{85.5, MatchesPublishedOnly}, // 0.6 from the log's 86.12, 4.2 below the paper
		{80, Differs},
	}
	for _, tt := range tests {
		if got := JudgeCell(stats.Estimate{Mean: tt.ours, SE: 0.3}, paperBGD, &b); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.ours, got, tt.want)
		}
	}
	if got := JudgeCell(stats.Estimate{Mean: 85.5, SE: 0.3}, paperBGD, nil); got != Differs {
		t.Errorf("without published code: %s", got)
	}
}
