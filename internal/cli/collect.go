package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment"
)

// collectOptions are the resolved arguments of `presyn collect`.
type collectOptions struct {
	Dir  string      // the study's results folder
	Data data.Loader // the data sets of --data-dir, handed to the rebuilt study
}

// newCollectCmd builds `presyn collect`; runF replaces the run function in tests.
func newCollectCmd(streams Streams, runF func(collectOptions) error) *cobra.Command {
	return &cobra.Command{
		Use:   "collect DIR",
		Short: "Rebuild a study's tables, figures and report from its finished runs",
		Long: `Read the finished runs of the study in DIR (made by any study command:
energy, energy fixed-p, perceptron, importance, lifelong, ablation, tune or
sweep; whole or in shards) and write its tables, figures and report section
again, from the runs alone: nothing is trained. Prints the report, which ends
with the planned runs that have not finished.

DIR/experiment.json names the study and its settings. A finished run whose files
lack a column or do not parse is an error naming the run.`,
		Example: `  presyn collect results/energy
  presyn energy --shard 1/2 --out /shared/energy & presyn energy --shard 2/2 --out /shared/energy; wait
  presyn collect /shared/energy`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("collect takes one results folder, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := collectOptions{Dir: args[0], Data: loader(cmd)}
			if runF != nil {
				return runF(opts)
			}
			return runCollect(streams, opts)
		},
	}
}

// runCollect rebuilds the study in opts.Dir and prints its report.
func runCollect(streams Streams, opts collectOptions) error {
	dir := opts.Dir
	h, err := experiment.Studies(opts.Data).Open(dir)
	if err != nil {
		return asUsage(fmt.Errorf("collect: %w", err))
	}
	rep, missing, err := h.Rebuild(dir)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprint(streams.Out, rep.Markdown); err != nil {
		return err
	}
	if len(missing) > 0 {
		fmt.Fprintf(streams.Err, "collect: %d of the planned runs of %s have not finished\n", len(missing), dir)
	}
	return nil
}
