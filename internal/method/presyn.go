package method

import (
	"fmt"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/synapse"
)

// PresynSettings configure the presynaptic rule (synapse.Rule): the "presyn"
// section. The defaults are the energy experiment's (../shared/REFERENCE.md).
type PresynSettings struct {
	LR           float64 `json:"lr"`
	L2           float64 `json:"l2"`            // weight decay on w, added after the modulation
	PUp          float64 `json:"p_up"`          // release probability step up, when |g| >= g_lim
	PDown        float64 `json:"p_down"`        // step down otherwise
	GLim         float64 `json:"g_lim"`         // gradient threshold
	PFreeze      float64 `json:"p_freeze"`      // synapses with p >= p_freeze are frozen; 1 disables freezing
	LRModulation bool    `json:"lr_modulation"` // scale each weight's step by 1 - p
}

// DefaultPresyn returns the energy experiment's rule: lr 0.05, L2 0.01, p_up =
// p_down = 0.07, g_lim 0.001, no freezing, no learning-rate modulation.
func DefaultPresyn() *PresynSettings {
	return &PresynSettings{LR: 0.05, L2: 0.01, PUp: 0.07, PDown: 0.07, GLim: 0.001, PFreeze: 1}
}

// Validate implements Settings.
func (s *PresynSettings) Validate(net synapse.Config) error {
	if err := checkLRAndL2(s.LR, s.L2); err != nil {
		return err
	}
	for _, f := range []struct {
		key string
		v   float64
	}{{"p_up", s.PUp}, {"p_down", s.PDown}} {
		if !finite(f.v) || f.v < 0 || f.v > 1 {
			return fmt.Errorf("%s is %v, want a value in [0, 1]", f.key, f.v)
		}
	}
	if !finite(s.GLim) || s.GLim < 0 {
		return fmt.Errorf("g_lim is %v, want 0 or more", s.GLim)
	}
	pMin := float64(net.PMin)
	if pMin == 0 {
		pMin = 0.25 // synapse.Config's default
	}
	if !finite(s.PFreeze) || s.PFreeze < pMin || s.PFreeze > 1 {
		return fmt.Errorf("p_freeze is %v, want a value in [p_min, 1] (1 disables freezing)", s.PFreeze)
	}
	if net.Synapses != synapse.Presynaptic && !net.Ghost {
		return fmt.Errorf("needs release probabilities to learn: synapse presyn, or fixed-p with ghost_p (the network's synapses are %v)", net.Synapses)
	}
	return nil
}

// FreezeThreshold implements Freezer.
func (s *PresynSettings) FreezeThreshold() float32 { return float32(s.PFreeze) }

// LearnsRelease implements Settings: the rule learns release probabilities.
func (s *PresynSettings) LearnsRelease() bool { return true }

// New implements Settings.
func (s *PresynSettings) New(*synapse.Net, *rand.Rand) Method {
	return &presyn{rule: synapse.Rule{
		LR: float32(s.LR), WeightDecay: float32(s.L2),
		PUp: float32(s.PUp), PDown: float32(s.PDown), GLim: float32(s.GLim),
		PFreeze: float32(s.PFreeze), LRModulation: s.LRModulation,
	}}
}

// presyn applies the rule once per step. It holds no state beyond its constants:
// the release probabilities live in the Net.
type presyn struct {
	Hooks
	rule synapse.Rule
}

func (m *presyn) AfterBackward(net *synapse.Net, _ int) { m.rule.Step(net) }

// FreezeThreshold implements Freezer.
func (m *presyn) FreezeThreshold() float32 { return m.rule.PFreeze }
