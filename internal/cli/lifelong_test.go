package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/study"
)

func TestLifelongFlags(t *testing.T) {
	var got lifelong.Study
	var opts study.Options
	cmd := newLifelongCmd(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, _ Streams, s lifelong.Study, o study.Options) error {
		got, opts = s, o
		return nil
	})
	t.Chdir(t.TempDir())
	cmd.SetArgs([]string{"--task", "perm-fmnist", "--methods", "presyn,joint", "--seeds", "1-2", "--shard", "1/2"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Task != "perm-fmnist" || len(got.Methods) != 2 || len(got.Seeds) != 2 || opts.Dir != filepath.Join("results", "lifelong", "perm-fmnist") || opts.Shard.N != 2 {
		t.Errorf("spec %+v, options %+v", got, opts)
	}
}

func TestLifelongCommandsEndToEnd(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	root := t.TempDir()
	out := filepath.Join(root, "split-mnist")
	status, stdout, errOut := presyn("lifelong", "--task", "split-mnist", "--quick", "--set", "layers=[784,16,2]", "--set", "eval_samples=2", "--out", out)
	if status != ExitOK || !strings.Contains(stdout, "## Lifelong learning: Split MNIST") {
		t.Fatalf("lifelong: status %d (%s):\n%s", status, errOut, stdout)
	}
	status, stdout, errOut = presyn("lifelong", "table", "--results", root)
	if status != ExitOK || !strings.Contains(stdout, "Appendix 1 table 1") {
		t.Fatalf("table: status %d (%s):\n%s", status, errOut, stdout)
	}
	if _, err := os.Stat(filepath.Join(root, "tab1.md")); err != nil {
		t.Error(err)
	}
	abl := filepath.Join(root, "ablation")
	status, stdout, errOut = presyn("ablation", "--task", "split-mnist", "--quick", "--variants", "full,fixed-p",
		"--set", "layers=[784,16,2]", "--set", "eval_samples=2", "--out", abl)
	if status != ExitOK || !strings.Contains(stdout, "## Ablation (Figure 5a)") {
		t.Fatalf("ablation: status %d (%s):\n%s", status, errOut, stdout)
	}
	if _, err := os.Stat(filepath.Join(abl, "fig5a.png")); err != nil {
		t.Error(err)
	}
}

func TestLifelongBadInput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"lifelong"}, ExitUsage, "--task is required"},
		{[]string{"lifelong", "--task", "split-cifar"}, ExitUsage, "unknown task"},
		{[]string{"lifelong", "--task", "split-mnist", "--methods", "presyn,sgd"}, ExitUsage, `no method "sgd"`},
		{[]string{"lifelong", "--task", "split-mnist", "--seeds", "a,b"}, ExitUsage, "not a seed"},
		{[]string{"ablation", "--task", "perm-fmnist"}, ExitUsage, "unknown task"},
		{[]string{"ablation", "--task", "split-mnist", "--variants", "full,half"}, ExitUsage, "unknown variant"},
		{[]string{"tune", "--trials", "0"}, ExitUsage, "--trials"},
		{[]string{"tune", "--method", "joint"}, ExitUsage, "no search space"},
		{[]string{"lifelong", "table", "--results", "/nonexistent/lifelong"}, ExitFailure, "no benchmark results"},
	} {
		args := tt.args
		if tt.status == ExitUsage && len(args) > 1 && args[1] != "table" {
			args = append(args, "--out", t.TempDir())
		}
		if status, _, errOut := run(t, args...); status != tt.status || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q", args, status, errOut)
		}
	}
}

// A benchmark whose data set is missing: one line that says how to get it, exit 1.
func TestLifelongMissingData(t *testing.T) {
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOPATH", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	status, _, errOut := run(t, "lifelong", "--task", "split-mnist", "--quick", "--data-dir", t.TempDir(), "--out", t.TempDir())
	if status != ExitFailure || strings.Count(strings.TrimSpace(errOut), "\n") > 1 || !strings.Contains(errOut, "make setup") {
		t.Errorf("status %d, stderr %q", status, errOut)
	}
}
