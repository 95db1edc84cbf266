package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/slurm"
)

// slurmOptions are the flags of presyn slurm.
type slurmOptions struct {
	partition, time, mem, out string
	arrayMax, shards, cpus    int
	submit                    bool
}

// newSlurmCmd builds `presyn slurm`; runF replaces the run function in tests,
// and receives the job the flags and the study command resolve to.
func newSlurmCmd(streams Streams, runF func(context.Context, slurmOptions, slurm.Job) error) *cobra.Command {
	var o slurmOptions
	cmd := &cobra.Command{
		Use:   "slurm [flags] -- STUDY [its flags] --out DIR",
		Short: "Run a study on a Slurm cluster: a job array of its shards, then presyn collect",
		Long: `Write two sbatch scripts for a study (paper, energy, energy fixed-p, importance,
lesion, fisher, sparsity, lifelong, ablation, tune, sweep or perceptron) given after --:
SCRIPT_DIR/presyn-<study>-array.sh, a job array whose element K runs
'presyn STUDY ... --shard K/N', and SCRIPT_DIR/presyn-<study>-collect.sh, which runs
'presyn collect DIR' and is submitted with --dependency=afterok:<array job id>: it
starts once every shard has succeeded, and Slurm cancels it if one fails (run the
failed shards again, then presyn collect; finished runs are never redone). For
paper, the whole paper as one array, the collector is the same presyn paper
command without --shard: it renders every study and writes the report.

The study command must give its results folder with --out (the collector reads
it) and no --shard (added here); its flags are checked now, not on the cluster.
Each shard uses --workers C (the --cpus-per-task it is given) unless the study
command sets --workers. The scripts start this presyn binary by its absolute path
in the current folder, so relative paths (--out, --data-dir) must be valid there
on the cluster's nodes: run presyn slurm from a folder on the shared filesystem.
The jobs' output goes to SCRIPT_DIR/presyn-<study>-<job>_<K>.out.

Without --submit, prints the scripts' paths and the sbatch commands that submit
them; with --submit, runs those commands (sbatch --parsable) and prints both job
IDs.`,
		Example: `  presyn slurm --shards 4 -- energy --quick --out /shared/energy
  presyn slurm --shards 32 --time 3:00:00 --submit -- paper --out /shared/results --figures /shared/figures
  presyn slurm --shards 54 --array-max 16 --time 2:00:00 --submit -- energy --out results/energy
  presyn slurm --shards 10 --partition long --cpus-per-task 2 --mem 4G -- lifelong --task perm-mnist --out results/lifelong/perm-mnist`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("slurm: give the study command after --, e.g. presyn slurm --shards 4 -- energy --out DIR")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			job, err := planSlurm(cmd, o, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), o, job)
			}
			return runSlurm(cmd.Context(), streams, o, job)
		},
	}
	// Everything from the first argument on is the study command, with or
	// without -- before it.
	cmd.Flags().SetInterspersed(false)
	cmd.SetFlagErrorFunc(flagError)
	f := cmd.Flags()
	f.IntVar(&o.shards, "shards", 1, "N: the array's elements, each running one shard K/N of the study")
	f.IntVar(&o.arrayMax, "array-max", 0, "run at most M shards at once (--array=1-N%M); 0: no limit")
	f.StringVar(&o.partition, "partition", "", "the partition to run in (default: the cluster's)")
	f.StringVar(&o.time, "time", "", "time limit of each shard and of the collector, e.g. 2:00:00 (default: the partition's)")
	f.IntVar(&o.cpus, "cpus-per-task", 1, "CPUs of each shard; its --workers unless the study command sets them")
	f.StringVar(&o.mem, "mem", "", "memory of each job, e.g. 4G (default: the partition's)")
	f.StringVar(&o.out, "out", "slurm", "SCRIPT_DIR: the folder of the scripts and the jobs' output")
	f.BoolVar(&o.submit, "submit", false, "submit the array and the collector with sbatch")
	return cmd
}

// rootFlagsForStudies are presyn's root flags that reach a study command from
// presyn slurm's own command line; data-dir also reaches the collector.
var rootFlagsForStudies = []string{"data-dir", "threads"}

