package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/slurm"
)

// runSlurmCmd runs presyn slurm built on its own (as under the root command) in a
// fresh current folder, and returns its exit status, what it printed and that
// folder.
func runSlurmCmd(t *testing.T, args ...string) (status int, stdout, stderr, wd string) {
	t.Helper()
	wd = t.TempDir()
	t.Chdir(wd)
	var out, errb bytes.Buffer
	cmd := newSlurmCmd(Streams{Out: &out, Err: &errb}, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err != nil {
		fmt.Fprintf(&errb, "presyn: %s\n", oneLine(err.Error()))
	}
	return exitStatus(err), out.String(), errb.String(), wd
}

// The flags and the study command resolve to the job runF receives; nothing is
// written, so the test needs no folder of its own.
func TestSlurmFlags(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	abs := func(dir string) string { return filepath.Join(wd, dir) }
	tests := []struct {
		args   []string
		want   slurm.Job
		submit bool
	}{
		{[]string{"slurm", "--shards", "4", "--", "energy", "--quick", "--out", "res/energy"},
			slurm.Job{Name: "presyn-energy", Study: []string{"energy", "--quick", "--out", "res/energy", "--workers", "1"},
				Collect: []string{"collect", "res/energy"}, Shards: 4, LogDir: abs("slurm"), CPUsPerTask: 1}, false},
		{[]string{"slurm", "--shards", "2", "--array-max", "1", "--partition", "long", "--time", "1:00:00", "--mem", "2G",
			"--cpus-per-task", "2", "--out", "jobs", "--submit", "energy", "fixed-p", "--workers", "3", "--out", "o"},
			slurm.Job{Name: "presyn-energy-fixed-p", Study: []string{"energy", "fixed-p", "--workers", "3", "--out", "o"},
				Collect: []string{"collect", "o"}, Shards: 2, LogDir: abs("jobs"), ArrayMax: 1, Partition: "long",
				Time: "1:00:00", CPUsPerTask: 2, Mem: "2G"}, true},
		{[]string{"--data-dir", "/d", "--threads", "2", "slurm", "--", "lifelong", "--task", "split-mnist", "--out", "o"},
			slurm.Job{Name: "presyn-lifelong", Study: []string{"lifelong", "--task", "split-mnist", "--out", "o", "--workers", "1", "--data-dir", "/d", "--threads", "2"},
				Collect: []string{"collect", "o", "--data-dir", "/d"}, Shards: 1, LogDir: abs("slurm"), CPUsPerTask: 1}, false},
		// The whole paper: its collector is presyn paper itself, run once more.
		{[]string{"--data-dir", "/d", "slurm", "--shards", "8", "--", "paper", "--quick", "--out", "r"},
			slurm.Job{Name: "presyn-paper", Study: []string{"paper", "--quick", "--out", "r", "--workers", "1", "--data-dir", "/d"},
				Collect: []string{"paper", "--quick", "--out", "r", "--workers", "1", "--data-dir", "/d"}, Shards: 8, LogDir: abs("slurm"), CPUsPerTask: 1}, false},
	}
	for _, tt := range tests {
		tt.want.Exe, tt.want.Dir = exe, wd
		var got slurm.Job
		var opts slurmOptions
		cmd := newSlurmCmd(discard(), func(_ context.Context, o slurmOptions, job slurm.Job) error {
			got, opts = job, o
			return nil
		})
		if status, errOut := runSeam(t, cmd, tt.args...); status != ExitOK {
			t.Fatalf("presyn %q: status %d: %s", tt.args, status, errOut)
		}
		if !reflect.DeepEqual(got, tt.want) || opts.submit != tt.submit {
			t.Errorf("presyn %q:\n got %+v (submit %v)\nwant %+v (submit %v)", tt.args, got, opts.submit, tt.want, tt.submit)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"slurm"}, "give the study command after --"},
		{[]string{"slurm", "--shards", "0", "--", "energy", "--out", "o"}, "--shards is 0"},
		{[]string{"slurm", "--shards", "four", "--", "energy", "--out", "o"}, "is not"},
		{[]string{"slurm", "--array-max", "-1", "--", "energy", "--out", "o"}, "--array-max is -1"},
		{[]string{"slurm", "--cpus-per-task", "0", "--", "energy", "--out", "o"}, "--cpus-per-task is 0"},
		{[]string{"slurm", "--time", "2h", "--", "energy", "--out", "o"}, "time limit"},
		{[]string{"slurm", "--out", "", "--", "energy", "--out", "o"}, "--out must not be empty"},
		{[]string{"slurm", "--no-such-flag", "--", "energy", "--out", "o"}, "unknown flag"},
		{[]string{"slurm", "--", "energy", "--shard", "1/2", "--out", "o"}, "has --shard already"},
		{[]string{"slurm", "--", "energy", "--quick"}, "--out DIR"},
	} {
		cmd := newSlurmCmd(discard(), func(context.Context, slurmOptions, slurm.Job) error {
			t.Errorf("presyn %q ran", tt.args)
			return nil
		})
		if status, errOut := runSeam(t, cmd, tt.args...); status != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %q: status %d, stderr %q; want 2 and %q", tt.args, status, errOut, tt.want)
		}
	}
}

