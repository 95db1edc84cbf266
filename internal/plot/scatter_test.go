package plot

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// On log-log axes the fit is a power law: y = 3x² gives the ends (1, 3) and
// (100, 30000); on linear axes it is the straight line through the data.
func TestFitSegment(t *testing.T) {
	x, y := []float64{1, 10, 100}, []float64{3, 300, 30000}
	seg, ok := fitSegment(x, y, true, true)
	if !ok || math.Abs(seg[0].X-1) > 1e-12 || math.Abs(seg[0].Y/3-1) > 1e-12 ||
		math.Abs(seg[1].X-100) > 1e-12 || math.Abs(seg[1].Y/30000-1) > 1e-12 {
		t.Errorf("log-log fit %v (ok %v), want (1, 3) to (100, 30000)", seg, ok)
	}
	seg, ok = fitSegment([]float64{3, 1, 2}, []float64{7, 3, 5}, false, false)
	if !ok || seg[0].X != 1 || seg[0].Y != 3 || seg[1].X != 3 || seg[1].Y != 7 {
		t.Errorf("linear fit %v (ok %v), want (1, 3) to (3, 7)", seg, ok)
	}
	// y = 10^x is a straight line on a log y axis: ends (0, 1) and (2, 100).
	seg, ok = fitSegment([]float64{0, 1, 2}, []float64{1, 10, 100}, false, true)
	if !ok || math.Abs(seg[0].Y-1) > 1e-12 || math.Abs(seg[1].Y-100) > 1e-12 {
		t.Errorf("semi-log fit %v (ok %v), want y from 1 to 100", seg, ok)
	}
	if _, ok := fitSegment([]float64{1, 1}, []float64{1, 2}, false, false); ok {
		t.Error("fit through one distinct x")
	}
}

func TestScatterDrops(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		name string
		s    Scatter
		want []Dropped
	}{
		{
			name: "NaN and Inf",
			s: Scatter{Series: []ScatterSeries{
				{Name: "a", X: []float64{1, 2, nan, 4}, Y: []float64{1, math.Inf(-1), 3, 4}},
				{Name: "b", X: []float64{1, 2}, Y: []float64{0, -1}},
			}},
			want: []Dropped{{Series: "a", Points: 2, Of: 4}, {Series: "b", Of: 2}},
		},
		{
			name: "log axes",
			s: Scatter{LogX: true, LogY: true, Fit: true, Series: []ScatterSeries{
				{Name: "a", X: []float64{1, 0, 3, -2, nan, 5}, Y: []float64{1, 2, -3, 4, 5, 6}},
			}},
			want: []Dropped{{Series: "a", Points: 4, Of: 6, NonPositive: 3}},
		},
		{
			name: "log x only keeps negative y",
			s:    Scatter{LogX: true, Series: []ScatterSeries{{X: []float64{1, 2}, Y: []float64{-1, -2}}}},
			want: []Dropped{{Series: "series 1", Of: 2}},
		},
		{
			name: "all dropped",
			s:    Scatter{Fit: true, Series: []ScatterSeries{{Name: "gone", X: []float64{nan}, Y: []float64{1}}}},
			want: []Dropped{{Series: "gone", Points: 1, Of: 1}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := New("", "", "")
			drops, err := tt.s.Add(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(drops) != len(tt.want) {
				t.Fatalf("dropped %v, want %v", drops, tt.want)
			}
			for i := range drops {
				if drops[i] != tt.want[i] {
					t.Errorf("dropped %+v, want %+v", drops[i], tt.want[i])
				}
			}
			if tt.s.LogX {
				if err := LogX(p); err != nil {
					t.Errorf("LogX after dropping x <= 0: %v", err)
				}
			}
			if tt.s.LogY {
				if err := LogY(p); err != nil {
					t.Errorf("LogY after dropping y <= 0: %v", err)
				}
			}
		})
	}
}

