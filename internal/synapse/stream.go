package synapse

import "math/bits"

// Stream is a small, fast random stream for Bernoulli masks: wyrand (Wang Yi's
// wyhash-based generator, a 64-bit Weyl sequence finalised by a 128-bit multiply;
// it passes BigCrush and PractRand). A forward pass of a 784-200-200-10 network
// draws about 200000 masks, so the generator's cost matters: one wyrand step gives
// the 32-bit uniforms of two synapses. Math/rand/v2's PCG is about twice as costly
// per draw.
//
// The zero value is a valid stream (seed 0). A Stream is not safe for concurrent
// use.
type Stream struct{ s uint64 }

const (
	wyP0 = 0xa0761d6478bd642f
	wyP1 = 0xe7037ed1a0b428db
)

// NewStream returns a stream with the given seed.
func NewStream(seed uint64) Stream { return Stream{s: seed} }

// Uint64 returns 64 uniform random bits.
func (r *Stream) Uint64() uint64 {
	r.s += wyP0
	hi, lo := bits.Mul64(r.s, r.s^wyP1)
	return hi ^ lo
}
