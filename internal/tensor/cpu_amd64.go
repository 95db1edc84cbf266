package tensor

import "golang.org/x/sys/cpu"

// HostFeatures returns the CPU's features that decide OpenBLAS's kernels.
func HostFeatures() CPUFeatures {
	x := cpu.X86
	return CPUFeatures{
		AVX512: x.HasAVX512F && x.HasAVX512BW && x.HasAVX512DQ && x.HasAVX512VL,
		AVX2:   x.HasAVX2 && x.HasFMA,
	}
}