func TestSlurmUsageErrorsWriteNothing(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "give the study command after --"},
		{[]string{"--shards", "4"}, "give the study command after --"},
		{[]string{"--", "train", "--config", "energy-presyn", "--out", "o"}, `"train" is not a study; studies: `},
		{[]string{"--", "collect", "o"}, `"collect" is not a study`},
		{[]string{"--", "version"}, `"version" is not a study`},
		{[]string{"--", "nonsense", "--out", "o"}, `unknown command "nonsense"`},
		{[]string{"--", "--quick"}, `"--quick" is not a study`},
		{[]string{"--", "--quick", "--out", "o"}, `unknown command "o"`},
		{[]string{"--", "energy", "--quick", "--shard", "1/2", "--out", "o"}, "has --shard already"},
		{[]string{"--", "energy", "--quick", "--shard=1/2", "--out", "o"}, "has --shard already"},
		{[]string{"--", "energy", "--quick"}, "--out DIR"},
		{[]string{"--", "energy", "fixed-p", "--out", ""}, "--out DIR"},
		{[]string{"--shards", "0", "--", "energy", "--out", "o"}, "--shards is 0, want 1 or more"},
		{[]string{"--shards", "-3", "--", "energy", "--out", "o"}, "--shards is -3"},
		{[]string{"--shards", "four", "--", "energy", "--out", "o"}, "is not"},
		{[]string{"--array-max", "-1", "--", "energy", "--out", "o"}, "--array-max is -1"},
		{[]string{"--cpus-per-task", "0", "--", "energy", "--out", "o"}, "--cpus-per-task is 0"},
		{[]string{"--time", "2h", "--", "energy", "--out", "o"}, "time limit"},
		{[]string{"--mem", "much", "--", "energy", "--out", "o"}, "memory"},
		{[]string{"--out", "", "--", "energy", "--out", "o"}, "--out must not be empty"},
		{[]string{"--", "energy", "--no-such-flag", "--out", "o"}, "presyn energy: unknown flag: --no-such-flag"},
		{[]string{"--", "energy", "--workers", "many", "--out", "o"}, "is not"},
		{[]string{"--", "energy", "extra", "--out", "o"}, "takes no arguments"},
		{[]string{"--", "energy", "--out", "o", "--", "x"}, "takes no arguments"},
		{[]string{"--", "energy", "--help"}, "--help"},
	}
	for _, tt := range tests {
		status, out, errOut, wd := runSlurmCmd(t, tt.args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if status != ExitUsage || len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
			t.Errorf("presyn slurm %q: status %d, stderr %q; want 2 and one line with %q", tt.args, status, errOut, tt.want)
		}
		if out != "" {
			t.Errorf("presyn slurm %q printed %q", tt.args, out)
		}
		if entries, _ := os.ReadDir(wd); len(entries) > 0 {
			t.Errorf("presyn slurm %q wrote %s", tt.args, entries[0].Name())
		}
	}
}