func TestLogAxis(t *testing.T) {
	p := New("", "", "")
	if err := LogX(p); err == nil {
		t.Error("LogX on an empty plot: no error")
	}
	if _, err := (Scatter{Series: []ScatterSeries{{X: []float64{0, 1}, Y: []float64{1, 2}}}}).Add(p); err != nil {
		t.Fatal(err)
	}
	if err := LogX(p); err == nil || !strings.Contains(err.Error(), "x axis") {
		t.Errorf("LogX with x = 0 in range: error %v", err)
	}
	if isLog(&p.X) {
		t.Error("LogX that failed left a log scale")
	}
	if err := LogY(p); err != nil {
		t.Errorf("LogY on y in [1, 2]: %v", err)
	}
	if !isLog(&p.Y) {
		t.Error("LogY did not set a log scale")
	}
	// Pad keeps a log axis positive: [1, 2] padded by half its span in
	// decades each side is [1/sqrt(2), 2*sqrt(2)].
	Pad(p, 0.5)
	if math.Abs(p.Y.Min-1/math.Sqrt2) > 1e-12 || math.Abs(p.Y.Max-2*math.Sqrt2) > 1e-12 {
		t.Errorf("padded log y range [%v, %v], want [0.707, 2.83]", p.Y.Min, p.Y.Max)
	}
	// A single value is widened by a factor of 2 both ways.
	q := New("", "", "")
	q.X.Min, q.X.Max = 5, 5
	if err := LogX(q); err != nil || q.X.Min != 2.5 || q.X.Max != 10 {
		t.Errorf("LogX on [5, 5]: [%v, %v], %v; want [2.5, 10]", q.X.Min, q.X.Max, err)
	}
}

