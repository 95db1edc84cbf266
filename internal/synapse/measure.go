package synapse

import "math"

// SynapticEnergy returns the synaptic energy of the paper's energy experiment: the
// summed absolute expected strength over all weights, biases excluded. That is
// sum |w| for normalised and deterministic synapses, and sum p*|m| for the
// not-normalised variant, whose stored parameter is the strength m.
func (n *Net) SynapticEnergy() float64 {
	var s float64
	w := n.params[:n.nW]
	if n.cfg.NotNormalised {
		for i, m := range w {
			s += float64(n.probs[i]) * math.Abs(float64(m))
		}
		return s
	}
	for _, v := range w {
		s += math.Abs(float64(v))
	}
	return s
}

// MeanProb returns the mean release probability over all weights: the mean learned
// (or ghost) p, PFixed for FixedRelease without a ghost, and 1 for deterministic
// synapses.
func (n *Net) MeanProb() float64 {
	switch {
	case n.probs != nil:
		var s float64
		for _, p := range n.probs {
			s += float64(p)
		}
		return s / float64(len(n.probs))
	case n.cfg.Synapses == FixedRelease:
		return float64(n.cfg.PFixed)
	default:
		return 1
	}
}

// FrozenFraction returns the fraction of weights that are Frozen under the
// threshold pFreeze (the synapses a Rule with that PFreeze no longer changes); 0 if
// the synapses have no learned or ghost p.
func (n *Net) FrozenFraction(pFreeze float32) float64 {
	if n.probs == nil {
		return 0
	}
	k := 0
	for _, p := range n.probs {
		if Frozen(p, pFreeze) {
			k++
		}
	}
	return float64(k) / float64(len(n.probs))
}
