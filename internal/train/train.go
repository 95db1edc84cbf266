package train

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/metric"
	"github.com/presyn/presyn/internal/progress"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
)

// Spec is one training run: a resolved config and a seed, where the data come
// from and where to write.
type Spec struct {
	Config    config.Train
	Overrides []string // the --set overrides, recorded in the manifest
	Seed      uint64
	Data      data.Loader // data.Dir for the real files
	OutDir    string      // config.json, metrics.csv and checkpoint.gob go here
	Progress  io.Writer   // a line per epoch; nil for none
	// TaskCheckpoints also saves the network after every task of a sequence,
	// as TaskCheckpointFile(t), for analyses of what later tasks change.
	TaskCheckpoints bool
	// Eval says what is measured on the test sets besides every task seen
	// after each task's last epoch.
	Eval Evaluation
}

// Evaluation says what a run measures on the test sets, beyond what it always
// measures: every task seen so far (every task for joint training) after each
// task's last epoch, the accuracy matrix of a sequence and the last epoch of a
// single task, with the mutual information and neuron energy of the current
// task. Measuring is not free: ten sampled networks on a 10,000-image test set
// cost three quarters of a training epoch, so each study asks only for what its
// outputs draw, and the config's eval_every asks for more. What is measured never
// changes training: measuring draws its own masks (synapse.Net.Predict) and its
// own weight samples (BGD).
//
// A test set not measured after an epoch is NaN in that row of metrics.csv,
// and test_acc is the mean over the tasks that were; a row with no task
// measured has NaN test_acc, mutual_info_bits and energy_neuron.
type Evaluation struct {
	// FirstTask measures the first task after every epoch, for a figure that
	// draws its accuracy while later tasks are learnt.
	FirstTask bool
	// Info measures the current task's mutual information after every epoch
	// from one sampled network (as the full measurement does: it is the first
	// sampled network's predictions), for a reading of the best epoch.
	Info bool
}

// TaskCheckpointFile names the checkpoint saved after task t (from 1).
func TaskCheckpointFile(t int) string { return fmt.Sprintf("checkpoint_task%02d.gob", t) }

// Result is what a finished run measured, and what it computed.
type Result struct {
	Epochs      []EpochMetrics // one per epoch of every task
	Seconds     float64        // wall time of the whole run
	EvalSeconds float64        // the part of it spent measuring test sets
	Steps       int            // training mini-batches
	Passes      int            // forward and backward passes of them (BGD makes k_train a batch)
	// TestRows counts the test samples predicted: a sample predicted by each of
	// k sampled networks counts k times (CountWork predicts it).
	TestRows int
}

// Last returns the metrics after the final epoch.
func (r Result) Last() EpochMetrics { return r.Epochs[len(r.Epochs)-1] }

// ErrDiverged is wrapped by the error of a run whose loss became NaN or infinite.
var ErrDiverged = errors.New("loss diverged")

// Run trains spec: it writes the manifest, trains task after task, rewrites
// metrics.csv atomically after every epoch, saves a checkpoint at the end and
// then records the run's wall time in the manifest, which marks it finished. A
// diverged loss stops the run with an error naming the task, epoch and step; the
// metrics of the epochs before it stay written.
func Run(ctx context.Context, spec Spec) (Result, error) {
	start := time.Now()
	cfg := spec.Config
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	if err := results.PrepareOutDir(spec.OutDir); err != nil {
		return Result{}, err
	}
	manifest := results.NewManifest("train", cfg, spec.Seed, tensor.Core())
	manifest.Overrides = spec.Overrides
	if err := manifest.Write(spec.OutDir); err != nil {
		return Result{}, err
	}
	run, err := newTrainer(cfg, spec.Seed, spec.Data)
	if err != nil {
		return Result{}, err
	}
	if err := writePermutations(spec.OutDir, run.evalTasks); err != nil {
		return Result{}, err
	}
	run.outDir, run.taskCheckpoints, run.evaluation = spec.OutDir, spec.TaskCheckpoints, spec.Eval
	run.progress = progress.New(spec.Progress, "train", run.totalEpochs())
	// train rewrites metrics.csv after every epoch, so it is complete up to a failure.
	epochs, trainErr := run.train(ctx, spec.Seed)
	res := Result{Epochs: epochs, Seconds: time.Since(start).Seconds(), EvalSeconds: run.evalSeconds, Steps: run.steps, Passes: run.passes}
	if trainErr != nil {
		res.TestRows = run.eval.rows
		return res, trainErr
	}
	if run.eval.Sampler != nil && spec.OutDir != "" {
		if err := results.WriteRows(filepath.Join(spec.OutDir, TestModesFile), run.testModes()); err != nil {
			return res, err
		}
	}
	res.TestRows = run.eval.rows
	ck := NewCheckpoint(run.net, method.FreezeThreshold(run.method))
	if err := SaveCheckpoint(filepath.Join(spec.OutDir, CheckpointFile), ck); err != nil {
		return res, err
	}
	// The wall time in the manifest marks the run finished (presyn train keeps it).
	manifest.Seconds = time.Since(start).Seconds()
	if err := manifest.Write(spec.OutDir); err != nil {
		return res, err
	}
	return res, nil
}

