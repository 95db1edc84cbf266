package data

import (
	"fmt"
	"math/rand/v2"
)

// DefaultTransitionPortion is the share of each task's steps spent blending with its
// neighbours in continuous permuted MNIST: half at the start, half at the end.
const DefaultTransitionPortion = 0.25

// Schedule gives, at every step of continuous permuted MNIST, the probability of
// drawing that step's sample from each task. Each task owns a window of StepsPerTask
// steps. In the first TransitionSteps steps of its window a task blends in from its
// predecessor (probabilities 0.5/0.5 at the boundary, rising linearly to 1.0 for the
// task itself), in the last TransitionSteps it blends out into its successor the same
// way, and in between it is alone. The first task's in-transition and the last task's
// out-transition are pure: there is no neighbour to blend with.
type Schedule struct {
	Tasks           int
	StepsPerTask    int
	TransitionSteps int // per side: int(StepsPerTask * portion / 2), as the published code
}

// NewSchedule returns the schedule of tasks windows of stepsPerTask steps, with the
// given transition portion (0.25 in the paper; see DefaultTransitionPortion). It
// panics on arguments no config should produce.
func NewSchedule(tasks, stepsPerTask int, transitionPortion float64) Schedule {
	if tasks < 1 || stepsPerTask < 1 || !(transitionPortion >= 0 && transitionPortion <= 1) {
		panic(fmt.Sprintf("data: NewSchedule(%d, %d, %g): want at least 1 task and 1 step, and a portion in [0,1]",
			tasks, stepsPerTask, transitionPortion))
	}
	return Schedule{Tasks: tasks, StepsPerTask: stepsPerTask, TransitionSteps: int(float64(stepsPerTask) * transitionPortion / 2)}
}

// Steps is the length of the whole schedule.
func (s Schedule) Steps() int { return s.Tasks * s.StepsPerTask }

// TaskProbabilities returns the probability of each task at step (0-based); they
// sum to 1.
func (s Schedule) TaskProbabilities(step int) []float64 {
	probs := make([]float64, s.Tasks)
	own, other, pOther := s.blend(step)
	probs[own] += 1 - pOther
	probs[other] += pOther
	return probs
}

// blend returns the window's own task, the neighbour it blends with (own when none)
// and the neighbour's probability at step. At most two tasks are ever possible, so
// sampling needs no probability vector.
func (s Schedule) blend(step int) (own, other int, pOther float64) {
	if step < 0 || step >= s.Steps() {
		panic(fmt.Sprintf("data: schedule step %d outside 0..%d", step, s.Steps()-1))
	}
	own, i := step/s.StepsPerTask, step%s.StepsPerTask
	T := s.TransitionSteps
	switch {
	case i < T && own > 0:
		// In-transition: the own task rises from 0.5 to 1.0 over T steps, both ends
		// included (torch.linspace(0.5, 1.0, T) in the published code).
		return own, own - 1, 1 - linspace(0.5, 1.0, T, i)
	case i >= s.StepsPerTask-T && own < s.Tasks-1:
		return own, own + 1, 1 - linspace(1.0, 0.5, T, i-(s.StepsPerTask-T))
	}
	return own, own, 0
}

// linspace returns point k of n evenly spaced points from a to b inclusive; a single
// point is a.
func linspace(a, b float64, n, k int) float64 {
	if n == 1 {
		return a
	}
	return a + (b-a)*float64(k)/float64(n-1)
}

// Stream hands out continuous permuted MNIST's training samples: at every step it
// draws a task from the schedule's probabilities, then a sample uniformly from that
// task's training set. Batches are consecutive steps; they never cross the end of a
// task's window, so the caller can evaluate after each window as after a task.
type Stream struct {
	tasks  []*View
	sched  Schedule
	rng    *rand.Rand
	size   int
	step   int // next step to draw
	window int // the window being drawn from
}

// NewStream returns a stream over the tasks' training views (one per schedule task)
// in batches of size. It panics if the counts disagree or size < 1.
func NewStream(tasks []Task, sched Schedule, size int, rng *rand.Rand) *Stream {
	if len(tasks) != sched.Tasks || size < 1 {
		panic(fmt.Sprintf("data: NewStream: %d tasks for a schedule of %d, batch size %d", len(tasks), sched.Tasks, size))
	}
	views := make([]*View, len(tasks))
	for i, t := range tasks {
		views[i] = t.Train
	}
	return &Stream{tasks: views, sched: sched, rng: rng, size: size}
}

// Window is the task window the current batches come from; Schedule.Tasks once the
// stream is exhausted.
func (s *Stream) Window() int { return s.window }

// Step is the number of samples drawn so far.
func (s *Stream) Step() int { return s.step }

// Next fills x and y with the next batch and returns its size: the batch size, fewer
// at the end of a window when StepsPerTask is not a multiple of it. It returns 0 once
// the current window is exhausted; the next call then continues with the next
// window, until the schedule ends. x and y must have room for a full batch.
func (s *Stream) Next(x []float32, y []int32) (n int) {
	if s.window >= s.sched.Tasks {
		return 0
	}
	end := (s.window + 1) * s.sched.StepsPerTask
	if s.step == end {
		s.window++
		return 0
	}
	n = min(s.size, end-s.step)
	for k := range n {
		own, other, pOther := s.sched.blend(s.step)
		task := own
		if pOther > 0 && s.rng.Float64() < pOther {
			task = other
		}
		v := s.tasks[task]
		y[k] = v.Sample(s.rng.IntN(v.Len()), x[k*Pixels:])
		s.step++
	}
	return n
}

// ContinuousPermuted builds continuous permuted (Fashion-)MNIST: n permuted tasks as
// Permuted(ds, n, seed) builds them, and a schedule of epochsPerTask epochs' worth of
// steps per task with the given transition portion.
func ContinuousPermuted(ds *Dataset, n, epochsPerTask int, transitionPortion float64, seed uint64) ([]Task, Schedule) {
	tasks := Permuted(ds, n, seed)
	return tasks, NewSchedule(n, epochsPerTask*ds.Train.Len(), transitionPortion)
}
