//go:build splitmixmasks && (purego || !amd64)

package synapse

import "github.com/presyn/presyn/internal/rngs"

// An alternative mask generator for fidelity experiments only: build with the
// tags purego and splitmixmasks, and the masks come from SplitMix64 of a counter
// (a different family of generator) instead of the eight xoshiro128** lanes. The
// portable kernels must run (purego), since the AVX2 kernel advances xoshiro
// itself. Every result changes, but none of its statistics should.

// next8 writes the top 32 bits of eight consecutive SplitMix64 outputs; the
// counter lives in the first two state words and the seed mix in the next two.
func (r *stream) next8(out *[8]uint32) {
	c := uint64(r.s[0][0]) | uint64(r.s[0][1])<<32
	key := uint64(r.s[0][2]) | uint64(r.s[0][3])<<32
	for k := range out {
		out[k] = uint32(rngs.SplitMix64(c^key) >> 32)
		c++
	}
	r.s[0][0], r.s[0][1] = uint32(c), uint32(c>>32)
}
