package tensor

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
)

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// Gemm computes c = alpha*op(a)*op(b) + beta*c, where op(x) is x or its transpose
// as transA and transB say. With beta == 0, c's old contents are ignored (NaNs in
// it do not propagate), as in BLAS. It panics if the shapes do not agree.
func Gemm(transA, transB bool, alpha float32, a, b Matrix, beta float32, c Matrix) {
	a.valid("Gemm a")
	b.valid("Gemm b")
	c.valid("Gemm c")
	m, k := a.Rows, a.Cols
	if transA {
		m, k = k, m
	}
	kb, n := b.Rows, b.Cols
	if transB {
		kb, n = n, kb
	}
	if k != kb || c.Rows != m || c.Cols != n {
		panic(fmt.Sprintf("tensor: Gemm shape mismatch: op(a) %dx%d, op(b) %dx%d, c %dx%d", m, k, kb, n, c.Rows, c.Cols))
	}
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		// BLAS would only scale c; keep the beta == 0 convention explicit.
		Scale(beta, c)
		return
	}
	gemm(transA, transB, m, n, k, alpha, a.Data, a.Stride, b.Data, b.Stride, beta, c.Data, c.Stride)
}

// Gemv computes y = alpha*op(a)*x + beta*y. It panics if the lengths do not agree.
func Gemv(transA bool, alpha float32, a Matrix, x []float32, beta float32, y []float32) {
	a.valid("Gemv a")
	m, n := a.Rows, a.Cols
	if transA {
		m, n = n, m
	}
	if len(x) != n || len(y) != m {
		panic(fmt.Sprintf("tensor: Gemv shape mismatch: op(a) %dx%d, len(x) %d, len(y) %d", m, n, len(x), len(y)))
	}
	if m == 0 {
		return
	}
	if n == 0 {
		// op(a)*x is empty: BLAS would only scale y.
		Scale(beta, FromSlice(1, m, y))
		return
	}
	impl.Sgemv(trans(transA), a.Rows, a.Cols, alpha, a.Data, a.Stride, x, 1, beta, y, 1)
}

// Axpy computes y += alpha*x. It panics if the lengths differ.
func Axpy(alpha float32, x, y []float32) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("tensor: Axpy length mismatch %d != %d", len(x), len(y)))
	}
	if len(x) == 0 {
		return
	}
	impl.Saxpy(len(x), alpha, x, 1, y, 1)
}

// Dot returns the inner product of x and y, accumulated in float32 by BLAS. It
// panics if the lengths differ.
func Dot(x, y []float32) float32 {
	if len(x) != len(y) {
		panic(fmt.Sprintf("tensor: Dot length mismatch %d != %d", len(x), len(y)))
	}
	if len(x) == 0 {
		return 0
	}
	return impl.Sdot(len(x), x, 1, y, 1)
}

// Scale sets every element of m to alpha times itself; alpha == 0 writes zeros
// (clearing NaNs too).
func Scale(alpha float32, m Matrix) {
	m.valid("Scale")
	for i := 0; i < m.Rows; i++ {
		r := m.Data[i*m.Stride : i*m.Stride+m.Cols]
		if alpha == 0 {
			clear(r)
			continue
		}
		for j := range r {
			r[j] *= alpha
		}
	}
}
