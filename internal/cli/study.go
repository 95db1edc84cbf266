package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/study"
)

// dataDirFlag is the value of --data-dir: the folder, and how the command tree
// opens the data sets in it. NewRootCmd is given the opener (data.Dir in presyn,
// synthetic data sets in tests) and every command reaches it through the flag it
// already reads the folder from, so each tree has its own and tests can run side
// by side.
type dataDirFlag struct {
	dir  string
	open func(dataDir string) data.Loader
}

func (f *dataDirFlag) String() string     { return f.dir }
func (f *dataDirFlag) Set(s string) error { f.dir = s; return nil }

// Type is that of a string flag: the same help, and GetString reads it.
func (f *dataDirFlag) Type() string { return "string" }

// openDataDir opens presyn's data sets: the checked IDX files found from a data
// folder.
func openDataDir(dataDir string) data.Loader { return data.Dir(dataDir) }

// loader returns the data sets of cmd's --data-dir, opened as its tree opens
// them; a command built outside presyn's tree gets data.Dir of the flag's value.
func loader(cmd *cobra.Command) data.Loader {
	f := cmd.Flags().Lookup("data-dir")
	if f == nil {
		return data.Dir("")
	}
	if v, ok := f.Value.(*dataDirFlag); ok {
		return v.open(v.dir)
	}
	return data.Dir(f.Value.String())
}

// studyFlags are the flags every study command shares.
type studyFlags struct {
	out     string
	workers int
	shard   string
	planFlags
}

const shardHelp = `With --shard K/N the command runs only its part of the runs (a fixed function
of each run's ID, the same in every process), so N processes, on one machine or
on a cluster's nodes sharing DIR, split the work between them; a shard writes no
tables or figures: when every shard is done, 'presyn collect DIR' makes them. Two
processes never run the same run: each claims its runs, and a run left by a
killed process on this host is started again.`

// resultsRoot is the results folder the commands write into by default, each
// study in its experiment's folder of it (energy.Folder, lifelong.Folder(task),
// ...), as scripts/figures.sh and presyn report expect.
const resultsRoot = "results"

// defaultOut is the default output folder of a study made in folder (a path
// with slashes, relative to the results folder).
func defaultOut(folder string) string { return filepath.Join(resultsRoot, filepath.FromSlash(folder)) }

func (f *studyFlags) register(cmd *cobra.Command, defaultOut, what string) {
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", defaultOut, "output folder")
	fl.IntVar(&f.workers, "workers", 0, what+" at once (0: one per core); does not change the results")
	fl.StringVar(&f.shard, "shard", "", "run only part K of N of the runs, as K/N (see above)")
	f.planFlags.register(fl)
}

// options resolves the flags; errors are usage errors.
func (f *studyFlags) options(name string, streams Streams) (study.Options, error) {
	if f.workers < 0 {
		return study.Options{}, usageErrorf("%s: --workers is %d, want 0 (one per core) or more", name, f.workers)
	}
	if f.out == "" {
		return study.Options{}, usageErrorf("%s: --out must not be empty", name)
	}
	if err := f.planFlags.check(name); err != nil {
		return study.Options{}, err
	}
	opts := study.Options{Dir: f.out, Workers: f.workers, Progress: streams.Err}
	if f.shard != "" {
		s, err := study.ParseShard(f.shard)
		if err != nil {
			return study.Options{}, usageErrorf("%s: --shard: %v", name, err)
		}
		opts.Shard = s
	}
	return opts, nil
}

// checkOnlyKey marks a context in which study commands stop once their flags
// are parsed and their study is planned, before they touch a folder: presyn
// slurm checks the study command so, before it writes a script.
type checkOnlyKey struct{}

// errChecked is what a study command returns in a check-only context after its
// plan passed.
var errChecked = errors.New("study command checked (not run)")

// checkOnly returns ctx in which study commands only check themselves.
func checkOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, checkOnlyKey{}, true)
}

// prepareStudy checks a study's plan and results folder before anything runs:
// what is wrong there is the user's to fix (exit 2). In a checkOnly context it
// plans the study and returns errChecked, writing nothing.
func prepareStudy(ctx context.Context, h study.Handle, dir string) error {
	if ctx != nil && ctx.Value(checkOnlyKey{}) != nil {
		if _, err := h.Plan(); err != nil {
			return asUsage(err)
		}
		return errChecked
	}
	if err := h.Prepare(dir); err != nil {
		return asUsage(err)
	}
	return nil
}

// runCommand is the tail of every study command: it resolves the study flags,
// checks the study (h, built from spec) and its folder, and runs it, or hands
// spec to runF where a test replaces the run. With --plan it prints the
// study's plan instead and touches nothing.
func runCommand[S any](ctx context.Context, streams Streams, name string, spec S, h study.Handle, sf *studyFlags, runF func(context.Context, Streams, S, study.Options) error) error {
	opts, err := sf.options(name, streams)
	if err != nil {
		return err
	}
	if sf.plan {
		return sf.planStudy(ctx, streams, name, h, opts)
	}
	if err := prepareStudy(ctx, h, opts.Dir); err != nil {
		return err
	}
	if runF != nil {
		return runF(ctx, streams, spec, opts)
	}
	return runStudy(ctx, streams, h, opts)
}

// runStudy executes a study and prints its report, or for a shard what it did.
func runStudy(ctx context.Context, streams Streams, h study.Handle, opts study.Options) error {
	out, err := h.Execute(ctx, weighByCost(h, opts))
	if out.Report != nil {
		if _, werr := fmt.Fprint(streams.Out, out.Report.Markdown); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		return err
	}
	if !opts.Shard.Whole() {
		fmt.Fprintf(streams.Out, "%s: shard %s ran %d runs in %.0f s; %d of the study's %d runs are finished in %s.\n",
			h.Name(), opts.Shard, out.Ran, out.Seconds, out.Finished, out.Planned, opts.Dir)
		if len(out.Missing) == 0 {
			fmt.Fprintf(streams.Out, "Every run is finished: run `presyn collect %s` for the tables and figures.\n", opts.Dir)
		} else {
			fmt.Fprintf(streams.Out, "When every shard is done, run `presyn collect %s` for the tables and figures.\n", opts.Dir)
		}
	}
	if len(out.Busy) > 0 {
		fmt.Fprintf(streams.Err, "%s: %d runs were left to other processes that own them: %s\n", h.Name(), len(out.Busy), strings.Join(out.Busy, ", "))
	}
	return nil
}
