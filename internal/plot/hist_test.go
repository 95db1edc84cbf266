package plot

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// near reports whether got and want agree to within tol, element by element.
func near(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			return false
		}
	}
	return true
}

func TestBinCounts(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		name        string
		values      []float64
		edges       []float64
		want        []float64
		wantOutside int
	}{
		// By hand: bins [0,1) [1,2) [2,4]; a value on an inner edge goes right,
		// the last edge belongs to the last bin; -1, 5 and NaN are outside.
		{"edges", []float64{0, 0.5, 1, 1.5, 2, 3.9, 4, -1, 5, nan}, []float64{0, 1, 2, 4}, []float64{2, 2, 3}, 3},
		{"one bin", []float64{1, 2, 3}, []float64{1, 3}, []float64{3}, 0},
		{"empty", nil, []float64{0, 1, 2}, []float64{0, 0}, 0},
		{"all outside", []float64{-2, 7}, []float64{0, 1, 2}, []float64{0, 0}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, outside := BinCounts(tt.values, tt.edges)
			if !near(got, tt.want, 0) || outside != tt.wantOutside {
				t.Errorf("BinCounts = %v, %d outside; want %v, %d", got, outside, tt.want, tt.wantOutside)
			}
		})
	}
}

func TestBinCountsPanicsOnBadEdges(t *testing.T) {
	for _, edges := range [][]float64{nil, {1}, {0, 2, 1}, {0, 0, 1}, {0, math.NaN()}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("BinCounts with edges %v did not panic", edges)
				}
			}()
			BinCounts([]float64{1}, edges)
		}()
	}
}

func TestEdges(t *testing.T) {
	lin := LinearEdges(-1, 1, 4)
	if want := []float64{-1, -0.5, 0, 0.5, 1}; !near(lin, want, 1e-15) || lin[4] != 1 {
		t.Errorf("LinearEdges(-1, 1, 4) = %v, want %v", lin, want)
	}
	// Log edges are geometric: a constant ratio, here (1000/0.001)^(1/6) = 10,
	// with both ends exact.
	lg := LogEdges(0.001, 1000, 6)
	if lg[0] != 0.001 || lg[6] != 1000 {
		t.Errorf("LogEdges ends %v, %v, want 0.001, 1000", lg[0], lg[6])
	}
	for i := 1; i < len(lg); i++ {
		if r := lg[i] / lg[i-1]; math.Abs(r-10) > 1e-12 {
			t.Errorf("LogEdges ratio %d = %v, want 10", i, r)
		}
	}
	// A ratio that is not a power of ten: 2^(1/4) per bin from 1 to 2.
	lg = LogEdges(1, 2, 4)
	for i := 1; i < len(lg); i++ {
		if r := lg[i] / lg[i-1]; math.Abs(r-math.Pow(2, 0.25)) > 1e-14 {
			t.Errorf("LogEdges(1, 2, 4) ratio %d = %v, want 2^(1/4)", i, r)
		}
	}
	for _, bad := range []func(){
		func() { LinearEdges(1, 1, 3) },
		func() { LinearEdges(0, 1, 0) },
		func() { LinearEdges(0, math.Inf(1), 3) },
		func() { LogEdges(0, 1, 3) },
		func() { LogEdges(-1, 1, 3) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("bad edge request did not panic")
				}
			}()
			bad()
		}()
	}
}

