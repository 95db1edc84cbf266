//go:build !amd64 || purego

package rngs

// Kernels names the normals kernel in use: "go" here.
func normalKernel() string { return "go" }

func fillBlocks(g *Normals, dst []float32) { fillBlocksGo(g, dst) }
