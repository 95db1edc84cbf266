package synapse

import "math"

// The element-wise kernels of a training step over all ~200000 synapses: scaling
// the gradient by the masks, the presynaptic rule and the ReLUs. (The masks
// themselves are drawn by rngs.Xoshiro8.Masks, whose kernel draws the random
// words and the masks in one pass; see stream.go.) Each has a portable Go
// version here and, on amd64 with AVX2, an assembly version (kernels_amd64.s)
// that computes bit-for-bit the same results: same operations in the same
// order, no fused multiply-add. Tests compare the two on random inputs.

// mulGo sets g[i] *= s[i].
func mulGo(g, s []float32) {
	s = s[:len(g)]
	for i := range g {
		g[i] *= s[i]
	}
}

// ruleConsts are the Rule's constants for one step; the AVX2 kernel reads them
// by offset, so keep the field order.
type ruleConsts struct {
	lr, wd, mod              float32
	pUp, pDown, gLim, freeze float32
	pMin, pMax               float32
}

// ruleGo is Rule.Step on flat slices (see Rule for the formulas). It is
// branch-free: whether a gradient clears GLim and whether a synapse is frozen are
// close to coin flips early in training, which a branch predictor would miss.
// Probabilities, GLim and PFreeze are non-negative, so their float32 order is the
// order of their bit patterns as integers; the clamp compares the bits as int32,
// which also puts any negative intermediate below PMin.
func ruleGo(w, g, p []float32, c *ruleConsts) {
	n := len(w)
	g, p = g[:n], p[:n]
	gLim := int32(math.Float32bits(c.gLim))
	freeze := int32(math.Float32bits(c.freeze))
	up, down := math.Float32bits(c.pUp), math.Float32bits(-c.pDown)
	pMin, pMax := int32(math.Float32bits(c.pMin)), int32(math.Float32bits(c.pMax))
	lr, wd, mod := c.lr, c.wd, c.mod
	for i := range w {
		gi, pi, wi := g[i], p[i], w[i]
		// mod is 0 or 1: 1 - pi*mod is exactly 1 - pi or 1.
		d := gi*(1-pi*mod) + wd*wi
		w[i] = wi - lr*d
		// upMask: all ones iff |g| >= GLim, i.e. bits(|g|) > bits(GLim) - 1.
		upMask := gtMask(int32(math.Float32bits(gi)&0x7fffffff), gLim-1)
		delta := math.Float32frombits(up&upMask | down&^upMask)
		// live: all ones iff p < PFreeze.
		live := gtMask(freeze, int32(math.Float32bits(pi)))
		step := math.Float32frombits(math.Float32bits((1-pi)*delta) & live)
		q := int32(math.Float32bits(pi + step))
		q = max(q, pMin)
		q = min(q, pMax)
		p[i] = math.Float32frombits(uint32(q))
	}
}

// gtMask returns all ones if a > b and zero otherwise (VPCMPGTD on one lane).
func gtMask(a, b int32) uint32 {
	return uint32((int64(b) - int64(a)) >> 63)
}

// reluGo sets z[i] = max(z[i], 0) by clearing every value whose sign bit is set
// (negative numbers and -0 become +0), without a branch the predictor would miss
// half the time.
func reluGo(z []float32) {
	for i, v := range z {
		b := math.Float32bits(v)
		z[i] = math.Float32frombits(b &^ uint32(int32(b)>>31))
	}
}

// reluBackwardGo zeroes d where the ReLU output act is +0 (its input was <= 0), as
// PyTorch's threshold_backward does; act >= 0, so its bits are 0 exactly then.
func reluBackwardGo(d, act []float32) {
	act = act[:len(d)]
	for i, a := range act {
		keep := uint32(int32(-int64(math.Float32bits(a)) >> 32)) // all ones iff a != +0
		d[i] = math.Float32frombits(math.Float32bits(d[i]) & keep)
	}
}
