package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
	"github.com/presyn/presyn/internal/version"
)

// Streams are the writers a command prints to. Commands never write to os.Stdout
// directly, so tests can capture what they print.
type Streams struct {
	Out io.Writer // results and reports
	Err io.Writer // progress, warnings and errors
}

// Main runs presyn with the given arguments and returns the process exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	return execute(NewRootCmd(Streams{Out: stdout, Err: stderr}, openDataDir), args, stderr)
}

// execute runs the command tree root with args as presyn and returns the exit
// status; a failure prints one line to stderr.
func execute(root *cobra.Command, args []string, stderr io.Writer) int {
	root.SetArgs(args)
	// Ctrl-C or a kill cancels the context: long sweeps stop between steps, keep
	// their finished runs and say how to resume.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if isCobraUsageError(err) {
		err = asUsage(err)
	}
	// One line, whatever went wrong: it names the problem; --help has the rest.
	fmt.Fprintf(stderr, "presyn: %s\n", oneLine(err.Error()))
	return exitStatus(err)
}

// newRoot builds the root command without its subcommands: its help, its
// persistent flags and how it reports bad flags; openData is NewRootCmd's. Tests
// hang one command built with its runF under it to parse flags as presyn does.
func newRoot(streams Streams, openData func(dataDir string) data.Loader) *cobra.Command {
	if openData == nil {
		openData = openDataDir
	}
	root := &cobra.Command{
		Use:   "presyn",
		Short: "Reproduce 'Presynaptic stochasticity improves energy efficiency' (eLife 2021)",
		Long: `presyn trains networks of stochastic Bernoulli synapses with presynaptic
plasticity and reproduces the experiments of Schug, Benzing & Steger (eLife 2021).
Implemented so far: single training runs of every configuration of the paper,
the energy and information sweeps (Figure 1, Appendix 1 figure 1), the lesion,
Fisher and sparsity analyses (Figures 2, 3, Appendix 1 figure 1d, Appendix 2),
the lifelong-learning benchmarks and ablation (Figures 4, 5a, Appendix 1 figure 3
and table 1) and the perceptron experiment (Figure 5b, c).`,
		Example: `  presyn data                      # check that all 8 data files are present and intact
  presyn energy                    # the energy / information sweep behind Figure 1
  presyn train --config split-mnist-presyn --out runs/split --progress
  presyn importance                # Figures 2 and 3, on presyn energy's networks
  presyn lifelong --task split-mnist   # Figure 4
  presyn perceptron                # Figure 5b, c
  presyn sweep --config energy-presyn --grid p_min=0.1,0.25,0.5   # your own study
  presyn collect results/energy    # redraw a study's tables and figures from its runs`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		// presyn parallelises across runs first: sweeps run one single-threaded
		// run per worker. A lone run (train, bench) may use more BLAS threads.
		threads, _ := cmd.Flags().GetInt("threads")
		if threads < 1 || threads > 256 {
			return usageErrorf("--threads is %d, want 1 to 256", threads)
		}
		tensor.SetThreads(threads)
		return nil
	}
	root.SetOut(streams.Out)
	root.SetErr(streams.Err)
	root.PersistentFlags().Var(&dataDirFlag{dir: defaultDataDir(), open: openData}, "data-dir", "folder with the data files (env PRESYN_DATA)")
	root.PersistentFlags().Int("threads", 1, "BLAS threads per process; sweeps already run one run per core, so keep 1 there")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asUsage(err) })
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}

// NewRootCmd builds the whole command tree. Its commands print to streams and
// open the data sets of a --data-dir folder with openData; nil means
// openDataDir, the IDX files found from the folder, as Main gives.
func NewRootCmd(streams Streams, openData func(dataDir string) data.Loader) *cobra.Command {
	root := newRoot(streams, openData)
	root.AddCommand(
		newDataCmd(streams, nil),
		newTrainCmd(streams, nil),
		newEnergyCmd(streams, nil),
		newLifelongCmd(streams, nil),
		newAblationCmd(streams, nil),
		newTuneCmd(streams, nil),
		newSweepCmd(streams, nil),
		newPerceptronCmd(streams, nil),
		newImportanceCmd(streams, "", nil),
		newImportanceCmd(streams, experiment.AnalysisLesion, nil),
		newImportanceCmd(streams, experiment.AnalysisFisher, nil),
		newImportanceCmd(streams, experiment.AnalysisSparsity, nil),
		newCollectCmd(streams, nil),
		newReportCmd(streams, nil),
		newSjostromCmd(streams, nil),
		newSlurmCmd(streams, nil),
		newStabilityCmd(streams, nil),
		newBenchCmd(streams, nil),
		newVersionCmd(streams),
	)
	return root
}

func defaultDataDir() string {
	if d := os.Getenv("PRESYN_DATA"); d != "" {
		return d
	}
	return "data"
}

func newVersionCmd(streams Streams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the presyn version",
		Example: "  presyn version",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(streams.Out, "presyn %s (%s BLAS, %s kernels)\n", version.String(), tensor.Core(), synapse.Kernels())
			return err
		},
	}
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// isCobraUsageError recognises the errors cobra itself returns for a command line it
// cannot parse (it has no typed errors for these).
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument", "flag needs an argument", "required flag", "accepts ", "requires at least", "requires at most"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// oneLine folds a multi-line error message into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.TrimSpace(s)), " ")
}