// planSlurm checks the study command and the flags and returns the job to write;
// every error is a usage error.
func planSlurm(cmd *cobra.Command, o slurmOptions, args []string) (slurm.Job, error) {
	switch {
	case o.shards < 1:
		return slurm.Job{}, usageErrorf("slurm: --shards is %d, want 1 or more", o.shards)
	case o.arrayMax < 0:
		return slurm.Job{}, usageErrorf("slurm: --array-max is %d, want 0 (no limit) or more", o.arrayMax)
	case o.cpus < 1:
		return slurm.Job{}, usageErrorf("slurm: --cpus-per-task is %d, want 1 or more", o.cpus)
	case o.out == "":
		return slurm.Job{}, usageErrorf("slurm: --out must not be empty")
	}
	root := NewRootCmd(Streams{Out: io.Discard, Err: io.Discard}, nil)
	sc, rest, err := root.Find(args)
	if err != nil {
		return slurm.Job{}, usageErrorf("slurm: %v", err)
	}
	name := strings.TrimPrefix(sc.CommandPath(), root.Name()+" ")
	if sc == root || sc.LocalFlags().Lookup("shard") == nil {
		if sc == root {
			name = args[0]
		}
		return slurm.Job{}, usageErrorf("slurm: %q is not a study; studies: %s", name, strings.Join(studyNames(root), ", "))
	}
	sc.InitDefaultHelpFlag()
	if err := sc.ParseFlags(rest); err != nil {
		return slurm.Job{}, usageErrorf("slurm: presyn %s: %v", name, flagError(sc, err))
	}
	if help, _ := sc.Flags().GetBool("help"); help {
		return slurm.Job{}, usageErrorf("slurm: the study command asks for --help: run presyn %s --help", name)
	}
	if err := sc.ValidateArgs(sc.Flags().Args()); err != nil {
		return slurm.Job{}, usageErrorf("slurm: %v", err)
	}
	sflags := sc.Flags()
	if sflags.Changed("shard") {
		return slurm.Job{}, usageErrorf("slurm: the study command has --shard already: presyn slurm gives each shard its --shard K/N")
	}
	dir, _ := sflags.GetString("out")
	if !sflags.Changed("out") || dir == "" {
		return slurm.Job{}, usageErrorf("slurm: give the study's results folder in the study command, as presyn slurm -- %s ... --out DIR: the collector runs presyn collect DIR", name)
	}

	study := slices.Clone(args)
	if !sflags.Changed("workers") {
		study = append(study, "--workers", strconv.Itoa(o.cpus))
	}
	collect := []string{"collect", dir}
	for _, flag := range rootFlagsForStudies {
		value, given := "", false
		if f := sflags.Lookup(flag); f != nil && f.Changed {
			value, given = f.Value.String(), true
		} else if f := cmd.Flags().Lookup(flag); f != nil && f.Changed {
			value, given = f.Value.String(), true
			study = append(study, "--"+flag, value)
		}
		if given && flag == "data-dir" {
			collect = append(collect, "--data-dir", value)
		}
	}

	if name == "paper" {
		// The whole paper's collector is presyn paper itself: with every run
		// finished it runs nothing, renders every study and writes the report.
		collect = slices.Clone(study)
	}

	// The whole study command, as a shard of it will run: its flags, values
	// and plan (every run's config), before a script is written.
	if err := checkStudyCommand(cmd, study, o.shards); err != nil {
		return slurm.Job{}, err
	}

	exe, err := os.Executable()
	if err != nil {
		return slurm.Job{}, fmt.Errorf("slurm: the path of this presyn binary: %w", err)
	}
	wd, err := os.Getwd()
	if err != nil {
		return slurm.Job{}, fmt.Errorf("slurm: the current folder: %w", err)
	}
	logDir, err := filepath.Abs(o.out)
	if err != nil {
		return slurm.Job{}, fmt.Errorf("slurm: --out %s: %w", o.out, err)
	}
	job := slurm.Job{
		Name:        "presyn-" + strings.ReplaceAll(name, " ", "-"),
		Exe:         exe,
		Dir:         wd,
		Study:       study,
		Collect:     collect,
		Shards:      o.shards,
		LogDir:      logDir,
		ArrayMax:    o.arrayMax,
		Partition:   o.partition,
		Time:        o.time,
		CPUsPerTask: o.cpus,
		Mem:         o.mem,
	}
	if err := job.Validate(); err != nil {
		return slurm.Job{}, asUsage(err)
	}
	return job, nil
}

