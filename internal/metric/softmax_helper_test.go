package metric

import (
	"fmt"
	"math"
)

// Softmax writes the row-wise softmax of logits (rows of length classes,
// row-major) into dst, which must have the same length; dst may be logits
// itself. Each row is shifted by its maximum before exponentiation and the
// sums are float64, so large logits neither overflow nor lose the small
// probabilities.
func Softmax(logits []float32, classes int, dst []float32) {
	checkRows(len(logits), classes)
	if len(dst) != len(logits) {
		panic(fmt.Sprintf("metric: softmax dst length %d, want %d", len(dst), len(logits)))
	}
	for off := 0; off < len(logits); off += classes {
		row, out := logits[off:off+classes], dst[off:off+classes]
		maxv := row[0]
		for _, v := range row[1:] {
			maxv = max(maxv, v)
		}
		// Each entry is read before it is written, so dst may alias row.
		var sum float64
		for k, v := range row {
			e := math.Exp(float64(v - maxv))
			sum += e
			out[k] = float32(e)
		}
		inv := 1 / sum
		for k, e := range out {
			out[k] = float32(float64(e) * inv)
		}
	}
}
