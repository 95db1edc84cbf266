//go:build !splitmixmasks

package synapse

import "math/bits"

// next8 advances every lane once and writes the eight outputs to out.
func (r *stream) next8(out *[8]uint32) {
	a, b, c, d := &r.s[0], &r.s[1], &r.s[2], &r.s[3]
	for k := range out {
		s0, s1, s2, s3 := a[k], b[k], c[k], d[k]
		out[k] = bits.RotateLeft32(s1*5, 7) * 9
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
