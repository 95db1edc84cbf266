package slurm

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Dependency is the kind of dependency the collector is submitted with: it starts
// once every element of the array has finished with exit status 0. With a failed
// shard the dependency can never be satisfied and Slurm cancels the collector
// (the scripts ask for --kill-on-invalid-dep=yes): the study's finished runs stay,
// the failed shards can be run again and collected by hand. (afterany would
// collect a study with holes in it and report success.)
const Dependency = "afterok"

// Job is a study to run as a Slurm job array, and the collector after it. The zero
// value of an optional field leaves the cluster's default.
type Job struct {
	Name    string   // job name, also the log files' prefix: presyn-energy
	Exe     string   // absolute path of the presyn binary
	Dir     string   // working directory: relative paths in Study and Collect resolve there
	Study   []string // the study command and its flags, without --shard: energy --quick --out DIR
	Collect []string // the collector's command: collect DIR
	Shards  int      // N: the array's elements run shards 1/N .. N/N; at least 1
	LogDir  string   // absolute folder of the jobs' output files

	ArrayMax    int    // optional: at most this many shards at once (--array=1-N%M); 0: no limit
	Partition   string // optional: the partition (or comma-separated partitions) to run in
	Time        string // optional: time limit of each job, as Slurm reads it: 90, 2:00:00, 1-12
	CPUsPerTask int    // optional: CPUs per shard; 0: one
	Mem         string // optional: memory per node of each job, as Slurm reads it: 4G, 500M
}

