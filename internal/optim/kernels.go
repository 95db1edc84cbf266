package optim

import "math"

// The update loops over all parameters, in portable Go here and, on amd64 with
// AVX2, in assembly (kernels_amd64.s) that performs the same IEEE operations in the
// same order without FMA, so both give identical results; tests compare them.

// sgdGo is w -= lr*(g + wd*w).
func sgdGo(params, grads []float32, lr, wd float32) {
	grads = grads[:len(params)]
	for i, g := range grads {
		params[i] -= lr * (g + wd*params[i])
	}
}

// adamConsts are one Adam step's constants; the AVX2 kernel reads them by offset,
// so keep the field order.
type adamConsts struct {
	oneMinusB1, b2, oneMinusB2 float32
	wd, eps                    float32
	stepSize, bc2Sqrt          float32
}

// adamGo is one Adam step (see Adam). The square root of a float32 computed in
// float64 and rounded back is the correctly rounded float32 square root, as
// SQRTPS gives.
func adamGo(params, grads, m, v []float32, c *adamConsts) {
	n := len(params)
	grads, m, v = grads[:n], m[:n], v[:n]
	for i, g := range grads {
		d := g + c.wd*params[i]
		mi := m[i] + c.oneMinusB1*(d-m[i])
		vi := c.b2*v[i] + c.oneMinusB2*d*d
		m[i], v[i] = mi, vi
		denom := float32(math.Sqrt(float64(vi)))/c.bc2Sqrt + c.eps
		params[i] -= c.stepSize * mi / denom
	}
}