func TestHistogramHeights(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	ramp := []float64{1, 2, 2, 3, 3, 3, 4, 4, 4, 4} // one 1, two 2s, three 3s, four 4s
	for _, tt := range []struct {
		name      string
		h         Histogram
		wantEdges []float64
		want      [][]float64
		wantDrop  []Dropped
	}{
		{
			// Unit bins centred on 1..4: counts 1, 2, 3, 4 of n = 10.
			name:      "density unit bins",
			h:         Histogram{Series: []HistSeries{{Values: ramp}}, Edges: []float64{0.5, 1.5, 2.5, 3.5, 4.5}},
			wantEdges: []float64{0.5, 1.5, 2.5, 3.5, 4.5},
			want:      [][]float64{{0.1, 0.2, 0.3, 0.4}},
			wantDrop:  []Dropped{{Series: "series 1", Of: 10}},
		},
		{
			// Bins [0,2) and [2,4] of width 2 hold 1 and 9: density 1/(10*2)
			// and 9/(10*2); fraction 0.1 and 0.9.
			name:      "density wide bins",
			h:         Histogram{Series: []HistSeries{{Values: ramp}}, Edges: []float64{0, 2, 4}},
			wantEdges: []float64{0, 2, 4},
			want:      [][]float64{{0.05, 0.45}},
			wantDrop:  []Dropped{{Series: "series 1", Of: 10}},
		},
		{
			name:      "fraction",
			h:         Histogram{Series: []HistSeries{{Values: ramp}}, Edges: []float64{0, 2, 4}, Norm: HistFraction},
			wantEdges: []float64{0, 2, 4},
			want:      [][]float64{{0.1, 0.9}},
			wantDrop:  []Dropped{{Series: "series 1", Of: 10}},
		},
		{
			name:      "count",
			h:         Histogram{Series: []HistSeries{{Values: ramp}}, Edges: []float64{0, 2, 4}, Norm: HistCount},
			wantEdges: []float64{0, 2, 4},
			want:      [][]float64{{1, 9}},
			wantDrop:  []Dropped{{Series: "series 1", Of: 10}},
		},
		{
			// Automatic edges span both series: 0..4 in 4 unit bins. a has
			// 0, 1, 2 (and a NaN, an Inf dropped); b has 2, 4, 4, 3.
			name: "auto edges shared",
			h: Histogram{Series: []HistSeries{
				{Name: "a", Values: []float64{0, 1, nan, 2, inf}},
				{Name: "b", Values: []float64{2, 4, 4, 3}},
			}, Bins: 4, Norm: HistCount},
			wantEdges: []float64{0, 1, 2, 3, 4},
			want:      [][]float64{{1, 1, 1, 0}, {0, 0, 1, 3}},
			wantDrop:  []Dropped{{Series: "a", Points: 2, Of: 5}, {Series: "b", Of: 4}},
		},
		{
			// Given edges leave -3 and 9 out; n = 4 counts only what is binned.
			name:      "out of range",
			h:         Histogram{Series: []HistSeries{{Name: "s", Values: []float64{-3, 0.5, 1.5, 1.5, 1.9, 9}}}, Edges: []float64{0, 1, 2}, Norm: HistFraction},
			wantEdges: []float64{0, 1, 2},
			want:      [][]float64{{0.25, 0.75}},
			wantDrop:  []Dropped{{Series: "s", Points: 2, Of: 6, OutOfRange: 2}},
		},
		{
			// Three decades from 0.001 to 1 hold 1, 1 and 2 values (1 closes the
			// last bin); -1 and 0 cannot be shown on a log axis, NaN not at all.
			// Density per decade: 1/4, 1/4, 2/4.
			name: "log bins",
			h: Histogram{Series: []HistSeries{{Name: "p", Values: []float64{0.001, 0.01, 0.1, 1, -1, 0, nan}}},
				Bins: 3, LogBins: true},
			wantEdges: []float64{0.001, 0.01, 0.1, 1},
			want:      [][]float64{{0.25, 0.25, 0.5}},
			wantDrop:  []Dropped{{Series: "p", Points: 3, Of: 7, NonPositive: 2}},
		},
		{
			// Precomputed counts on bins of width 1 and 2, summed to n = 8:
			// density 2/(8*1) and 6/(8*2). The NaN bin is dropped as empty.
			name:      "counts",
			h:         Histogram{Series: []HistSeries{{Name: "seeds", Counts: []float64{2, 6, nan}}}, Edges: []float64{0, 1, 3, 4}},
			wantEdges: []float64{0, 1, 3, 4},
			want:      [][]float64{{0.25, 0.375, 0}},
			wantDrop:  []Dropped{{Series: "seeds", Points: 1, Of: 3}},
		},
		{
			// One distinct value: bins half a unit to each side.
			name:      "single value",
			h:         Histogram{Series: []HistSeries{{Values: []float64{3, 3}}}, Bins: 2, Norm: HistCount},
			wantEdges: []float64{2.5, 3, 3.5},
			want:      [][]float64{{0, 2}},
			wantDrop:  []Dropped{{Series: "series 1", Of: 2}},
		},
		{
			// A series with nothing left draws nothing; the other still does.
			name: "one empty series",
			h: Histogram{Series: []HistSeries{{Name: "gone", Values: []float64{nan}}, {Name: "kept", Values: []float64{1, 2}}},
				Edges: []float64{0, 4}, Norm: HistCount},
			wantEdges: []float64{0, 4},
			want:      [][]float64{nil, {2}},
			wantDrop:  []Dropped{{Series: "gone", Points: 1, Of: 1}, {Series: "kept", Of: 2}},
		},
		{
			name:     "nothing at all",
			h:        Histogram{Series: []HistSeries{{Values: []float64{nan}}}},
			want:     [][]float64{nil},
			wantDrop: []Dropped{{Series: "series 1", Points: 1, Of: 1}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			edges, heights, drops, err := tt.h.Heights()
			if err != nil {
				t.Fatal(err)
			}
			if !near(edges, tt.wantEdges, 1e-15) {
				t.Errorf("edges %v, want %v", edges, tt.wantEdges)
			}
			if len(heights) != len(tt.want) {
				t.Fatalf("%d series of heights, want %d", len(heights), len(tt.want))
			}
			for s := range tt.want {
				if (heights[s] == nil) != (tt.want[s] == nil) || !near(heights[s], tt.want[s], 1e-15) {
					t.Errorf("series %d heights %v, want %v", s, heights[s], tt.want[s])
				}
			}
			if len(drops) != len(tt.wantDrop) {
				t.Fatalf("dropped %v, want %v", drops, tt.wantDrop)
			}
			for s := range drops {
				if drops[s] != tt.wantDrop[s] {
					t.Errorf("dropped %+v, want %+v", drops[s], tt.wantDrop[s])
				}
			}
		})
	}
}