var (
	timePattern      = regexp.MustCompile(`^(\d+(:\d+){0,2}|\d+-\d+(:\d+){0,2}|INFINITE|UNLIMITED)$`)
	memPattern       = regexp.MustCompile(`^\d+[KMGTkmgt]?$`)
	partitionPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$`)
	namePattern      = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
)

// Validate checks the fields a user chooses; a Job that passes makes valid scripts.
// The error names the field.
func (j Job) Validate() error {
	switch {
	case j.Shards < 1:
		return fmt.Errorf("slurm: %d shards, want 1 or more", j.Shards)
	case j.ArrayMax < 0:
		return fmt.Errorf("slurm: at most %d shards at once, want 0 (no limit) or more", j.ArrayMax)
	case j.CPUsPerTask < 0:
		return fmt.Errorf("slurm: %d CPUs per task, want 1 or more", j.CPUsPerTask)
	case j.Time != "" && !timePattern.MatchString(j.Time):
		return fmt.Errorf("slurm: time limit %q is not one Slurm reads (minutes, HH:MM:SS or D-HH:MM:SS)", j.Time)
	case j.Mem != "" && !memPattern.MatchString(j.Mem):
		return fmt.Errorf("slurm: memory %q is not one Slurm reads (a number of megabytes, or with K, M, G or T)", j.Mem)
	case j.Partition != "" && !partitionPattern.MatchString(j.Partition):
		return fmt.Errorf("slurm: partition %q is not a partition name", j.Partition)
	case !namePattern.MatchString(j.Name):
		return fmt.Errorf("slurm: job name %q has characters other than letters, digits, _ . -", j.Name)
	case strings.ContainsAny(j.LogDir, "\"\\%") || strings.IndexFunc(j.LogDir, isControl) >= 0:
		// #SBATCH lines are not shell: a double-quoted value holds anything but
		// these, and % starts Slurm's file name patterns.
		return fmt.Errorf("slurm: log folder %q holds a quote, backslash, %% or control character, which #SBATCH --output cannot take", j.LogDir)
	case j.Exe == "" || j.Dir == "" || len(j.Study) == 0 || len(j.Collect) == 0:
		return fmt.Errorf("slurm: the job lacks its executable, folder or commands")
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// ArrayLine is the value of the job array's --array option: 1-N, or 1-N%M with at
// most M shards at once.
func (j Job) ArrayLine() string {
	s := "1-" + strconv.Itoa(j.Shards)
	if j.ArrayMax > 0 {
		s += "%" + strconv.Itoa(j.ArrayMax)
	}
	return s
}

// ArrayScript returns the sbatch script of the job array: element K runs
// `Exe Study... --shard K/N` in Dir. It panics if the Job does not validate.
func ArrayScript(j Job) string {
	mustValidate(j)
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	fmt.Fprintf(&b, "# %s: a Slurm job array made by `presyn slurm`. Element K of it runs shard\n", j.Name)
	fmt.Fprintf(&b, "# K/%d of the study; %s-collect.sh makes the study's tables once every shard\n", j.Shards, j.Name)
	b.WriteString("# has succeeded. A shard started again resumes: finished runs are never redone.\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", j.Name)
	fmt.Fprintf(&b, "#SBATCH --array=%s\n", j.ArrayLine())
	fmt.Fprintf(&b, "#SBATCH --output=\"%s/%s-%%A_%%a.out\"\n", j.LogDir, j.Name)
	cpus := j.CPUsPerTask
	if cpus == 0 {
		cpus = 1
	}
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", cpus)
	j.writeResources(&b)
	j.writeCommand(&b, append(slices.Clip(j.Study), "--shard"), `"${SLURM_ARRAY_TASK_ID}/`+strconv.Itoa(j.Shards)+`"`)
	return b.String()
}

// CollectScript returns the sbatch script of the collector: `Exe Collect...` in
// Dir, cancelled by Slurm when its dependency on the array cannot be satisfied. It
// panics if the Job does not validate.
func CollectScript(j Job) string {
	mustValidate(j)
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	fmt.Fprintf(&b, "# %s-collect: made by `presyn slurm`, to be submitted with\n", j.Name)
	fmt.Fprintf(&b, "# --dependency=%s:<job id of %s-array.sh>. It makes the study's tables,\n", Dependency, j.Name)
	b.WriteString("# figures and report from its runs once every shard has succeeded; if a shard\n")
	b.WriteString("# fails, Slurm cancels it: run the failed shards again, then presyn collect.\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s-collect\n", j.Name)
	fmt.Fprintf(&b, "#SBATCH --output=\"%s/%s-collect-%%j.out\"\n", j.LogDir, j.Name)
	b.WriteString("#SBATCH --kill-on-invalid-dep=yes\n")
	j.writeResources(&b)
	j.writeCommand(&b, j.Collect, "")
	return b.String()
}

// writeResources writes the optional #SBATCH lines both scripts share.
func (j Job) writeResources(b *strings.Builder) {
	for _, o := range []struct{ name, value string }{{"partition", j.Partition}, {"time", j.Time}, {"mem", j.Mem}} {
		if o.value != "" {
			fmt.Fprintf(b, "#SBATCH --%s=%s\n", o.name, o.value)
		}
	}
}

// writeCommand writes the script's body: cd to Dir, then exec Exe with args, each
// quoted, and tail as it is.
func (j Job) writeCommand(b *strings.Builder, args []string, tail string) {
	b.WriteString("set -euo pipefail\n")
	fmt.Fprintf(b, "cd %s\n", Quote(j.Dir))
	fmt.Fprintf(b, "exec %s %s", Quote(j.Exe), QuoteArgs(args))
	if tail != "" {
		b.WriteString(" " + tail)
	}
	b.WriteString("\n")
}

func mustValidate(j Job) {
	if err := j.Validate(); err != nil {
		panic(err)
	}
}

// safeWord matches the words the shell reads as they are: no quoting needed.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// Quote returns s as one word of a POSIX shell command line: as it is when that
// is safe, else in single quotes, a single quote inside written as quote,
// backslash, quote, quote.
func Quote(s string) string {
	if safeWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// QuoteArgs quotes each argument and joins them with spaces.
func QuoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = Quote(a)
	}
	return strings.Join(q, " ")
}

// ParseJobID reads the job ID from what `sbatch --parsable` printed: "ID" or
// "ID;CLUSTER" on one line.
func ParseJobID(out string) (string, error) {
	id, _, _ := strings.Cut(strings.TrimSpace(out), ";")
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return "", fmt.Errorf("slurm: sbatch printed %q, not a job ID", strings.TrimSpace(out))
	}
	return id, nil
}
