package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
)

func TestEnergyFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		models int
		l2s    int
		seeds  int
		epochs string
		shard  study.Shard
	}{
		{nil, 3, 6, 3, "", study.Shard{}},
		{[]string{"--quick"}, 3, 2, 1, "epochs=5", study.Shard{}},
		{[]string{"--models", "presyn,mlp", "--l2", "0.01", "--seeds", "1-4", "--set", "epochs=2", "--shard", "2/3"}, 2, 1, 4, "epochs=2", study.Shard{K: 2, N: 3}},
	}
	for _, tt := range tests {
		var got energy.Study
		var opts study.Options
		cmd := newEnergyCmd(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, _ Streams, s energy.Study, o study.Options) error {
			got, opts = s, o
			return nil
		})
		cmd.SetArgs(append(tt.args, "--out", t.TempDir()))
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if len(got.Models) != tt.models || len(got.L2s) != tt.l2s || len(got.Seeds) != tt.seeds || (tt.epochs != "" && !strings.Contains(strings.Join(got.Overrides, " "), tt.epochs)) {
			t.Errorf("%v: spec %+v", tt.args, got)
		}
		if opts.Shard != tt.shard || got.Data == nil {
			t.Errorf("%v: options %+v", tt.args, opts)
		}
	}
}

func TestEnergyBadInputExitsTwo(t *testing.T) {
	t.Parallel()
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "experiment.json"), []byte(`{"experiment": "perceptron"}`), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--models", "presyn,cnn"}, "unknown model"},
		{[]string{"--l2", ""}, "--l2"},
		{[]string{"--l2", "0.01,-0.1"}, "negative"},
		{[]string{"--l2", "0.01,abc"}, "not a number"},
		{[]string{"--seeds", "2019,2019"}, "twice"},
		{[]string{"--set", "nonsense=1"}, "unknown key"},
		{[]string{"--workers", "-1"}, "--workers"},
		{[]string{"--shard", "3/2"}, "--shard"},
		{[]string{"--out", other}, "another experiment"},
	}
	for _, tt := range tests {
		args := append([]string{"energy"}, tt.args...)
		if !containsFlag(tt.args, "--out") {
			args = append(args, "--out", t.TempDir())
		}
		status, _, errOut := run(t, args...)
		first := strings.SplitN(errOut, "\n", 2)[0]
		if status != ExitUsage || !strings.Contains(first, tt.want) {
			t.Errorf("presyn %v: status %d, first line %q, want 2 and %q", args, status, first, tt.want)
		}
	}
}

func containsFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag {
			return true
		}
	}
	return false
}

// The smoke profile end to end, on synthetic data: 6 runs of 5 epochs, tables,
// figures and the report.
func TestEnergyQuickEndToEnd(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	out := filepath.Join(t.TempDir(), "energy")
	status, stdout, errOut := presyn("energy", "--quick", "--out", out)
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	for _, f := range []string{"summary.csv", "aggregate.csv", "report.md", "experiment.json", "fig1a.png", "fig1a.svg", "fig1a.pdf", "fig1b.png", "app1a.pdf", "app1b.svg"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if !strings.Contains(stdout, "best bits/1000 energy presyn") || !strings.Contains(errOut, "[6/6]") {
		t.Errorf("report:\n%s\nprogress:\n%s", stdout, errOut)
	}
	report, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if string(report) != stdout {
		t.Error("the printed report is not report.md")
	}
	// collect redraws the same from the runs alone.
	os.Remove(filepath.Join(out, "summary.csv"))
	status, again, errOut := presyn("collect", out)
	if status != ExitOK || again != stdout {
		t.Fatalf("collect: status %d (%s):\n%s", status, errOut, again)
	}
	if _, err := os.Stat(filepath.Join(out, "summary.csv")); err != nil {
		t.Error("collect did not write summary.csv")
	}
}

func TestFixedPSmallSweep(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	out := filepath.Join(t.TempDir(), "fixed-p")
	status, stdout, errOut := presyn("energy", "fixed-p", "--p", "0.3,1", "--lrs", "0.05,0.1", "--seeds", "1,2",
		"--set", "epochs=1", "--set", "layers=[784,16,10]", "--set", "eval_samples=2", "--out", out)
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	best := resultstest.ReadLines(t, filepath.Join(out, "app1c.csv"))
	if len(best) != 3 || !strings.HasPrefix(best[1], "0.3,") || !strings.HasPrefix(best[2], "1,") {
		t.Fatalf("app1c.csv:\n%s", strings.Join(best, "\n"))
	}
	if len(resultstest.ReadLines(t, filepath.Join(out, "runs.csv"))) != 9 {
		t.Error("runs.csv does not hold the 8 runs")
	}
	if _, err := os.Stat(filepath.Join(out, "app1c.png")); err != nil || !strings.Contains(stdout, "best_lr") {
		t.Errorf("figure or report missing: %v\n%s", err, stdout)
	}
	for _, bad := range [][]string{{"--p", "0,0.5"}, {"--lrs", "-1"}, {"--seeds", "1,1"}, {"--l2", "-1"}, {"--p", "0.5,0.5"}} {
		args := append([]string{"energy", "fixed-p", "--out", t.TempDir()}, bad...)
		if status, _, errOut := presyn(args...); status != ExitUsage {
			t.Errorf("presyn %v: status %d (%s)", args, status, errOut)
		}
	}
}

// Two shards of `presyn energy --quick` in two processes at once on one folder,
// then presyn collect: the same summary and aggregate as one unsharded run.
func TestEnergyShardsInTwoProcessesThenCollect(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sharded, whole := filepath.Join(dir, "sharded"), filepath.Join(dir, "whole")
	var procs []*exec.Cmd
	var outs []*bytes.Buffer
	for _, shard := range []string{"1/2", "2/2"} {
		cmd := presynProcess(t, "energy", "--quick", "--workers", "1", "--shard", shard, "--out", sharded)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs, outs = append(procs, cmd), append(outs, &out)
	}
	for i, cmd := range procs {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("shard %d/2: %v\n%s", i+1, err, outs[i])
		}
		if !strings.Contains(outs[i].String(), "presyn collect") || strings.Contains(outs[i].String(), "## Energy") {
			t.Errorf("shard %d/2 printed:\n%s", i+1, outs[i])
		}
	}
	if _, err := os.Stat(filepath.Join(sharded, "summary.csv")); err == nil {
		t.Error("a shard wrote summary.csv")
	}
	if status, _, errOut := run(t, "collect", sharded); status != ExitOK {
		t.Fatalf("collect: status %d: %s", status, errOut)
	}
	presyn := syntheticPresyn(t)
	if status, _, errOut := presyn("energy", "--quick", "--out", whole); status != ExitOK {
		t.Fatalf("unsharded: status %d: %s", status, errOut)
	}
	for _, table := range []string{"summary.csv", "aggregate.csv"} {
		a, _ := os.ReadFile(filepath.Join(sharded, table))
		b, _ := os.ReadFile(filepath.Join(whole, table))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s of the shards:\n%s\nunsharded:\n%s", table, a, b)
		}
	}
}

