package slurm

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func energyJob() Job {
	return Job{
		Name:    "presyn-energy",
		Exe:     "/opt/presyn/bin/presyn",
		Dir:     "/home/ann/presyn",
		Study:   []string{"energy", "--quick", "--out", "results/energy", "--workers", "1"},
		Collect: []string{"collect", "results/energy"},
		Shards:  4,
		LogDir:  "/home/ann/presyn/slurm",
	}
}

func TestArrayScript(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Job)
		want []string // lines the script holds
		not  []string // text it must not hold
	}{
		{"plain", func(*Job) {}, []string{
			"#!/bin/bash",
			"#SBATCH --job-name=presyn-energy",
			"#SBATCH --array=1-4",
			`#SBATCH --output="/home/ann/presyn/slurm/presyn-energy-%A_%a.out"`,
			"#SBATCH --cpus-per-task=1",
			"set -euo pipefail",
			"cd /home/ann/presyn",
			`exec /opt/presyn/bin/presyn energy --quick --out results/energy --workers 1 --shard "${SLURM_ARRAY_TASK_ID}/4"`,
		}, []string{"--partition", "--time", "--mem", "%0"}},
		{"at most 2 at once, resources", func(j *Job) {
			j.Shards, j.ArrayMax, j.Partition, j.Time, j.CPUsPerTask, j.Mem = 12, 2, "gpu,cpu", "1-02:00:00", 4, "8G"
		}, []string{
			"#SBATCH --array=1-12%2",
			"#SBATCH --partition=gpu,cpu",
			"#SBATCH --time=1-02:00:00",
			"#SBATCH --cpus-per-task=4",
			"#SBATCH --mem=8G",
			`exec /opt/presyn/bin/presyn energy --quick --out results/energy --workers 1 --shard "${SLURM_ARRAY_TASK_ID}/12"`,
		}, nil},
		{"quoting", func(j *Job) {
			j.Dir, j.Exe = "/home/ann/my presyn", "/home/ann/my presyn/bin/presyn"
			j.Study = []string{"sweep", "--config", "energy-presyn", "--grid", "layers=[784,16,10]", "--set", "name=it's \"x\" $HOME", "--out", "out dir"}
		}, []string{
			"cd '/home/ann/my presyn'",
			`exec '/home/ann/my presyn/bin/presyn' sweep --config energy-presyn --grid 'layers=[784,16,10]' --set 'name=it'\''s "x" $HOME' --out 'out dir' --shard "${SLURM_ARRAY_TASK_ID}/4"`,
		}, nil},
		{"one shard", func(j *Job) { j.Shards, j.ArrayMax = 1, 1 }, []string{"#SBATCH --array=1-1%1"}, nil},
	}
	for _, tt := range tests {
		j := energyJob()
		tt.edit(&j)
		got := ArrayScript(j)
		lines := strings.Split(got, "\n")
		for _, w := range tt.want {
			if !slices.Contains(lines, w) {
				t.Errorf("%s: the script lacks the line\n%s\nit is:\n%s", tt.name, w, got)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: the script holds %q:\n%s", tt.name, n, got)
			}
		}
		checkDirectivesFirst(t, tt.name, got)
	}
}

func TestCollectScript(t *testing.T) {
	j := energyJob()
	j.Time, j.Partition = "30", "short"
	got := CollectScript(j)
	lines := strings.Split(got, "\n")
	for _, w := range []string{
		"#SBATCH --job-name=presyn-energy-collect",
		`#SBATCH --output="/home/ann/presyn/slurm/presyn-energy-collect-%j.out"`,
		"#SBATCH --kill-on-invalid-dep=yes",
		"#SBATCH --partition=short",
		"#SBATCH --time=30",
		"cd /home/ann/presyn",
		"exec /opt/presyn/bin/presyn collect results/energy",
	} {
		if !slices.Contains(lines, w) {
			t.Errorf("the collector lacks the line\n%s\nit is:\n%s", w, got)
		}
	}
	if !strings.Contains(got, "--dependency=afterok:") || strings.Contains(got, "--array") || strings.Contains(got, "--shard") {
		t.Errorf("the collector:\n%s", got)
	}
	checkDirectivesFirst(t, "collector", got)
}

