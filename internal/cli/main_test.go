package cli

import (
	"os"
	"os/exec"
	"testing"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
)

// syntheticData is what commands train on in the logic tests (package datatest):
// small generated data sets, on any checkout.
var syntheticData = &datatest.Source{}

// useSyntheticData makes commands load synthetic data sets until the test ends.
func useSyntheticData(t *testing.T) {
	t.Helper()
	old := newLoader
	newLoader = func(string) data.Loader { return syntheticData }
	t.Cleanup(func() { newLoader = old })
}

// asPresyn is set in the environment of a test binary started as presyn.
const asPresyn = "PRESYN_CLI_TEST_AS_PRESYN"

// TestMain lets the tests start this test binary as a presyn process on synthetic
// data (presynProcess), for what only separate processes show: shards running at
// once, and a process killed mid-run.
func TestMain(m *testing.M) {
	if os.Getenv(asPresyn) == "1" {
		newLoader = func(string) data.Loader { return syntheticData }
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// presynProcess returns a command that runs presyn with args in a process of its
// own, on synthetic data.
func presynProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), asPresyn+"=1")
	return cmd
}