func TestSlurmWritesScripts(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args     []string
		name     string   // the scripts' prefix
		array    []string // lines of the array script after the interpreter's
		collect  []string // lines of the collector
		notArray string
	}{
		{
			args:     []string{"--shards", "4", "--", "energy", "--quick", "--out", "res/energy"},
			name:     "presyn-energy",
			array:    []string{"#SBATCH --array=1-4", "#SBATCH --cpus-per-task=1", "exec " + slurm.Quote(exe) + ` energy --quick --out res/energy --workers 1 --shard "${SLURM_ARRAY_TASK_ID}/4"`},
			collect:  []string{"#SBATCH --kill-on-invalid-dep=yes", "exec " + slurm.Quote(exe) + " collect res/energy"},
			notArray: "--partition",
		},
		{
			// Without --, with a subcommand and a folder that needs quoting.
			args:    []string{"--shards", "2", "--partition", "long", "--time", "1:00:00", "--mem", "2G", "energy", "fixed-p", "--p", "0.2,0.5", "--out", "it's here"},
			name:    "presyn-energy-fixed-p",
			array:   []string{"#SBATCH --array=1-2", "#SBATCH --partition=long", "#SBATCH --time=1:00:00", "#SBATCH --mem=2G", "exec " + slurm.Quote(exe) + ` energy fixed-p --p 0.2,0.5 --out 'it'\''s here' --workers 1 --shard "${SLURM_ARRAY_TASK_ID}/2"`},
			collect: []string{"#SBATCH --partition=long", "#SBATCH --time=1:00:00", "exec " + slurm.Quote(exe) + ` collect 'it'\''s here'`},
		},
		{
			// The study's own --workers stay; --cpus-per-task goes to Slurm.
			args:     []string{"--array-max", "1", "--cpus-per-task", "2", "--out", "jobs", "--", "lifelong", "--task", "split-mnist", "--workers", "3", "--out", "o"},
			name:     "presyn-lifelong",
			array:    []string{"#SBATCH --array=1-1%1", "#SBATCH --cpus-per-task=2", "exec " + slurm.Quote(exe) + ` lifelong --task split-mnist --workers 3 --out o --shard "${SLURM_ARRAY_TASK_ID}/1"`},
			collect:  []string{"exec " + slurm.Quote(exe) + " collect o"},
			notArray: "--workers 2",
		},
	}
	for _, tt := range tests {
		status, out, errOut, wd := runSlurmCmd(t, tt.args...)
		if status != ExitOK {
			t.Errorf("presyn slurm %q: status %d: %s", tt.args, status, errOut)
			continue
		}
		scriptDir := filepath.Join(wd, "slurm")
		if slices.Contains(tt.args, "jobs") {
			scriptDir = filepath.Join(wd, "jobs")
		}
		arrayPath := filepath.Join(scriptDir, tt.name+"-array.sh")
		collectPath := filepath.Join(scriptDir, tt.name+"-collect.sh")
		for _, s := range []struct {
			path  string
			lines []string
		}{{arrayPath, tt.array}, {collectPath, tt.collect}} {
			text, err := os.ReadFile(s.path)
			if err != nil {
				t.Errorf("presyn slurm %q: %v", tt.args, err)
				continue
			}
			lines := strings.Split(string(text), "\n")
			for _, want := range append(s.lines, "cd "+slurm.Quote(wd)) {
				if !slices.Contains(lines, want) {
					t.Errorf("presyn slurm %q: %s lacks the line\n%s\nit is:\n%s", tt.args, s.path, want, text)
				}
			}
			if info, err := os.Stat(s.path); err == nil && info.Mode()&0o100 == 0 {
				t.Errorf("%s is not executable", s.path)
			}
		}
		if tt.notArray != "" {
			if text, _ := os.ReadFile(arrayPath); strings.Contains(string(text), tt.notArray) {
				t.Errorf("presyn slurm %q: the array script holds %q:\n%s", tt.args, tt.notArray, text)
			}
		}
		for _, want := range []string{arrayPath, collectPath, "array=$(sbatch --parsable " + arrayPath + ")", `sbatch --dependency=afterok:"${array%%;*}" ` + collectPath} {
			if !strings.Contains(out, want) {
				t.Errorf("presyn slurm %q printed\n%s\nwant it to hold %q", tt.args, out, want)
			}
		}
	}
}