// sbatch reads #SBATCH lines only before the first command of the script.
func checkDirectivesFirst(t *testing.T, name, script string) {
	t.Helper()
	seenCommand := false
	for _, l := range strings.Split(script, "\n") {
		switch {
		case strings.HasPrefix(l, "#SBATCH"):
			if seenCommand {
				t.Errorf("%s: %q comes after a command, sbatch ignores it", name, l)
			}
		case l != "" && !strings.HasPrefix(l, "#"):
			seenCommand = true
		}
	}
}

// The array script, run by bash as Slurm runs element 3, starts the binary in Dir
// with exactly the study's arguments and --shard 3/4, however odd they are.
func TestArrayScriptRunsInBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := filepath.Join(t.TempDir(), "it's a \"dir\"")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "fake presyn")
	// Prints its folder and arguments, each ended by a NUL byte.
	if err := os.WriteFile(exe, []byte("#!/bin/sh\nprintf '%s\\0' \"$(pwd)\" \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	j := energyJob()
	j.Exe, j.Dir, j.LogDir = exe, dir, t.TempDir()
	j.Study = []string{"energy", "--set", "a=b c", "--out", "it's", "", "$(rm -rf /)", "`x`", "tab\there", "new\nline", "*", "~", "!x", `back\slash`}
	script := filepath.Join(t.TempDir(), "array.sh")
	if err := os.WriteFile(script, []byte(ArrayScript(j)), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, script)
	cmd.Env = append(os.Environ(), "SLURM_ARRAY_TASK_ID=3")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash %s: %v", script, err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	want := append([]string{dir}, j.Study...)
	want = append(want, "--shard", "3/4")
	if !slices.Equal(got, want) {
		t.Errorf("the binary got\n%q\nwant\n%q", got, want)
	}
}

func TestQuote(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"results/energy", "results/energy"},
		{"--set=epochs=5", "--set=epochs=5"},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{`"x"`, `'"x"'`},
		{"$HOME", "'$HOME'"},
		{"~/x", "'~/x'"},
		{"[784,16,10]", "'[784,16,10]'"},
	} {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		edit func(*Job)
		want string // in the error; "" for none
	}{
		{func(*Job) {}, ""},
		{func(j *Job) { j.Time, j.Mem, j.Partition = "2:00:00", "500M", "long" }, ""},
		{func(j *Job) { j.Time = "90" }, ""},
		{func(j *Job) { j.Time = "UNLIMITED" }, ""},
		{func(j *Job) { j.Shards = 0 }, "0 shards"},
		{func(j *Job) { j.ArrayMax = -1 }, "at most -1"},
		{func(j *Job) { j.CPUsPerTask = -2 }, "CPUs"},
		{func(j *Job) { j.Time = "2h" }, "time limit"},
		{func(j *Job) { j.Mem = "lots" }, "memory"},
		{func(j *Job) { j.Partition = "a b" }, "partition"},
		{func(j *Job) { j.Partition = "x\n#SBATCH --x" }, "partition"},
		{func(j *Job) { j.LogDir = "/tmp/100%" }, "log folder"},
		{func(j *Job) { j.LogDir = `/tmp/"x"` }, "log folder"},
		{func(j *Job) { j.Name = "a b" }, "job name"},
		{func(j *Job) { j.Study = nil }, "lacks"},
	}
	for _, tt := range tests {
		j := energyJob()
		tt.edit(&j)
		err := j.Validate()
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: error %v, want %q", j, err, tt.want)
		}
	}
}

func TestArrayScriptPanicsOnAnInvalidJob(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	ArrayScript(Job{})
}

func TestParseJobID(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"123\n", "123"},
		{"77;cluster-a\n", "77"},
		{"", ""},
		{"sbatch: error: Batch job submission failed", ""},
	} {
		got, err := ParseJobID(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("ParseJobID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
