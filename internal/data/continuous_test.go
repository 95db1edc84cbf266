package data

import (
	"math"
	"slices"
	"testing"
)

func TestScheduleSmallByHand(t *testing.T) {
	// 3 tasks of 8 steps, portion 0.5: 2 transition steps per side. Expected rows
	// worked out by hand from the published create_task_probs (lib/sampler.py of
	// smonsays/presynaptic-stochasticity): linspace(0.5, 1, 2) = [0.5, 1] in,
	// linspace(1, 0.5, 2) = [1, 0.5] out, first and last transitions pure.
	s := NewSchedule(3, 8, 0.5)
	want := [][]float64{
		{1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {0.5, 0.5, 0},
		{0.5, 0.5, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0.5, 0.5},
		{0, 0.5, 0.5}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1},
	}
	if s.Steps() != len(want) {
		t.Fatalf("Steps() = %d, want %d", s.Steps(), len(want))
	}
	for step, w := range want {
		if got := s.TaskProbabilities(step); !slices.Equal(got, w) {
			t.Errorf("step %d: %v, want %v", step, got, w)
		}
	}
}

func TestSchedulePaperShape(t *testing.T) {
	// The paper's shape at a small scale: 10 tasks, 400 steps each, portion 0.25, so
	// 50 transition steps per side (the real run has 600000 and 75000).
	const tasks, S, T = 10, 400, 50
	s := NewSchedule(tasks, S, DefaultTransitionPortion)
	if s.TransitionSteps != T {
		t.Fatalf("TransitionSteps = %d, want %d", s.TransitionSteps, T)
	}
	if got := NewSchedule(10, 10*60000, 0.25).TransitionSteps; got != 75000 {
		t.Errorf("paper schedule: %d transition steps, want 75000", got)
	}
	for step := range s.Steps() {
		p := s.TaskProbabilities(step)
		sum, nonzero := 0.0, 0
		for _, v := range p {
			sum += v
			if v < 0 || v > 1 {
				t.Fatalf("step %d: probability %v outside [0,1]", step, v)
			}
			if v > 0 {
				nonzero++
			}
		}
		if math.Abs(sum-1) > 1e-12 || nonzero > 2 {
			t.Fatalf("step %d: probabilities %v sum to %v over %d tasks", step, p, sum, nonzero)
		}
		own, i := step/S, step%S
		switch {
		case own == 0 && i < T, own == tasks-1 && i >= S-T:
			if p[own] != 1 {
				t.Fatalf("step %d: the first and last transitions must be pure, got %v", step, p)
			}
		case i >= T && i < S-T:
			if p[own] != 1 {
				t.Fatalf("step %d: mid-window probability %v, want 1", step, p[own])
			}
		case i == 0:
			if p[own] != 0.5 || p[own-1] != 0.5 {
				t.Fatalf("step %d (window start): %v, want 0.5/0.5 with the previous task", step, p)
			}
		case i == S-1:
			if p[own] != 0.5 || p[own+1] != 0.5 {
				t.Fatalf("step %d (window end): %v, want 0.5/0.5 with the next task", step, p)
			}
		case i == T-1 || i == S-T:
			if p[own] != 1 {
				t.Fatalf("step %d (transition's inner end): %v, want 1 for task %d", step, p, own)
			}
		}
		// Linear in between: the own task's probability moves by 0.5/(T-1) per step.
		if i > 0 && i < T && own > 0 {
			if d := p[own] - s.TaskProbabilities(step - 1)[own]; math.Abs(d-0.5/(T-1)) > 1e-12 {
				t.Fatalf("step %d: in-transition step of %v, want %v", step, d, 0.5/(T-1))
			}
		}
	}
}

