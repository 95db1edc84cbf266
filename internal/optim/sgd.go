package optim

import "fmt"

// SGDSettings configure SGD. The zero value is plain SGD with learning rate 0,
// i.e. parameters never move; set LR.
type SGDSettings struct {
	LR float32
	// WeightDecay adds WeightDecay*param to the gradient (L2 regularisation of
	// strength WeightDecay/2), as torch.optim.SGD's weight_decay.
	WeightDecay float32
	// Momentum, if nonzero, is classical momentum without dampening: the first
	// step's buffer is the gradient itself, then buf = Momentum*buf + d.
	Momentum float32
}

// SGD is stochastic gradient descent as torch.optim.SGD (no dampening, no Nesterov):
//
//	d = g + WeightDecay*w;  if Momentum != 0 { buf = Momentum*buf + d; d = buf };  w -= LR*d
type SGD struct {
	Settings SGDSettings
	n        int
	buf      []float32 // momentum buffer, nil without momentum
	started  bool
}

// NewSGD returns an SGD optimiser for n parameters. It panics if n < 0.
func NewSGD(n int, s SGDSettings) *SGD {
	if n < 0 {
		panic(fmt.Sprintf("optim: NewSGD: negative size %d", n))
	}
	o := &SGD{Settings: s, n: n}
	if s.Momentum != 0 {
		o.buf = make([]float32, n)
	}
	return o
}

// Step updates params in place. It panics if the lengths are not those of NewSGD,
// or if Momentum was switched on after construction.
func (o *SGD) Step(params, grads []float32) {
	checkLens("SGD", o.n, params, grads)
	lr, wd, mom := o.Settings.LR, o.Settings.WeightDecay, o.Settings.Momentum
	grads = grads[:len(params)]
	if mom == 0 {
		sgdKernel(params, grads, lr, wd)
		return
	}
	if o.buf == nil {
		panic("optim: SGD: Momentum set after NewSGD; the buffer was not allocated")
	}
	buf := o.buf[:len(params)]
	if !o.started {
		// torch initialises the buffer with the first step's direction.
		for i, g := range grads {
			buf[i] = g + wd*params[i]
		}
		o.started = true
	} else {
		for i, g := range grads {
			buf[i] = mom*buf[i] + g + wd*params[i]
		}
	}
	for i, b := range buf {
		params[i] -= lr * b
	}
}

// Reset clears the momentum buffer.
func (o *SGD) Reset() {
	clear(o.buf)
	o.started = false
}

func checkLens(name string, n int, params, grads []float32) {
	if len(params) != n || len(grads) != n {
		panic(fmt.Sprintf("optim: %s made for %d parameters, Step got %d params and %d grads", name, n, len(params), len(grads)))
	}
}
