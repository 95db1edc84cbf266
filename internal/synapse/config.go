package synapse

import (
	"errors"
	"fmt"
)

// Mode says how a Net's synapses transmit.
type Mode int

const (
	// Deterministic synapses: a plain MLP, no masks.
	Deterministic Mode = iota
	// Presynaptic synapses carry a learned release probability p per weight; the
	// forward pass draws mask ~ Bernoulli(p) and uses mask*w/p (mask*m when
	// Config.NotNormalised).
	Presynaptic
	// FixedRelease synapses release with the constant probability Config.PFixed
	// and use mask*w/PFixed; with Config.Ghost a ghost p evolves by the Rule.
	FixedRelease
)

var modeNames = [...]string{"deterministic", "presynaptic", "fixed"}

func (m Mode) String() string {
	if m >= 0 && int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode maps "deterministic", "presynaptic" or "fixed" to a Mode.
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if s == n {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("synapse: unknown synapse mode %q (want deterministic, presynaptic or fixed)", s)
}

// BiasMode says whether a Net has biases and who changes them.
type BiasMode int

const (
	// BiasNone: no biases (the paper's text).
	BiasNone BiasMode = iota
	// BiasFixed: biases drawn at initialisation and never updated (the published
	// presynaptic model). They are not part of Params.
	BiasFixed
	// BiasLearned: biases trained with the weights (the published MLP
	// baselines); they are the tail of Params.
	BiasLearned
)

var biasNames = [...]string{"none", "fixed", "learned"}

func (b BiasMode) String() string {
	if b >= 0 && int(b) < len(biasNames) {
		return biasNames[b]
	}
	return fmt.Sprintf("BiasMode(%d)", int(b))
}

// ParseBiasMode maps "none", "fixed" or "learned" to a BiasMode.
func ParseBiasMode(s string) (BiasMode, error) {
	for i, n := range biasNames {
		if s == n {
			return BiasMode(i), nil
		}
	}
	return 0, fmt.Errorf("synapse: unknown bias mode %q (want none, fixed or learned)", s)
}

// Config describes a Net. The zero values of the probability fields mean the
// published defaults, so Config{Sizes: []int{784, 200, 200, 10}, Synapses:
// Presynaptic, Bias: BiasFixed} is the paper's lifelong-learning network.
type Config struct {
	// Sizes are the layer widths from input to output, e.g. 784, 200, 200, 10;
	// at least two.
	Sizes    []int
	Bias     BiasMode
	Synapses Mode
	// XavierInit starts the weights Xavier-normal, N(0, sqrt(2/(fan_in +
	// fan_out))), and the biases N(0, sqrt(2/(1 + fan_out))), as the BGD
	// authors' fork (init_utils.py); otherwise PyTorch's default Linear init.
	XavierInit bool

	// PMin and PMax bound the release probabilities (the Rule clamps to them);
	// zero means 0.25 and 1.
	PMin, PMax float32
	// PInitUniform starts p uniform in [PMin, PMax] instead of at PMin
	// (Presynaptic only).
	PInitUniform bool
	// NotNormalised is the ablation whose forward pass uses mask*m, the stored
	// parameter being the strength m, initialised as w_init/PMin (Presynaptic
	// only).
	NotNormalised bool

	// PFixed is the release probability of FixedRelease synapses, in (0, 1].
	PFixed float32
	// Ghost gives FixedRelease synapses a ghost p, starting at PFixed and
	// evolving by the Rule (which then also modulates the learning rate with
	// it). As published, the forward pass divides by the ghost p:
	// mask*w/p_ghost, whose expectation is PFixed*w/p_ghost.
	Ghost bool
	// GhostUnbiased divides by PFixed instead (mask*w/PFixed), the unbiased
	// variant of the ghost ablation.
	GhostUnbiased bool
}

// withDefaults fills the zero-valued probability bounds.
func (c Config) withDefaults() Config {
	if c.PMin == 0 {
		c.PMin = 0.25
	}
	if c.PMax == 0 {
		c.PMax = 1
	}
	c.Sizes = append([]int(nil), c.Sizes...)
	return c
}

// Validate reports the first inconsistent field of c (after defaults), naming it.
func (c Config) Validate() error {
	c = c.withDefaults()
	if len(c.Sizes) < 2 {
		return fmt.Errorf("synapse: Sizes needs at least input and output widths, have %v", c.Sizes)
	}
	for i, s := range c.Sizes {
		if s < 1 {
			return fmt.Errorf("synapse: Sizes[%d] = %d, want >= 1", i, s)
		}
	}
	if c.Bias < BiasNone || c.Bias > BiasLearned {
		return fmt.Errorf("synapse: Bias: invalid %v", c.Bias)
	}
	if c.Synapses < Deterministic || c.Synapses > FixedRelease {
		return fmt.Errorf("synapse: Synapses: invalid %v", c.Synapses)
	}
	if !(c.PMin > 0 && c.PMin <= 1) {
		return fmt.Errorf("synapse: PMin = %v, want in (0, 1]", c.PMin)
	}
	if !(c.PMax >= c.PMin && c.PMax <= 1) {
		return fmt.Errorf("synapse: PMax = %v, want in [PMin=%v, 1]", c.PMax, c.PMin)
	}
	if c.Synapses != Presynaptic {
		if c.PInitUniform {
			return errors.New("synapse: PInitUniform needs Synapses = presynaptic")
		}
		if c.NotNormalised {
			return errors.New("synapse: NotNormalised needs Synapses = presynaptic")
		}
	}
	if c.Synapses == FixedRelease {
		if !(c.PFixed > 0 && c.PFixed <= 1) {
			return fmt.Errorf("synapse: PFixed = %v, want in (0, 1]", c.PFixed)
		}
	} else {
		if c.PFixed != 0 {
			return errors.New("synapse: PFixed needs Synapses = fixed")
		}
		if c.Ghost {
			return errors.New("synapse: Ghost needs Synapses = fixed")
		}
	}
	if c.GhostUnbiased && !c.Ghost {
		return errors.New("synapse: GhostUnbiased needs Ghost")
	}
	return nil
}
