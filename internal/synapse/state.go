package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// State is everything that defines a trained Net apart from its random stream: the
// configuration and, per layer, the stored parameters ([out][in], row-major), the
// biases and the release (or ghost) probabilities. A checkpoint is a State on disk.
type State struct {
	Config  Config
	Weights [][]float32 // the stored parameter: w, or m when not normalised
	Biases  [][]float32 // nil for BiasNone
	Probs   [][]float32 // nil when the synapses have no release probabilities
}

// State returns a copy of n's state.
func (n *Net) State() State {
	s := State{Config: n.Config()}
	for l := range n.layers {
		ly := &n.layers[l]
		s.Weights = append(s.Weights, append([]float32(nil), ly.w...))
		if ly.b != nil {
			s.Biases = append(s.Biases, append([]float32(nil), ly.b...))
		}
		if ly.p != nil {
			s.Probs = append(s.Probs, append([]float32(nil), ly.p...))
		}
	}
	return s
}

// FromState returns a Net holding state s, its mask stream seeded from rng. Unlike
// New it returns an error, not a panic, for a state that does not fit its own
// configuration (a state read from a file is data): a bad config, a layer of the
// wrong size, a missing or superfluous bias or probability, a value that is not
// finite, or a probability outside [PMin, PMax].
func FromState(s State, rng *rand.Rand) (*Net, error) {
	if err := s.Config.Validate(); err != nil {
		return nil, err
	}
	n := New(s.Config, rng)
	L := len(n.layers)
	hasP := n.probs != nil
	switch {
	case len(s.Weights) != L:
		return nil, fmt.Errorf("synapse: state has %d weight matrices for %d layers", len(s.Weights), L)
	case n.cfg.Bias == BiasNone && len(s.Biases) != 0:
		return nil, fmt.Errorf("synapse: state has biases, but its bias mode is %v", n.cfg.Bias)
	case n.cfg.Bias != BiasNone && len(s.Biases) != L:
		return nil, fmt.Errorf("synapse: state has %d bias vectors for %d layers (bias mode %v)", len(s.Biases), L, n.cfg.Bias)
	case hasP && len(s.Probs) != L:
		return nil, fmt.Errorf("synapse: state has %d probability matrices for %d layers (%v synapses)", len(s.Probs), L, n.cfg.Synapses)
	case !hasP && len(s.Probs) != 0:
		return nil, fmt.Errorf("synapse: state has release probabilities, but %v synapses have none", n.cfg.Synapses)
	}
	pMin, pMax := n.cfg.PMin, n.cfg.PMax
	if n.cfg.Ghost {
		pMin = min(pMin, n.cfg.PFixed) // a ghost p starts at PFixed, which may lie below PMin
	}
	for l := range n.layers {
		ly := &n.layers[l]
		if err := copyChecked("weights", l, ly.w, s.Weights[l], math.Inf(-1), math.Inf(1)); err != nil {
			return nil, err
		}
		if ly.b != nil {
			if err := copyChecked("biases", l, ly.b, s.Biases[l], math.Inf(-1), math.Inf(1)); err != nil {
				return nil, err
			}
		}
		if ly.p != nil {
			if err := copyChecked("release probabilities", l, ly.p, s.Probs[l], float64(pMin), float64(pMax)); err != nil {
				return nil, err
			}
		}
	}
	return n, nil
}

// copyChecked copies src into dst after checking its length and that every value
// is finite and within [lo, hi].
func copyChecked(what string, layer int, dst, src []float32, lo, hi float64) error {
	if len(src) != len(dst) {
		return fmt.Errorf("synapse: state: layer %d has %d %s, want %d", layer, len(src), what, len(dst))
	}
	for i, v := range src {
		x := float64(v)
		if math.IsNaN(x) || math.IsInf(x, 0) || x < lo || x > hi {
			return fmt.Errorf("synapse: state: layer %d, %s[%d] = %v is out of range", layer, what, i, v)
		}
	}
	copy(dst, src)
	return nil
}
