package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment"
)

// newCollectCmd builds `presyn collect`.
func newCollectCmd(streams Streams) *cobra.Command {
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
			dir := args[0]
			h, err := experiment.Studies(loader(cmd)).Open(dir)
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
		},
	}
}
