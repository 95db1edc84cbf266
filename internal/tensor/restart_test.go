package tensor

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// restartMode makes this test binary act out a generic OpenBLAS core on an AVX2
// CPU, for TestRestartReachesFasterKernels.
const restartMode = "PRESYN_TENSOR_TEST_RESTART"

func TestMain(m *testing.M) {
	if os.Getenv(restartMode) == "1" {
		if testRestart != nil {
			coreFix(os.Getenv, "Prescott", CPUFeatures{AVX2: true}, testRestart, os.Stdout)
		}
		fmt.Println("core", Core())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The real restart: a process that found OpenBLAS on generic kernels starts again,
// once, on the Haswell ones.
func TestRestartReachesFasterKernels(t *testing.T) {
	if testRestart == nil {
		t.Skip("the pure-Go build has no OpenBLAS to restart for")
	}
	if !HostFeatures().AVX2 {
		t.Skip("this CPU cannot run OpenBLAS's Haswell kernels")
	}
	cmd := exec.Command(os.Args[0])
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, CoreTypeEnv+"=") && !strings.HasPrefix(kv, restartedEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, restartMode+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "restarting with OPENBLAS_CORETYPE=Haswell") || lines[1] != "core openblas/Haswell" {
		t.Errorf("the restart printed:\n%s", out)
	}
}
