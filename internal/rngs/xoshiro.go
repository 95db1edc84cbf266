package rngs

import "math/bits"

// Lanes is the width of Xoshiro8: the number of generators it advances at once,
// one per 32-bit lane of an AVX2 register.
const Lanes = 8

// Xoshiro8 is eight interleaved xoshiro128** generators (Blackman & Vigna 2018;
// 32-bit outputs, period 2^128-1 each, passing BigCrush), for the hot loops that
// need a random word per element: the Bernoulli masks of package synapse (about
// 200,000 per forward pass) and Normals (BGD, about a billion per epoch). Output
// k of a stream is lane k%8 of step k/8, so the AVX2 kernels, which advance all
// lanes at once, and the portable Go loops give the same words from the same
// seed on every machine. It is the only copy of the generator in presyn (one in
// Go, Next8, and one in assembly, the XOSHIRO8 macro of kernels_amd64.s that the
// masks and normals kernels expand): masks and normals drawn before it was
// shared are reproduced bit for bit (TestXoshiro8Recorded).
//
// The state is laid out as the kernel reads it: s[j] holds word j of the eight
// lanes. The zero value is not usable (every lane would output zeros forever):
// start it with NewXoshiro8. Values are comparable, so tests can check that two
// generators are in the same state.
type Xoshiro8 struct{ s [4][Lanes]uint32 }

// NewXoshiro8 seeds the lanes from seed with SplitMix64, as the xoshiro authors
// recommend; a lane whose state came out all zero (probability 2^-128) is fixed.
func NewXoshiro8(seed uint64) Xoshiro8 {
	var g Xoshiro8
	x := seed
	for k := range Lanes {
		a, b := Next(&x), Next(&x)
		g.s[0][k], g.s[1][k] = uint32(a), uint32(a>>32)
		g.s[2][k], g.s[3][k] = uint32(b), uint32(b>>32)
		if a == 0 && b == 0 {
			g.s[0][k] = 1
		}
	}
	return g
}

// Next8 advances every lane once and writes the eight outputs to u. It is the
// reference the AVX2 kernels are tested against.
func (g *Xoshiro8) Next8(u *[Lanes]uint32) {
	a, b, c, d := &g.s[0], &g.s[1], &g.s[2], &g.s[3]
	for k := range u {
		s0, s1, s2, s3 := a[k], b[k], c[k], d[k]
		u[k] = bits.RotateLeft32(s1*5, 7) * 9
		t := s1 << 9
		s2 ^= s0
		s3 ^= s1
		s1 ^= s2
		s0 ^= s3
		s2 ^= t
		s3 = bits.RotateLeft32(s3, 11)
		a[k], b[k], c[k], d[k] = s0, s1, s2, s3
	}
}
