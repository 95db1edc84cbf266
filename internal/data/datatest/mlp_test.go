package datatest

import (
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/data"
)

// mlp is a 784-h-10 ReLU network with a softmax cross-entropy loss, the smallest
// version of what the training code runs, written out so this package imports
// nothing but package data.
type mlp struct {
	hidden   int
	w1, b1   []float64 // hidden x Pixels, hidden
	w2, b2   []float64 // 10 x hidden, 10
	h, p     []float64 // activations of one sample
	gw1, gb1 []float64
	gw2, gb2 []float64
	dh       []float64
}

func newMLP(hidden int, r *rand.Rand) *mlp {
	m := &mlp{
		hidden: hidden,
		w1:     make([]float64, hidden*data.Pixels), b1: make([]float64, hidden),
		w2: make([]float64, classes*hidden), b2: make([]float64, classes),
		h: make([]float64, hidden), p: make([]float64, classes),
		gw1: make([]float64, hidden*data.Pixels), gb1: make([]float64, hidden),
		gw2: make([]float64, classes*hidden), gb2: make([]float64, classes),
		dh: make([]float64, hidden),
	}
	// PyTorch's Linear default: uniform in ±1/sqrt(fan-in).
	for i := range m.w1 {
		m.w1[i] = (2*r.Float64() - 1) / math.Sqrt(data.Pixels)
	}
	for i := range m.w2 {
		m.w2[i] = (2*r.Float64() - 1) / math.Sqrt(float64(hidden))
	}
	return m
}

// forward fills h and p (the softmax) for image x and returns the predicted class.
func (m *mlp) forward(x []float32) int {
	for k := range m.h {
		s := m.b1[k]
		for j, v := range m.w1[k*data.Pixels : (k+1)*data.Pixels] {
			s += v * float64(x[j])
		}
		m.h[k] = max(s, 0)
	}
	best, maxZ := 0, math.Inf(-1)
	for c := range m.p {
		s := m.b2[c]
		for k, v := range m.w2[c*m.hidden : (c+1)*m.hidden] {
			s += v * m.h[k]
		}
		m.p[c] = s
		if s > maxZ {
			best, maxZ = c, s
		}
	}
	var sum float64
	for c := range m.p {
		m.p[c] = math.Exp(m.p[c] - maxZ)
		sum += m.p[c]
	}
	for c := range m.p {
		m.p[c] /= sum
	}
	return best
}

// step takes one SGD step of size lr on the mean loss of a batch.
func (m *mlp) step(x []float32, y []int32, lr float64) {
	for _, g := range [][]float64{m.gw1, m.gb1, m.gw2, m.gb2} {
		clear(g)
	}
	for i, target := range y {
		img := x[i*data.Pixels : (i+1)*data.Pixels]
		m.forward(img)
		m.p[target]--
		clear(m.dh)
		for c, d := range m.p {
			m.gb2[c] += d
			for k, h := range m.h {
				m.gw2[c*m.hidden+k] += d * h
				m.dh[k] += d * m.w2[c*m.hidden+k]
			}
		}
		for k, d := range m.dh {
			if m.h[k] <= 0 {
				continue
			}
			m.gb1[k] += d
			g := m.gw1[k*data.Pixels : (k+1)*data.Pixels]
			for j, v := range img {
				g[j] += d * float64(v)
			}
		}
	}
	scale := lr / float64(len(y))
	for _, pg := range [][2][]float64{{m.w1, m.gw1}, {m.b1, m.gb1}, {m.w2, m.gw2}, {m.b2, m.gb2}} {
		for i, g := range pg[1] {
			pg[0][i] -= scale * g
		}
	}
}

// accuracy is the share of v's samples m classifies right.
func (m *mlp) accuracy(v *data.View) float64 {
	x := make([]float32, data.Pixels)
	right := 0
	for i := range v.Len() {
		if y := v.Sample(i, x); m.forward(x) == int(y) {
			right++
		}
	}
	return float64(right) / float64(v.Len())
}
