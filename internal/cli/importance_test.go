package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportanceCommands(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "importance")
	small := []string{"--runs", filepath.Join(dir, "energy"), "--seeds", "1", "--uniform-seeds", "", "--out", out,
		"--set", "epochs=1", "--set", "layers=[784,32,32,10]", "--set", "eval_samples=2"}
	status, stdout, errOut := presyn(append([]string{"lesion"}, small...)...)
	if status != ExitOK || !strings.Contains(stdout, "### Lesion") || strings.Contains(stdout, "### Fisher") {
		t.Fatalf("lesion: status %d (%s):\n%s", status, errOut, stdout)
	}
	if !strings.Contains(errOut, "training 1 networks in "+filepath.Join(out, "trained")) {
		t.Errorf("lesion did not train its network:\n%s", errOut)
	}
	// fisher adds its runs to the same study; the network is not trained again.
	status, stdout, errOut = presyn(append([]string{"fisher"}, small...)...)
	if status != ExitOK || !strings.Contains(stdout, "### Lesion") || !strings.Contains(stdout, "### Fisher") {
		t.Fatalf("fisher: status %d (%s):\n%s", status, errOut, stdout)
	}
	if strings.Contains(errOut, "energy [") {
		t.Errorf("fisher trained a network again:\n%s", errOut)
	}
	for _, f := range []string{"lesion.csv", "fisher.csv", "fig2b.png", "fig2a.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestImportanceBadInput(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	dir := t.TempDir()
	// A network in --runs that is not a presynaptic one: exit 1, one line naming it.
	runs := filepath.Join(dir, "energy")
	if status, _, errOut := presyn("energy", "--models", "mlp", "--l2", "0.01", "--seeds", "1", "--set", "epochs=1",
		"--set", "layers=[784,16,10]", "--out", runs); status != ExitOK {
		t.Fatal(errOut)
	}
	os.Rename(filepath.Join(runs, "runs", "mlp_l2-0.01_seed-1"), filepath.Join(runs, "runs", "presyn_l2-0.01_seed-1"))
	status, _, errOut := presyn("importance", "--runs", runs, "--seeds", "1", "--out", filepath.Join(dir, "imp"))
	if status != ExitFailure || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "checkpoint.gob holds a deterministic network") {
		t.Errorf("status %d, stderr %q", status, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"importance", "--seeds", "1,1"}, "twice"},
		{[]string{"sparsity", "--uniform-seeds", "x"}, "--uniform-seeds"},
		{[]string{"lesion", "--set", "gamme=1"}, "unknown key"},
		{[]string{"fisher", "--shard", "0/1"}, "--shard"},
	} {
		args := append(tt.args, "--out", t.TempDir())
		if status, _, errOut := presyn(args...); status != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q", args, status, errOut)
		}
	}
}

// --l2 analyses the energy sweep's networks of another L2 strength, without
// training them again.
func TestImportanceL2(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	dir := t.TempDir()
	runs := filepath.Join(dir, "energy")
	net := []string{"--seeds", "1", "--set", "epochs=1", "--set", "layers=[784,16,16,10]", "--set", "eval_samples=2"}
	if status, _, errOut := presyn(append([]string{"energy", "--models", "presyn", "--l2", "0.005", "--out", runs}, net...)...); status != ExitOK {
		t.Fatal(errOut)
	}
	out := filepath.Join(dir, "sparsity")
	status, stdout, errOut := presyn(append([]string{"sparsity", "--l2", "0.005", "--runs", runs, "--uniform-seeds", "", "--out", out}, net...)...)
	if status != ExitOK || strings.Contains(errOut, "training") || !strings.Contains(stdout, "Neuron-level sparsity") {
		t.Fatalf("sparsity --l2 0.005: status %d, stderr:\n%s\nstdout:\n%s", status, errOut, stdout)
	}
	if status, _, errOut := presyn("sparsity", "--l2", "-1", "--out", t.TempDir()); status != ExitUsage || !strings.Contains(errOut, "L2 strength -1") {
		t.Errorf("--l2 -1: status %d, stderr %q", status, errOut)
	}
}
