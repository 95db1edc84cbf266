package train

import (
	"context"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
)

// BenchResult is what `presyn bench` measures on the energy model (784-200-200-10,
// batch 100): one training epoch over the 60,000 MNIST training images, and one
// evaluation (10 sampled networks on the 10,000 test images, with mutual
// information and neuron energy).
type BenchResult struct {
	TrainEpochS float64 `json:"train_epoch_s"`
	EvalS       float64 `json:"eval_s"`
	GFLOPS      float64 `json:"gflops"` // matrix-product work of both, per second
	Backend     string  `json:"blas_backend"`
	Kernels     string  `json:"kernels"`
	TrainSteps  int     `json:"train_steps"`
}

// Bench trains the energy-presyn model for one epoch and evaluates it, timing both.
// It runs repeats+1 times and reports the fastest, since the first pays for page
// faults and a busy machine only ever slows a run down.
func Bench(ctx context.Context, source data.Loader, repeats int) (BenchResult, error) {
	cfg, err := config.Load("energy-presyn", []string{"epochs=1"})
	if err != nil {
		return BenchResult{}, err
	}
	run, err := newTrainer(cfg, 2019, source)
	if err != nil {
		return BenchResult{}, err
	}
	task := run.trainTasks[0]
	res := BenchResult{Backend: tensor.Backend(), Kernels: synapse.Kernels()}
	best := func(cur, d float64) float64 {
		if cur == 0 || d < cur {
			return d
		}
		return cur
	}
	for r := 0; r < max(1, repeats)+1; r++ {
		batches := run.epochBatches(task)()
		start := time.Now()
		if _, err := run.trainEpoch(ctx, batches, 1, 1); err != nil {
			return BenchResult{}, err
		}
		res.TrainEpochS = best(res.TrainEpochS, time.Since(start).Seconds())
		start = time.Now()
		run.evaluateTask(task, true)
		res.EvalS = best(res.EvalS, time.Since(start).Seconds())
	}
	res.TrainSteps = task.Train.Len() / cfg.BatchSize
	var macs float64 // multiply-adds of one sample through all layers
	for l := 1; l < len(cfg.Layers); l++ {
		macs += float64(cfg.Layers[l-1] * cfg.Layers[l])
	}
	firstLayer := float64(cfg.Layers[0] * cfg.Layers[1])
	// Training: forward, weight gradients, and input gradients of all but the first
	// layer; evaluation: a forward pass per sampled network.
	trainFlops := 2 * float64(res.TrainSteps*cfg.BatchSize) * (3*macs - firstLayer)
	evalFlops := 2 * float64(task.Test.Len()*cfg.EvalSamples) * macs
	res.GFLOPS = (trainFlops + evalFlops) / (res.TrainEpochS + res.EvalS) / 1e9
	return res, nil
}
