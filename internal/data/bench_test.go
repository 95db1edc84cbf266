package data

import (
	"fmt"
	"testing"
)

// BenchmarkBatchesNext measures filling one training batch, the data layer's share
// of every training step, for plain and permuted views at several batch sizes.
func BenchmarkBatchesNext(b *testing.B) {
	ds := synthDataset(6000, 10)
	views := map[string]*View{"plain": NewView(ds.Train), "permuted": Permuted(ds, 1, 1)[0].Train}
	for _, kind := range []string{"plain", "permuted"} {
		for _, size := range []int{10, 100, 1000} {
			b.Run(fmt.Sprintf("%s/batch=%d", kind, size), func(b *testing.B) {
				it := NewBatches(views[kind], size, newRand(1))
				x, y := make([]float32, size*Pixels), make([]int32, size)
				b.SetBytes(int64(size * Pixels * 4))
				for b.Loop() {
					if !it.Next(x, y) {
						it.Next(x, y)
					}
				}
			})
		}
	}
}

// BenchmarkStreamNext measures a continuous permuted batch: a schedule lookup and a
// draw per sample on top of the permuted copy.
func BenchmarkStreamNext(b *testing.B) {
	tasks, sched := ContinuousPermuted(synthDataset(6000, 10), 10, 1000, DefaultTransitionPortion, 1)
	s := NewStream(tasks, sched, 100, newRand(1))
	x, y := make([]float32, 100*Pixels), make([]int32, 100)
	b.SetBytes(100 * Pixels * 4)
	for b.Loop() {
		if s.Next(x, y) == 0 {
			s.Next(x, y)
		}
	}
}

// BenchmarkNormalize measures turning one image set's bytes into standardised
// float32 values, per pixel.
func BenchmarkNormalize(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("images=%d", n), func(b *testing.B) {
			pixels := make([]byte, n*Pixels)
			dst := make([]float32, len(pixels))
			b.SetBytes(int64(len(pixels)))
			for b.Loop() {
				Normalize(dst, pixels, 0.1307, 0.3081)
			}
		})
	}
}
