//go:build amd64 && !purego

package optim

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2

//go:noescape
func sgdAVX2(params, grads *float32, n int, lr, wd float32)

//go:noescape
func adamAVX2(params, grads, m, v *float32, n int, c *adamConsts)

func sgdKernel(params, grads []float32, lr, wd float32) {
	n := len(params)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		sgdGo(params, grads, lr, wd)
		return
	}
	grads = grads[:n]
	sgdAVX2(&params[0], &grads[0], k, lr, wd)
	sgdGo(params[k:], grads[k:], lr, wd)
}

func adamKernel(params, grads, m, v []float32, c *adamConsts) {
	n := len(params)
	k := n &^ 7
	if !useAVX2 || k == 0 {
		adamGo(params, grads, m, v, c)
		return
	}
	grads, m, v = grads[:n], m[:n], v[:n]
	adamAVX2(&params[0], &grads[0], &m[0], &v[0], k, c)
	adamGo(params[k:], grads[k:], m[k:], v[k:], c)
}
