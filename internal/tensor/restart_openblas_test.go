//go:build cgo && openblas

package tensor

var testRestart = restartSelf
