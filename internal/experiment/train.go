package experiment

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/metric"
	"github.com/presyn/presyn/internal/optim"
	"github.com/presyn/presyn/internal/progress"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
)

// TrainSpec is one training run: a resolved config and a seed, where to find the
// data and where to write.
type TrainSpec struct {
	Config    config.Train
	Overrides []string // the --set overrides, recorded in the manifest
	Seed      uint64
	DataDir   string
	OutDir    string    // config.json, metrics.csv and checkpoint.gob go here
	Progress  io.Writer // a line per epoch; nil for none
}

// TrainResult is what a finished run measured.
type TrainResult struct {
	Epochs  []EpochMetrics // one per epoch of every task
	Seconds float64        // wall time of the whole run
}

// Last returns the metrics after the final epoch.
func (r TrainResult) Last() EpochMetrics { return r.Epochs[len(r.Epochs)-1] }

// ErrDiverged is wrapped by the error of a run whose loss became NaN or infinite.
var ErrDiverged = errors.New("loss diverged")

// Train runs spec: it writes the manifest, trains task after task, rewrites
// metrics.csv atomically after every epoch and saves a checkpoint at the end. A
// diverged loss stops the run with an error naming the task, epoch and step; the
// metrics of the epochs before it stay written.
func Train(ctx context.Context, spec TrainSpec) (TrainResult, error) {
	start := time.Now()
	cfg := spec.Config
	if err := cfg.Validate(); err != nil {
		return TrainResult{}, err
	}
	if err := results.PrepareOutDir(spec.OutDir); err != nil {
		return TrainResult{}, err
	}
	manifest := results.NewManifest("train", cfg, spec.Seed, tensor.Backend())
	manifest.Overrides = spec.Overrides
	if err := manifest.Write(spec.OutDir); err != nil {
		return TrainResult{}, err
	}
	run, err := newTrainer(spec)
	if err != nil {
		return TrainResult{}, err
	}
	run.progress = progress.New(spec.Progress, "train", run.totalEpochs())
	// train rewrites metrics.csv after every epoch, so it is complete up to a failure.
	epochs, trainErr := run.train(ctx)
	res := TrainResult{Epochs: epochs, Seconds: time.Since(start).Seconds()}
	if trainErr != nil {
		return res, trainErr
	}
	if err := SaveCheckpoint(filepath.Join(spec.OutDir, CheckpointFile), NewCheckpoint(run.net, cfg.PFreeze)); err != nil {
		return res, err
	}
	return res, nil
}

// trainer holds one run's network, data and reusable buffers.
type trainer struct {
	spec       TrainSpec
	cfg        config.Train
	net        *synapse.Net
	update     synapse.Updater
	trainTasks []data.Task // what is trained on, in order (one joint task for joint training)
	evalTasks  []data.Task // the test sets reported: every task of the sequence
	shuffle    *rand.Rand
	stream     *data.Stream // continuous tasks: samples drawn by the task schedule
	progress   *progress.Reporter

	// Buffers reused by every step and evaluation.
	x         []float32
	y         []int32
	evalX     []float32
	evalY     []int32
	probs     []float32 // one sampled network's predictions
	meanProbs []float32 // averaged over the sampled networks
	activity  []float64
}

