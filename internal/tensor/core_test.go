package tensor

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestFastCore(t *testing.T) {
	avx512 := CPUFeatures{AVX512: true, AVX2: true}
	avx2 := CPUFeatures{AVX2: true}
	tests := []struct {
		chosen string
		cpu    CPUFeatures
		want   string
	}{
		{"Prescott", avx512, "SkylakeX"}, // Sapphire Rapids unknown to OpenBLAS 0.3.21
		{"Prescott", avx2, "Haswell"},
		{"Nehalem", avx2, "Haswell"},
		{"Sandybridge", avx512, "SkylakeX"}, // AVX without AVX2 kernels
		{"Prescott", CPUFeatures{}, ""},     // an old CPU: the fallback is right
		{"SkylakeX", avx512, ""},
		{"Cooperlake", avx512, ""},
		{"Haswell", avx512, ""}, // a vector core already: leave OpenBLAS's choice
		{"Zen", avx2, ""},
		{"ZEN", avx512, ""},
		{"Haswell", avx2, ""},
		{"", avx2, "Haswell"},
	}
	for _, tt := range tests {
		if got := FastCore(tt.chosen, tt.cpu); got != tt.want {
			t.Errorf("FastCore(%q, %+v) = %q, want %q", tt.chosen, tt.cpu, got, tt.want)
		}
	}
}

// The restart decision, without depending on this machine's CPU or BLAS.
func TestCoreFix(t *testing.T) {
	avx512 := CPUFeatures{AVX512: true, AVX2: true}
	tests := []struct {
		name      string
		env       map[string]string
		chosen    string
		cpu       CPUFeatures
		wantExtra string // "" when no restart is wanted
	}{
		{"generic core on AVX-512: SkylakeX", nil, "Prescott", avx512, CoreTypeEnv + "=SkylakeX " + restartedEnv + "=1"},
		{"generic core on AVX2: Haswell", nil, "Core2", CPUFeatures{AVX2: true}, CoreTypeEnv + "=Haswell " + restartedEnv + "=1"},
		{"the user's setting is kept", map[string]string{CoreTypeEnv: "Prescott"}, "Prescott", avx512, ""},
		{"restarted once already", map[string]string{restartedEnv: "1"}, "Prescott", avx512, ""},
		{"the right core already", nil, "SkylakeX", avx512, ""},
	}
	for _, tt := range tests {
		var got []string
		var out bytes.Buffer
		tried := coreFix(func(k string) string { return tt.env[k] }, tt.chosen, tt.cpu,
			func(extra []string) error { got = extra; return errors.New("exec refused") }, &out)
		if tried != (tt.wantExtra != "") || strings.Join(got, " ") != tt.wantExtra {
			t.Errorf("%s: tried %v with %v, want %q", tt.name, tried, got, tt.wantExtra)
		}
		switch lines := strings.Count(out.String(), "\n"); {
		case tried && (lines != 2 || !strings.Contains(out.String(), "could not restart (exec refused)")):
			t.Errorf("%s: said %q", tt.name, out.String())
		case !tried && lines != 0:
			t.Errorf("%s: said %q though it did nothing", tt.name, out.String())
		}
	}
}

// Core names the kernels in use; the pure-Go build has nothing to steer.
func TestCore(t *testing.T) {
	core := Core()
	switch Backend() {
	case "openblas":
		if !strings.HasPrefix(core, "openblas/") || len(core) == len("openblas/") {
			t.Errorf("Core() = %q", core)
		}
	default:
		if core != "gonum/purego" {
			t.Errorf("Core() = %q", core)
		}
		var out bytes.Buffer
		UseFastCore(&out) // must return, saying nothing
		if out.Len() != 0 {
			t.Errorf("UseFastCore said %q in the pure-Go build", out.String())
		}
	}
}
