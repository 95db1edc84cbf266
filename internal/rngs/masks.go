package rngs

import "math"

// MaskMode says where a scaled Bernoulli mask (Xoshiro8.Masks) takes its
// release threshold and its divisor q from.
type MaskMode int

const (
	// ThresholdFromP: element i releases with probability p[i] (else with the
	// constant threshold thr).
	ThresholdFromP MaskMode = 1 << iota
	// DivideByP: a released element gets s = 1/p[i] (else s = inv).
	DivideByP
)

// Masks draws one Bernoulli release event per element i of w and writes
// s[i] = mask_i/q_i and weff[i] = w[i]*s[i]: the sampled synapses of package
// synapse, or an inverted-dropout mask applied to w. Element i releases when
// float32(u>>8) < p[i]*2^24 for its 32-bit word u (number i of the stream): the
// top 24 bits are converted exactly, and p*2^24 is exact in float32 (a
// power-of-two scaling), so the release rate is p to within 2^-24, p = 1
// always releases and p = 0 never does. Without ThresholdFromP the threshold is
// thr (a constant probability times 2^24); without DivideByP q is 1/inv. p may
// be nil when mode is 0. Every call starts a fresh block of eight words, as
// Normals.Fill does.
//
// The masks are drawn here rather than in package synapse because the AVX2
// kernel draws the words and compares them in one pass: written apart, through
// a buffer, the generator's work no longer hides behind the rest and sampling
// costs half as much again. On amd64 with AVX2 that kernel (kernels_amd64.s)
// gives masksGo's results bit for bit.
func (g *Xoshiro8) Masks(w, p, s, weff []float32, mode MaskMode, thr, inv float32) {
	masks(g, w, p, s, weff, mode, thr, inv)
}

// masksGo is the portable Masks: the words of a chunk of elements, block by
// block, then their masks.
func masksGo(g *Xoshiro8, w, p, s, weff []float32, mode MaskMode, thr, inv float32) {
	var u [maskChunk]uint32
	for i := 0; i < len(w); i += maskChunk {
		k := min(maskChunk, len(w)-i)
		for b := 0; b < k; b += Lanes {
			g.Next8((*[Lanes]uint32)(u[b:]))
		}
		var pc []float32
		if mode != 0 {
			pc = p[i : i+k]
		}
		MaskWords(u[:k], w[i:i+k], pc, s[i:i+k], weff[i:i+k], mode, thr, inv)
	}
}

// maskChunk is how many elements masksGo draws words for at a time: a multiple
// of Lanes, 2 KiB of words, long enough that MaskWords' call costs nothing.
const maskChunk = 512

// MaskWords is Masks with the random words given: element i releases by word
// u[i]. It is the definition the kernels are tested against, and how a build
// with another generator (package synapse's splitmixmasks fidelity build) gets
// masks from its own words. len(u), len(s) and len(weff) must be at least
// len(w), and len(p) too unless mode is 0.
func MaskWords(u []uint32, w, p, s, weff []float32, mode MaskMode, thr, inv float32) {
	n := len(w)
	u, s, weff = u[:n], s[:n], weff[:n]
	// One loop per mode keeps the per-element work free of mode tests.
	switch mode {
	case ThresholdFromP | DivideByP:
		for i, pi := range p[:n] {
			s[i] = sel(1/pi, float32(u[i]>>8)-pi*0x1p24)
		}
	case ThresholdFromP:
		for i, pi := range p[:n] {
			s[i] = sel(inv, float32(u[i]>>8)-pi*0x1p24)
		}
	case DivideByP:
		for i, pi := range p[:n] {
			s[i] = sel(1/pi, float32(u[i]>>8)-thr)
		}
	default:
		for i, ui := range u {
			s[i] = sel(inv, float32(ui>>8)-thr)
		}
	}
	for i, v := range w {
		weff[i] = v * s[i]
	}
}

// sel returns q if diff is negative and +0 otherwise. diff is float32(u>>8) - t:
// negative exactly when u>>8 < t, since IEEE subtraction never flips a sign and
// gives +0 on equality.
func sel(q, diff float32) float32 {
	m := uint32(int32(math.Float32bits(diff)) >> 31)
	return math.Float32frombits(math.Float32bits(q) & m)
}
