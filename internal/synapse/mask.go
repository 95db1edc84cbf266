package synapse

import (
	"math"
	"math/bits"
)

// The mask kernels draw one Bernoulli release event per synapse and write, for each
// weight i, the scale s[i] = mask_i/q_i (q the divisor of the mode: p_i, a constant,
// or 1) and the effective weight weff[i] = w[i]*s[i] used by the forward pass. The
// backward pass multiplies the gradient by the same s.
//
// They are branch-free: a 32-bit uniform u is compared with the integer threshold
// t = p*2^32 as u - t < 0 in int64, whose sign bit, spread by an arithmetic shift,
// is an all-ones or all-zeros mask selecting the bits of 1/q. p*2^32 is exact in
// float32 (a power-of-two scaling) and an integer for p >= 2^-8, so P(u < t) is p
// exactly; p = 1 gives t = 2^32 > u always (no conversion overflow, as int64).
// One wyrand step feeds two synapses.

// threshold returns t with P(u < t) = p for u uniform on [0, 2^32).
func threshold(p float32) int64 { return int64(p * 0x1p32) }

// sel returns v if the low 32 bits of m are all ones and +0 if they are zero.
func sel(v float32, m int64) float32 {
	return math.Float32frombits(math.Float32bits(v) & uint32(m))
}

// sampleVarDiv: mask ~ Bernoulli(p_i), s = mask/p_i (the presynaptic model).
func sampleVarDiv(st *Stream, w, p, s, weff []float32) {
	n := len(w)
	p, s, weff = p[:n], s[:n], weff[:n]
	x := st.s
	i := 0
	for ; i+2 <= n; i += 2 {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		r := hi ^ lo
		pp, ss, ee, ww := p[i:i+2:i+2], s[i:i+2:i+2], weff[i:i+2:i+2], w[i:i+2:i+2]
		m0 := (int64(uint32(r)) - threshold(pp[0])) >> 63
		m1 := (int64(r>>32) - threshold(pp[1])) >> 63
		s0, s1 := sel(1/pp[0], m0), sel(1/pp[1], m1)
		ss[0], ss[1] = s0, s1
		ee[0], ee[1] = ww[0]*s0, ww[1]*s1
	}
	if i < n {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		m := (int64(uint32(hi^lo)) - threshold(p[i])) >> 63
		s[i] = sel(1/p[i], m)
		weff[i] = w[i] * s[i]
	}
	st.s = x
}

// sampleVarUnit: mask ~ Bernoulli(p_i), s = mask (the not-normalised variant).
func sampleVarUnit(st *Stream, w, p, s, weff []float32) {
	n := len(w)
	p, s, weff = p[:n], s[:n], weff[:n]
	x := st.s
	i := 0
	for ; i+2 <= n; i += 2 {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		r := hi ^ lo
		pp, ss, ee, ww := p[i:i+2:i+2], s[i:i+2:i+2], weff[i:i+2:i+2], w[i:i+2:i+2]
		m0 := (int64(uint32(r)) - threshold(pp[0])) >> 63
		m1 := (int64(r>>32) - threshold(pp[1])) >> 63
		s0, s1 := sel(1, m0), sel(1, m1)
		ss[0], ss[1] = s0, s1
		ee[0], ee[1] = ww[0]*s0, ww[1]*s1
	}
	if i < n {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		m := (int64(uint32(hi^lo)) - threshold(p[i])) >> 63
		s[i] = sel(1, m)
		weff[i] = w[i] * s[i]
	}
	st.s = x
}

// sampleConstDiv: mask ~ Bernoulli(pFixed), s = mask/p_i (the ghost-p ablation as
// published: sampled with the fixed probability, divided by the ghost p).
func sampleConstDiv(st *Stream, w, p, s, weff []float32, pFixed float32) {
	n := len(w)
	p, s, weff = p[:n], s[:n], weff[:n]
	t := threshold(pFixed)
	x := st.s
	i := 0
	for ; i+2 <= n; i += 2 {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		r := hi ^ lo
		pp, ss, ee, ww := p[i:i+2:i+2], s[i:i+2:i+2], weff[i:i+2:i+2], w[i:i+2:i+2]
		m0 := (int64(uint32(r)) - t) >> 63
		m1 := (int64(r>>32) - t) >> 63
		s0, s1 := sel(1/pp[0], m0), sel(1/pp[1], m1)
		ss[0], ss[1] = s0, s1
		ee[0], ee[1] = ww[0]*s0, ww[1]*s1
	}
	if i < n {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		m := (int64(uint32(hi^lo)) - t) >> 63
		s[i] = sel(1/p[i], m)
		weff[i] = w[i] * s[i]
	}
	st.s = x
}

// sampleConst: mask ~ Bernoulli(pFixed), s = mask*inv with a constant inv
// (1/pFixed: the fixed-release control and the unbiased ghost variant).
func sampleConst(st *Stream, w, s, weff []float32, pFixed, inv float32) {
	n := len(w)
	s, weff = s[:n], weff[:n]
	t := threshold(pFixed)
	x := st.s
	i := 0
	for ; i+2 <= n; i += 2 {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		r := hi ^ lo
		ss, ee, ww := s[i:i+2:i+2], weff[i:i+2:i+2], w[i:i+2:i+2]
		m0 := (int64(uint32(r)) - t) >> 63
		m1 := (int64(r>>32) - t) >> 63
		s0, s1 := sel(inv, m0), sel(inv, m1)
		ss[0], ss[1] = s0, s1
		ee[0], ee[1] = ww[0]*s0, ww[1]*s1
	}
	if i < n {
		x += wyP0
		hi, lo := bits.Mul64(x, x^wyP1)
		m := (int64(uint32(hi^lo)) - t) >> 63
		s[i] = sel(inv, m)
		weff[i] = w[i] * s[i]
	}
	st.s = x
}
