package tensor

import (
	"fmt"
	"io"
	"strings"
)

// OpenBLAS picks its kernels when it loads, from the CPU it recognises. A CPU newer
// than the library (Debian's 0.3.21 does not know Intel's Sapphire Rapids, family
// 6 model 207) gets its oldest generic x86-64 kernels, "Prescott" (SSE3), three
// times slower than the AVX-512 ones it could run. The library reads the
// environment variable OPENBLAS_CORETYPE at load time, so the only remedy from
// inside the process is to start it again with the variable set: UseFastCore.

// CoreTypeEnv is the environment variable OpenBLAS reads to choose its kernels.
const CoreTypeEnv = "OPENBLAS_CORETYPE"

// restartedEnv marks a process UseFastCore has started again, so it never loops.
const restartedEnv = "PRESYN_BLAS_CORE_RESTARTED"

// CPUFeatures are the instruction sets that decide which OpenBLAS kernels a CPU
// can run.
type CPUFeatures struct {
	AVX512 bool // AVX-512 F, BW, DQ and VL: what OpenBLAS's SkylakeX kernels use
	AVX2   bool // AVX2 and FMA: what its Haswell kernels use
}

// vectorCores are the OpenBLAS cores with AVX2-class (or wider) SGEMM kernels;
// any other core on a CPU with AVX2 is a fallback. avx512Cores have AVX-512 ones.
var (
	avx512Cores = []string{"skylakex", "cooperlake", "sapphirerapids"}
	vectorCores = append([]string{"haswell", "zen", "excavator"}, avx512Cores...)
)

// FastCore returns the OpenBLAS core type to ask for when the library chose the
// core named chosen on a CPU with the given features: "SkylakeX" when chosen has
// no AVX-512 kernels but the CPU has AVX-512, "Haswell" when chosen has no AVX2
// kernels but the CPU has AVX2, and "" (keep OpenBLAS's choice) otherwise.
func FastCore(chosen string, cpu CPUFeatures) string {
	c := strings.ToLower(strings.TrimSpace(chosen))
	has := func(cores []string) bool {
		for _, k := range cores {
			if c == k {
				return true
			}
		}
		return false
	}
	switch {
	case cpu.AVX512 && !has(vectorCores):
		return "SkylakeX"
	case cpu.AVX2 && !has(vectorCores):
		return "Haswell"
	}
	return ""
}

// coreFix decides whether to restart the process on faster kernels and says so.
// getenv reads the environment; chosen is OpenBLAS's core; restart starts the
// process again with the extra environment entries and returns only on failure.
// It reports whether it tried.
func coreFix(getenv func(string) string, chosen string, cpu CPUFeatures, restart func(extra []string) error, w io.Writer) bool {
	if getenv(CoreTypeEnv) != "" || getenv(restartedEnv) != "" {
		return false // the user's choice, or already restarted once
	}
	want := FastCore(chosen, cpu)
	if want == "" {
		return false
	}
	fmt.Fprintf(w, "presyn: OpenBLAS chose its generic %q kernels on a CPU that runs %s ones; restarting with %s=%s (set %s yourself to choose)\n",
		chosen, want, CoreTypeEnv, want, CoreTypeEnv)
	err := restart([]string{CoreTypeEnv + "=" + want, restartedEnv + "=1"})
	fmt.Fprintf(w, "presyn: could not restart (%v); continuing on %q\n", err, chosen)
	return true
}
