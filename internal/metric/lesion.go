package metric

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// LesionOrder ranks all weights (importance flattened over every layer) from
// least to most important and returns their indices in that order. Equal
// importances are ordered at random, drawing from rng: the limit of the
// "tiny random jitter" of the published code, without a jitter scale that
// could reorder genuinely different values. Lesioning a fraction f means
// zeroing order[:LesionCount(len(order), f)].
//
// It panics if an importance is NaN.
func LesionOrder(importance []float64, rng *rand.Rand) []int {
	type key struct {
		imp float64
		tie uint64
		idx int
	}
	keys := make([]key, len(importance))
	for i, v := range importance {
		if math.IsNaN(v) {
			panic(fmt.Sprintf("metric: NaN importance at index %d", i))
		}
		keys[i] = key{v, rng.Uint64(), i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.imp, b.imp); c != 0 {
			return c
		}
		if c := cmp.Compare(a.tie, b.tie); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	order := make([]int, len(keys))
	for i, k := range keys {
		order[i] = k.idx
	}
	return order
}

// LesionCount returns how many of n weights a lesion of fraction f removes:
// f*n rounded to the nearest integer, so that a product landing a hair below
// a whole number (0.7*90 is 62.99999999999999) still counts it. It
// panics unless 0 <= f <= 1.
func LesionCount(n int, f float64) int {
	if !(f >= 0 && f <= 1) {
		panic(fmt.Sprintf("metric: lesion fraction %v outside [0,1]", f))
	}
	return int(math.Round(f * float64(n)))
}
