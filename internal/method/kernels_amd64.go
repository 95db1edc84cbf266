//go:build amd64 && !purego

package method

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2

//go:noescape
func bgdSampleAVX2(p, mu, sigma, eps *float32, n int)

//go:noescape
func bgdAccumulateAVX2(eg, egeps, grads, eps *float32, n int, scale float32)

func bgdSample(p, mu, sigma, eps []float32) {
	n := len(p)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		bgdSampleGo(p, mu, sigma, eps)
		return
	}
	mu, sigma, eps = mu[:n], sigma[:n], eps[:n]
	bgdSampleAVX2(&p[0], &mu[0], &sigma[0], &eps[0], k)
	bgdSampleGo(p[k:], mu[k:], sigma[k:], eps[k:])
}

func bgdAccumulate(eg, egeps, g, eps []float32, scale float32) {
	n := len(eg)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		bgdAccumulateGo(eg, egeps, g, eps, scale)
		return
	}
	egeps, g, eps = egeps[:n], g[:n], eps[:n]
	bgdAccumulateAVX2(&eg[0], &egeps[0], &g[0], &eps[0], k, scale)
	bgdAccumulateGo(eg[k:], egeps[k:], g[k:], eps[k:], scale)
}
