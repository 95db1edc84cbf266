package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/train"
)

// benchOptions are the resolved flags of `presyn bench`.
type benchOptions struct {
	Data    data.Loader // the data sets of --data-dir
	Repeats int         // timed repeats after the warm-up, at least 1
	JSON    bool        // print one JSON object instead of the table
	// Calibrate calibrates the plans' cost model instead (package cost),
	// keeps the calibration and prints it.
	Calibrate bool
}

// newBenchCmd builds `presyn bench`; runF replaces the run function in tests.
func newBenchCmd(streams Streams, runF func(context.Context, benchOptions) error) *cobra.Command {
	var (
		asJSON, calibrate bool
		repeats           int
	)
	cmd := &cobra.Command{
		Use:   "bench [--json] [--calibrate]",
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
  train_steps          steps of the epoch

With --calibrate it makes the calibration --plan predicts with instead (SGEMM
and each kind of presyn's work timed on one core, about ten seconds), keeps it
in ~/.cache/presyn/calibration.json for this CPU, BLAS core and presyn version,
and prints its rates; with --json the calibration itself, which --plan
--calibration FILE reads on another machine.`,
		Example: `  presyn bench
  presyn bench --json --repeats 3
  presyn bench --calibrate --json > laptop.json   # then: presyn paper --plan --calibration laptop.json
  OPENBLAS_CORETYPE=Prescott presyn bench   # what OpenBLAS's generic kernels cost`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if repeats < 1 {
				return usageErrorf("bench: --repeats is %d, want at least 1", repeats)
			}
			opts := benchOptions{Data: loader(cmd), Repeats: repeats, JSON: asJSON, Calibrate: calibrate}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runBench(cmd.Context(), streams, opts)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the measurements as one JSON object (fields above)")
	cmd.Flags().IntVar(&repeats, "repeats", 2, "timed repeats after one warm-up; the fastest counts")
	cmd.Flags().BoolVar(&calibrate, "calibrate", false, "calibrate the cost model of --plan, keep and print it (see above)")
	return cmd
}

// runBench times the epoch, the evaluation and SGEMM, and prints the measurements.
func runBench(ctx context.Context, streams Streams, opts benchOptions) error {
	if opts.Calibrate {
		return runCalibrate(ctx, streams, opts.JSON)
	}
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

// runCalibrate calibrates this machine anew, keeps the calibration and
// prints it: as JSON, or a table of its rates.
func runCalibrate(ctx context.Context, streams Streams, asJSON bool) error {
	m, _, err := cost.Cached(ctx, true)
	if err != nil {
		return fmt.Errorf("bench: calibration: %w", err)
	}
	if asJSON {
		enc := json.NewEncoder(streams.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s BLAS, %s kernels, presyn %s: calibrated in %.0f s (load average %.1f, %.0f%% stolen by the host)\n",
		m.CPU, m.Core, m.Kernels, m.Version, m.CalibrationSeconds, m.LoadAverage, 100*m.StealShare)
	fmt.Fprintf(&b, "SGEMM alone: %.1f GFLOPS on a training step's products, %.1f on a test pass's\n\n", m.SGEMMTrainGFLOPS, m.SGEMMEvalGFLOPS)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "work\tGFLOPS\tns per element")
	kinds := slices.Sorted(maps.Keys(m.Rates))
	for _, k := range kinds {
		r := m.Rates[k]
		fmt.Fprintf(tw, "%s\t%.1f\t%.3f\n", k, r.GFLOPS, r.NsPerElement)
	}
	tw.Flush()
	_, err = io.WriteString(streams.Out, b.String())
	return err
}
