//go:build amd64 && !purego

package synapse

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernels; without AVX2 the portable ones run and
// give the same results.
var useAVX2 = cpu.X86.HasAVX2

// Kernels names the element-wise kernels in use for run manifests: "avx2" or
// "go" (the results are the same).
func Kernels() string {
	if useAVX2 {
		return "avx2"
	}
	return "go"
}

//go:noescape
func mulAVX2(dst, s *float32, n int)

//go:noescape
func ruleAVX2(w, grad, p *float32, n int, c *ruleConsts)

//go:noescape
func reluAVX2(z *float32, n int)

//go:noescape
func reluBackwardAVX2(d, act *float32, n int)

func mulInPlace(g, s []float32) {
	n := len(g)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		mulGo(g, s)
		return
	}
	s = s[:n]
	mulAVX2(&g[0], &s[0], k)
	mulGo(g[k:], s[k:])
}

func ruleKernel(w, g, p []float32, c *ruleConsts) {
	n := len(w)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		ruleGo(w, g, p, c)
		return
	}
	g, p = g[:n], p[:n]
	ruleAVX2(&w[0], &g[0], &p[0], k, c)
	ruleGo(w[k:], g[k:], p[k:], c)
}

func relu(z []float32) {
	n := len(z)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		reluGo(z)
		return
	}
	reluAVX2(&z[0], k)
	reluGo(z[k:])
}

func reluBackward(d, act []float32) {
	n := len(d)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		reluBackwardGo(d, act)
		return
	}
	act = act[:n]
	reluBackwardAVX2(&d[0], &act[0], k)
	reluBackwardGo(d[k:], act[k:])
}
