package synapse

import "fmt"

// Rule is the presynaptic plasticity rule of Schug et al. (2021): one step updates
// every weight w (the expected strength; the strength m when not normalised) and
// its release probability p from the gradient g of the last Backward:
//
//	d = g;  if LRModulation { d *= 1 - p };  d += WeightDecay*w;  w -= LR*d
//	delta = PUp if |g| >= GLim else -PDown
//	p = clamp(p + (1 - p)*delta*(0 if p >= PFreeze else 1), PMin, PMax)
//
// with p before its update in every right-hand side (the weight step uses the old p,
// and so does the freezing test), PMin and PMax from the Net's Config. Weight decay
// is added after the modulation, so it is not modulated. As published, this is
// also the rule of the ghost-p ablation (on the ghost p). Learned biases, if any,
// take a plain gradient step b -= LR*g_b.
//
// The zero value of PFreeze means 1, i.e. no freezing (p = 1 cannot move anyway).
// A Rule holds no state; one value may serve many Nets.
type Rule struct {
	LR, WeightDecay  float32
	PUp, PDown, GLim float32
	PFreeze          float32
	LRModulation     bool
}

// Update implements Updater.
func (r *Rule) Update(n *Net) { r.Step(n) }

// Step applies the rule to n once. It panics if n has no release probabilities
// (Deterministic, or FixedRelease without Ghost: train those with an optimiser).
func (r *Rule) Step(n *Net) {
	if n.probs == nil {
		panic(fmt.Sprintf("synapse: Rule.Step on a net without release probabilities (synapses %v, ghost %v)", n.cfg.Synapses, n.cfg.Ghost))
	}
	freeze := r.PFreeze
	if freeze == 0 {
		freeze = 1 // as in Frozen
	}
	var mod float32
	if r.LRModulation {
		mod = 1
	}
	ruleKernel(n.params[:n.nW], n.grads[:n.nW], n.probs, &ruleConsts{
		lr: r.LR, wd: r.WeightDecay, mod: mod,
		pUp: r.PUp, pDown: r.PDown, gLim: r.GLim, freeze: freeze,
		pMin: n.cfg.PMin, pMax: n.cfg.PMax,
	})
	if n.cfg.Bias == BiasLearned {
		b, gb := n.params[n.nW:], n.grads[n.nW:]
		for i, g := range gb {
			b[i] -= r.LR * g
		}
	}
}

// Frozen reports whether a synapse with release probability p no longer changes
// its p under r.
func (r *Rule) Frozen(p float32) bool { return Frozen(p, r.PFreeze) }

// Frozen is presyn's one definition of a frozen synapse: its release probability p
// has reached the freezing threshold pFreeze, the test the Rule makes before every
// update. The zero threshold means 1, i.e. no freezing; a synapse at p = 1 counts
// as frozen even then, since the rule's step (1 - p)*delta cannot move it.
func Frozen(p, pFreeze float32) bool {
	if pFreeze == 0 {
		pFreeze = 1
	}
	return p >= pFreeze
}
