package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/lifelong"
)

// stabilityOptions are the resolved flags of `presyn stability`.
type stabilityOptions struct {
	RunDir    string      // the lifelong run to analyse
	Data      data.Loader // the data sets of --data-dir
	Samples   int         // sampled networks per accuracy, at least 1
	Reference string      // a published run's per-epoch log, or ""
}

// newStabilityCmd builds `presyn stability`; runF replaces the run function in
// tests.
func newStabilityCmd(streams Streams, runF func(stabilityOptions) error) *cobra.Command {
	var (
		samples   int
		reference string
	)
	cmd := &cobra.Command{
		Use:   "stability RUN_DIR [--reference FILE]",
		Short: "How well consolidation kept the synapses of a lifelong run's early tasks",
		Long: `Analyse a lifelong-learning run made with 'presyn train --task-checkpoints': per
task, the mean release probability, the share of frozen synapses (per layer), and
for the synapses that froze at the end of each task, how many are still frozen at
the end and how far their weights moved by then (relative to their size), beside
the drift of the synapses left unfrozen. Then, on the first task's test set, the
accuracy of the final network with groups of weights put back to their values
after the first task: which changes cost the first task its accuracy.

--reference adds a published run's per-epoch log (task,epoch,train_acc,
test_acc_current_task,mean_p,frac_frozen) beside the table. Prints Markdown.`,
		Example: `  presyn train --config perm-mnist-presyn --seed 2019 --task-checkpoints --out runs/perm
  presyn stability runs/perm --reference ../shared/reference-runs/permuted-mnist-presyn-seed2019-epochs.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("stability takes one run folder, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if samples < 1 {
				return usageErrorf("stability: --samples is %d, want at least 1", samples)
			}
			opts := stabilityOptions{RunDir: args[0], Data: loader(cmd), Samples: samples, Reference: reference}
			if runF != nil {
				return runF(opts)
			}
			return runStability(streams, opts)
		},
	}
	cmd.Flags().IntVar(&samples, "samples", 10, "sampled networks per accuracy")
	cmd.Flags().StringVar(&reference, "reference", "", "a published run's per-epoch log to compare with")
	return cmd
}

// runStability analyses the run and prints the report.
func runStability(streams Streams, opts stabilityOptions) error {
	report, err := lifelong.StabilityReport(opts.RunDir, opts.Data, opts.Samples, opts.Reference)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(streams.Out, report)
	return err
}
