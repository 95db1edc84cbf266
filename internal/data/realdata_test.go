package data

import (
	"errors"
	"math"
	"sync"
	"testing"
)

// repoData is the repository's data folder as seen from this package's directory,
// where `make setup` copies the 8 files.
const repoData = "../../data"

// requireRealData skips the test when some data file is found nowhere (a machine
// without `make setup`); a file that is found but damaged still fails the test.
func requireRealData(t *testing.T) {
	t.Helper()
	for _, name := range Names() {
		for _, file := range Files() {
			if _, err := Locate(repoData, name, file); errors.Is(err, ErrNotFound) {
				t.Skipf("real data not installed, run `make setup`: %v", err)
			} else if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestRealData(t *testing.T) {
	requireRealData(t)
	for _, name := range Names() {
		t.Run(string(name), func(t *testing.T) {
			ds, err := Load(repoData, name)
			if err != nil {
				t.Fatal(err)
			}
			if ds.Train.Len() != 60000 || ds.Test.Len() != 10000 {
				t.Fatalf("got %d/%d samples, want 60000/10000", ds.Train.Len(), ds.Test.Len())
			}
			// The normalisation constants are the training set's own pixel mean and
			// std (REFERENCE.md), so the standardised training pixels have mean 0 and
			// std 1 up to the constants' 4 decimals.
			mean, std := moments(ds.Train.X)
			if math.Abs(mean) > 0.01 || math.Abs(std-1) > 0.01 {
				t.Errorf("normalised training pixels: mean %.4f, std %.4f; want 0 and 1 within 0.01", mean, std)
			}
			counts := make([]int, 10)
			for _, l := range ds.Train.Labels {
				counts[l]++
			}
			for c, n := range counts {
				if n < 5000 { // every class holds 5421..6742 (MNIST) or 6000 (Fashion) samples
					t.Errorf("class %d has %d training samples", c, n)
				}
			}
			// Loaded once per process: the same pointer, also under concurrency.
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					again, err := Load(repoData, name)
					if err != nil || again != ds {
						t.Errorf("second Load = %p, %v; want the cached %p", again, err, ds)
					}
				})
			}
			wg.Wait()
		})
	}
}

func TestCheckRealData(t *testing.T) {
	requireRealData(t)
	reports := Check(repoData)
	if len(reports) != 8 {
		t.Fatalf("got %d reports, want 8", len(reports))
	}
	for _, r := range reports {
		want := 60000
		if r.File == TestImagesFile || r.File == TestLabelsFile {
			want = 10000
		}
		if r.Err != nil || r.Samples != want {
			t.Errorf("%s/%s: %d samples, %v; want %d, ok", r.Dataset, r.File, r.Samples, r.Err, want)
		}
	}
}

func moments(x []float32) (mean, std float64) {
	var sum, sumSq float64
	for _, v := range x {
		sum += float64(v)
		sumSq += float64(v) * float64(v)
	}
	n := float64(len(x))
	mean = sum / n
	return mean, math.Sqrt(sumSq/n - mean*mean)
}
