package optim

import (
	"math"
	"strings"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// Expected values below are derived by hand from the update formulas (torch.optim
// semantics); the arithmetic is shown so that a reader can check it.
func TestSGD(t *testing.T) {
	cases := []struct {
		name   string
		s      SGDSettings
		params []float32
		grads  [][]float32 // one slice per step
		want   [][]float64 // params after each step
	}{
		{
			// w -= 0.1*g: 1 - 0.1*0.5 = 0.95; -2 - 0.1*(-1) = -1.9.
			name: "plain", s: SGDSettings{LR: 0.1},
			params: []float32{1, -2}, grads: [][]float32{{0.5, -1}},
			want: [][]float64{{0.95, -1.9}},
		},
		{
			// d = g + 0.01*w = [0.51, 0.48]; w = [1 - 0.051, -2 - 0.048].
			name: "weight decay", s: SGDSettings{LR: 0.1, WeightDecay: 0.01},
			params: []float32{1, -2}, grads: [][]float32{{0.5, 0.5}},
			want: [][]float64{{0.949, -2.048}},
		},
		{
			// Step 1 as above (buffer = d). Step 2: d = 0.5 + 0.01*[0.949, -2.048]
			// = [0.50949, 0.47952]; buf = 0.9*[0.51, 0.48] + d = [0.96849, 0.91152];
			// w = [0.949 - 0.096849, -2.048 - 0.091152] = [0.852151, -2.139152].
			name: "momentum", s: SGDSettings{LR: 0.1, WeightDecay: 0.01, Momentum: 0.9},
			params: []float32{1, -2}, grads: [][]float32{{0.5, 0.5}, {0.5, 0.5}},
			want: [][]float64{{0.949, -2.048}, {0.852151, -2.139152}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := NewSGD(len(c.params), c.s)
			p := append([]float32(nil), c.params...)
			for step, g := range c.grads {
				o.Step(p, g)
				for i := range p {
					if !near(float64(p[i]), c.want[step][i], 1e-6) {
						t.Errorf("step %d: param %d = %v, want %v", step+1, i, p[i], c.want[step][i])
					}
				}
			}
		})
	}
}

func TestAdam(t *testing.T) {
	cases := []struct {
		name   string
		s      AdamSettings
		params []float32
		grads  [][]float32
		want   [][]float64
	}{
		{
			// Step 1: m = 0.1g, v = 0.001g^2, bias corrections 0.1 and 0.001 give
			// m^ = g, sqrt(v^) = |g|: w -= 0.1*g/(|g|+1e-8), i.e. 0.1*sign(g) up to
			// 2e-9: [0.9, -1.9, 0] (a zero gradient moves nothing: 0/(0+eps)).
			// Step 2, param 0 (g = -0.5): m = 0.9*0.05 - 0.05 = -0.005,
			// v = 0.999*0.00025 + 0.001*0.25 = 0.00049975, bc1 = 0.19,
			// bc2 = 0.001999, v/bc2 = 0.25 exactly: w = 0.9 + (0.1/0.19)*0.005/0.5
			// = 0.90526316. Param 1 (g = 0.5 after -0.25): m = -0.0225 + 0.05 =
			// 0.0275, v = 0.999*0.0000625 + 0.00025 = 0.0003124375, sqrt(v/bc2) =
			// 0.39534403: w = -1.9 - (0.1/0.19)*0.0275/0.39534403 = -1.93661036.
			name: "bias correction", s: AdamSettings{LR: 0.1},
			params: []float32{1, -2, 0}, grads: [][]float32{{0.5, -0.25, 0}, {-0.5, 0.5, 0}},
			want: [][]float64{{0.9, -1.9, 0}, {0.90526316, -1.93661036, 0}},
		},
		{
			// L2 weight decay enters the gradient: with g = 0, d = 0.1*w.
			// Step 1: d = 0.1, w = 1 - 0.01*0.1/(0.1+1e-8) = 0.99.
			// Step 2: d = 0.099, m = 0.009 + 0.0099 = 0.0189, v = 0.999e-5 +
			// 0.001*0.009801 = 1.9791e-5; m^ = 0.0189/0.19 = 0.09947368, sqrt(v^) =
			// sqrt(1.9791e-5/0.001999) = 0.09950081: w = 0.99 - 0.01*0.99972739 =
			// 0.98000273.
			name: "weight decay is L2", s: AdamSettings{LR: 0.01, WeightDecay: 0.1},
			params: []float32{1}, grads: [][]float32{{0}, {0}},
			want: [][]float64{{0.99}, {0.98000273}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := NewAdam(len(c.params), c.s)
			p := append([]float32(nil), c.params...)
			for step, g := range c.grads {
				o.Step(p, g)
				for i := range p {
					if !near(float64(p[i]), c.want[step][i], 1e-6) {
						t.Errorf("step %d: param %d = %.9g, want %.9g", step+1, i, p[i], c.want[step][i])
					}
				}
			}
			if o.Steps() != len(c.grads) {
				t.Errorf("Steps() = %d", o.Steps())
			}
		})
	}
}

// TestReset: after Reset an optimiser behaves as a fresh one.
func TestReset(t *testing.T) {
	for _, mk := range []func() Optimizer{
		func() Optimizer { return NewAdam(2, AdamSettings{LR: 0.1}) },
		func() Optimizer { return NewSGD(2, SGDSettings{LR: 0.1, Momentum: 0.9}) },
	} {
		used, fresh := mk(), mk()
		p := []float32{1, 2}
		used.Step(p, []float32{3, -1})
		used.Reset()
		p1, p2 := []float32{1, 2}, []float32{1, 2}
		used.Step(p1, []float32{0.5, 0.25})
		fresh.Step(p2, []float32{0.5, 0.25})
		if p1[0] != p2[0] || p1[1] != p2[1] {
			t.Errorf("%T after Reset: %v, fresh: %v", used, p1, p2)
		}
	}
}

func TestPanics(t *testing.T) {
	cases := []struct {
		name string
		f    func()
	}{
		{"sgd length", func() { NewSGD(2, SGDSettings{}).Step(make([]float32, 2), make([]float32, 3)) }},
		{"adam length", func() { NewAdam(2, AdamSettings{}).Step(make([]float32, 1), make([]float32, 1)) }},
		{"adam beta", func() { NewAdam(1, AdamSettings{Beta1: 1}) }},
		{"negative size", func() { NewSGD(-1, SGDSettings{}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				s, _ := recover().(string)
				if !strings.HasPrefix(s, "optim: ") {
					t.Errorf("panic %q, want an optim: panic", s)
				}
			}()
			c.f()
		})
	}
}

func TestNoAlloc(t *testing.T) {
	const n = 1000
	p, g := make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = float32(i%7) - 3
	}
	for _, o := range []Optimizer{
		NewSGD(n, SGDSettings{LR: 0.01, WeightDecay: 1e-3}),
		NewSGD(n, SGDSettings{LR: 0.01, Momentum: 0.9}),
		NewAdam(n, AdamSettings{LR: 1e-3}),
	} {
		if a := testing.AllocsPerRun(10, func() { o.Step(p, g) }); a != 0 {
			t.Errorf("%T.Step allocates %v times", o, a)
		}
	}
}

func BenchmarkStep(b *testing.B) {
	const n = 784*200 + 200*200 + 200*10 + 410 // 784-200-200-10 with biases
	p, g := make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = float32(i%7) - 3
	}
	for name, o := range map[string]Optimizer{
		"SGD":  NewSGD(n, SGDSettings{LR: 0.01, WeightDecay: 1e-3}),
		"Adam": NewAdam(n, AdamSettings{LR: 1e-3}),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				o.Step(p, g)
			}
		})
	}
}
