package plot

import (
	"fmt"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
)

// Ticker marks a linear axis with about Labels labelled ticks at round steps (1, 2
// or 5 times a power of ten) and unlabelled minor ticks between them. Each label has
// the fewest digits that tell the ticks apart: a fraction reads "0 0.2 0.4", a
// count axis "0 200 400", never "0.00 200.00". A tick at zero is exactly 0, so
// it never reads "1e-12". New gives both axes a Ticker; Bars, Ticks and LogX replace
// it where positions are known or the scale is not linear.
type Ticker struct {
	// Labels is about how many labelled ticks the axis gets; 0 means 5. The
	// step is the round one that comes nearest, with at least two labels in
	// range.
	Labels int
	// Integer keeps the step a whole number, for counts such as neurons or
	// tasks: a range of 0 to 3 reads "0 1 2 3", not "0 0.5 1 ...".
	Integer bool
}

// defaultTickLabels is about how many labelled ticks fit a single-column axis
// without crowding.
const defaultTickLabels = 5

// Ticks implements gplot.Ticker. It returns no ticks for a range that is not
// finite, and one labelled tick for a range of a single value.
func (t Ticker) Ticks(lo, hi float64) []gplot.Tick {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi < lo {
		return nil
	}
	if span := hi - lo; span <= 1e-12*math.Max(math.Abs(lo), math.Abs(hi)) || span == 0 {
		return []gplot.Tick{{Value: lo, Label: formatTick(lo, true)}}
	}
	want := t.Labels
	if want <= 0 {
		want = defaultTickLabels
	}
	m, k := niceStep(lo, hi, want, t.Integer)
	major := tickValues(lo, hi, m, k)
	// Minor ticks divide a step of 1 or 5 in five, a step of 2 in four (halves
	// and whole numbers on a step of 2); none on an integer axis below 1.
	div := 5
	if m == 2 {
		div = 4
	}
	var ticks []gplot.Tick
	if !(t.Integer && float64(m)*math.Pow(10, float64(k))/float64(div) < 1) {
		// m×10^k / div as (m×10/div)×10^(k-1): 1/5 → 2, 2/4 → 5, 5/5 → 10.
		mm, kk := m*10/div, k-1
		for _, v := range tickValues(lo, hi, mm, kk) {
			ticks = append(ticks, gplot.Tick{Value: v})
		}
	}
	sci := k < -4 || math.Max(math.Abs(lo), math.Abs(hi)) >= 1e6
	for _, v := range major {
		label := formatTick(v, sci)
		replaced := false
		for i := range ticks {
			if ticks[i].Value == v {
				ticks[i].Label, replaced = label, true
				break
			}
		}
		if !replaced {
			ticks = append(ticks, gplot.Tick{Value: v, Label: label})
		}
	}
	return ticks
}

// niceStep returns the round step m×10^k (m one of 1, 2, 5) whose number of ticks
// in [lo, hi] is nearest want, among those that label at least two; integer steps
// are at least 1.
func niceStep(lo, hi float64, want int, integer bool) (m, k int) {
	e := int(math.Floor(math.Log10((hi - lo) / float64(want))))
	bestM, bestK, bestD := 0, 0, math.MaxInt
	for kk := e - 1; kk <= e+2; kk++ {
		if integer && kk < 0 {
			continue
		}
		for _, mm := range []int{1, 2, 5} {
			n := len(tickValues(lo, hi, mm, kk))
			if n < 2 {
				continue
			}
			d := n - want
			if d < 0 {
				d = -d
			}
			if d < bestD {
				bestM, bestK, bestD = mm, kk, d
			}
		}
	}
	if bestD == math.MaxInt { // no round step labels two values: the finest one
		if integer {
			return 1, 0
		}
		return 1, e - 1
	}
	return bestM, bestK
}

// tickValues returns the multiples of m×10^k in [lo, hi], each the float nearest
// its exact value, so that 3 × 0.1 is 0.3 and a multiple of zero is 0. It returns
// nil for more than 1000 of them.
func tickValues(lo, hi float64, m, k int) []float64 {
	step := float64(m) * math.Pow(10, float64(k))
	const slack = 1e-9 // keep ticks at the very ends despite rounding
	first := math.Ceil(lo/step - slack)
	last := math.Floor(hi/step + slack)
	if last-first > 1000 {
		return nil
	}
	var vs []float64
	for i := first; i <= last; i++ {
		v, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", int64(i)*int64(m), k), 64)
		vs = append(vs, v)
	}
	return vs
}

// formatTick writes a tick value in its shortest form, which for the round values
// tickValues makes is also the fewest digits that tell neighbours apart ("0.2",
// "1", "250"), with an exponent for very small or large magnitudes (sci); 0 is
// always "0".
func formatTick(v float64, sci bool) string {
	if v == 0 {
		return "0"
	}
	if sci {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
