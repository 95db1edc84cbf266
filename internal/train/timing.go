package train

import (
	"context"
	"fmt"
	"time"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
)

// Timer times a run's own code, for calibrating package cost on what runs
// really do: its training loop, its method's end of a task and its
// measurement of a test set, on a run that trains nothing to the end and
// writes nothing. Each call is one round; the caller chooses how many rounds
// to make and how to combine them (interleaving rounds of several Timers
// spreads a machine's passing bursts of load over all of them).
type Timer struct {
	run     *trainer
	task    data.Task
	next    func() batchFunc
	batches batchFunc
	ended   bool
}

// NewTimer builds a run of cfg with seed on source's data, at its first task.
func NewTimer(cfg config.Train, seed uint64, source data.Loader) (*Timer, error) {
	run, err := newTrainer(cfg, seed, source)
	if err != nil {
		return nil, err
	}
	t := &Timer{run: run, task: run.trainTasks[0]}
	t.next = run.epochBatches(t.task)
	t.batches = t.next()
	run.method.BeginTask(run.net, 0)
	return t, nil
}

// Steps trains steps mini-batches (passing from one epoch into the next) and
// returns the seconds per step.
func (t *Timer) Steps(ctx context.Context, steps int) (float64, error) {
	if steps < 1 {
		panic(fmt.Sprintf("train: Timer.Steps(%d): want at least 1", steps))
	}
	done := 0
	limited := func(x []float32, y []int32) int {
		if done == steps {
			return 0
		}
		n := t.batches(x, y)
		if n == 0 {
			t.batches = t.next()
			n = t.batches(x, y)
		}
		done++
		return n
	}
	start := time.Now()
	if _, err := t.run.trainEpoch(ctx, limited, 1, 1); err != nil {
		return 0, err
	}
	return time.Since(start).Seconds() / float64(steps), nil
}

// EndTask ends the first task as the run would (EWC estimates its Fisher on
// the task's training set; later steps pay its penalty) and returns the
// seconds it took and the training samples it read. It ends the task once;
// later calls return zeros.
func (t *Timer) EndTask() (seconds float64, samples int, err error) {
	if t.ended {
		return 0, 0, nil
	}
	t.ended = true
	start := time.Now()
	if err := t.run.method.EndTask(t.run.net, 0, t.task.Train); err != nil {
		return 0, 0, err
	}
	seconds = time.Since(start).Seconds()
	t.run.method.BeginTask(t.run.net, 1)
	return seconds, t.task.Train.Len(), nil
}

// Test measures the first task's test set as the run measures a task
// (Evaluator.Evaluate with its sampled networks, without information) and
// returns the seconds it took and the test samples.
func (t *Timer) Test() (seconds float64, samples int) {
	start := time.Now()
	t.run.evaluateTask(t.run.evalTasks[0], false)
	return time.Since(start).Seconds(), t.run.evalTasks[0].Test.Len()
}

// fastest returns the smaller of the fastest time so far (0 for none yet) and d.
func fastest(cur, d float64) float64 {
	if cur == 0 || d < cur {
		return d
	}
	return cur
}
