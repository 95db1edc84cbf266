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
	"github.com/presyn/presyn/internal/experiment/importance"
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
Every figure and table of the paper has a command, listed below by job. The study
commands run in parallel, resume where they stopped and split into shards for a
cluster; each writes CSV tables, figures (PNG, SVG, PDF) and a report section.
'make figures' runs every experiment, then 'presyn report' sets our numbers
beside the paper's with a verdict for each.`,
		Example: `  presyn data                          # check that all 8 data files are present and intact
  presyn energy                        # Figure 1: information against energy over L2 strength
  presyn lifelong --task split-mnist   # Figure 4, one benchmark
  make figures                         # every experiment, then presyn report: figures/REPORT.md
  presyn sweep --config energy-presyn --grid p_min=0.2,0.3,0.5     # a study of your own`,
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
	root.SetFlagErrorFunc(flagError)
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
		newPaperCmd(streams, nil),
		newEnergyCmd(streams, nil),
		newLifelongCmd(streams, nil),
		newAblationCmd(streams, nil),
		newTuneCmd(streams, nil),
		newSweepCmd(streams, nil),
		newPerceptronCmd(streams, nil),
		newImportanceCmd(streams, "", nil),
		newImportanceCmd(streams, importance.AnalysisLesion, nil),
		newImportanceCmd(streams, importance.AnalysisFisher, nil),
		newImportanceCmd(streams, importance.AnalysisSparsity, nil),
		newCollectCmd(streams, nil),
		newReportCmd(streams, nil),
		newSjostromCmd(streams, nil),
		newSlurmCmd(streams, nil),
		newStabilityCmd(streams, nil),
		newBenchCmd(streams, nil),
		newVersionCmd(streams),
	)
	groupCommands(root)
	return root
}

// The root's help lists the commands under these headings, in this order.
var commandGroups = []*cobra.Group{
	{ID: "paper", Title: "Reproduce the paper:"},
	{ID: "own", Title: "Your own runs and studies:"},
	{ID: "results", Title: "Run on a cluster, collect and report:"},
	{ID: "setup", Title: "Data and this machine:"},
}

// commandGroup is the heading of every command of the root.
var commandGroup = map[string]string{
	"paper": "paper", "energy": "paper", "importance": "paper", "lesion": "paper", "fisher": "paper", "sparsity": "paper",
	"lifelong": "paper", "ablation": "paper", "perceptron": "paper", "sjostrom": "paper",
	"train": "own", "sweep": "own", "tune": "own", "stability": "own",
	"slurm": "results", "collect": "results", "report": "results",
	"data": "setup", "bench": "setup", "version": "setup", "help": "setup",
}

// groupCommands puts every command of root under its heading. A command
// without one is a programming error: it would be missing from the help's lists.
func groupCommands(root *cobra.Command) {
	root.AddGroup(commandGroups...)
	for _, c := range root.Commands() {
		g, ok := commandGroup[c.Name()]
		if !ok {
			panic(fmt.Sprintf("cli: presyn %s has no heading in commandGroup", c.Name()))
		}
		c.GroupID = g
	}
	root.SetHelpCommandGroupID(commandGroup["help"])
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
