//go:build !amd64 || purego

package synapse

// Without amd64 assembly (or with the purego tag) the portable kernels run.

// Kernels names the element-wise kernels in use for run manifests: "go" in this
// build (the AVX2 kernels give the same results).
func Kernels() string { return "go" }

func mulInPlace(g, s []float32) { mulGo(g, s) }

func ruleKernel(w, g, p []float32, c *ruleConsts) { ruleGo(w, g, p, c) }

func relu(z []float32) { reluGo(z) }

func reluBackward(d, act []float32) { reluBackwardGo(d, act) }