// PermutationsFile holds a permuted run's pixel permutations, one task's per line
// (data.ReadPermutations): the tasks the run learnt, for the record and for the
// "permutations" config key of another run or another implementation.
const PermutationsFile = "permutations.txt"

// writePermutations writes PermutationsFile into dir when the tasks are permuted.
func writePermutations(dir string, tasks []data.Task) error {
	if dir == "" || len(tasks) == 0 || tasks[0].Permutation() == nil {
		return nil
	}
	perms := make([][]int32, len(tasks))
	for i, task := range tasks {
		perms[i] = task.Permutation()
	}
	var b bytes.Buffer
	if err := data.WritePermutations(&b, perms); err != nil {
		return err
	}
	return results.WriteFileAtomic(filepath.Join(dir, PermutationsFile), b.Bytes())
}

// TestModesFile holds, for a method with a weight distribution (BGD), every
// task's final accuracy in every test mode: which mode gives the headline number
// is a choice, and this shows what it changes.
const TestModesFile = "test_modes.csv"

// TestModeRow is a row of test_modes.csv.
type TestModeRow struct {
	Task     int     `csv:"task"`
	Mode     string  `csv:"mode"`
	Accuracy float64 `csv:"accuracy"`
}

// testModes measures every task in every test mode of the method's sampler.
// It draws the networks of the last task end's own measurement (same seed, same
// order of draws), so the row of the config's test mode is the accuracy matrix's
// last row to the digit and the modes differ only in how they combine the same
// networks.
func (t *trainer) testModes() []TestModeRow {
	var rows []TestModeRow
	for i, task := range t.evalTasks {
		t.seedMeasurement(len(t.trainTasks), t.cfg.Epochs, i, purposeEvaluate)
		accs := t.eval.ModeAccuracies(t.net, task.Test)
		for _, mode := range method.TestModes {
			rows = append(rows, TestModeRow{Task: i + 1, Mode: mode, Accuracy: accs[mode]})
		}
	}
	return rows
}

// trainer holds one run's network, method, data and reusable buffers.
type trainer struct {
	cfg        config.Train
	net        *synapse.Net
	method     method.Method
	trainTasks []data.Task // what is trained on, in order (one joint task for joint training)
	evalTasks  []data.Task // the test sets reported: every task of the sequence
	shuffle    *rand.Rand
	stream     *data.Stream // continuous tasks: samples drawn by the task schedule
	progress   *progress.Reporter
	outDir     string // where metrics.csv goes; "" for none (bench)
	// taskCheckpoints saves the network after every task into outDir.
	taskCheckpoints bool
	evaluation      Evaluation
	evalSeconds     float64 // time spent in evaluate
	steps, passes   int     // training mini-batches so far, and their forward/backward passes
	seed            uint64  // the run's: measurements are seeded from it and what they measure

	// Buffers reused by every step and evaluation.
	x    []float32
	y    []int32
	eval *Evaluator
}

