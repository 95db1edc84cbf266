// Package tensor owns presyn's float32 matrices and the bridge to BLAS. It is the
// only package that knows which BLAS runs underneath:
//
//   - built with cgo and the tag openblas, the level 2 and 3 routines go through
//     gonum.org/v1/netlib/blas/netlib to the system's OpenBLAS (libopenblas-dev);
//   - otherwise (CGO_ENABLED=0, or no openblas tag) they run gonum's pure-Go
//     gonum.org/v1/gonum/blas/gonum, about ten times slower but dependency-free.
//
// Backend names the one in use for run manifests; SetThreads lets each of several
// concurrent runs use single-threaded BLAS, since presyn parallelises across runs
// rather than inside a matrix product of a few hundred rows.
//
// Matrices are row-major views (Rows, Cols, Stride, Data) in the gonum mat
// convention: operations write into a destination the caller owns, so that a
// training step can run without allocating.
package tensor
