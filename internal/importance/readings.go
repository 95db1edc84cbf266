package importance

import (
	"fmt"

	"github.com/presyn/presyn/internal/stats"
)

// Reading is one way to read Figure 3c's "correlation between a neuron's
// important inputs and its important outputs", for which no code is
// published: the threshold (p >= 0.9, as the paper writes, or p > 0.9), the
// correlation (Pearson's, or Spearman's of the ranks), and the neurons
// counted (all of a layer's, or only those with an important synapse in or
// out: a neuron with neither adds a point at the origin to every reading).
type Reading struct {
	Strict   bool // p > Threshold rather than p >= Threshold
	Spearman bool
	Active   bool // only neurons with at least one important input or output
}

// Readings are every combination of the three choices, the paper's own
// (p >= 0.9, Pearson, every neuron: what Sparsity computes) first.
var Readings = func() []Reading {
	var rs []Reading
	for _, strict := range []bool{false, true} {
		for _, spearman := range []bool{false, true} {
			for _, active := range []bool{false, true} {
				rs = append(rs, Reading{Strict: strict, Spearman: spearman, Active: active})
			}
		}
	}
	return rs
}()

// String names the reading: "p >= 0.9, pearson, all neurons".
func (r Reading) String() string {
	op, corr, who := ">=", "pearson", "all neurons"
	if r.Strict {
		op = ">"
	}
	if r.Spearman {
		corr = "spearman"
	}
	if r.Active {
		who = "neurons with an important synapse"
	}
	return fmt.Sprintf("p %s %g, %s, %s", op, Threshold, corr, who)
}

// InOut returns, for each hidden layer of a network of layer sizes sizes and
// release probabilities probs (as Sparsity takes them), the correlation of
// its neurons' important inputs and important outputs read as r says, and the
// neurons it counted. The output layer has no outputs and is left out.
func (r Reading) InOut(sizes []int, probs [][]float32) (corr []float64, neurons []int) {
	masks := importantMasks(probs, r.Strict)
	for l := 0; l+1 < len(probs); l++ {
		in, out := inputCounts(masks, sizes, l), outputCounts(masks, sizes, l)
		var xs, ys []float64
		for j := range in {
			if r.Active && in[j] == 0 && out[j] == 0 {
				continue
			}
			xs, ys = append(xs, float64(in[j])), append(ys, float64(out[j]))
		}
		c, _ := stats.Pearson(xs, ys)
		if r.Spearman {
			c, _ = stats.Spearman(xs, ys)
		}
		corr, neurons = append(corr, c), append(neurons, len(xs))
	}
	return corr, neurons
}
