//go:build !cgo || !openblas

package tensor

import (
	"fmt"
	"io"
	"runtime"
	"sync/atomic"

	"gonum.org/v1/gonum/blas/gonum"
)

// impl is gonum's pure-Go BLAS.
var impl gonum.Implementation

// threads is the SetThreads setting; 0 means "not set" (gonum's own behaviour).
var threads atomic.Int64

// Backend names the BLAS in use: "gonum-purego" in this build.
func Backend() string { return "gonum-purego" }

// Core names the BLAS kernels in use: "gonum/purego".
func Core() string { return "gonum/purego" }

// UseFastCore does nothing in this build: there is no OpenBLAS to steer.
func UseFastCore(io.Writer) {}

// BackendInfo describes the backend in more detail for run manifests.
func BackendInfo() string { return "gonum-purego: gonum.org/v1/gonum/blas/gonum" }

// SetThreads sets the number of threads BLAS may use. gonum's Sgemm splits large
// products over GOMAXPROCS goroutines (and allocates to do so); with n == 1 Gemm
// instead feeds it tiles small enough to stay on the calling goroutine, so that
// concurrent runs each use one core and a training step allocates nothing. Any
// n > 1 restores gonum's own scheduling. n < 1 panics.
func SetThreads(n int) {
	if n < 1 {
		panic(fmt.Sprintf("tensor: SetThreads(%d): need at least 1 thread", n))
	}
	threads.Store(int64(n))
}

// Threads returns the number of threads BLAS may use.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// gonum's Sgemm runs serially when the product of the numbers of 64-wide blocks of
// C's rows and columns is below 4 (blas/gonum: blockSize 64, minParBlock 4); tiles
// of 64x192 are 1x3 blocks.
const (
	tileRows = 64
	tileCols = 192
)

func gemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if threads.Load() != 1 || (m <= tileRows && n <= tileCols) {
		impl.Sgemm(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	for i0 := 0; i0 < m; i0 += tileRows {
		mi := min(tileRows, m-i0)
		// Rows i0.. of op(a): rows of a, or columns of a when transposed.
		var as []float32
		if tA {
			as = a[i0:]
		} else {
			as = a[i0*lda:]
		}
		for j0 := 0; j0 < n; j0 += tileCols {
			nj := min(tileCols, n-j0)
			// Columns j0.. of op(b): columns of b, or rows of b when transposed.
			var bs []float32
			if tB {
				bs = b[j0*ldb:]
			} else {
				bs = b[j0:]
			}
			impl.Sgemm(trans(tA), trans(tB), mi, nj, k, alpha, as, lda, bs, ldb, beta, c[i0*ldc+j0:], ldc)
		}
	}
}