func newTrainer(cfg config.Train, seed uint64, source data.Loader) (*trainer, error) {
	if source == nil {
		return nil, errors.New("train: no data source")
	}
	name, err := data.ParseName(cfg.Dataset)
	if err != nil {
		return nil, err
	}
	ds, err := LoadInputs(source, name, cfg)
	if err != nil {
		return nil, err
	}
	tasks, err := buildTasks(ds, cfg, seed)
	if err != nil {
		return nil, err
	}
	t := &trainer{cfg: cfg, evalTasks: tasks, trainTasks: tasks, shuffle: rngs.Stream(seed, "batch order"), seed: seed}
	switch {
	case cfg.Joint:
		t.trainTasks = []data.Task{data.Joint(tasks)}
	case cfg.Task == config.TaskContinuous:
		// Each task's window holds Epochs epochs' worth of samples.
		sched := data.NewSchedule(len(tasks), cfg.Epochs*ds.Train.Len(), data.DefaultTransitionPortion)
		t.stream = data.NewStream(tasks, sched, cfg.BatchSize, t.shuffle)
	}
	netCfg, err := cfg.Net()
	if err != nil {
		return nil, err
	}
	t.net = synapse.New(netCfg, rngs.Stream(seed, "network"))
	t.method = cfg.Settings.New(t.net, rngs.Stream(seed, "method"))

	in, batch := cfg.Layers[0], cfg.BatchSize
	t.x, t.y = make([]float32, batch*in), make([]int32, batch)
	t.eval = NewEvaluator(in, cfg.Outputs(), cfg.EvalBatchSize, cfg.EvalSamples)
	if s, ok := t.method.(method.TestSampler); ok {
		t.eval.Sampler = s
	}
	return t, nil
}

// buildTasks returns the task sequence of cfg, deterministic from the seed (or
// from cfg's permutations file).
func buildTasks(ds *data.Dataset, cfg config.Train, seed uint64) ([]data.Task, error) {
	taskSeed := rngs.Stream(seed, "tasks").Uint64()
	switch cfg.Task {
	case config.TaskSplit:
		return data.Split(ds, data.SplitOptions{Tasks: cfg.NumTasks, ShuffleClasses: cfg.ShuffleClasses, Seed: taskSeed}), nil
	case config.TaskPermuted, config.TaskContinuous:
		perms, err := cfg.TaskPermutations()
		switch {
		case err != nil:
			return nil, err
		case perms == nil:
			return data.Permuted(ds, cfg.NumTasks, taskSeed), nil
		}
		return data.PermutedWith(ds, perms), nil
	default:
		return []data.Task{data.Plain(ds)}, nil
	}
}

func (t *trainer) totalEpochs() int { return len(t.trainTasks) * t.cfg.Epochs }