// A shard killed with SIGKILL mid-run and started again finishes the study with
// every run exactly once: runs finished before the kill are kept, the one it was
// building is started again.
func TestKilledShardResumesWithEveryRunOnce(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "energy")
	args := []string{"energy", "--quick", "--workers", "1", "--shard", "1/2", "--out", out}
	first := presynProcess(t, args...)
	var log bytes.Buffer
	first.Stdout, first.Stderr = &log, &log
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	runs := results.RunDirs{Root: filepath.Join(out, "runs")}
	finishedBefore := map[string]time.Time{}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatalf("no run finished with another in progress:\n%s", log.String())
		}
		entries, _ := os.ReadDir(runs.Root)
		var done []os.DirEntry
		partial := false
		for _, e := range entries {
			switch {
			case strings.HasPrefix(e.Name(), ".partial-"):
				partial = true
			case !strings.HasPrefix(e.Name(), "."):
				done = append(done, e)
			}
		}
		if len(done) >= 1 && partial {
			if err := first.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			first.Wait()
			// What finished before the kill, read after it: nothing more can finish.
			entries, _ = os.ReadDir(runs.Root)
			for _, e := range entries {
				if !strings.HasPrefix(e.Name(), ".") {
					info, _ := os.Stat(filepath.Join(runs.Root, e.Name(), ".owner"))
					finishedBefore[e.Name()] = info.ModTime()
				}
			}
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	partials, err := runs.Partials()
	if err != nil || len(partials) != 1 || partials[0].Alive {
		t.Fatalf("after the kill: partials %+v, %v", partials, err)
	}
	killed := partials[0].ID

	again := presynProcess(t, args...)
	var log2 bytes.Buffer
	again.Stdout, again.Stderr = &log2, &log2
	if err := again.Run(); err != nil {
		t.Fatalf("restart: %v\n%s", err, log2.String())
	}
	if !strings.Contains(log2.String(), "run "+killed+" was left unfinished by pid") {
		t.Errorf("the restart does not say it took over %s:\n%s", killed, log2.String())
	}
	if n := strings.Count(log2.String(), "ETA"); n != 3-len(finishedBefore) {
		t.Errorf("the restart ran %d runs, want %d:\n%s", n, 3-len(finishedBefore), log2.String())
	}
	for id, mod := range finishedBefore {
		info, err := os.Stat(filepath.Join(runs.Root, id, ".owner"))
		if err != nil || !info.ModTime().Equal(mod) {
			t.Errorf("run %s, finished before the kill, was redone or lost", id)
		}
	}
	presyn := syntheticPresyn(t)
	if status, _, errOut := presyn("energy", "--quick", "--workers", "1", "--shard", "2/2", "--out", out); status != ExitOK {
		t.Fatalf("shard 2/2: %s", errOut)
	}
	status, report, errOut := presyn("collect", out)
	if status != ExitOK || !strings.Contains(report, "6 finished runs") || strings.Contains(report, "have not finished") {
		t.Fatalf("collect: status %d (%s):\n%s", status, errOut, report)
	}
	if p, _ := runs.Partials(); len(p) != 0 {
		t.Errorf("partial folders left: %+v", p)
	}
}

func TestCollectBadInput(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	tests := []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"collect"}, ExitUsage, "one results folder"},
		{[]string{"collect", empty}, ExitUsage, "holds no study"},
		{[]string{"collect", "a", "b"}, ExitUsage, "one results folder"},
	}
	for _, tt := range tests {
		status, _, errOut := run(t, tt.args...)
		if status != tt.status || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q", tt.args, status, errOut)
		}
	}
}
