//go:build !amd64

package tensor

// HostFeatures returns no x86 features on other architectures: OpenBLAS's own
// choice stands there.
func HostFeatures() CPUFeatures { return CPUFeatures{} }
