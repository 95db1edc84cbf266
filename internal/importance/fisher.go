package importance

import (
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/synapse"
)

// Fisher returns the diagonal empirical Fisher information of every synapse of
// net (layout of net.AllWeights), as the published code computes it: over the
// test samples in order, one at a time, with every release probability set to 1
// (sampling off), the squared gradient of the log-probability of the true label
// with respect to the stored weight, averaged over the samples. (The gradient of
// one sample's cross-entropy is minus that gradient; its square is the same.)
func Fisher(net *synapse.Net, test *data.View) []float64 {
	in := net.Config().Sizes[0]
	x, y := make([]float32, in), make([]int32, 1)
	fisher := make([]float64, net.NumWeights())
	was := net.Sampling()
	net.SetSampling(false)
	defer net.SetSampling(was)
	n := test.Len()
	for i := range n {
		y[0] = test.Sample(i, x)
		net.ForwardBackward(x, y, 1)
		for k, g := range net.AllWeightGrads() {
			fisher[k] += float64(g) * float64(g)
		}
	}
	for k := range fisher {
		fisher[k] /= float64(n)
	}
	return fisher
}
