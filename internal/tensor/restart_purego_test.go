//go:build !cgo || !openblas

package tensor

var testRestart func([]string) error