// checkStudyCommand runs presyn with the study command line args (and the
// --shard a shard is given) in a checkOnly context: the command parses its
// flags and plans its study, and stops before it touches a folder.
func checkStudyCommand(cmd *cobra.Command, args []string, shards int) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	root := NewRootCmd(Streams{Out: io.Discard, Err: io.Discard}, nil)
	root.SetArgs(append(slices.Clone(args), "--shard", fmt.Sprintf("1/%d", shards)))
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	err := root.ExecuteContext(checkOnly(ctx))
	switch {
	case errors.Is(err, errChecked):
		return nil
	case err == nil:
		return usageErrorf("slurm: presyn %s ran no study", strings.Join(args, " "))
	}
	var ue *UsageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		return usageErrorf("slurm: %s", oneLine(err.Error()))
	}
	return fmt.Errorf("slurm: %s", oneLine(err.Error()))
}

// studyNames lists the commands under root that take --shard: the studies.
func studyNames(root *cobra.Command) []string {
	var names []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.LocalFlags().Lookup("shard") != nil {
			names = append(names, strings.TrimPrefix(c.CommandPath(), root.Name()+" "))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return names
}

// runSlurm writes the job's two scripts and prints how to submit them, or with
// o.submit submits them.
func runSlurm(ctx context.Context, streams Streams, o slurmOptions, job slurm.Job) error {
	var sbatch string
	if o.submit {
		var err error
		if sbatch, err = exec.LookPath("sbatch"); err != nil {
			return errors.New("slurm: sbatch not found: install Slurm (Debian: apt-get install slurm-wlm) or drop --submit")
		}
	}
	if err := os.MkdirAll(job.LogDir, 0o755); err != nil {
		return fmt.Errorf("slurm: %w", err)
	}
	arrayPath := filepath.Join(job.LogDir, job.Name+"-array.sh")
	collectPath := filepath.Join(job.LogDir, job.Name+"-collect.sh")
	for _, s := range []struct{ path, text string }{{arrayPath, slurm.ArrayScript(job)}, {collectPath, slurm.CollectScript(job)}} {
		if err := os.WriteFile(s.path, []byte(s.text), 0o755); err != nil {
			return fmt.Errorf("slurm: %w", err)
		}
	}
	if !o.submit {
		_, err := fmt.Fprintf(streams.Out, `Wrote %s (%d shards of presyn %s)
and %s (presyn %s once every shard has succeeded).
Submit them with:
  array=$(sbatch --parsable %s)
  sbatch --dependency=%s:"${array%%%%;*}" %s
`, arrayPath, job.Shards, slurm.QuoteArgs(job.Study), collectPath, slurm.QuoteArgs(job.Collect),
			slurm.Quote(arrayPath), slurm.Dependency, slurm.Quote(collectPath))
		return err
	}
	arrayID, err := submit(ctx, sbatch, arrayPath)
	if err != nil {
		return err
	}
	collectID, err := submit(ctx, sbatch, "--dependency="+slurm.Dependency+":"+arrayID, collectPath)
	if err != nil {
		return fmt.Errorf("%w (the array is job %s: scancel %s, or collect by hand)", err, arrayID, arrayID)
	}
	_, err = fmt.Fprintf(streams.Out, `array job %s: %d shards of presyn %s
collect job %s: presyn %s, once every shard has succeeded
Output in %s/%s-%s_<K>.out and %s-collect-%s.out
`, arrayID, job.Shards, slurm.QuoteArgs(job.Study), collectID, slurm.QuoteArgs(job.Collect),
		job.LogDir, job.Name, arrayID, job.Name, collectID)
	return err
}

// submit runs sbatch --parsable with args and returns the job ID it printed.
func submit(ctx context.Context, sbatch string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	c := exec.CommandContext(ctx, sbatch, append([]string{"--parsable"}, args...)...)
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("slurm: sbatch %s: %s", args[len(args)-1], msg)
	}
	return slurm.ParseJobID(stdout.String())
}
