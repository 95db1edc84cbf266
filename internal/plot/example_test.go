package plot_test

import (
	"fmt"
	"math"
	"os"

	"github.com/presyn/presyn/internal/plot"
)

func ExampleFinite() {
	x := []float64{1, 2, 3, 4}
	y := []float64{0.5, math.NaN(), 0.7, math.Inf(1)}
	kept, dropped := plot.Finite("accuracy", x, y)
	fmt.Println(kept[0], kept[1])
	plot.ReportDropped(os.Stdout, "fig", dropped)
	// Output:
	// [1 3] [0.5 0.7]
	// plot: fig: series "accuracy": dropped 2 of 4 points with NaN or Inf
}

func ExampleStars() {
	for _, p := range []float64{0.001, 0.03, 0.2} {
		fmt.Print(plot.Stars(p), " ")
	}
	// Output: ** * n.s.
}

// A two-bar chart with SE error bars and a significance bracket over both bars. The
// bars rise from 0 and so does the y axis: no Base, no p.Y.Min.
func ExampleBars() {
	p := plot.New("", "", "mean accuracy")
	bars := plot.Bars{
		Groups: []string{"standard", "presyn"},
		Series: []plot.BarSeries{{Means: []float64{0.70, 0.78}, SEs: []float64{0.01, 0.01}}},
	}
	if _, err := bars.Add(p); err != nil {
		fmt.Println(err)
		return
	}
	y := math.Max(bars.Top(0, 0), bars.Top(0, 1)) + 0.02
	if err := plot.Significance(p, bars.X(0, 0), bars.X(0, 1), y, 0.01, plot.Stars(0.004)); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("bars at x = %.1f and %.1f, bracket at y = %.2f\n", bars.X(0, 0), bars.X(0, 1), y)
	// Output: bars at x = 0.0 and 1.0, bracket at y = 0.81
}

// Release probabilities of two groups of synapses, binned on shared edges as
// densities (each series' bars have area 1), with a dashed reference line at
// p = 0.9. Heights gives the numbers Add draws.
func ExampleHistogram() {
	p := plot.New("", "release probability", "density")
	h := plot.Histogram{
		Series: []plot.HistSeries{
			{Name: "important", Values: []float64{0.95, 0.85, 0.92, 0.97, math.NaN()}},
			{Name: "unimportant", Values: []float64{0.1, 0.3, 0.35, 0.6, 0.92}},
		},
		Edges: plot.LinearEdges(0, 1, 4),
	}
	dropped, err := h.Add(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	ref := plot.NewRefLine(0.9)
	p.Add(ref)
	p.Legend.Add("p = 0.9", ref)
	plot.ReportDropped(os.Stdout, "fig", dropped...)

	edges, heights, _, _ := h.Heights()
	fmt.Println("edges:", edges)
	for s, hs := range heights {
		fmt.Println(h.Series[s].Name+":", hs)
	}
	// Output:
	// plot: fig: series "important": dropped 1 of 5 points with NaN or Inf
	// edges: [0 0.25 0.5 0.75 1]
	// important: [0 0 0 4]
	// unimportant: [0.8 1.6 0.8 0.8]
}
