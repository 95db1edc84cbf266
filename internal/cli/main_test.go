package cli

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
)

// syntheticPresyn returns presyn run in-process as run does, but on synthetic data
// sets (package datatest) whatever --data-dir says, so that the logic tests train
// on any checkout. The data sets are the caller's own, generated on first use.
func syntheticPresyn(t *testing.T) func(args ...string) (status int, stdout, stderr string) {
	return presynOn(t, openSynthetic())
}

// openSynthetic opens one set of synthetic data sets for every --data-dir.
func openSynthetic() func(string) data.Loader {
	src := &datatest.Source{}
	return func(string) data.Loader { return src }
}

// presynOn returns presyn run in-process as run does, with open opening the data
// sets of --data-dir.
func presynOn(t *testing.T, open func(dataDir string) data.Loader) func(args ...string) (status int, stdout, stderr string) {
	return func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		status := execute(NewRootCmd(Streams{Out: &out, Err: &errb}, open), args, &errb)
		return status, out.String(), errb.String()
	}
}

// asPresyn is set in the environment of a test binary started as presyn.
const asPresyn = "PRESYN_CLI_TEST_AS_PRESYN"

// TestMain lets the tests start this test binary as a presyn process on synthetic
// data (presynProcess), for what only separate processes show: shards running at
// once, and a process killed mid-run.
//
// The tests keep their own cache folder (XDG_CACHE_HOME), so that a
// calibration kept on the developer's machine (package cost) never changes
// what they print, and they never write one there.
func TestMain(m *testing.M) {
	if os.Getenv(asPresyn) != "1" {
		cache, err := os.MkdirTemp("", "presyn-cli-test-cache")
		if err != nil {
			panic(err)
		}
		os.Setenv("XDG_CACHE_HOME", cache) // inherited by presynProcess
		code := m.Run()
		os.RemoveAll(cache)
		os.Exit(code)
	}
	if os.Getenv(asPresyn) == "1" {
		root := NewRootCmd(Streams{Out: os.Stdout, Err: os.Stderr}, openSynthetic())
		os.Exit(execute(root, os.Args[1:], os.Stderr))
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