// presyn --data-dir D slurm ... passes --data-dir on to the shards and the
// collector; a --data-dir in the study command reaches the collector too.
func TestSlurmPassesRootFlagsOn(t *testing.T) {
	for _, tt := range []struct {
		args           []string
		study, collect string
	}{
		{[]string{"slurm", "--data-dir", "/d", "--", "energy", "--out", "o"}, "energy --out o --workers 1 --data-dir /d --shard", "collect o --data-dir /d"},
		{[]string{"--threads", "2", "slurm", "--", "energy", "--data-dir", "/e", "--out", "o"}, "energy --data-dir /e --out o --workers 1 --threads 2 --shard", "collect o --data-dir /e"},
		{[]string{"slurm", "--", "energy", "--out", "o"}, "energy --out o --workers 1 --shard", "collect o\n"},
	} {
		t.Chdir(t.TempDir())
		var out bytes.Buffer
		streams := Streams{Out: &out, Err: &out}
		root := &cobra.Command{Use: "presyn", SilenceErrors: true, SilenceUsage: true}
		root.PersistentFlags().String("data-dir", "data", "")
		root.PersistentFlags().Int("threads", 1, "")
		root.AddCommand(newSlurmCmd(streams, nil))
		root.SetArgs(tt.args)
		if err := root.Execute(); err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		array, _ := os.ReadFile(filepath.Join("slurm", "presyn-energy-array.sh"))
		collect, _ := os.ReadFile(filepath.Join("slurm", "presyn-energy-collect.sh"))
		if !strings.Contains(string(array), tt.study) || !strings.Contains(string(collect), tt.collect) {
			t.Errorf("%q: array script\n%s\ncollector\n%s\nwant %q and %q", tt.args, array, collect, tt.study, tt.collect)
		}
	}
}

// fakeSbatch puts on PATH an sbatch that logs its arguments and prints the given
// answers, one per call; it returns the log's path.
func fakeSbatch(t *testing.T, answers ...string) string {
	t.Helper()
	bin := t.TempDir()
	log := filepath.Join(bin, "calls")
	script := "#!/bin/sh\necho \"$*\" >> " + slurm.Quote(log) + "\nn=$(wc -l < " + slurm.Quote(log) + ")\ncase $n in\n"
	for i, a := range answers {
		script += fmt.Sprintf("%d) %s ;;\n", i+1, a)
	}
	script += "esac\n"
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func TestSlurmSubmits(t *testing.T) {
	log := fakeSbatch(t, "echo 41", "echo '42;cluster'")
	status, out, errOut, wd := runSlurmCmd(t, "--shards", "3", "--submit", "--", "energy", "--quick", "--out", "e")
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	calls, _ := os.ReadFile(log)
	dir := filepath.Join(wd, "slurm")
	want := fmt.Sprintf("--parsable %s/presyn-energy-array.sh\n--parsable --dependency=afterok:41 %s/presyn-energy-collect.sh\n", dir, dir)
	if string(calls) != want {
		t.Errorf("sbatch was called with\n%s\nwant\n%s", calls, want)
	}
	for _, w := range []string{"array job 41: 3 shards of presyn energy --quick --out e --workers 1", "collect job 42: presyn collect e"} {
		if !strings.Contains(out, w) {
			t.Errorf("printed\n%s\nwant %q", out, w)
		}
	}
}

func TestSlurmSubmitFailures(t *testing.T) {
	// No sbatch at all: one line, exit 1, nothing written.
	path := os.Getenv("PATH")
	t.Setenv("PATH", t.TempDir())
	status, _, errOut, wd := runSlurmCmd(t, "--submit", "--", "energy", "--out", "e")
	if status != ExitFailure || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "install Slurm (Debian: apt-get install slurm-wlm) or drop --submit") {
		t.Errorf("without sbatch: status %d, stderr %q", status, errOut)
	}
	if entries, _ := os.ReadDir(wd); len(entries) > 0 {
		t.Errorf("without sbatch, presyn slurm wrote %s", entries[0].Name())
	}
	// sbatch refuses the collector: the error names the submitted array.
	t.Setenv("PATH", path)
	fakeSbatch(t, "echo 7", "echo 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2; exit 1")
	status, _, errOut, _ = runSlurmCmd(t, "--submit", "--", "energy", "--out", "e")
	if status != ExitFailure || !strings.Contains(errOut, "Invalid partition name") || !strings.Contains(errOut, "scancel 7") {
		t.Errorf("sbatch failing: status %d, stderr %q", status, errOut)
	}
}

// The studies are the commands with --shard, found in the command tree.
func TestSlurmStudies(t *testing.T) {
	t.Parallel()
	got := studyNames(NewRootCmd(discard(), nil))
	slices.Sort(got)
	want := []string{"ablation", "energy", "energy fixed-p", "fisher", "importance", "lesion", "lifelong", "paper", "perceptron", "sparsity", "sweep", "tune"}
	if !slices.Equal(got, want) {
		t.Errorf("studies %q, want %q", got, want)
	}
}