func TestLogTicks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tk := range (logTicks{}).Ticks(lo, hi) {
			if tk.Value < lo*(1-1e-9) || tk.Value > hi*(1+1e-9) {
				t.Errorf("[%v, %v]: tick %v out of range", lo, hi, tk.Value)
			}
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, tt := range []struct {
		lo, hi float64
		want   string
	}{
		{0.001, 1, "0.001 0.01 0.1 1"},
		// Minor ticks from 0.05 (gonum's LogTicks starts a decade late, at 0.1).
		{0.05, 20, "0.1 1 10"},
		// Within one decade: 1-2-5 steps (gonum's LogTicks labels nothing).
		{0.2, 0.9, "0.2 0.5"},
		// Narrower than a step: the ends.
		{0.31, 0.39, "0.31 0.39"},
		// 24 decades: every 4th labelled, no minor ticks.
		{1e-12, 1e12, "1e-12 1e-08 0.0001 1 10000 1e+08 1e+12"},
		{3, 4, "3 4"},
	} {
		if got := strings.Join(labels(tt.lo, tt.hi), " "); got != tt.want {
			t.Errorf("[%v, %v]: labels %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
	for _, bad := range [][2]float64{{0, 1}, {-1, 1}, {1, math.Inf(1)}, {math.NaN(), 1}} {
		if ticks := (logTicks{}).Ticks(bad[0], bad[1]); ticks != nil {
			t.Errorf("Ticks(%v, %v) = %v, want none", bad[0], bad[1], ticks)
		}
	}
}

// importanceFigures draws one figure of each new kind, with bad values, and
// saves them in dir: overlaid log-binned histograms with a reference line on a
// log x axis, filled histograms from counts, and a log-log scatter with fits.
func importanceFigures(t *testing.T, dir string) []Dropped {
	t.Helper()
	var drops []Dropped
	save := func(p *gplot.Plot, name string) {
		t.Helper()
		files, err := Save(p, SingleColumn, 2.6*vg.Inch, filepath.Join(dir, name))
		if err != nil || len(files) != len(Formats) {
			t.Fatalf("%s: saved %v: %v", name, files, err)
		}
	}

	n := 400
	important, unimportant := make([]float64, n), make([]float64, n)
	for i := range n {
		u := (float64(i) + 0.5) / float64(n)
		important[i] = 0.05 + 0.95*math.Pow(u, 0.3)
		unimportant[i] = 0.01 + 0.9*u*u
	}
	important[0], unimportant[1] = math.NaN(), 0 // 0 cannot go on log bins

	p := New("Release probabilities", "release probability", "density")
	d, err := Histogram{Series: []HistSeries{
		{Name: "important", Values: important},
		{Name: "unimportant", Values: unimportant},
	}, Bins: 25, LogBins: true}.Add(p)
	if err != nil {
		t.Fatal(err)
	}
	drops = append(drops, d...)
	ref := NewRefLine(0.9)
	p.Add(ref)
	p.Legend.Add("p = 0.9", ref)
	if err := LogX(p); err != nil {
		t.Fatal(err)
	}
	save(p, "hist_log")

	edges := LinearEdges(0, 1, 10)
	var summed []float64
	for seed := range 3 {
		vals := make([]float64, 50)
		for i := range vals {
			vals[i] = math.Mod(float64(i*7+seed*3)/50, 1)
		}
		c, _ := BinCounts(vals, edges)
		if summed == nil {
			summed = c
			continue
		}
		for i := range c {
			summed[i] += c[i]
		}
	}
	fp := New("Counts over seeds", "p", "fraction")
	d, err = Histogram{Series: []HistSeries{
		{Name: "summed", Counts: summed},
		{Name: "flat", Values: []float64{0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 2}},
	}, Edges: edges, Norm: HistFraction, Filled: true}.Add(fp)
	if err != nil {
		t.Fatal(err)
	}
	drops = append(drops, d...)
	save(fp, "hist_filled")

	sp := New("Importance", "Fisher information", "release probability")
	x, y := make([]float64, 100), make([]float64, 100)
	for i := range x {
		x[i] = math.Pow(10, -3+5*float64(i)/99)
		y[i] = 0.1 * math.Pow(x[i], 0.2) * (1 + 0.2*math.Sin(float64(i)))
	}
	x[3], y[4] = -1, math.NaN()
	d, err = Scatter{Series: []ScatterSeries{
		{Name: "layer 1", X: x, Y: y},
		{Name: "layer 2", X: []float64{0.01, 0.1, 1, 10}, Y: []float64{0.2, 0.3, 0.5, 0.6}},
	}, Fit: true, LogX: true, LogY: true}.Add(sp)
	if err != nil {
		t.Fatal(err)
	}
	drops = append(drops, d...)
	if err := LogX(sp); err != nil {
		t.Fatal(err)
	}
	if err := LogY(sp); err != nil {
		t.Fatal(err)
	}
	Pad(sp, 0.05)
	sp.Add(NewRefLine(1))
	save(sp, "scatter_log")

	lp := New("Linear scatter", "x", "y")
	d, err = Scatter{Series: []ScatterSeries{{X: []float64{-1, 0, 1, 2}, Y: []float64{-2, 0.5, 1.5, 4}}}, Fit: true}.Add(lp)
	if err != nil {
		t.Fatal(err)
	}
	drops = append(drops, d...)
	save(lp, "scatter")
	return drops
}

func TestImportanceFiguresRender(t *testing.T) {
	dir := t.TempDir()
	if demo := os.Getenv("PRESYN_PLOT_DEMO"); demo != "" {
		dir = demo // keep the figures to look at them
	}
	drops := importanceFigures(t, dir)
	var report bytes.Buffer
	ReportDropped(&report, "demo", drops...)
	for _, want := range []string{
		`"important": dropped 1 of 400 points with NaN or Inf`,
		`"unimportant": dropped 1 of 400 points (1 <= 0 on a log scale)`,
		`"flat": dropped 1 of 11 points (1 outside the bin edges)`,
		`"layer 1": dropped 2 of 100 points (1 NaN or Inf, 1 <= 0 on a log scale)`,
	} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, report.String())
		}
	}
	for _, base := range []string{"hist_log", "hist_filled", "scatter_log", "scatter"} {
		for _, ext := range Formats {
			info, err := os.Stat(filepath.Join(dir, base+"."+ext))
			if err != nil || info.Size() == 0 {
				t.Errorf("%s.%s missing or empty: %v", base, ext, err)
			}
		}
	}
}

func TestRefLine(t *testing.T) {
	r := NewRefLine(0.9)
	if len(r.Xs) != 1 || r.Xs[0] != 0.9 || len(r.Style.Dashes) == 0 || r.Style.Width < vg.Points(1) {
		t.Errorf("NewRefLine(0.9) = %+v, want one dashed line at 0.9, 1 pt wide", r)
	}
	// A black line must stand out from the faint grey of NewVLines.
	if rr, _, _, _ := r.Style.Color.RGBA(); rr > 0x4000 {
		t.Errorf("reference line colour %v is not dark", r.Style.Color)
	}
	v := NewVLines(1, 2)
	if len(v.Xs) != 2 || v.Style.Width != vg.Points(0.6) {
		t.Errorf("NewVLines changed: %+v", v)
	}
}
