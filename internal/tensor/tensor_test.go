package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// randMatrix returns a rows x cols view with the given stride whose padding holds
// NaNs, so that a routine reading outside the view is caught.
func randMatrix(rng *rand.Rand, rows, cols, stride int) Matrix {
	m := Matrix{Rows: rows, Cols: cols, Stride: stride, Data: make([]float32, max(0, (rows-1)*stride+cols))}
	for i := range m.Data {
		m.Data[i] = float32(math.NaN())
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			m.Set(i, j, float32(rng.Float64()*2-1))
		}
	}
	return m
}

// refGemm is the textbook triple loop in float64, the reference for Gemm.
func refGemm(tA, tB bool, alpha float64, a, b Matrix, beta float64, c Matrix) []float64 {
	// Strides of op(a) and op(b) in a.Data and b.Data.
	ai, ak, bk, bj := a.Stride, 1, b.Stride, 1
	k := a.Cols
	if tA {
		ai, ak, k = 1, a.Stride, a.Rows
	}
	if tB {
		bk, bj = 1, b.Stride
	}
	out := make([]float64, c.Rows*c.Cols)
	for i := 0; i < c.Rows; i++ {
		for j := 0; j < c.Cols; j++ {
			var s float64
			for l := 0; l < k; l++ {
				s += float64(a.Data[i*ai+l*ak]) * float64(b.Data[l*bk+j*bj])
			}
			out[i*c.Cols+j] = alpha * s
			if beta != 0 {
				out[i*c.Cols+j] += beta * float64(c.At(i, j))
			}
		}
	}
	return out
}

func TestGemm(t *testing.T) {
	defer SetThreads(Threads())
	rng := rand.New(rand.NewPCG(1, 2))
	// Shapes: tiny, odd, the training shapes (forward, weight gradient, input
	// gradient of 784-200-200-10 at batch 100) and a partial batch of 37.
	shapes := []struct{ m, n, k int }{
		{1, 1, 1}, {3, 5, 7}, {65, 193, 3}, {100, 200, 784}, {200, 784, 100},
		{100, 200, 200}, {100, 10, 200}, {37, 200, 784},
	}
	for _, threads := range []int{1, 2} {
		SetThreads(threads)
		for _, s := range shapes {
			for _, tA := range []bool{false, true} {
				for _, tB := range []bool{false, true} {
					for _, ab := range [][2]float32{{1, 0}, {0.5, -2}} {
						if s.m*s.n*s.k > 1e6 && (ab[1] != 0 || threads == 2 && tA == tB) {
							continue // keep the float64 reference cheap on large shapes
						}
						name := fmt.Sprintf("threads=%d/%dx%dx%d/tA=%v/tB=%v/alpha=%v/beta=%v", threads, s.m, s.n, s.k, tA, tB, ab[0], ab[1])
						t.Run(name, func(t *testing.T) {
							ar, ac := s.m, s.k
							if tA {
								ar, ac = ac, ar
							}
							br, bc := s.k, s.n
							if tB {
								br, bc = bc, br
							}
							a := randMatrix(rng, ar, ac, ac+3)
							b := randMatrix(rng, br, bc, bc+1)
							c := randMatrix(rng, s.m, s.n, s.n+2)
							if ab[1] == 0 {
								// beta == 0 must ignore c, NaN included.
								c.Set(0, 0, float32(math.NaN()))
							}
							want := refGemm(tA, tB, float64(ab[0]), a, b, float64(ab[1]), c)
							Gemm(tA, tB, ab[0], a, b, ab[1], c)
							// float32 accumulation over k terms of size ~1.
							tol := 1e-6 * float64(s.k+2)
							for i := 0; i < s.m; i++ {
								for j := 0; j < s.n; j++ {
									if got := float64(c.At(i, j)); !(math.Abs(got-want[i*s.n+j]) <= tol) {
										t.Fatalf("c[%d,%d] = %v, want %v", i, j, got, want[i*s.n+j])
									}
								}
							}
							// The padding between rows must be untouched.
							for i := 0; i < s.m-1; i++ {
								for j := s.n; j < c.Stride; j++ {
									if !math.IsNaN(float64(c.Data[i*c.Stride+j])) {
										t.Fatalf("padding c.Data[%d] overwritten", i*c.Stride+j)
									}
								}
							}
						})
					}
				}
			}
		}
	}
}

func TestGemvAxpyDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a := randMatrix(rng, 7, 5, 6)
	x5 := []float32{1, -2, 0.5, 3, -1}
	x7 := []float32{1, 2, 3, 4, 5, 6, 7}
	for _, tA := range []bool{false, true} {
		x, n := x5, 7
		if tA {
			x, n = x7, 5
		}
		y := make([]float32, n)
		for i := range y {
			y[i] = 1
		}
		Gemv(tA, 2, a, x, 0.5, y)
		for i := 0; i < n; i++ {
			want := 0.5
			for j := range x {
				var v float32
				if tA {
					v = a.At(j, i)
				} else {
					v = a.At(i, j)
				}
				want += 2 * float64(v) * float64(x[j])
			}
			if math.Abs(float64(y[i])-want) > 1e-5 {
				t.Errorf("Gemv tA=%v y[%d] = %v, want %v", tA, i, y[i], want)
			}
		}
	}
	y := []float32{1, 1, 1}
	Axpy(-2, []float32{1, 2, 3}, y)
	if y[0] != -1 || y[1] != -3 || y[2] != -5 {
		t.Errorf("Axpy = %v, want [-1 -3 -5]", y)
	}
	if d := Dot([]float32{1, 2, 3}, []float32{4, 5, 6}); d != 32 {
		t.Errorf("Dot = %v, want 32", d)
	}
}

func TestMatrixViews(t *testing.T) {
	m := FromSlice(3, 2, []float32{1, 2, 3, 4, 5, 6})
	v := m.RowView(1, 3)
	if v.Rows != 2 || v.At(0, 0) != 3 || v.At(1, 1) != 6 {
		t.Fatalf("RowView(1,3) = %+v", v)
	}
	v.Set(0, 1, 40)
	if m.At(1, 1) != 40 {
		t.Errorf("RowView does not share storage")
	}
	if r := m.Row(2); len(r) != 2 || r[0] != 5 {
		t.Errorf("Row(2) = %v", r)
	}
	if e := m.RowView(2, 2); e.Rows != 0 {
		t.Errorf("empty RowView has %d rows", e.Rows)
	}
}

func TestPanics(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"gemm inner", func() { Gemm(false, false, 1, NewMatrix(2, 3), NewMatrix(4, 2), 0, NewMatrix(2, 2)) }, "shape mismatch"},
		{"gemm dst", func() { Gemm(false, true, 1, NewMatrix(2, 3), NewMatrix(4, 3), 0, NewMatrix(2, 3)) }, "shape mismatch"},
		{"short data", func() {
			Gemm(false, false, 1, Matrix{Rows: 2, Cols: 2, Stride: 2, Data: make([]float32, 3)}, NewMatrix(2, 2), 0, NewMatrix(2, 2))
		}, "needs 4 elements"},
		{"gemv", func() { Gemv(false, 1, NewMatrix(2, 3), make([]float32, 2), 0, make([]float32, 2)) }, "shape mismatch"},
		{"axpy", func() { Axpy(1, make([]float32, 2), make([]float32, 3)) }, "length mismatch"},
		{"index", func() { NewMatrix(2, 2).At(2, 0) }, "out of range"},
		{"threads", func() { SetThreads(0) }, "at least 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				s, _ := r.(string)
				if !strings.HasPrefix(s, "tensor: ") || !strings.Contains(s, c.want) {
					t.Errorf("panic %q, want a tensor: panic containing %q", r, c.want)
				}
			}()
			c.f()
		})
	}
}

func TestBackend(t *testing.T) {
	b := Backend()
	if b != "openblas" && b != "gonum-purego" {
		t.Fatalf("Backend() = %q", b)
	}
	if !strings.HasPrefix(BackendInfo(), b) {
		t.Errorf("BackendInfo() = %q does not start with %q", BackendInfo(), b)
	}
	defer SetThreads(Threads())
	SetThreads(1)
	if Threads() != 1 {
		t.Errorf("Threads() = %d after SetThreads(1)", Threads())
	}
	t.Logf("backend %s", BackendInfo())
}

// TestGemmNoAlloc: with single-threaded BLAS a product on the training shapes must
// not allocate, whichever backend, so that a training step can allocate nothing.
func TestGemmNoAlloc(t *testing.T) {
	defer SetThreads(Threads())
	SetThreads(1)
	a, b, c := NewMatrix(100, 784), NewMatrix(200, 784), NewMatrix(100, 200)
	d := NewMatrix(200, 784)
	if n := testing.AllocsPerRun(5, func() {
		Gemm(false, true, 1, a, b, 0, c)
		Gemm(true, false, 1, c, a, 0, d)
	}); n != 0 {
		t.Errorf("Gemm allocates %v times per call", n)
	}
}
