package synapse

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"testing"

	"github.com/presyn/presyn/internal/rngs"
)

// TestMasksRecorded pins the masks to those drawn before the mask generator
// moved to package rngs: sample, in each mode, twice in a row from
// newStream(42), over the 198805 synapses below; the FNV-1a hash of the
// little-endian float32 bits of s and weff, synapse by synapse, was recorded on
// 2026-12-02 at commit 3dc89d8, with the AVX2 and the purego builds giving the
// same hashes (recordedMasks, per generator build).
func TestMasksRecorded(t *testing.T) {
	t.Logf("kernels %s", Kernels())
	n := 198805
	w, p := make([]float32, n), make([]float32, n)
	for i := range w {
		w[i] = float32(i%97) * 0.01
		p[i] = 0.25 + 0.75*float32(i%101)/100
	}
	for mi, mode := range []rngs.MaskMode{0, rngs.ThresholdFromP, rngs.DivideByP, rngs.ThresholdFromP | rngs.DivideByP} {
		st := newStream(42)
		s, e := make([]float32, n), make([]float32, n)
		h := fnv.New64a()
		var b [8]byte
		for range 2 {
			sample(&st, w, p, s, e, mode, 0.4*0x1p24, 2.5)
			for i := range s {
				binary.LittleEndian.PutUint32(b[:4], math.Float32bits(s[i]))
				binary.LittleEndian.PutUint32(b[4:], math.Float32bits(e[i]))
				h.Write(b[:])
			}
		}
		if got := h.Sum64(); got != recordedMasks[mi] {
			t.Errorf("mode %d: hash %#x, recorded %#x", mode, got, recordedMasks[mi])
		}
	}
}
