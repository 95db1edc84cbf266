//go:build !amd64 || purego

package optim

func sgdKernel(params, grads []float32, lr, wd float32) { sgdGo(params, grads, lr, wd) }

func adamKernel(params, grads, m, v []float32, c *adamConsts) { adamGo(params, grads, m, v, c) }
