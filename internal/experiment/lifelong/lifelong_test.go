package lifelong

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
)

func TestLifelongSplitEndToEnd(t *testing.T) {
	root := t.TempDir()
	s := Default("split-mnist")
	s.Seeds = []uint64{1, 2}
	s.Overrides = []string{"epochs=2", "layers=[784,32,2]", "eval_samples=2", "presyn.lr=0.05"}
	s.Data = datatest.Small()
	dir := filepath.Join(root, "split-mnist")
	out, err := study.Execute(context.Background(), s, study.Options{Dir: dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 10 || out.Report == nil || !strings.Contains(out.Report.Markdown, "## Lifelong learning: Split MNIST") {
		t.Fatalf("outcome %+v", out)
	}
	for _, f := range []string{"summary.csv", "aggregate.csv", "ttests.csv", "final_tasks.csv", "fig4b.png", "fig4c.svg", "app3a.pdf", "release.png",
		"runs/presyn_seed-1/accuracy_matrix.csv", "runs/presyn_seed-1/first_task.csv", "runs/nocons_seed-2/metrics.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// The accuracy matrix: after task a, tasks 1..a; joint training only at the end.
	if m := resultstest.ReadLines(t, filepath.Join(dir, "runs/presyn_seed-1/accuracy_matrix.csv")); m[0] != "after_task,task,accuracy" || len(m) != 1+15 {
		t.Errorf("presyn's matrix has %d lines", len(m))
	}
	if m := resultstest.ReadLines(t, filepath.Join(dir, "runs/joint_seed-1/accuracy_matrix.csv")); len(m) != 1+5 || !strings.HasPrefix(m[1], "5,1,") {
		t.Errorf("joint's matrix:\n%s", strings.Join(m, "\n"))
	}
	if f := resultstest.ReadLines(t, filepath.Join(dir, "runs/presyn_seed-2/first_task.csv")); len(f) != 1+10 || f[0] != "epoch,accuracy" {
		t.Errorf("first_task.csv has %d lines", len(f))
	}
	if s := resultstest.ReadLines(t, filepath.Join(dir, "summary.csv")); s[0] != "task,method,seed,mean_acc" || len(s) != 11 || !strings.HasPrefix(s[1], "split-mnist,presyn,1,") {
		t.Errorf("summary.csv:\n%s", strings.Join(s, "\n"))
	}
	if tt := resultstest.ReadLines(t, filepath.Join(dir, "ttests.csv")); tt[0] != "method,t,p" || len(tt) != 5 {
		t.Errorf("ttests.csv:\n%s", strings.Join(tt, "\n"))
	}
	// BGD's runs measure every test mode at the end; the report shows them.
	if tm := resultstest.ReadLines(t, filepath.Join(dir, "test_modes.csv")); tm[0] != "method,mode,n,mean_acc_mean,mean_acc_se" || len(tm) != 5 || !strings.HasPrefix(tm[1], "bgd,mean-softmax,2,") {
		t.Errorf("test_modes.csv:\n%s", strings.Join(tm, "\n"))
	}
	if !strings.Contains(out.Report.Markdown, "| bgd | vote | 2 |") {
		t.Errorf("the report has no test modes:\n%s", out.Report.Markdown)
	}
	// Mid-task epochs of Split MNIST measure only the first task (Figure 4b's
	// curve); the mutual information and neuron energy are not measured.
	metrics := resultstest.ReadLines(t, filepath.Join(dir, "runs/presyn_seed-1/metrics.csv"))
	if f := strings.Split(metrics[5], ","); f[0] != "3" || f[1] != "1" || f[4] == "NaN" || f[5] != "NaN" || f[7] != "NaN" || f[11] == "NaN" || f[12] != "NaN" || f[13] != "NaN" || f[14] != "" {
		t.Errorf("task 3, epoch 1 (task 1 measured, 2 and 3 not, 4 and 5 not seen): %s", metrics[5])
	}
	// A task's last epoch measures every task seen.
	if f := strings.Split(metrics[6], ","); f[0] != "3" || f[1] != "2" || f[5] == "NaN" || f[7] == "NaN" || f[11] == "NaN" || f[12] == "NaN" || f[13] == "NaN" || f[14] != "" {
		t.Errorf("task 3, epoch 2 (tasks 1 to 3 measured): %s", metrics[6])
	}
	md, err := Table(root)
	if err != nil || !strings.Contains(md, "Split MNIST (paper; code)") || !strings.Contains(md, "Not run yet: split-fmnist") {
		t.Fatalf("table: %v\n%s", err, md)
	}
	if tab := resultstest.ReadLines(t, filepath.Join(root, "tab1.csv")); tab[0] != "task,method,n,mean,se,paper_mean,paper_se,published_code_mean,published_code_se,published_code_n,verdict" || len(tab) != 6 {
		t.Errorf("tab1.csv:\n%s", strings.Join(tab, "\n"))
	}
}

func TestLifelongPermutedReleaseFigure(t *testing.T) {
	s := Study{Task: "perm-mnist", Methods: []string{MethodPresyn}, Seeds: []uint64{1},
		Overrides: []string{"epochs=1", "num_tasks=3", "layers=[784,32,10]", "eval_samples=2"}, Data: datatest.Small()}
	dir := t.TempDir()
	if _, err := study.Execute(context.Background(), s, study.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "app3b.png")); err != nil {
		t.Error(err)
	}
}

func TestLifelongSpecErrors(t *testing.T) {
	for _, tt := range []struct {
		s    Study
		want string
	}{
		{Study{Task: "split-cifar", Methods: []string{"presyn"}, Seeds: []uint64{1}}, "unknown task"},
		{Study{Task: "perm-mnist-cont", Methods: []string{"joint"}, Seeds: []uint64{1}}, `no method "joint"`},
		{Study{Task: "split-mnist", Methods: []string{"presyn", "presyn"}, Seeds: []uint64{1}}, "method presyn given twice"},
		{Study{Task: "split-mnist", Methods: []string{"presyn"}}, "no seeds"},
		// Overrides that change what the benchmark is (issue 21).
		{Study{Task: "split-mnist", Methods: []string{"presyn"}, Seeds: []uint64{1}, Overrides: []string{"dataset=fashion-mnist"}},
			"--set dataset=fashion-mnist makes dataset fashion-mnist, but split-mnist is mnist"},
		{Study{Task: "perm-mnist", Methods: []string{"presyn"}, Seeds: []uint64{1}, Overrides: []string{"task=continuous"}},
			"--set task=continuous makes task continuous"},
		{Study{Task: "perm-mnist", Methods: []string{"presyn"}, Seeds: []uint64{1}, Overrides: []string{"num_tasks=20"}},
			"num_tasks 20, but perm-mnist has 10 tasks"},
		{Study{Task: "split-mnist", Methods: []string{"presyn", "nocons"}, Seeds: []uint64{1}, Overrides: []string{"ewc.lambda=5"}},
			"no run uses ewc"},
	} {
		if _, err := tt.s.Plan(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.s, err, tt.want)
		}
	}
	// The smoke profile of every benchmark, and a method's key for its own
	// method's runs, still plan.
	for _, b := range Benchmarks {
		s := Quick(b.Name)
		s.Overrides = append(s.Overrides, "presyn.lr=0.02", "layers=[784,20,"+fmt.Sprint(map[bool]int{true: 2, false: 10}[strings.HasPrefix(b.Name, "split")])+"]")
		if _, err := s.Plan(); err != nil {
			t.Errorf("%s --quick: %v", b.Name, err)
		}
	}
}

// One seed and one task: the study finishes and draws its figures, and its
// t-tests, undefined, are empty cells and say so in the report instead of NaN
// (issue 21, section 3).
func TestLifelongOneSeedOneTask(t *testing.T) {
	s := Study{Task: "perm-mnist", Methods: []string{MethodPresyn, MethodNoCons}, Seeds: []uint64{1},
		Overrides: []string{"epochs=1", "num_tasks=1", "layers=[784,16,10]", "eval_samples=2"}, Data: datatest.Small()}
	dir := t.TempDir()
	out, err := study.Execute(context.Background(), s, study.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if out.Report == nil || strings.Contains(out.Report.Markdown, "NaN") || !strings.Contains(out.Report.Markdown, "| nocons | undefined") {
		t.Errorf("report:\n%v", out.Report)
	}
	if tt := resultstest.ReadLines(t, filepath.Join(dir, "ttests.csv")); len(tt) != 2 || tt[1] != "nocons,," {
		t.Errorf("ttests.csv:\n%s", strings.Join(tt, "\n"))
	}
	if _, _, err := study.Rebuild(s, dir); err != nil {
		t.Errorf("collect: %v", err)
	}
}
