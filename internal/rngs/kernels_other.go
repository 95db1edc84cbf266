//go:build !amd64 || purego

package rngs

// Without amd64 assembly (or with the purego tag) the portable kernels run.

// kernel names the kernels in use: "go" here.
func kernel() string { return "go" }

func fillBlocks(g *Normals, dst []float32) { fillBlocksGo(g, dst) }

func masks(g *Xoshiro8, w, p, s, weff []float32, mode MaskMode, thr, inv float32) {
	masksGo(g, w, p, s, weff, mode, thr, inv)
}
