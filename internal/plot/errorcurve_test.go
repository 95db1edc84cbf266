package plot

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func TestErrorCurveDropsNonFiniteAndSaves(t *testing.T) {
	p := New("t", "energy", "bits")
	c := ErrorCurve{Name: "model", X: []float64{1, 2, math.NaN()}, XSE: []float64{0.1, 0.1, 0.1}, Y: []float64{1, 2, 3}, YSE: []float64{0.1, 0.2, 0.3}}
	dropped, err := c.Add(p)
	if err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	ReportDropped(&warn, "fig", dropped)
	if !strings.Contains(warn.String(), "model") {
		t.Errorf("dropped point not reported: %q", warn.String())
	}
	Pad(p, 0.1)
	if !(p.X.Min < 0.9 && p.X.Max > 2.1) {
		t.Errorf("padded x range [%v, %v] does not include the error bars", p.X.Min, p.X.Max)
	}
	files, err := Save(p, SingleColumn, SingleColumn, filepath.Join(t.TempDir(), "fig"))
	if err != nil || len(files) != 3 {
		t.Fatalf("saved %v: %v", files, err)
	}
}
