package train

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
)

// BenchResult is what `presyn bench` measures on the energy model (784-200-200-10,
// batch 100): one training epoch over the 60,000 MNIST training images, and one
// evaluation (10 sampled networks on the 10,000 test images, with mutual
// information and neuron energy); and, as the limit they are held against, this
// machine's single-thread SGEMM rate on the same matrix products.
type BenchResult struct {
	TrainEpochS float64 `json:"train_epoch_s"`
	EvalS       float64 `json:"eval_s"`
	GFLOPS      float64 `json:"gflops"` // matrix-product work of both, per second

	TrainGFLOPS     float64 `json:"train_gflops"`       // the epoch's matrix-product work per second
	EvalGFLOPS      float64 `json:"eval_gflops"`        // the evaluation's
	SgemmTrainGFLOP float64 `json:"sgemm_train_gflops"` // SGEMM alone on a training step's products
	SgemmEvalGFLOP  float64 `json:"sgemm_eval_gflops"`  // SGEMM alone on an evaluation pass's products
	TrainEfficiency float64 `json:"efficiency_train"`   // TrainGFLOPS / SgemmTrainGFLOP
	EvalEfficiency  float64 `json:"efficiency_eval"`    // EvalGFLOPS / SgemmEvalGFLOP

	Core       string `json:"blas_core"` // e.g. openblas/SkylakeX, gonum/purego
	Kernels    string `json:"kernels"`   // presyn's own element-wise kernels: avx2 or go
	TrainSteps int    `json:"train_steps"`
}

// Bench trains the energy-presyn model for one epoch and evaluates it, timing both,
// and measures SGEMM alone on the same products. Every time is the fastest of
// repeats (after one warm-up), since the first pays for page faults and a busy
// machine only ever slows a run down.
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
	res := BenchResult{Core: tensor.Core(), Kernels: synapse.Kernels()}
	best := fastest
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
	train := newProducts(cfg.Layers, cfg.BatchSize, true)
	eval := newProducts(cfg.Layers, cfg.EvalBatchSize, false)
	trainFlops := float64(res.TrainSteps) * train.flops()
	evalBatches := (task.Test.Len() + cfg.EvalBatchSize - 1) / cfg.EvalBatchSize
	evalFlops := float64(cfg.EvalSamples*task.Test.Len()) / float64(cfg.EvalBatchSize) * eval.flops()
	res.TrainGFLOPS = trainFlops / res.TrainEpochS / 1e9
	res.EvalGFLOPS = evalFlops / res.EvalS / 1e9
	res.GFLOPS = (trainFlops + evalFlops) / (res.TrainEpochS + res.EvalS) / 1e9
	// Time SGEMM for as many products as the epoch and the evaluation run.
	res.SgemmTrainGFLOP = train.rate(res.TrainSteps, max(1, repeats))
	res.SgemmEvalGFLOP = eval.rate(cfg.EvalSamples*evalBatches, max(1, repeats))
	res.TrainEfficiency = res.TrainGFLOPS / res.SgemmTrainGFLOP
	res.EvalEfficiency = res.EvalGFLOPS / res.SgemmEvalGFLOP
	return res, nil
}

// ProductFLOPs is the work of the matrix products of one training step
// (forward, weight gradients, input gradients of all but the first layer) or,
// without training, of one forward pass, on a batch of the network of layer
// sizes layers: multiply-adds counted twice.
func ProductFLOPs(layers []int, batch int, training bool) float64 {
	var f float64
	for l := 1; l < len(layers); l++ {
		products := 1 // z = b + x w^T
		if training {
			products++ // g = dz^T x
			if l > 1 {
				products++ // dx = dz w
			}
		}
		f += float64(products) * 2 * float64(batch*layers[l-1]*layers[l])
	}
	return f
}

// SGEMMGFLOPS times SGEMM alone on the products ProductFLOPs counts, rounds
// rounds of them, fastest of repeats after a warm-up: the rate this machine's
// BLAS reaches on them, in GFLOPS.
func SGEMMGFLOPS(layers []int, batch int, training bool, rounds, repeats int) float64 {
	return newProducts(layers, batch, training).rate(rounds, repeats)
}

// products are the matrix products of one training step (forward, weight
// gradients, and input gradients of all but the first layer) or of one evaluation
// forward pass, on a batch, in the shapes and transpositions synapse.Net uses.
type products struct {
	calls []product
}

type product struct {
	transA, transB bool
	a, b, c        tensor.Matrix
	beta           float32
}

func newProducts(layers []int, batch int, train bool) products {
	rng := rand.New(rand.NewPCG(1, 2))
	fill := func(r, c int) tensor.Matrix {
		m := tensor.NewMatrix(r, c)
		for i := range m.Data {
			m.Data[i] = float32(rng.Float64() - 0.5)
		}
		return m
	}
	var p products
	for l := 1; l < len(layers); l++ {
		in, out := layers[l-1], layers[l]
		x, w := fill(batch, in), fill(out, in)
		p.calls = append(p.calls, product{false, true, x, w, fill(batch, out), 1}) // z = b + x w^T
		if !train {
			continue
		}
		dz := fill(batch, out)
		p.calls = append(p.calls, product{true, false, dz, x, fill(out, in), 0}) // g = dz^T x
		if l > 1 {
			p.calls = append(p.calls, product{false, false, dz, w, fill(batch, in), 0}) // dx = dz w
		}
	}
	return p
}

// flops is the work of one round of the products.
func (p products) flops() float64 {
	var f float64
	for _, c := range p.calls {
		k := c.a.Cols
		if c.transA {
			k = c.a.Rows
		}
		f += 2 * float64(c.c.Rows*c.c.Cols*k)
	}
	return f
}

// rate times rounds rounds of the products, fastest of repeats, in GFLOPS.
func (p products) rate(rounds, repeats int) float64 {
	var best float64
	for r := 0; r <= repeats; r++ { // the first is a warm-up
		start := time.Now()
		for range rounds {
			for _, c := range p.calls {
				tensor.Gemm(c.transA, c.transB, 1, c.a, c.b, c.beta, c.c)
			}
		}
		if s := time.Since(start).Seconds(); r > 0 && (best == 0 || s < best) {
			best = s
		}
	}
	return float64(rounds) * p.flops() / best / 1e9
}
