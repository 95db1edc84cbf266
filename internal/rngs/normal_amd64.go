//go:build amd64 && !purego

package rngs

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernel; without AVX2 the portable one runs and
// gives the same numbers.
var useAVX2 = cpu.X86.HasAVX2

// normalKernel names the normals kernel in use: "avx2" or "go".
func normalKernel() string {
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
func normalsAVX2(s *[4][normalLanes]uint32, dst *float32, blocks int, q *float32, tail *[normalLanes]uint32) int

func fillBlocks(g *Normals, dst []float32) {
	if !useAVX2 {
		fillBlocksGo(g, dst)
		return
	}
	var tail [normalLanes]uint32
	for len(dst) >= normalLanes {
		blocks := len(dst) / normalLanes
		done := normalsAVX2(&g.s, &dst[0], blocks, &normalQuantile[0], &tail)
		dst = dst[done*normalLanes:]
		if done == blocks {
			return
		}
		for k, u := range tail {
			dst[k] = normalFrom(u)
		}
		dst = dst[normalLanes:]
	}
}
