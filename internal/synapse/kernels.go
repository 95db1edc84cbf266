package synapse

import "math"

// The element-wise kernels of a training step over all ~200000 synapses: drawing
// the masks, scaling the gradient by them, and the presynaptic rule. Each has a
// portable Go version here and, on amd64 with AVX2, an assembly version
// (kernels_amd64.s) that computes bit-for-bit the same results: same operations in
// the same order, no fused multiply-add, and the same random lanes. Tests compare
// the two on random inputs.

// Sampling modes: where the release threshold and the divisor q come from.
const (
	thrFromP = 1 << iota // threshold from each weight's p (else the constant)
	invFromP             // s = mask/p_i (else mask*inv with the constant inv)
)

// sampleGo draws one Bernoulli release event per synapse and writes
// s[i] = mask_i/q_i and weff[i] = w[i]*s[i]. A synapse releases when
// float32(u>>8) < p*2^24 for its 32-bit uniform u: the top 24 bits are converted
// exactly, and p*2^24 is exact in float32 (a power-of-two scaling), so the release
// rate is p to within 2^-24, p = 1 always releases and p = 0 never does. With
// thrFromP unset the threshold is thr (pFixed*2^24); with invFromP unset q is
// 1/inv. p may be nil when neither flag is set.
func sampleGo(st *stream, w, p, s, weff []float32, mode int, thr, inv float32) {
	n := len(w)
	s, weff = s[:n], weff[:n]
	if mode != 0 {
		p = p[:n]
	}
	var u [8]uint32
	for i := 0; i < n; i += 8 {
		st.next8(&u)
		k := min(8, n-i)
		ww, ss, ee := w[i:i+k], s[i:i+k], weff[i:i+k]
		// One loop per mode keeps the per-synapse work free of mode tests.
		switch mode {
		case thrFromP | invFromP:
			for j, pj := range p[i : i+k] {
				ss[j] = sel(1/pj, float32(u[j]>>8)-pj*0x1p24)
			}
		case thrFromP:
			for j, pj := range p[i : i+k] {
				ss[j] = sel(inv, float32(u[j]>>8)-pj*0x1p24)
			}
		case invFromP:
			for j, pj := range p[i : i+k] {
				ss[j] = sel(1/pj, float32(u[j]>>8)-thr)
			}
		default:
			for j := range ss {
				ss[j] = sel(inv, float32(u[j]>>8)-thr)
			}
		}
		for j, v := range ww {
			ee[j] = v * ss[j]
		}
	}
}

// sel returns q if diff is negative and +0 otherwise. diff is float32(u>>8) - t:
// negative exactly when u>>8 < t, since IEEE subtraction never flips a sign and
// gives +0 on equality.
func sel(q, diff float32) float32 {
	m := uint32(int32(math.Float32bits(diff)) >> 31)
	return math.Float32frombits(math.Float32bits(q) & m)
}

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
