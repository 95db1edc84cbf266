package optim

import (
	"fmt"
	"math"
)

// AdamSettings configure Adam. Zero Beta1, Beta2 and Eps mean PyTorch's defaults
// 0.9, 0.999 and 1e-8.
type AdamSettings struct {
	LR           float32
	Beta1, Beta2 float64
	Eps          float32
	// WeightDecay adds WeightDecay*param to the gradient before the moments are
	// updated, as torch.optim.Adam (L2, not AdamW's decoupled decay).
	WeightDecay float32
}

// Adam is torch.optim.Adam (amsgrad off). With t the step count from 1:
//
//	d = g + WeightDecay*w
//	m = m + (1-Beta1)*(d - m)          (torch's lerp form of Beta1*m + (1-Beta1)*d)
//	v = Beta2*v + (1-Beta2)*d*d
//	w -= LR/(1-Beta1^t) * m / (sqrt(v)/sqrt(1-Beta2^t) + Eps)
//
// The moments are float32 like torch's state; the bias corrections are computed in
// float64 (torch computes them as Python floats).
type Adam struct {
	Settings AdamSettings
	m, v     []float32
	t        int
}

// NewAdam returns an Adam optimiser for n parameters. It panics if n < 0 or a
// setting is out of range.
func NewAdam(n int, s AdamSettings) *Adam {
	if n < 0 {
		panic(fmt.Sprintf("optim: NewAdam: negative size %d", n))
	}
	if s.Beta1 == 0 {
		s.Beta1 = 0.9
	}
	if s.Beta2 == 0 {
		s.Beta2 = 0.999
	}
	if s.Eps == 0 {
		s.Eps = 1e-8
	}
	if s.Beta1 < 0 || s.Beta1 >= 1 || s.Beta2 < 0 || s.Beta2 >= 1 || s.Eps < 0 {
		panic(fmt.Sprintf("optim: NewAdam: invalid settings %+v", s))
	}
	return &Adam{Settings: s, m: make([]float32, n), v: make([]float32, n)}
}

// Step updates params in place. It panics if the lengths are not those of NewAdam.
func (o *Adam) Step(params, grads []float32) {
	checkLens("Adam", len(o.m), params, grads)
	s := o.Settings
	o.t++
	bc1 := 1 - math.Pow(s.Beta1, float64(o.t))
	bc2 := 1 - math.Pow(s.Beta2, float64(o.t))
	stepSize := float32(float64(s.LR) / bc1)
	bc2Sqrt := float32(math.Sqrt(bc2))
	adamKernel(params, grads[:len(params)], o.m[:len(params)], o.v[:len(params)], &adamConsts{
		oneMinusB1: float32(1 - s.Beta1),
		b2:         float32(s.Beta2), oneMinusB2: float32(1 - s.Beta2),
		wd: s.WeightDecay, eps: s.Eps,
		stepSize: stepSize, bc2Sqrt: bc2Sqrt,
	})
}

// Reset clears the moments and the step count.
func (o *Adam) Reset() {
	clear(o.m)
	clear(o.v)
	o.t = 0
}

// Steps returns the number of steps taken since construction or Reset.
func (o *Adam) Steps() int { return o.t }