// seedFor derives an independent stream seed for one purpose of a run, so that,
// e.g., changing the number of evaluation samples does not change the training.
func seedFor(seed uint64, purpose string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

func newTrainer(spec TrainSpec) (*trainer, error) {
	cfg := spec.Config
	name, err := data.ParseName(cfg.Dataset)
	if err != nil {
		return nil, err
	}
	ds, err := data.Load(spec.DataDir, name)
	if err != nil {
		return nil, err
	}
	tasks := buildTasks(ds, cfg, spec.Seed)
	t := &trainer{spec: spec, cfg: cfg, evalTasks: tasks, trainTasks: tasks, shuffle: seedFor(spec.Seed, "batch order")}
	switch {
	case cfg.Joint:
		t.trainTasks = []data.Task{data.Joint(tasks)}
	case cfg.Task == "continuous":
		// Each task's window holds Epochs epochs' worth of samples.
		sched := data.NewSchedule(len(tasks), cfg.Epochs*ds.Train.Len(), data.DefaultTransitionPortion)
		t.stream = data.NewStream(tasks, sched, cfg.BatchSize, t.shuffle)
	}
	synCfg, err := synapseConfig(cfg)
	if err != nil {
		return nil, err
	}
	t.net = synapse.New(synCfg, seedFor(spec.Seed, "network"))
	t.update = updater(cfg, t.net)

	in, out, batch := cfg.Layers[0], cfg.Outputs(), cfg.BatchSize
	t.x, t.y = make([]float32, batch*in), make([]int32, batch)
	eb := cfg.EvalBatchSize
	t.evalX, t.evalY = make([]float32, eb*in), make([]int32, eb)
	t.probs, t.meanProbs = make([]float32, eb*out), make([]float32, eb*out)
	t.activity = make([]float64, eb)
	return t, nil
}

// buildTasks returns the task sequence of cfg, deterministic from the seed.
func buildTasks(ds *data.Dataset, cfg config.Train, seed uint64) []data.Task {
	taskSeed := seedFor(seed, "tasks").Uint64()
	switch cfg.Task {
	case "split":
		return data.Split(ds, data.SplitOptions{Tasks: cfg.NumTasks, ShuffleClasses: cfg.ShuffleClasses, Seed: taskSeed})
	case "permuted", "continuous":
		return data.Permuted(ds, cfg.NumTasks, taskSeed)
	default:
		return []data.Task{data.Plain(ds)}
	}
}

// synapseConfig maps a run config to the network's.
func synapseConfig(cfg config.Train) (synapse.Config, error) {
	bias, err := synapse.ParseBiasMode(cfg.Bias)
	if err != nil {
		return synapse.Config{}, err
	}
	sc := synapse.Config{Sizes: cfg.Layers, Bias: bias, PMin: float32(cfg.PMin), PMax: 1}
	switch cfg.Synapse {
	case config.SynapseDeterministic:
		sc.Synapses = synapse.Deterministic
	case config.SynapsePresyn:
		sc.Synapses = synapse.Presynaptic
		sc.PInitUniform = cfg.PInit == "uniform"
		sc.NotNormalised = !cfg.Normalise
	case config.SynapseFixedP:
		sc.Synapses = synapse.FixedRelease
		sc.PFixed = float32(cfg.PFixed)
		sc.Ghost = cfg.GhostP
		sc.GhostUnbiased = cfg.GhostP && !cfg.GhostBias
	}
	return sc, sc.Validate()
}

// updater returns the learning rule of cfg for net.
func updater(cfg config.Train, net *synapse.Net) synapse.Updater {
	switch cfg.Optimizer {
	case config.OptimSGD:
		return synapse.Optimize(optim.NewSGD(len(net.Params()), optim.SGDSettings{LR: float32(cfg.LearningRate), WeightDecay: float32(cfg.L2)}))
	case config.OptimAdam:
		return synapse.Optimize(optim.NewAdam(len(net.Params()), optim.AdamSettings{LR: float32(cfg.LearningRate), WeightDecay: float32(cfg.L2)}))
	default:
		return &synapse.Rule{
			LR: float32(cfg.LearningRate), WeightDecay: float32(cfg.L2),
			PUp: float32(cfg.PUp), PDown: float32(cfg.PDown), GLim: float32(cfg.GLim),
			PFreeze: float32(cfg.PFreeze), LRModulation: cfg.LRModulation,
		}
	}
}

func (t *trainer) totalEpochs() int { return len(t.trainTasks) * t.cfg.Epochs }

// train runs every epoch of every task and returns the metrics rows.
func (t *trainer) train(ctx context.Context) ([]EpochMetrics, error) {
	var rows []EpochMetrics
	for ti, task := range t.trainTasks {
		next := t.epochBatches(task)
		for epoch := 1; epoch <= t.cfg.Epochs; epoch++ {
			epochStart := time.Now()
			row, err := t.trainEpoch(ctx, next(), ti+1, epoch)
			if err != nil {
				return rows, err
			}
			t.evaluate(&row, ti)
			row.Seconds = time.Since(epochStart).Seconds()
			rows = append(rows, row)
			if err := metricsTable(rows, len(t.evalTasks)).WriteAtomic(filepath.Join(t.spec.OutDir, MetricsFile)); err != nil {
				return rows, err
			}
			t.progress.Done(1, fmt.Sprintf("task %d epoch %d: loss %.4f train acc %.4f test acc %.4f", row.Task, row.Epoch, row.TrainLoss, row.TrainAcc, row.TestAcc))
		}
	}
	return rows, nil
}

// batchFunc fills x and y with the next training batch of an epoch and returns its
// size, 0 at the end of the epoch.
type batchFunc func(x []float32, y []int32) int

// epochBatches returns, for a task, a function that gives each epoch's batches: one
// reshuffled pass over its training set, or for continuous tasks one epoch's worth
// of steps from the task schedule's stream.
func (t *trainer) epochBatches(task data.Task) func() batchFunc {
	if t.stream != nil {
		stepsPerEpoch := task.Train.Len() / t.cfg.BatchSize
		epoch := 0
		return func() batchFunc {
			epoch++
			steps := 0
			return func(x []float32, y []int32) int {
				if steps < stepsPerEpoch {
					steps++
					return t.stream.Next(x, y)
				}
				if epoch == t.cfg.Epochs && t.stream.Next(x, y) != 0 {
					// The window holds exactly Epochs epochs' worth of steps; the
					// stream's end-of-window 0 moves it on to the next task.
					panic("experiment: continuous schedule window is not a whole number of epochs")
				}
				return 0
			}
		}
	}
	batches := data.NewBatches(task.Train, t.cfg.BatchSize, t.shuffle)
	return func() batchFunc {
		return func(x []float32, y []int32) int {
			if batches.Next(x, y) {
				return t.cfg.BatchSize
			}
			return 0
		}
	}
}

// trainEpoch runs one epoch of training batches.
func (t *trainer) trainEpoch(ctx context.Context, next batchFunc, task, epoch int) (EpochMetrics, error) {
	var lossSum float64
	var correct, seen, steps int
	outputs := t.cfg.Outputs()
	for {
		n := next(t.x, t.y)
		if n == 0 {
			break
		}
		if err := ctx.Err(); err != nil {
			return EpochMetrics{}, fmt.Errorf("train: stopped at task %d, epoch %d (%w); metrics.csv holds the finished epochs", task, epoch, err)
		}
		probs := t.net.Forward(t.x, n)
		loss := t.net.Loss(t.y[:n])
		steps++
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return EpochMetrics{}, fmt.Errorf("train: %s seed %d: %w: loss is %v at task %d, epoch %d, step %d",
				t.cfg.Name, t.spec.Seed, ErrDiverged, loss, task, epoch, steps)
		}
		correct += metric.Correct(probs.Data[:n*outputs], t.y[:n], outputs)
		seen += n
		lossSum += loss
		t.net.Backward(t.y[:n])
		t.update.Update(t.net)
	}
	if steps == 0 {
		return EpochMetrics{}, fmt.Errorf("train: task %d has fewer training samples than one batch of %d", task, t.cfg.BatchSize)
	}
	return EpochMetrics{Task: task, Epoch: epoch, TrainLoss: lossSum / float64(steps), TrainAcc: float64(correct) / float64(seen)}, nil
}

