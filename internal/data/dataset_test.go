package data

import (
	"testing"
)

// Raw gives every pixel back as pixel/255 exactly, for both data sets'
// constants, and the same copy to every caller.
func TestRawInputsArePixelsOver255(t *testing.T) {
	pixels := make([]byte, 2*Pixels)
	for i := range pixels {
		pixels[i] = byte(i * 7)
	}
	for _, name := range []Name{MNIST, FashionMNIST} {
		mean, std := name.Normalization()
		x := make([]float32, len(pixels))
		Normalize(x, pixels, mean, std)
		ds := &Dataset{Name: name, Train: NewSet(x, []uint8{1, 2}), Test: NewSet(x[:Pixels], []uint8{3})}
		raw := Raw(ds)
		for i, p := range pixels {
			if got, want := raw.Train.X[i], float32(float64(p)/255); got != want {
				t.Fatalf("%s: pixel %d (%d) is %v raw, want %v", name, i, p, got, want)
			}
		}
		if raw.Test.Len() != 1 || raw.Train.Labels[1] != 2 || ds.Train.X[1] != x[1] {
			t.Errorf("%s: labels or the standardised set changed", name)
		}
		if Raw(ds) != raw {
			t.Errorf("%s: a second Raw made another copy", name)
		}
	}
}
