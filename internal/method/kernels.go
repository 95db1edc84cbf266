package method

// BGD's per-pass loops over all parameters, in portable Go here and, on amd64
// with AVX2, in assembly (kernels_amd64.s) that performs the same IEEE operations
// in the same order without FMA, so both give identical results; a test compares
// them.

// bgdSampleGo sets the weights to mu + sigma*eps.
func bgdSampleGo(p, mu, sigma, eps []float32) {
	n := len(p)
	mu, sigma, eps = mu[:n], sigma[:n], eps[:n]
	for i := range p {
		p[i] = mu[i] + sigma[i]*eps[i]
	}
}

// bgdAccumulateGo adds a pass's gradient g, scaled, to the running E[g] and
// E[g*eps].
func bgdAccumulateGo(eg, egeps, g, eps []float32, scale float32) {
	n := len(eg)
	egeps, g, eps = egeps[:n], g[:n], eps[:n]
	for i := range eg {
		gs := g[i] * scale
		eg[i] += gs
		egeps[i] += gs * eps[i]
	}
}