// evaluate fills the test metrics of row after training task index current: the
// accuracy on every task seen so far (all tasks for joint training), and mutual
// information and neuron energy on the current task.
func (t *trainer) evaluate(row *EpochMetrics, current int) {
	seen := current + 1
	if t.cfg.Joint {
		seen = len(t.evalTasks)
	}
	for ti := 0; ti < seen; ti++ {
		withInfo := ti == min(current, len(t.evalTasks)-1)
		acc, bits, neuron := t.evaluateTask(t.evalTasks[ti], withInfo)
		row.TaskAccuracies = append(row.TaskAccuracies, acc)
		if withInfo {
			row.MutualInfoBits, row.EnergyNeuron = bits, neuron
		}
	}
	var sum float64
	for _, a := range row.TaskAccuracies {
		sum += a
	}
	row.TestAcc = sum / float64(len(row.TaskAccuracies))
	row.EnergySynaptic = t.net.SynapticEnergy()
	row.MeanP, row.FracFrozen = 1, 0
	if t.net.AllProbs() != nil {
		row.MeanP = t.net.MeanProb()
		row.FracFrozen = t.net.FrozenFraction(float32(t.cfg.PFreeze))
	}
}

// evaluateTask measures one task's test set: accuracy of the softmax averaged over
// EvalSamples sampled networks; with info, also the mutual information of the first
// sampled network's soft predictions (one sampled network per batch, as published)
// and the neuron energy averaged over inputs and sampled networks.
func (t *trainer) evaluateTask(task data.Task, info bool) (acc, bits, neuron float64) {
	outputs, samples := t.cfg.Outputs(), t.cfg.EvalSamples
	if !t.net.Sampling() {
		samples = 1 // a deterministic network gives the same answer every time
	}
	var mi *metric.MIAccumulator
	var energy metric.NeuronEnergy
	if info {
		mi = metric.NewMIAccumulator(outputs)
	}
	correct, total := 0, 0
	batches := data.NewInOrder(task.Test, t.cfg.EvalBatchSize)
	for {
		n := batches.Next(t.evalX, t.evalY)
		if n == 0 {
			break
		}
		mean := t.meanProbs[:n*outputs]
		clear(mean)
		for k := 0; k < samples; k++ {
			p := t.probs[:n*outputs]
			t.net.Predict(t.evalX[:n*t.cfg.Layers[0]], n, p)
			for i, v := range p {
				mean[i] += v
			}
			if info {
				if k == 0 {
					mi.Add(p, t.evalY[:n])
				}
				t.net.HiddenActivity(t.activity[:n])
				energy.AddTotals(t.activity[:n])
			}
		}
		correct += metric.Correct(mean, t.evalY[:n], outputs)
		total += n
	}
	acc = float64(correct) / float64(total)
	if info {
		bits, neuron = mi.Bits(), energy.Mean()
	}
	return acc, bits, neuron
}