func TestScheduleEdgeCases(t *testing.T) {
	// One transition step per side: torch.linspace(a, b, 1) is [a], so the window
	// starts at 0.5/0.5 and ends pure.
	s := NewSchedule(2, 8, 0.25)
	if s.TransitionSteps != 1 {
		t.Fatalf("TransitionSteps = %d", s.TransitionSteps)
	}
	if got := s.TaskProbabilities(7); !slices.Equal(got, []float64{1, 0}) {
		t.Errorf("step 7: %v", got)
	}
	if got := s.TaskProbabilities(8); !slices.Equal(got, []float64{0.5, 0.5}) {
		t.Errorf("step 8: %v", got)
	}
	// No transitions: a plain sequence of tasks.
	s = NewSchedule(3, 5, 0)
	for step := range s.Steps() {
		if p := s.TaskProbabilities(step); p[step/5] != 1 {
			t.Fatalf("portion 0, step %d: %v", step, p)
		}
	}
	// A single task is pure throughout.
	s = NewSchedule(1, 10, 0.25)
	for step := range s.Steps() {
		if p := s.TaskProbabilities(step); p[0] != 1 {
			t.Fatalf("one task, step %d: %v", step, p)
		}
	}
}

func TestStream(t *testing.T) {
	ds := synthDataset(500, 10)
	tasks, sched := ContinuousPermuted(ds, 3, 2, DefaultTransitionPortion, 11)
	if sched.StepsPerTask != 1000 || sched.TransitionSteps != 125 {
		t.Fatalf("schedule %+v, want 1000 steps per task and 125 transition steps", sched)
	}
	// Which task produced an image: its permutation's first pixels.
	taskOf := func(img []float32) int {
		for ti, task := range tasks {
			if int(img[0])%1000 == int(task.Train.perms[0][0]) && int(img[1])%1000 == int(task.Train.perms[0][1]) {
				return ti
			}
		}
		t.Fatal("image from no task")
		return -1
	}
	const size = 30 // not a divisor of 1000: each window ends with a batch of 10
	stream := NewStream(tasks, sched, size, newRand(3))
	x, y := make([]float32, size*Pixels), make([]int32, size)
	counts := make([][]int, sched.Steps()/sched.StepsPerTask) // [window][task]
	var sizes []int
	for w := range sched.Tasks {
		if stream.Window() != w {
			t.Fatalf("Window() = %d, want %d", stream.Window(), w)
		}
		counts[w] = make([]int, sched.Tasks)
		for n := stream.Next(x, y); n > 0; n = stream.Next(x, y) {
			sizes = append(sizes, n)
			for k := range n {
				step := stream.Step() - n + k
				img := x[k*Pixels : (k+1)*Pixels]
				ti := taskOf(img)
				if p := sched.TaskProbabilities(step); p[ti] == 0 {
					t.Fatalf("step %d drew task %d, whose probability is 0 (%v)", step, ti, p)
				}
				if y[k] != int32(sampleOf(img)%10) {
					t.Fatalf("step %d: target %d for a sample of class %d", step, y[k], sampleOf(img)%10)
				}
				counts[w][ti]++
			}
		}
	}
	if stream.Window() != sched.Tasks || stream.Next(x, y) != 0 || stream.Step() != sched.Steps() {
		t.Fatalf("after the schedule: window %d, step %d", stream.Window(), stream.Step())
	}
	if want := 3 * (33 + 1); len(sizes) != want || sizes[33] != 10 || sizes[67] != 10 {
		t.Errorf("got batches of sizes %v, want %d, each window ending with a batch of 10", sizes, want)
	}
	// Window 1 blends with tasks 0 and 2 over 125 steps each, at a mean probability
	// of about 0.25: about 31 draws from each (binomial sd about 5).
	for _, other := range []int{0, 2} {
		if c := counts[1][other]; c < 10 || c > 55 {
			t.Errorf("window 1 drew %d samples of task %d, want about 31", c, other)
		}
	}
	if counts[0][0] < 900 || counts[2][2] < 900 {
		t.Errorf("first and last windows: %v", counts)
	}

	// Same seed, same stream.
	a := NewStream(tasks, sched, size, newRand(9))
	b := NewStream(tasks, sched, size, newRand(9))
	xa, ya := make([]float32, size*Pixels), make([]int32, size)
	for range 40 {
		na, nb := a.Next(xa, ya), b.Next(x, y)
		if na != nb || !slices.Equal(xa, x) || !slices.Equal(ya, y) {
			t.Fatal("same seed, different streams")
		}
	}
	if allocs := testing.AllocsPerRun(20, func() { a.Next(x, y) }); allocs != 0 {
		t.Errorf("%v allocations per stream batch, want 0", allocs)
	}
}