// train runs every epoch of every task, calling the method's task hooks, and
// returns the metrics rows.
func (t *trainer) train(ctx context.Context, seed uint64) ([]EpochMetrics, error) {
	var rows []EpochMetrics
	for ti, task := range t.trainTasks {
		t.method.BeginTask(t.net, ti)
		next := t.epochBatches(task)
		for epoch := 1; epoch <= t.cfg.Epochs; epoch++ {
			epochStart := time.Now()
			row, err := t.trainEpoch(ctx, next(), ti+1, epoch)
			if err != nil {
				if errors.Is(err, ErrDiverged) {
					err = fmt.Errorf("train: %s seed %d: %w", t.cfg.Name, seed, err)
				}
				return rows, err
			}
			evalStart := time.Now()
			t.evaluate(&row, ti, epoch)
			t.evalSeconds += time.Since(evalStart).Seconds()
			row.Seconds = time.Since(epochStart).Seconds()
			rows = append(rows, row)
			if t.outDir != "" {
				if err := writeMetrics(t.outDir, rows, len(t.evalTasks)); err != nil {
					return rows, err
				}
			}
			t.progress.Done(1, progressLine(row))
		}
		if err := t.method.EndTask(t.net, ti, task.Train); err != nil {
			return rows, fmt.Errorf("train: end of task %d: %w", ti+1, err)
		}
		if t.taskCheckpoints && t.outDir != "" {
			ck := NewCheckpoint(t.net, method.FreezeThreshold(t.method))
			if err := SaveCheckpoint(filepath.Join(t.outDir, TaskCheckpointFile(ti+1)), ck); err != nil {
				return rows, err
			}
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
					panic("train: continuous schedule window is not a whole number of epochs")
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

// trainEpoch runs one epoch of training batches: per batch, the method's passes of
// forward and backward with its hooks around each. The loss of a step is the mean
// over its passes; the training accuracy is that of each step's first pass.
func (t *trainer) trainEpoch(ctx context.Context, next batchFunc, task, epoch int) (EpochMetrics, error) {
	var lossSum float64
	var correct, seen, steps int
	outputs := t.cfg.Outputs()
	passes := t.method.Passes()
	for {
		n := next(t.x, t.y)
		if n == 0 {
			break
		}
		if err := ctx.Err(); err != nil {
			return EpochMetrics{}, fmt.Errorf("train: stopped at task %d, epoch %d (%w); metrics.csv holds the finished epochs", task, epoch, err)
		}
		steps++
		t.steps, t.passes = t.steps+1, t.passes+passes
		var loss float64
		for k := range passes {
			t.method.BeforeForward(t.net, k)
			probs := t.net.Forward(t.x, n)
			l := t.net.Loss(t.y[:n])
			if math.IsNaN(l) || math.IsInf(l, 0) {
				return EpochMetrics{}, fmt.Errorf("%w: loss is %v at task %d, epoch %d, step %d", ErrDiverged, l, task, epoch, steps)
			}
			if k == 0 {
				correct += metric.Correct(probs.Data[:n*outputs], t.y[:n], outputs)
			}
			loss += l
			t.net.Backward(t.y[:n])
			t.method.AfterBackward(t.net, k)
		}
		seen += n
		lossSum += loss / float64(passes)
	}
	if steps == 0 {
		// Only whole batches are trained (a partial last one is dropped), so a
		// batch larger than the task trains nothing: name the key to lower.
		return EpochMetrics{}, fmt.Errorf("train: task %d has fewer training samples than one batch (batch_size %d): set a smaller batch_size", task, t.cfg.BatchSize)
	}
	return EpochMetrics{Task: task, Epoch: epoch, TrainLoss: lossSum / float64(steps), TrainAcc: float64(correct) / float64(seen)}, nil
}

// progressLine is an epoch's progress: what training computed, and the test
// accuracy where the epoch was measured.
func progressLine(row EpochMetrics) string {
	line := fmt.Sprintf("task %d epoch %d: loss %.4f train acc %.4f", row.Task, row.Epoch, row.TrainLoss, row.TrainAcc)
	if !math.IsNaN(row.TestAcc) {
		line += fmt.Sprintf(" test acc %.4f", row.TestAcc)
	}
	return line
}

// measured says which test sets an epoch measures: every task seen (all), or
// the first task (first), or the current task's information alone (info).
func measured(cfg config.Train, ev Evaluation, epoch int, taskEnd bool) (all, first, info bool) {
	every := cfg.EvalEvery
	all = taskEnd || every > 0 && epoch%every == 0
	return all, !all && ev.FirstTask, !all && ev.Info
}

// What evaluate does with a test set after an epoch.
type measure int

const (
	notMeasured measure = iota
	infoOnly            // Evaluator.Information: one sampled network's mutual information
	accuracy            // Evaluator.Evaluate
	withInfo            // Evaluator.Evaluate with mutual information and neuron energy
)

// seenTasks is how many test sets are measured after an epoch of trained task
// index current: the tasks seen so far, or every task for joint training.
func seenTasks(cfg config.Train, evalTasks, current int) int {
	if cfg.Joint {
		return evalTasks
	}
	return current + 1
}

// measureOf says what evaluate measures on test set ti (of evalTasks) after
// epoch of trained task index current, as measured says: evaluate and
// Measurements both follow it, so the count cannot drift from what runs.
func measureOf(cfg config.Train, ev Evaluation, evalTasks, current, epoch, ti int) measure {
	all, first, info := measured(cfg, ev, epoch, epoch == cfg.Epochs)
	current = min(current, evalTasks-1)
	switch {
	case all || first && ti == 0:
		if ti == current {
			return withInfo
		}
		return accuracy
	case info && ti == current:
		return infoOnly
	}
	return notMeasured
}

// evaluate fills the test metrics of row after an epoch of training task index
// current, as measureOf says: the accuracy of every task measured, the mutual
// information and neuron energy of the current task when it is measured, and
// always the synaptic energy, mean p and frozen fraction.
func (t *trainer) evaluate(row *EpochMetrics, current, epoch int) {
	row.TestAcc, row.MutualInfoBits, row.EnergyNeuron = math.NaN(), math.NaN(), math.NaN()
	var sum float64
	var n int
	for ti := range seenTasks(t.cfg, len(t.evalTasks), current) {
		what := measureOf(t.cfg, t.evaluation, len(t.evalTasks), current, epoch, ti)
		switch what {
		case notMeasured, infoOnly:
			row.TaskAccuracies = append(row.TaskAccuracies, math.NaN())
			if what == infoOnly {
				t.seedMeasurement(row.Task, epoch, ti, purposeInfo)
				row.MutualInfoBits = t.eval.Information(t.net, t.evalTasks[ti].Test)
			}
			continue
		}
		t.seedMeasurement(row.Task, epoch, ti, purposeEvaluate)
		acc, bits, neuron := t.evaluateTask(t.evalTasks[ti], what == withInfo)
		row.TaskAccuracies = append(row.TaskAccuracies, acc)
		sum, n = sum+acc, n+1
		if what == withInfo {
			row.MutualInfoBits, row.EnergyNeuron = bits, neuron
		}
	}
	if n > 0 {
		row.TestAcc = sum / float64(n)
	}
	row.EnergySynaptic = t.net.SynapticEnergy()
	row.MeanP = t.net.MeanProb()
	row.FracFrozen = t.net.FrozenFraction(method.FreezeThreshold(t.method))
}

// What a measurement is, for its seed.
const (
	purposeEvaluate = iota + 1
	purposeInfo
)

// seedMeasurement seeds the masks (and a TestSampler's networks) of the
// measurement of test set index ti after epoch of task (from 1) from the run's
// seed and those numbers alone, so that a number is the same whatever else the
// run measured: a task's end reads the same with eval_every=1 as without.
func (t *trainer) seedMeasurement(task, epoch, ti, purpose int) {
	s := rngs.SplitMix64(t.seed ^ 0x6d656173757265) // ASCII "measure"
	for _, v := range []int{task, epoch, ti, purpose} {
		s = rngs.SplitMix64(s ^ uint64(v))
	}
	t.net.SetPredictSeed(s)
	if t.eval.Sampler != nil {
		t.eval.Sampler.SeedTest(rngs.SplitMix64(s))
	}
}

// evaluateTask measures one task's test set (see Evaluator); with info also the
// mutual information and neuron energy.
func (t *trainer) evaluateTask(task data.Task, info bool) (acc, bits, neuron float64) {
	return t.eval.Evaluate(t.net, task.Test, info)
}

// Tasks returns the task sequence a run of cfg with seed trains and is evaluated
// on: the same tasks (permutations, class pairs) as Run builds.
func Tasks(cfg config.Train, seed uint64, source data.Loader) ([]data.Task, error) {
	name, err := data.ParseName(cfg.Dataset)
	if err != nil {
		return nil, err
	}
	ds, err := LoadInputs(source, name, cfg)
	if err != nil {
		return nil, err
	}
	return buildTasks(ds, cfg, seed)
}

// LoadInputs loads the data set of cfg (name, its dataset) as cfg's inputs
// take it: standardised, as loaded, or raw (data.Raw). Whatever measures a
// trained network loads its data so.
func LoadInputs(source data.Loader, name data.Name, cfg config.Train) (*data.Dataset, error) {
	ds, err := source.Load(name)
	if err != nil || cfg.Inputs != config.InputsRaw {
		return ds, err
	}
	return data.Raw(ds), nil
}
