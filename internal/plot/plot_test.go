package plot

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

func TestFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name        string
		x, y        []float64
		wantX       []float64
		wantDropped int
	}{
		{"all finite", []float64{1, 2}, []float64{3, 4}, []float64{1, 2}, 0},
		{"NaN in y", []float64{1, 2, 3}, []float64{3, nan, 5}, []float64{1, 3}, 1},
		{"Inf in x", []float64{inf, 2, 3}, []float64{3, 4, 5}, []float64{2, 3}, 1},
		{"both bad", []float64{nan, 2}, []float64{3, -inf}, nil, 2},
		{"empty", nil, nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, d := Finite("s", tt.x, tt.y)
			if d.Points != tt.wantDropped || d.Of != len(tt.x) {
				t.Errorf("dropped %d of %d, want %d of %d", d.Points, d.Of, tt.wantDropped, len(tt.x))
			}
			if len(kept[0]) != len(tt.wantX) || len(kept[1]) != len(tt.wantX) {
				t.Fatalf("kept %v, want x %v", kept, tt.wantX)
			}
			for i := range tt.wantX {
				if kept[0][i] != tt.wantX[i] {
					t.Errorf("x[%d] = %v, want %v", i, kept[0][i], tt.wantX[i])
				}
			}
		})
	}
}

func TestFinitePanicsOnRaggedColumns(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for columns of different lengths")
		}
	}()
	Finite("s", []float64{1, 2}, []float64{1})
}

