package train

import (
	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/method"
)

// Work is what a run of a config computes, counted from the config and its
// tasks' sizes alone, without training: the numbers package cost prices with a
// machine's calibration. Run's Result counts the same as it goes (Steps,
// Passes, TestRows), and the tests hold the two together.
type Work struct {
	Steps  int // training mini-batches of the config's batch_size (a partial last batch is dropped)
	Passes int // forward and backward passes per mini-batch: BGD's k_train, else 1
	// FisherSamples counts the samples of EWC's end-of-task Fisher estimates:
	// one forward pass and one pass of squared gradients each.
	FisherSamples int
	// Permuted says the training batches are gathered through a pixel
	// permutation (permuted and continuous tasks), which costs more than a copy.
	Permuted bool
	Test     Measurement
	// TestSizes are the samples of each task's test set, indexed as Test's
	// counts are.
	TestSizes []int
}

// TestRows is the test samples the run predicts: Result.TestRows of Run.
func (w Work) TestRows() int {
	n := 0
	for i, size := range w.TestSizes {
		n += w.Test.Passes[i] * size
	}
	return n
}

// Measurement counts what a run measures on its test sets, per test set (task)
// index.
type Measurement struct {
	// Measures counts the measurements of a test set: each reads every sample
	// of it once, whatever the networks predicting it.
	Measures []int
	// Passes counts the networks predicting the whole test set: a measurement
	// of k sampled networks counts k.
	Passes []int
	// Drawn are the Passes that draw a network for every batch: the masks of a
	// stochastic network, or a network from BGD's weight distribution; the
	// others predict with one network throughout.
	Drawn []int
}

// Measurements counts the test-set passes of a run of cfg measured as ev says,
// from the rules the run follows (measureOf, and testModes for a method
// sampled at test): after every epoch, what measureOf says of every task seen,
// each measurement predicting with the Evaluator's sampled networks
// (eval_samples for a stochastic network, one for a deterministic one, BGD's
// k_test networks drawn from its distribution or its mean alone for "map"),
// the information alone from one; at the end, BGD's test modes on every task
// (its mean network, then k_test drawn ones).
func Measurements(cfg config.Train, ev Evaluation) Measurement {
	tasks := cfg.NumTasks
	if cfg.Task == config.TaskPlain {
		tasks = 1
	}
	trained := tasks
	if cfg.Joint {
		trained = 1
	}
	m := Measurement{Measures: make([]int, tasks), Passes: make([]int, tasks), Drawn: make([]int, tasks)}
	samples, drawn := testSamples(cfg)
	add := func(ti, passes, drawn int) {
		m.Measures[ti]++
		m.Passes[ti] += passes
		m.Drawn[ti] += drawn
	}
	for current := range trained {
		for epoch := 1; epoch <= cfg.Epochs; epoch++ {
			for ti := range seenTasks(cfg, tasks, current) {
				switch measureOf(cfg, ev, tasks, current, epoch, ti) {
				case accuracy, withInfo:
					add(ti, samples, drawn*samples)
				case infoOnly:
					add(ti, 1, drawn)
				}
			}
		}
	}
	if b, ok := cfg.Settings.(*method.BGDSettings); ok && method.SampledAtTest(cfg.Settings) {
		for ti := range tasks {
			add(ti, 1+b.KTest, b.KTest)
		}
	}
	return m
}

// testSamples is the number of networks a measurement predicts with, and 1 if
// each draws a network per batch (0 if not), as Evaluator.Evaluate decides at
// run time from the network and the method's sampler.
func testSamples(cfg config.Train) (samples, drawn int) {
	if b, ok := cfg.Settings.(*method.BGDSettings); ok {
		if b.TestMode == "map" {
			return 1, 0
		}
		return b.KTest, 1
	}
	if cfg.Synapse == config.SynapseDeterministic {
		return 1, 0
	}
	return cfg.EvalSamples, 1
}

// CountWork counts what a run of cfg with seed, measured as ev says, computes
// on the data sets of source: data.Sizes{} for the real data sets' sizes
// without reading them. The tasks are those Run builds (Tasks).
func CountWork(cfg config.Train, ev Evaluation, seed uint64, source data.Loader) (Work, error) {
	tasks, err := Tasks(cfg, seed, source)
	if err != nil {
		return Work{}, err
	}
	trained := tasks
	if cfg.Joint {
		trained = []data.Task{data.Joint(tasks)}
	}
	w := Work{Passes: 1, Permuted: cfg.Task.Permuted(), Test: Measurements(cfg, ev)}
	if b, ok := cfg.Settings.(*method.BGDSettings); ok {
		w.Passes = b.KTrain
	}
	for _, task := range trained {
		n := task.Train.Len()
		w.Steps += cfg.Epochs * (n / cfg.BatchSize)
		if e, ok := cfg.Settings.(*method.EWCSettings); ok {
			if e.FisherSamples > 0 {
				n = min(n, e.FisherSamples)
			}
			w.FisherSamples += n
		}
	}
	for _, task := range tasks {
		w.TestSizes = append(w.TestSizes, task.Test.Len())
	}
	return w, nil
}
