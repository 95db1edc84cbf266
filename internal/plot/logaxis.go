package plot

import (
	"fmt"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
)

// LogX puts p's x axis on a base-10 log scale with ticks at powers of ten. Call it
// after adding the data, all of which must be positive on that axis: gonum/plot's
// LogScale panics while drawing on any value <= 0, and so would an axis range that
// reaches 0. Histogram with LogBins and Scatter with LogX drop such values for
// this. LogX returns an error, and leaves the axis linear, when the axis range is
// not positive (or the plot has no data yet); a range of a single value is widened
// to a factor of 2 each side, since gonum would widen it by ±1.
//
// Unlike gonum's LogTicks alone, the ticks always label at least two values in
// range (1-2-5 steps within a decade) and thin out the labels over many decades.
// Pad afterwards pads in log space.
func LogX(p *gplot.Plot) error { return logAxis(&p.X, "x") }

// LogY is LogX for the y axis. Bars and histograms start at 0 and cannot go on it.
func LogY(p *gplot.Plot) error { return logAxis(&p.Y, "y") }

func logAxis(ax *gplot.Axis, name string) error {
	if !(ax.Min > 0 && ax.Max >= ax.Min) || math.IsInf(ax.Max, 0) {
		return fmt.Errorf("plot: log %s axis needs a positive range, have [%v, %v]", name, ax.Min, ax.Max)
	}
	if ax.Min == ax.Max {
		ax.Min, ax.Max = ax.Min/2, ax.Max*2
	}
	ax.Scale = gplot.LogScale{}
	ax.Tick.Marker = logTicks{}
	return nil
}

// isLog reports whether ax has a log scale.
func isLog(ax *gplot.Axis) bool {
	_, ok := ax.Scale.(gplot.LogScale)
	return ok
}

// logTicks marks a log axis: a major tick at each power of ten, minor ticks at its
// multiples 2..9. It never panics: for a range that is not positive it returns no
// ticks. gonum's LogTicks labels nothing when the range lies within one decade
// (say 0.2 to 0.9), and starts a decade late below 1; this does neither.
type logTicks struct{}

// maxLogLabels is about the most decade labels that fit a single-column axis.
const maxLogLabels = 6

// Ticks implements gplot.Ticker.
func (logTicks) Ticks(lo, hi float64) []gplot.Tick {
	if !(lo > 0 && hi >= lo) || math.IsInf(hi, 0) {
		return nil
	}
	const slack = 1e-9 // keep ticks at the very ends despite rounding
	k0 := int(math.Floor(math.Log10(lo)))
	k1 := int(math.Ceil(math.Log10(hi)))
	decades := k1 - k0
	stride := max(1, (decades+maxLogLabels-1)/maxLogLabels)
	minor := decades <= 2*maxLogLabels // minor ticks only while they are not a smear

	type mark struct {
		v    float64
		m, k int
	}
	var marks []mark
	for k := k0; k <= k1; k++ {
		for m := 1; m <= 9; m++ {
			if m > 1 && !minor {
				break
			}
			// Parsing "me-k" gives the float nearest m×10^k, whose shortest
			// form is clean ("0.003", not "0.0030000000000000005").
			v, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", m, k), 64)
			if v >= lo*(1-slack) && v <= hi*(1+slack) {
				marks = append(marks, mark{v, m, k})
			}
		}
	}
	label := func(keep func(mark) bool) []gplot.Tick {
		ticks := make([]gplot.Tick, len(marks))
		n := 0
		for i, mk := range marks {
			ticks[i].Value = mk.v
			if keep(mk) {
				ticks[i].Label = strconv.FormatFloat(mk.v, 'g', -1, 64)
				n++
			}
		}
		if n < 2 {
			return nil
		}
		return ticks
	}
	if t := label(func(mk mark) bool { return mk.m == 1 && ((mk.k%stride)+stride)%stride == 0 }); t != nil {
		return t
	}
	if t := label(func(mk mark) bool { return mk.m == 1 || mk.m == 2 || mk.m == 5 }); t != nil {
		return t
	}
	if t := label(func(mark) bool { return true }); t != nil {
		return t
	}
	// A range narrower than the gap between two multiples: label its ends.
	return []gplot.Tick{
		{Value: lo, Label: strconv.FormatFloat(lo, 'g', 3, 64)},
		{Value: hi, Label: strconv.FormatFloat(hi, 'g', 3, 64)},
	}
}
