//go:build !splitmixmasks

package synapse

import "github.com/presyn/presyn/internal/rngs"

// stream is the mask generator; an alias, so sample calls rngs' Masks with no
// wrapper between.
type stream = rngs.Xoshiro8

// newStream seeds the eight lanes from seed (rngs.NewXoshiro8). The masks of
// every run depend on this seeding: keep it.
func newStream(seed uint64) stream { return rngs.NewXoshiro8(seed) }

// sample draws the Net's masks (see rngs.Xoshiro8.Masks).
func sample(st *stream, w, p, s, weff []float32, mode rngs.MaskMode, thr, inv float32) {
	st.Masks(w, p, s, weff, mode, thr, inv)
}
