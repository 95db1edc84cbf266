package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/train"
)

// benchOptions are the resolved flags of `presyn bench`.
type benchOptions struct {
	Data    data.Loader // the data sets of --data-dir
	Repeats int         // timed repeats after the warm-up, at least 1
	JSON    bool        // print one JSON object instead of the table
}

// newBenchCmd builds `presyn bench`; runF replaces the run function in tests.
func newBenchCmd(streams Streams, runF func(context.Context, benchOptions) error) *cobra.Command {
	var (
		asJSON  bool
		repeats int
	)
	cmd := &cobra.Command{
		Use:   "bench [--json]",
		Short: "Time a training epoch and an evaluation of the energy model, against this machine's SGEMM rate",
		Long: `Time the energy model (784-200-200-10, presynaptic synapses, batch 100, one
BLAS thread): one training epoch over the 60,000 MNIST training images, and one
evaluation of 10 sampled networks on the 10,000 test images with mutual information
and neuron energy. Then time single-threaded SGEMM alone on the same matrix
products (a training step's: forward, weight and input gradients; an evaluation
pass's: forward with batches of 1000), as many as the epoch and the evaluation
run: the rate this machine's BLAS reaches, which presyn cannot beat. Every time is
the fastest of the repeats.

Fields of --json (GFLOPS count the matrix products' multiply-adds twice):
  train_epoch_s        wall time of the training epoch
  eval_s               wall time of the evaluation
  gflops               matrix-product work of both per second
  train_gflops         the epoch's matrix-product work per second
  eval_gflops          the evaluation's
  sgemm_train_gflops   SGEMM alone on a training step's products
  sgemm_eval_gflops    SGEMM alone on an evaluation pass's products
  efficiency_train     train_gflops / sgemm_train_gflops: the share of the epoch
                       spent in matrix products at the BLAS's own speed
  efficiency_eval      eval_gflops / sgemm_eval_gflops
  blas_core            the BLAS kernels in use: openblas/<core> or gonum/purego
  kernels              presyn's element-wise kernels: avx2 or go
  train_steps          steps of the epoch`,
		Example: `  presyn bench
  presyn bench --json --repeats 3
  OPENBLAS_CORETYPE=Prescott presyn bench   # what OpenBLAS's generic kernels cost`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if repeats < 1 {
				return usageErrorf("bench: --repeats is %d, want at least 1", repeats)
			}
			opts := benchOptions{Data: loader(cmd), Repeats: repeats, JSON: asJSON}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runBench(cmd.Context(), streams, opts)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the measurements as one JSON object (fields above)")
	cmd.Flags().IntVar(&repeats, "repeats", 2, "timed repeats after one warm-up; the fastest counts")
	return cmd
}

// runBench times the epoch, the evaluation and SGEMM, and prints the measurements.
func runBench(ctx context.Context, streams Streams, opts benchOptions) error {
	res, err := train.Bench(ctx, opts.Data, opts.Repeats)
	if err != nil {
		return err
	}
	if opts.JSON {
		return json.NewEncoder(streams.Out).Encode(res)
	}
	_, err = fmt.Fprintf(streams.Out, `training epoch  %.3f s (%d steps), %.1f GFLOPS: %.0f%% of SGEMM's %.1f
evaluation      %.3f s (10 sampled networks, 10000 images), %.1f GFLOPS: %.0f%% of SGEMM's %.1f
throughput      %.1f GFLOPS
backend         %s BLAS, %s kernels
`, res.TrainEpochS, res.TrainSteps, res.TrainGFLOPS, 100*res.TrainEfficiency, res.SgemmTrainGFLOP,
		res.EvalS, res.EvalGFLOPS, 100*res.EvalEfficiency, res.SgemmEvalGFLOP, res.GFLOPS, res.Core, res.Kernels)
	return err
}
