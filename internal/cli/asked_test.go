package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/presyn/presyn/internal/study"
)

// What the user asked is what runs (issue 21, section 4): each conflict is a
// usage error, exit 2, in one line naming both sides, before anything trains
// or any file is written.
func TestConflictsExitTwoNamingBothSides(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	out := filepath.Join(dir, "out")
	scripts := filepath.Join(dir, "scripts")
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"tune", "--task", "split-mnist", "--trials", "1", "--set", "p_up=0.05"}, []string{"--set p_up=0.05", "tune's search of presyn.p_up"}},
		{[]string{"energy", "--set", "l2=0.5", "--l2", "0.01"}, []string{"--set l2=0.5", "--l2 (l2=0.01)"}},
		{[]string{"energy", "fixed-p", "--set", "p_fixed=0.3"}, []string{"--set p_fixed=0.3", "--p (p_fixed="}},
		{[]string{"sweep", "--config", "energy-presyn", "--grid", "l2=0.1", "--grid", "presyn.l2=0.3"}, []string{"--grid l2", "--grid presyn.l2"}},
		{[]string{"train", "--config", "energy-presyn", "--set", "ewc.lambda=5"}, []string{"ewc.lambda=5", "method is presyn", "--set method=ewc"}},
		{[]string{"train", "--config", file("both.json", `{"lr": 0.1, "presyn": {"lr": 0.2}}`)}, []string{"lr and presyn.lr"}},
		{[]string{"train", "--config", file("dup.json", `{"epochs": 1, "epochs": 2}`)}, []string{"gives epochs twice"}},
		{[]string{"train", "--config", file("null.json", `null`)}, []string{"not a JSON object", "null"}},
		{[]string{"lifelong", "--task", "split-mnist", "--set", "dataset=fashion-mnist"}, []string{"--set dataset=fashion-mnist", "split-mnist is mnist"}},
		{[]string{"slurm", "--shards", "2", "--out", scripts, "--", "energy", "--l2", "abc", "--out", out}, []string{"slurm", "--l2", `"abc" is not a number`}},
		{[]string{"slurm", "--shards", "2", "--out", scripts, "--", "energy", "--seeds", "x", "--out", out}, []string{"slurm", `"x" is not a seed`}},
		{[]string{"slurm", "--shards", "2", "--out", scripts, "--", "energy", "--set", "epochs=-1", "--out", out}, []string{"slurm", "epochs is -1"}},
		{[]string{"slurm", "--shards", "2", "--out", scripts, "--", "lifelong", "--out", out}, []string{"slurm", "--task is required"}},
	}
	for _, tt := range tests {
		args := tt.args
		if args[0] != "slurm" {
			args = append(args, "--out", out)
		}
		status, _, stderr := run(t, args...)
		if status != ExitUsage || strings.Count(stderr, "\n") != 1 {
			t.Errorf("presyn %s: status %d, stderr %q; want 2 and one line", strings.Join(tt.args, " "), status, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("presyn %s: %q, want %q", strings.Join(tt.args, " "), stderr, w)
			}
		}
	}
	for _, d := range []string{out, scripts} {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was made by a refused command (%v)", d, err)
		}
	}
	// A study command that checks out still gets its scripts.
	if status, _, stderr := run(t, "slurm", "--shards", "2", "--out", scripts, "--", "energy", "--quick", "--out", out); status != 0 {
		t.Errorf("slurm of energy --quick: %d %s", status, stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("slurm's check wrote the study folder (%v)", err)
	}
}

// The same condition gets the same exit status everywhere (issue 21, section
// 5), by the one rule of errors.go.
func TestExitStatusRule(t *testing.T) {
	pathErr := &fs.PathError{Op: "mkdir", Path: "x", Err: syscall.ENOTDIR}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"usage", usageErrorf("energy: --l2: bad"), ExitUsage},
		{"a run failed", errors.New("train: NaN loss"), ExitFailure},
		{"an unwritable folder checked as a request", asUsage(fmt.Errorf("train: --out: %w", pathErr)), ExitFailure},
		{"an errno alone", asUsage(fmt.Errorf("results: cannot create: %w", syscall.EACCES)), ExitFailure},
		{"an unreadable finished run met on a rerun", asUsage(fmt.Errorf("energy: %w", study.ErrUnreadable)), ExitFailure},
	}
	for _, tt := range tests {
		if got := exitStatus(tt.err); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

// Folders and files that fail give 1 from every command that meets them.
func TestSameConditionSameStatus(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	results := filepath.Join(dir, "results")
	os.MkdirAll(results, 0o755)
	unwritable := filepath.Join(notDir, "sub")
	for _, args := range [][]string{
		{"train", "--config", "energy-presyn", "--out", unwritable},
		{"energy", "--quick", "--out", unwritable},
		{"report", "--results", results, "--figures", unwritable},
		{"perceptron", "--out", notDir},
	} {
		if status, _, stderr := run(t, args...); status != ExitFailure {
			t.Errorf("presyn %s: %d %s, want 1 (a folder that cannot be written)", strings.Join(args, " "), status, stderr)
		}
	}
	// An unreadable finished run: 1 from collect and from a rerun.
	study := filepath.Join(dir, "energy")
	presyn := syntheticPresyn(t)
	if status, _, stderr := presyn("energy", "--quick", "--models", "presyn", "--l2", "0.01", "--set", "epochs=1", "--set", "layers=[784,8,10]", "--out", study); status != 0 {
		t.Fatalf("energy: %d %s", status, stderr)
	}
	manifest := filepath.Join(study, "runs", "presyn_l2-0.01_seed-2019", "config.json")
	if err := os.WriteFile(manifest, []byte("garbage\x00\xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"collect", study},
		{"energy", "--quick", "--models", "presyn", "--l2", "0.01", "--set", "epochs=1", "--set", "layers=[784,8,10]", "--out", study},
	} {
		status, _, stderr := presyn(args...)
		if status != ExitFailure || !strings.Contains(stderr, "unreadable") || strings.Contains(stderr, "\x00") || strings.Contains(stderr, "'g'") {
			t.Errorf("presyn %s: %d %q, want 1 naming the run, without the file's bytes", args[0], status, stderr)
		}
	}
}

// No message shows internals (issue 21, section 5).
func TestMessagesInWords(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"train", "--config", "energy-presyn", "--set", "lr=NaN", "--out", "x"}, "NaN is not a finite number"},
		{[]string{"energy", "--seeds", "-1"}, `"-1" is not a seed`},
		{[]string{"sweep", "--config", "energy-presyn", "--random", "0", "--grid", "l2=0.1:0.2"}, "--random is 0, want 1 or more"},
		{[]string{"sweep", "--config", "energy-presyn", "--grid", "l2=0.1:0.2"}, "is a range: a range needs --random N"},
		{[]string{"tune", "--task", "split-mnist", "--trials", "x"}, `--trials: "x" is not a whole number`},
		{[]string{"train", "--config", "energy-presyn", "--seed", "-1", "--out", "x"}, `--seed: "-1" is not a whole number >= 0`},
		{[]string{"energy", "fixed-p", "--l2", "abc"}, `--l2: "abc" is not a number`},
	}
	for _, tt := range tests {
		status, _, stderr := run(t, tt.args...)
		if status != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("presyn %s: %d %q, want 2 and %q", strings.Join(tt.args, " "), status, stderr, tt.want)
		}
		for _, internal := range []string{"strconv", "float64", "map[", "json.", "programming error", `""`} {
			if strings.Contains(stderr, internal) {
				t.Errorf("presyn %s: %q shows %q", strings.Join(tt.args, " "), stderr, internal)
			}
		}
	}
}
