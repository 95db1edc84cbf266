package synapse

import "github.com/presyn/presyn/internal/rngs"

// stream is the Net's random stream for Bernoulli masks: eight interleaved
// xoshiro128** generators (Blackman & Vigna 2018; 32-bit outputs, period 2^128-1
// each, passing BigCrush), one per lane of an 8-wide vector. Draw k of a pass
// comes from lane k%8 of step k/8, so the AVX2 kernel, which advances all lanes at
// once, and the portable Go kernel produce the same masks from the same seed on
// any machine. A forward pass of a 784-200-200-10 network draws about 200000
// masks, which is why the generator must vectorise.
//
// The state is laid out as the AVX2 kernel reads it: s[j] holds word j of the
// eight lanes.
type stream struct{ s [4][8]uint32 }

// newStream seeds the 8 lanes from seed with splitmix64, as the xoshiro authors
// recommend; a lane whose state came out all zero (probability 2^-128) is fixed.
func newStream(seed uint64) stream {
	var st stream
	x := seed
	for k := 0; k < 8; k++ {
		a, b := rngs.Next(&x), rngs.Next(&x)
		st.s[0][k], st.s[1][k] = uint32(a), uint32(a>>32)
		st.s[2][k], st.s[3][k] = uint32(b), uint32(b>>32)
		if a == 0 && b == 0 {
			st.s[0][k] = 1
		}
	}
	return st
}
