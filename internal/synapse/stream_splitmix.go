//go:build splitmixmasks && (purego || !amd64)

package synapse

import "github.com/presyn/presyn/internal/rngs"

// An alternative mask generator for fidelity experiments only: build with the
// tags purego and splitmixmasks, and the masks come from SplitMix64 of a counter
// (a different family of generator) instead of the eight xoshiro128** lanes. The
// portable kernels must run (purego), since the AVX2 kernel draws from
// rngs.Xoshiro8. Every result changes, but none of its statistics should.

// stream is a SplitMix64 counter c mixed with key.
type stream struct{ c, key uint64 }

// newStream derives the counter and key as this generator always has: from the
// first 32-bit state word of xoshiro lanes 0, 1 (the counter) and 2, 3 (the
// key) as rngs.NewXoshiro8 seeds them, so fidelity runs made before the xoshiro
// generator moved to package rngs are reproduced.
func newStream(seed uint64) stream {
	var w [4]uint64
	x := seed
	for k := range w {
		a, b := rngs.Next(&x), rngs.Next(&x)
		w[k] = uint64(uint32(a))
		if a == 0 && b == 0 {
			w[k] = 1
		}
	}
	return stream{c: w[0] | w[1]<<32, key: w[2] | w[3]<<32}
}

// Next8 writes the top 32 bits of eight consecutive SplitMix64 outputs.
func (r *stream) Next8(out *[8]uint32) {
	for k := range out {
		out[k] = uint32(rngs.SplitMix64(r.c^r.key) >> 32)
		r.c++
	}
}

// sample draws the Net's masks as the xoshiro build does, from this
// generator's words.
func sample(st *stream, w, p, s, weff []float32, mode rngs.MaskMode, thr, inv float32) {
	var u [8]uint32
	for i := 0; i < len(w); i += 8 {
		st.Next8(&u)
		k := min(8, len(w)-i)
		var pk []float32
		if mode != 0 {
			pk = p[i : i+k]
		}
		rngs.MaskWords(u[:k], w[i:i+k], pk, s[i:i+k], weff[i:i+k], mode, thr, inv)
	}
}
