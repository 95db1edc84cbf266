//go:build amd64 && !purego

package rngs

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernels; without AVX2 the portable ones run and
// give the same numbers.
var useAVX2 = cpu.X86.HasAVX2

// kernel names the kernels in use: "avx2" or "go".
func kernel() string {
	if useAVX2 {
		return "avx2"
	}
	return "go"
}

// normalsAVX2 fills blocks blocks of eight normals from the generators' state s
// and returns how many it wrote. It stops early at a block with a number in an
// outer bin: that block's random words are then in tail, the generators already
// past it, and the caller writes it.
//
//go:noescape
func normalsAVX2(s *[4][Lanes]uint32, dst *float32, blocks int, q *float32, tail *[Lanes]uint32) int

// masksAVX2 is masksGo on blocks blocks of eight elements, drawing from the
// generators' state s.
//
//go:noescape
func masksAVX2(s *[4][Lanes]uint32, w, p, out, weff *float32, blocks int, mode MaskMode, thr, inv float32)

func fillBlocks(g *Normals, dst []float32) {
	if !useAVX2 {
		fillBlocksGo(g, dst)
		return
	}
	var tail [Lanes]uint32
	for len(dst) >= Lanes {
		blocks := len(dst) / Lanes
		done := normalsAVX2(&g.x.s, &dst[0], blocks, &normalQuantile[0], &tail)
		dst = dst[done*Lanes:]
		if done == blocks {
			return
		}
		for k, u := range tail {
			dst[k] = normalFrom(u)
		}
		dst = dst[Lanes:]
	}
}

func masks(g *Xoshiro8, w, p, s, weff []float32, mode MaskMode, thr, inv float32) {
	n := len(w)
	blocks := n / Lanes
	if !useAVX2 || blocks == 0 {
		masksGo(g, w, p, s, weff, mode, thr, inv)
		return
	}
	s, weff = s[:n], weff[:n]
	var pp *float32
	if mode != 0 {
		p = p[:n]
		pp = &p[0]
	}
	masksAVX2(&g.s, &w[0], pp, &s[0], &weff[0], blocks, mode, thr, inv)
	if k := blocks * Lanes; k < n {
		var pt []float32
		if mode != 0 {
			pt = p[k:]
		}
		masksGo(g, w[k:], pt, s[k:], weff[k:], mode, thr, inv)
	}
}
