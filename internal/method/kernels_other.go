//go:build !amd64 || purego

package method

func bgdSample(p, mu, sigma, eps []float32) { bgdSampleGo(p, mu, sigma, eps) }

func bgdAccumulate(eg, egeps, g, eps []float32, scale float32) {
	bgdAccumulateGo(eg, egeps, g, eps, scale)
}
