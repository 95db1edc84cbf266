package data

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Task is one learning problem of a benchmark: what the network sees in training and
// testing, and how many output units it needs.
type Task struct {
	Name    string // e.g. "mnist", "split-mnist/2", "permuted-fashion-mnist/10"
	Outputs int    // output units: 10 classes, or 2 (parity) for split tasks
	// Classes are the data set's classes the task draws from, in the order of the
	// targets they get for split tasks (Classes[k] has target k); all 10 otherwise.
	Classes []int
	Train   *View
	Test    *View
}

// Each builder draws from its own PCG stream, so that adding randomness to one never
// shifts another's.
const (
	streamPermutations uint64 = 0x7065726d75746573 // "permutes"
	streamClassOrder   uint64 = 0x636c6173736f7264 // "classord"
)

// Permutation returns the pixel permutation of a permuted task (perm[j] is the
// original pixel at position j), or nil for a task of unpermuted images.
func (t Task) Permutation() []int32 {
	if t.Train == nil || len(t.Train.perms) != 1 {
		return nil
	}
	return t.Train.perms[0]
}

func allClasses() []int { return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} }

// Plain returns the data set as a single 10-class task.
func Plain(ds *Dataset) Task {
	return Task{Name: string(ds.Name), Outputs: 10, Classes: allClasses(), Train: NewView(ds.Train), Test: NewView(ds.Test)}
}

// SplitOptions configure Split. The zero value gives the paper's 5 tasks in class
// order.
type SplitOptions struct {
	Tasks          int    // number of tasks, 1..5; 0 means 5
	ShuffleClasses bool   // pair the classes in an order drawn from Seed
	Seed           uint64 // used only with ShuffleClasses
}

// Split returns split (Fashion-)MNIST: task t holds two classes, (0,1), (2,3), ...,
// (8,9), and the target is the parity class%2, for one shared 2-unit output head.
// With ShuffleClasses the 10 classes are put in a random order drawn from Seed and
// paired in that order; the target is then the class's place in its pair (0 or 1),
// as in the published code. It panics if Tasks is outside 0..5.
func Split(ds *Dataset, opts SplitOptions) []Task {
	n := opts.Tasks
	if n == 0 {
		n = 5
	}
	if n < 1 || n > 5 {
		panic(fmt.Sprintf("data: Split: %d tasks, want 1..5", n))
	}
	order := allClasses()
	if opts.ShuffleClasses {
		rng := rand.New(rand.NewPCG(opts.Seed, streamClassOrder))
		for i := len(order) - 1; i > 0; i-- {
			j := rng.IntN(i + 1)
			order[i], order[j] = order[j], order[i]
		}
	}
	prefix := "split-" + string(ds.Name)
	tasks := make([]Task, n)
	for t := range tasks {
		pair := []int{order[2*t], order[2*t+1]}
		tasks[t] = Task{
			Name:    fmt.Sprintf("%s/%d", prefix, t+1),
			Outputs: 2,
			Classes: pair,
			Train:   pairView(ds.Train, pair),
			Test:    pairView(ds.Test, pair),
		}
	}
	return tasks
}

// pairView selects the samples of the two classes, in the set's order, with target
// k for class pair[k].
func pairView(set *Set, pair []int) *View {
	v := &View{set: set, perms: [][]int32{nil}}
	for i, l := range set.Labels {
		for k, c := range pair {
			if int(l) == c {
				v.src = append(v.src, int32(i))
				v.targets = append(v.targets, int32(k))
			}
		}
	}
	v.permOf = make([]uint16, len(v.src))
	return v
}

// Permuted returns permuted (Fashion-)MNIST: n tasks, each the whole data set with
// its own fixed random permutation of the 784 pixels (task 1 is permuted too), 10
// outputs. The permutations are drawn from seed. The images are permuted when
// batches are filled, so the tasks share the data set's memory.
func Permuted(ds *Dataset, n int, seed uint64) []Task {
	if n < 1 {
		panic(fmt.Sprintf("data: Permuted: %d tasks, want at least 1", n))
	}
	rng := rand.New(rand.NewPCG(seed, streamPermutations))
	perms := make([][]int32, n)
	for t := range perms {
		perms[t] = PixelPermutation(rng)
	}
	return PermutedWith(ds, perms)
}

// PermutedWith returns one permuted task per given pixel permutation, in order:
// Permuted with permutations from elsewhere (ReadPermutations), e.g. the ones
// another implementation drew. It panics if perms is empty or one of them is not
// a permutation of the Pixels inputs.
func PermutedWith(ds *Dataset, perms [][]int32) []Task {
	if len(perms) == 0 {
		panic("data: PermutedWith: no permutations")
	}
	train, test := NewView(ds.Train), NewView(ds.Test)
	prefix := "permuted-" + string(ds.Name)
	tasks := make([]Task, len(perms))
	for t, perm := range perms {
		if err := checkPermutation(perm); err != nil {
			panic(fmt.Sprintf("data: PermutedWith: task %d: %v", t+1, err))
		}
		tasks[t] = Task{
			Name:    fmt.Sprintf("%s/%d", prefix, t+1),
			Outputs: 10,
			Classes: allClasses(),
			Train:   train.permuted(perm),
			Test:    test.permuted(perm),
		}
	}
	return tasks
}

// PixelPermutation draws a random permutation of the Pixels inputs: a permuted image
// has pixel perm[j] of the original at position j.
func PixelPermutation(rng *rand.Rand) []int32 {
	perm := make([]int32, Pixels)
	for i := range perm {
		perm[i] = int32(i)
	}
	shuffle(rng, perm)
	return perm
}

// Joint returns the upper-bound "multitask" task: the training samples of all tasks
// together (iterate with Batches to shuffle them), and their test samples together.
// Per-task evaluation uses each task's own Test view, which Joint leaves alone. All
// tasks must come from the same data set and have the same number of outputs.
func Joint(tasks []Task) Task {
	if len(tasks) == 0 {
		panic("data: Joint: no tasks")
	}
	trains := make([]*View, len(tasks))
	tests := make([]*View, len(tasks))
	seen := map[int]bool{}
	var classes []int
	for i, t := range tasks {
		if t.Outputs != tasks[0].Outputs {
			panic(fmt.Sprintf("data: Joint: task %s has %d outputs, task %s has %d", t.Name, t.Outputs, tasks[0].Name, tasks[0].Outputs))
		}
		trains[i], tests[i] = t.Train, t.Test
		for _, c := range t.Classes {
			if !seen[c] {
				seen[c] = true
				classes = append(classes, c)
			}
		}
	}
	name, _, _ := strings.Cut(tasks[0].Name, "/")
	return Task{
		Name:    name + "/joint",
		Outputs: tasks[0].Outputs,
		Classes: classes,
		Train:   concatViews(trains),
		Test:    concatViews(tests),
	}
}
