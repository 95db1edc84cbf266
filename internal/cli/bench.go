package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/train"
)

func newBenchCmd(streams Streams) *cobra.Command {
	var (
		asJSON  bool
		repeats int
	)
	cmd := &cobra.Command{
		Use:   "bench [--json]",
		Short: "Time a training epoch and an evaluation of the energy model",
		Long: `Time the energy model (784-200-200-10, presynaptic synapses, batch 100, one
BLAS thread): one training epoch over the 60,000 MNIST training images, and one
evaluation of 10 sampled networks on the 10,000 test images with mutual information
and neuron energy. Prints the fastest of the repeats and the achieved GFLOPS of the
matrix products.`,
		Example: `  presyn bench
  presyn bench --json --repeats 3`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if repeats < 1 {
				return usageErrorf("bench: --repeats is %d, want at least 1", repeats)
			}
			res, err := train.Bench(cmd.Context(), loader(cmd), repeats)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(streams.Out)
				return enc.Encode(map[string]float64{"train_epoch_s": res.TrainEpochS, "eval_s": res.EvalS, "gflops": res.GFLOPS})
			}
			_, err = fmt.Fprintf(streams.Out, "training epoch  %.3f s (%d steps)\nevaluation      %.3f s (10 sampled networks, 10000 images)\nthroughput      %.1f GFLOPS\nbackend         %s BLAS, %s kernels\n",
				res.TrainEpochS, res.TrainSteps, res.EvalS, res.GFLOPS, res.Backend, res.Kernels)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"train_epoch_s":..., "eval_s":..., "gflops":...}`)
	cmd.Flags().IntVar(&repeats, "repeats", 2, "timed repeats after one warm-up; the fastest counts")
	return cmd
}
