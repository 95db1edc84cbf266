//go:build cgo && openblas

package tensor

/*
#cgo LDFLAGS: -lopenblas
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char* openblas_get_config(void);
char* openblas_get_corename(void);
*/
import "C"

import (
	"fmt"
	"io"
	"os"

	"gonum.org/v1/netlib/blas/netlib"
)

// impl is OpenBLAS through gonum's cgo CBLAS wrapper; the wrapper itself carries no
// linker flags, so the -lopenblas above is what binds it.
var impl netlib.Implementation

// Backend names the BLAS in use: "openblas" in this build.
func Backend() string { return "openblas" }

// BackendInfo describes the backend in more detail for run manifests, e.g.
// "openblas: OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
func BackendInfo() string {
	return "openblas: " + C.GoString(C.openblas_get_config())
}

// SetThreads sets the number of threads BLAS may use (openblas_set_num_threads;
// process-wide). Concurrent runs should each call SetThreads(1): the matrices of a
// 784-200-200-10 network are too small to gain from threads, and several runs
// competing for all cores each with many threads is slower still. n < 1 panics.
func SetThreads(n int) {
	if n < 1 {
		panic(fmt.Sprintf("tensor: SetThreads(%d): need at least 1 thread", n))
	}
	C.openblas_set_num_threads(C.int(n))
}

// Threads returns the number of threads BLAS may use.
func Threads() int { return int(C.openblas_get_num_threads()) }

func gemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	impl.Sgemm(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Core names the BLAS kernels in use, e.g. "openblas/SkylakeX" or "openblas/Zen"
// (openblas_get_corename).
func Core() string { return "openblas/" + C.GoString(C.openblas_get_corename()) }

// UseFastCore makes sure OpenBLAS runs the kernels this CPU can run fastest: when
// it fell back to generic kernels on a CPU with AVX2 or AVX-512 (see FastCore), it
// says so in one line on w and starts the process again with OPENBLAS_CORETYPE set,
// once. A value of OPENBLAS_CORETYPE the user set is kept. It returns, having done
// nothing, in every other case (and when the restart fails, after saying so). Call
// it first thing in main, before anything else runs.
func UseFastCore(w io.Writer) {
	coreFix(os.Getenv, C.GoString(C.openblas_get_corename()), HostFeatures(), restartSelf, w)
}
