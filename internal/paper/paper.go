package paper

import (
	"fmt"
	"math"
	"strconv"

	"github.com/presyn/presyn/internal/stats"
)

// Value is a number the paper states, with the standard error it gives (0 where
// it gives none).
type Value struct {
	Mean, SE float64
	// Point is what "a point" of the tolerance rule is for this number: 1 for a
	// percentage or a difference in points, 0.01 for a fraction or a
	// correlation.
	Point float64
	// Digits is how many decimals the paper writes it with.
	Digits int
	// Source is where PAPER_RESULTS.md states the number: its artefact row, or
	// "tab1: <benchmark>, <method>" for a cell of Appendix 1 table 1.
	Source string
}

// Percent is a value in percent (a point is 1).
func Percent(mean, se float64, source string) Value {
	return Value{Mean: mean, SE: se, Point: 1, Digits: 2, Source: source}
}

// Fraction is a value between -1 and 1, such as a correlation, that the paper
// writes with digits decimals and without an SE (a point is 0.01).
func Fraction(mean float64, digits int, source string) Value {
	return Value{Mean: mean, Point: 0.01, Digits: digits, Source: source}
}

// String writes the value as the paper does: with its digits, and its SE where
// it gives one.
func (v Value) String() string {
	if v.SE == 0 {
		return strconv.FormatFloat(v.Mean, 'f', v.Digits, 64)
	}
	return fmt.Sprintf("%.*f ± %.*f", v.Digits, v.Mean, v.Digits, v.SE)
}

// Matches reports whether a reproduced estimate matches the paper's value by
// PAPER_RESULTS.md's rule: within 3 combined standard errors, or within 1.5
// points where the paper's SE is below half a point. An estimate without an SE
// (NaN: one seed) has SE 0. A mean that is NaN or infinite, or an infinite SE,
// never matches.
func Matches(ours stats.Estimate, paper Value) bool {
	if !stats.Finite(ours.Mean) || math.IsInf(ours.SE, 0) {
		return false
	}
	se := ours.SE
	if math.IsNaN(se) {
		se = 0
	}
	d := math.Abs(ours.Mean - paper.Mean)
	if paper.SE < 0.5*paper.Point && d <= 1.5*paper.Point {
		return true
	}
	return d <= 3*math.Hypot(se, paper.SE)
}
