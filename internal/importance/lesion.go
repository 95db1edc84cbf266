package importance

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/metric"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/train"
)

// Importances the lesion ranks synapses by.
const (
	ByP      = "p"       // release probability
	ByAbsW   = "abs_w"   // |w|, the expected strength
	ByPAbsW  = "p_abs_w" // p*|w|
	ByRandom = "random"  // uniform random, the baseline
)

// Importances lists them in the order tables and figures use.
var Importances = []string{ByP, ByAbsW, ByPAbsW, ByRandom}

// jitter is the published code's tie-breaker: every importance gets
// jitter*(U(0,1) - 0.5) added before ranking, so equal values (many release
// probabilities sit exactly at p_min) are removed in random order.
const jitter = 1e-4

// Importance returns the importance of every synapse of net, in the layout of
// net.AllWeights, by the named measure; rng draws the random baseline. It is an
// error for a measure that needs release probabilities on a net without them.
func Importance(net *synapse.Net, by string, rng *rand.Rand) ([]float64, error) {
	w, p := net.AllWeights(), net.AllProbs()
	imp := make([]float64, len(w))
	if p == nil && (by == ByP || by == ByPAbsW) {
		return nil, fmt.Errorf("importance: %s needs release probabilities, and the network's %v synapses have none", by, net.Config().Synapses)
	}
	for i := range imp {
		switch by {
		case ByP:
			imp[i] = float64(p[i])
		case ByAbsW:
			imp[i] = math.Abs(float64(w[i]))
		case ByPAbsW:
			imp[i] = float64(p[i]) * math.Abs(float64(w[i]))
		case ByRandom:
			imp[i] = rng.Float64()
		default:
			return nil, fmt.Errorf("importance: unknown importance %q (want p, abs_w, p_abs_w or random)", by)
		}
	}
	return imp, nil
}

// Lesion ranks net's synapses by importance (with the published jitter, drawn
// from rng), and for each fraction f sets the stored weight of the least
// important round(f*n) synapses to zero, so that they never transmit while the
// others still sample their masks, and measures the accuracy on test with ev. The
// network is restored between fractions and at the end. It returns one accuracy
// per fraction.
func Lesion(net *synapse.Net, importance []float64, fractions []float64, test *data.View, ev *train.Evaluator, rng *rand.Rand) []float64 {
	w := net.AllWeights()
	if len(importance) != len(w) {
		panic(fmt.Sprintf("importance: %d importances for %d synapses", len(importance), len(w)))
	}
	jittered := make([]float64, len(importance))
	for i, v := range importance {
		jittered[i] = v + jitter*(rng.Float64()-0.5)
	}
	order := metric.LesionOrder(jittered, rng)
	saved := append([]float32(nil), w...)
	acc := make([]float64, len(fractions))
	for k, f := range fractions {
		for _, i := range order[:metric.LesionCount(len(order), f)] {
			w[i] = 0
		}
		acc[k] = ev.Accuracy(net, test)
		copy(w, saved)
	}
	return acc
}