func TestStars(t *testing.T) {
	for _, tt := range []struct {
		p    float64
		want string
	}{{0.001, "**"}, {0.0099, "**"}, {0.01, "*"}, {0.049, "*"}, {0.05, "n.s."}, {0.5, "n.s."}, {math.NaN(), ""}} {
		if got := Stars(tt.p); got != tt.want {
			t.Errorf("Stars(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestBarsX(t *testing.T) {
	b := Bars{Groups: []string{"a", "b"}, Series: make([]BarSeries, 2)}
	// Width 0.8 split in two slots of 0.4: centres at g-0.2 and g+0.2.
	for _, tt := range []struct {
		s, g int
		want float64
	}{{0, 0, -0.2}, {1, 0, 0.2}, {0, 1, 0.8}, {1, 1, 1.2}} {
		if got := b.X(tt.s, tt.g); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("X(%d, %d) = %v, want %v", tt.s, tt.g, got, tt.want)
		}
	}
	single := Bars{Groups: []string{"a", "b"}, Series: make([]BarSeries, 1)}
	if got := single.X(0, 1); got != 1 {
		t.Errorf("one series: X(0, 1) = %v, want 1", got)
	}
}

// demoFigures draws one figure of each kind, with some NaNs, and saves them in dir.
func demoFigures(t *testing.T, dir string) []Dropped {
	t.Helper()
	p := New("Band demo", "pass", "accuracy")
	xs := make([]float64, 50)
	m1, m2, se := make([]float64, 50), make([]float64, 50), make([]float64, 50)
	for i := range xs {
		xs[i] = float64(i + 1)
		m1[i] = 0.5 + 0.4*math.Exp(-float64(i)/20)
		m2[i] = 0.5 + 0.45*math.Exp(-float64(i)/60)
		se[i] = 0.02 + 0.01*math.Sin(float64(i)/5)
	}
	m1[10] = math.NaN()
	d1, err := Band{Name: "fast decay", X: xs, Mean: m1, SE: se, Color: Palette(0)}.Add(p)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := Band{Name: "slow decay", X: xs, Mean: m2, SE: se, Color: Palette(1)}.Add(p)
	if err != nil {
		t.Fatal(err)
	}
	p.Add(NewVLines(25))
	if _, err := Save(p, SingleColumn, 2.6*vg.Inch, filepath.Join(dir, "band")); err != nil {
		t.Fatal(err)
	}

	bp := New("Bars demo", "", "mean accuracy")
	bars := Bars{
		Groups: []string{"split", "permuted"},
		Series: []BarSeries{
			{Name: "A", Means: []float64{0.7, 0.8}, SEs: []float64{0.02, math.Inf(1)}},
			{Name: "B", Means: []float64{0.75, math.NaN()}, SEs: []float64{0.01, 0.01}},
		},
	}
	drops, err := bars.Add(bp)
	if err != nil {
		t.Fatal(err)
	}
	top := math.Max(bars.Top(0, 0), bars.Top(1, 0)) + 0.02
	if err := Significance(bp, bars.X(0, 0), bars.X(1, 0), top, 0.01, Stars(0.003)); err != nil {
		t.Fatal(err)
	}
	bp.Y.Max = 0.9
	if _, err := Save(bp, SingleColumn, 2.6*vg.Inch, filepath.Join(dir, "bars")); err != nil {
		t.Fatal(err)
	}
	return append([]Dropped{d1, d2}, drops...)
}

func TestSaveWritesThreeFormatsAtPrintResolution(t *testing.T) {
	dir := t.TempDir()
	if demo := os.Getenv("PRESYN_PLOT_DEMO"); demo != "" {
		dir = demo // keep the figures to look at them
	}
	drops := demoFigures(t, dir)

	var report bytes.Buffer
	ReportDropped(&report, "demo", drops...)
	for _, want := range []string{`"fast decay": dropped 1 of 50`, `"B": dropped 1 of 2`, `"A error bars": dropped 1 of 2`} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report %q lacks %q", report.String(), want)
		}
	}
	if n := strings.Count(report.String(), "\n"); n != 4 { // fast decay, A err, B, B err
		t.Errorf("report has %d lines, want 4:\n%s", n, report.String())
	}

	for _, base := range []string{"band", "bars"} {
		for _, ext := range Formats {
			info, err := os.Stat(filepath.Join(dir, base+"."+ext))
			if err != nil || info.Size() == 0 {
				t.Fatalf("%s.%s missing or empty: %v", base, ext, err)
			}
		}
		f, err := os.Open(filepath.Join(dir, base+".png"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if want := int(3.5 * DPI); cfg.Width != want {
			t.Errorf("%s.png is %d px wide, want %d (3.5 in at %d dpi)", base, cfg.Width, want, DPI)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestSaveRejectsBadSize(t *testing.T) {
	if _, err := Save(New("", "", ""), 0, vg.Inch, filepath.Join(t.TempDir(), "x")); err == nil {
		t.Error("Save accepted a zero width")
	}
}

func TestSaveUnwritableFolder(t *testing.T) {
	_, err := Save(New("", "", ""), vg.Inch, vg.Inch, filepath.Join(t.TempDir(), "missing", "fig"))
	if err == nil || !strings.Contains(err.Error(), "fig.png") {
		t.Errorf("error %v does not name the file", err)
	}
}

func TestSignificanceRejectsNaN(t *testing.T) {
	if err := Significance(New("", "", ""), 0, 1, math.NaN(), 0.1, "**"); err == nil {
		t.Error("no error for a NaN height")
	}
}

func TestTicks(t *testing.T) {
	ticks := Ticks(1, 25, 2.5)
	want := []string{"1", "25", "2.5"}
	for i, tk := range ticks {
		if tk.Label != want[i] {
			t.Errorf("tick %d label %q, want %q", i, tk.Label, want[i])
		}
	}
}

// fills counts the fills drawn in colours of opacity alpha when p is drawn: the
// band polygons and their legend swatches.
func fills(p *gplot.Plot, alpha uint8) int {
	var rec recorder.Canvas
	p.Draw(draw.NewCanvas(&rec, 4*vg.Inch, 3*vg.Inch))
	n := 0
	var current color.Color
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.SetColor:
			current = a.Color
		case *recorder.Fill:
			if current != nil && color.NRGBAModel.Convert(current).(color.NRGBA).A == alpha {
				n++
			}
		}
	}
	return n
}

// A legend shows only what is drawn: a band and its swatch where some SE is not
// 0, the line alone where every SE is 0 (one seed).
func TestBandLegendShowsOnlyWhatIsDrawn(t *testing.T) {
	for _, tt := range []struct {
		name      string
		se        []float64
		wantFills int // band polygon + legend swatch
	}{
		{"with SE", []float64{0.1, 0.2, 0.1}, 2},
		{"one seed", []float64{0, 0, 0}, 0},
		{"one seed, a NaN dropped", []float64{0, math.NaN(), 0}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := New("", "", "")
			if _, err := (Band{Name: "presyn", X: []float64{1, 2, 3}, Mean: []float64{1, 2, 3}, SE: tt.se, Color: ColorOf("presyn")}).Add(p); err != nil {
				t.Fatal(err)
			}
			if got := fills(p, bandAlpha); got != tt.wantFills {
				t.Errorf("%d translucent fills, want %d", got, tt.wantFills)
			}
		})
	}
}

// Bars rise from 0 and the y axis includes 0 unless told otherwise; a truncated
// axis is marked with a break.
func TestBarsStartAtZero(t *testing.T) {
	for _, tt := range []struct {
		name       string
		base, yMin float64 // yMin < 0: left as Add set it
		wantMin    float64
		wantBreak  bool
	}{
		{"default", 0, -1, 0, false},
		{"truncated by the caller", 50, 50, 50, true},
		{"from 0, axis cut by the caller", 0, 50, 50, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := New("", "", "accuracy (%)")
			b := Bars{Groups: []string{"a", "b"}, Series: []BarSeries{{Means: []float64{65, 70}, SEs: []float64{1, 1}}}, Base: tt.base}
			if _, err := b.Add(p); err != nil {
				t.Fatal(err)
			}
			if tt.yMin >= 0 {
				p.Y.Min = tt.yMin
			}
			if p.Y.Min != tt.wantMin {
				t.Errorf("y axis from %v, want %v", p.Y.Min, tt.wantMin)
			}
			// The tallest bar with its error bar is 71: 5% of its range above it.
			if want := 71 + 0.05*(71-math.Min(0, tt.base)); tt.base == 0 && math.Abs(p.Y.Max-want) > 1e-9 {
				t.Errorf("y axis to %v, want %v", p.Y.Max, want)
			}
			if got := axisBroken(p); got != tt.wantBreak {
				t.Errorf("axis break %v, want %v", got, tt.wantBreak)
			}
		})
	}
}

// The axes meet at the corner: nothing a Band or Histogram draws pads the data
// area away from them (gonum's lines carry a glyph box per point, which does).
func TestCurvesDoNotPadTheCorner(t *testing.T) {
	p := New("", "", "")
	if _, err := (Band{X: []float64{1, 2, 3}, Mean: []float64{0.9, 0.7, 0.55}, SE: []float64{0.02, 0.02, 0.02}}).Add(p); err != nil {
		t.Fatal(err)
	}
	if _, err := (Histogram{Series: []HistSeries{{Values: []float64{1, 2, 2, 3}}}}).Add(p); err != nil {
		t.Fatal(err)
	}
	for _, gb := range p.GlyphBoxes(p) {
		if gb.X == 0 || gb.Y == 0 {
			t.Errorf("glyph box %+v at the corner pads the axes apart", gb)
		}
	}
}