// Density heights integrate to 1: over x for linear bins (even of unequal
// widths), over log10 x for log bins; fractions sum to 1.
func TestHistogramDensityIntegratesToOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([]float64, 1000)
	for i := range values {
		values[i] = math.Exp(rng.NormFloat64())
	}
	for _, h := range []Histogram{
		{Bins: 17},
		{Edges: []float64{0, 0.1, 0.5, 1, 2, 5, 100}},
		{Bins: 25, LogBins: true},
		{Edges: []float64{0.01, 0.1, 0.3, 1, 10, 1000}, LogBins: true},
	} {
		h.Series = []HistSeries{{Name: "lognormal", Values: values}}
		edges, heights, _, err := h.Heights()
		if err != nil {
			t.Fatal(err)
		}
		var area float64
		for i, y := range heights[0] {
			width := edges[i+1] - edges[i]
			if h.LogBins {
				width = math.Log10(edges[i+1] / edges[i])
			}
			area += y * width
		}
		if math.Abs(area-1) > 1e-12 {
			t.Errorf("bins %d, edges %v, log %v: area %v, want 1", h.Bins, h.Edges, h.LogBins, area)
		}
		h.Norm = HistFraction
		_, heights, _, _ = h.Heights()
		var sum float64
		for _, y := range heights[0] {
			sum += y
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("bins %d, edges %v, log %v: fractions sum to %v, want 1", h.Bins, h.Edges, h.LogBins, sum)
		}
	}
}

// Automatic log bins are geometric and span the positive values exactly.
func TestHistogramLogBinsGeometric(t *testing.T) {
	h := Histogram{Series: []HistSeries{{Values: []float64{0.002, 0.5, -3, 0, 20}}}, Bins: 8, LogBins: true}
	edges, _, drops, err := h.Heights()
	if err != nil {
		t.Fatal(err)
	}
	if edges[0] != 0.002 || edges[len(edges)-1] != 20 || len(edges) != 9 {
		t.Fatalf("edges %v, want 9 from 0.002 to 20", edges)
	}
	want := math.Pow(20/0.002, 1.0/8) // 10^(4/8)
	for i := 1; i < len(edges); i++ {
		if r := edges[i] / edges[i-1]; math.Abs(r-want) > 1e-12 {
			t.Errorf("ratio %d = %v, want %v", i, r, want)
		}
	}
	if drops[0].NonPositive != 2 || drops[0].Points != 2 {
		t.Errorf("dropped %+v, want the 2 non-positive values", drops[0])
	}
}

func TestHistogramErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		h    Histogram
		want string
	}{
		{"decreasing edges", Histogram{Series: []HistSeries{{Values: []float64{1}}}, Edges: []float64{0, 2, 1}}, "do not increase"},
		{"NaN edge", Histogram{Series: []HistSeries{{Values: []float64{1}}}, Edges: []float64{0, math.NaN()}}, "NaN"},
		{"one edge", Histogram{Series: []HistSeries{{Values: []float64{1}}}, Edges: []float64{0}}, "at least 2"},
		{"log bins from 0", Histogram{Series: []HistSeries{{Values: []float64{1}}}, Edges: []float64{0, 1}, LogBins: true}, "positive"},
		{"negative count", Histogram{Series: []HistSeries{{Name: "c", Counts: []float64{1, -1}}}, Edges: []float64{0, 1, 2}}, `"c": bin 1 has a negative count`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := tt.h.Heights()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
			if _, err := tt.h.Add(New("", "", "")); err == nil {
				t.Error("Add returned no error")
			}
		})
	}
}

func TestHistogramPanicsOnMisshapenSeries(t *testing.T) {
	for name, h := range map[string]Histogram{
		"counts without edges":   {Series: []HistSeries{{Counts: []float64{1, 2}}}},
		"counts of wrong length": {Series: []HistSeries{{Counts: []float64{1, 2}}}, Edges: []float64{0, 1}},
		"values and counts":      {Series: []HistSeries{{Values: []float64{1}, Counts: []float64{1}}}, Edges: []float64{0, 1}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			_, _, _, _ = h.Heights()
		}()
	}
}

func TestDroppedString(t *testing.T) {
	for _, tt := range []struct {
		d    Dropped
		want string
	}{
		{Dropped{Series: "a", Points: 2, Of: 4}, `series "a": dropped 2 of 4 points with NaN or Inf`},
		{Dropped{Series: "p", Points: 3, Of: 7, NonPositive: 2}, `series "p": dropped 3 of 7 points (1 NaN or Inf, 2 <= 0 on a log scale)`},
		{Dropped{Series: "s", Points: 2, Of: 6, OutOfRange: 2}, `series "s": dropped 2 of 6 points (2 outside the bin edges)`},
	} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
