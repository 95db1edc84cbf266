package data

import (
	"slices"
	"testing"
)

// classOf recovers a synthSet sample's class from its image.
func classOf(img []float32) int { return sampleOf(img) % 10 }

func TestSplit(t *testing.T) {
	ds := synthDataset(200, 100)
	tests := []struct {
		name      string
		opts      SplitOptions
		wantPairs [][]int // nil: any pairing that covers the 10 classes
	}{
		{"paper order", SplitOptions{}, [][]int{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}}},
		{"first two tasks", SplitOptions{Tasks: 2}, [][]int{{0, 1}, {2, 3}}},
		{"shuffled", SplitOptions{ShuffleClasses: true, Seed: 2021}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasks := Split(ds, tt.opts)
			var seen []int
			for ti, task := range tasks {
				if task.Outputs != 2 || len(task.Classes) != 2 {
					t.Fatalf("task %s: %d outputs, classes %v", task.Name, task.Outputs, task.Classes)
				}
				if tt.wantPairs != nil && !slices.Equal(task.Classes, tt.wantPairs[ti]) {
					t.Errorf("task %d: classes %v, want %v", ti, task.Classes, tt.wantPairs[ti])
				}
				seen = append(seen, task.Classes...)
				for _, view := range []*View{task.Train, task.Test} {
					// Every sample of the two classes, and nothing else: synthSet has
					// one sample of each class in every 10.
					if want := view.set.Len() / 5; view.Len() != want {
						t.Errorf("task %s: %d samples, want %d", task.Name, view.Len(), want)
					}
					x, y := view.All()
					for i := range y {
						class := classOf(x[i*Pixels:])
						k := slices.Index(task.Classes, class)
						if k < 0 {
							t.Fatalf("task %s holds class %d", task.Name, class)
						}
						if y[i] != int32(k) {
							t.Fatalf("task %s: class %d has target %d, want %d", task.Name, class, y[i], k)
						}
						if !tt.opts.ShuffleClasses && y[i] != int32(class%2) {
							t.Fatalf("task %s: class %d has target %d, want the parity", task.Name, class, y[i])
						}
					}
				}
			}
			if len(tasks) == 5 && !slices.Equal(slices.Sorted(slices.Values(seen)), allClasses()) {
				t.Errorf("the 5 tasks cover classes %v, want each of 0..9 once", seen)
			}
		})
	}
	a := Split(ds, SplitOptions{ShuffleClasses: true, Seed: 1})
	b := Split(ds, SplitOptions{ShuffleClasses: true, Seed: 1})
	c := Split(ds, SplitOptions{ShuffleClasses: true, Seed: 2})
	if !slices.Equal(a[0].Classes, b[0].Classes) || !slices.Equal(a[4].Classes, b[4].Classes) {
		t.Error("same seed, different class order")
	}
	differ := false
	for i := range a {
		differ = differ || !slices.Equal(a[i].Classes, c[i].Classes)
	}
	if !differ {
		t.Error("seeds 1 and 2 give the same class order")
	}
}

func TestPermuted(t *testing.T) {
	ds := synthDataset(30, 20)
	tasks := Permuted(ds, 10, 2019)
	if len(tasks) != 10 {
		t.Fatalf("%d tasks, want 10", len(tasks))
	}
	perms := make([][]int, len(tasks))
	for ti, task := range tasks {
		if task.Outputs != 10 || task.Train.Len() != 30 || task.Test.Len() != 20 {
			t.Fatalf("task %s: %d outputs, %d/%d samples", task.Name, task.Outputs, task.Train.Len(), task.Test.Len())
		}
		x, y := task.Train.All()
		for i := range y {
			img := x[i*Pixels : (i+1)*Pixels]
			perm := make([]int, Pixels)
			for j, v := range img {
				if int(v)/1000 != i {
					t.Fatalf("task %d sample %d pixel %d comes from sample %d", ti, i, j, int(v)/1000)
				}
				perm[j] = int(v) % 1000
			}
			if !isPermutation(perm) {
				t.Fatalf("task %d: the pixel order is not a permutation of 0..783", ti)
			}
			if i == 0 {
				perms[ti] = perm
			} else if !slices.Equal(perm, perms[ti]) {
				t.Fatalf("task %d: samples 0 and %d are permuted differently", ti, i)
			}
			if y[i] != int32(i%10) {
				t.Fatalf("task %d sample %d: target %d, want its class %d", ti, i, y[i], i%10)
			}
		}
		// The test images get the task's permutation too.
		one := make([]float32, Pixels)
		task.Test.Sample(3, one)
		for j, v := range one {
			if int(v)%1000 != perms[ti][j] {
				t.Fatalf("task %d: test and training permutations differ", ti)
			}
		}
		if slices.Equal(perms[ti], identity()) {
			t.Errorf("task %d is not permuted (task 1 must be too)", ti)
		}
		for tj := range ti {
			if slices.Equal(perms[ti], perms[tj]) {
				t.Errorf("tasks %d and %d have the same permutation", tj, ti)
			}
		}
	}
	again := Permuted(ds, 2, 2019)
	if !slices.Equal(again[1].Train.perms[0], tasks[1].Train.perms[0]) {
		t.Error("same seed, different permutations")
	}
}

func TestJoint(t *testing.T) {
	ds := synthDataset(40, 20)
	tasks := Permuted(ds, 3, 5)
	joint := Joint(tasks)
	if joint.Train.Len() != 3*40 || joint.Test.Len() != 3*20 || joint.Outputs != 10 || joint.Name != "permuted-mnist/joint" {
		t.Fatalf("joint task: %s, %d outputs, %d/%d samples", joint.Name, joint.Outputs, joint.Train.Len(), joint.Test.Len())
	}
	// Sample t*40+i of the joint view is task t's sample i, with task t's permutation.
	a, b := make([]float32, Pixels), make([]float32, Pixels)
	for ti, task := range tasks {
		for i := range 40 {
			ya, yb := joint.Train.Sample(ti*40+i, a), task.Train.Sample(i, b)
			if ya != yb || !slices.Equal(a, b) {
				t.Fatalf("joint sample %d differs from task %d's sample %d", ti*40+i, ti, i)
			}
		}
	}
	// The tasks' own views are untouched.
	if tasks[0].Train.Len() != 40 || tasks[2].Test.Len() != 20 {
		t.Error("Joint changed the tasks' views")
	}
	// Shuffled batches mix the tasks.
	batches := NewBatches(joint.Train, 30, newRand(1))
	x, y := make([]float32, 30*Pixels), make([]int32, 30)
	batches.Next(x, y)
	fromTask := map[int]bool{}
	for k := range 30 {
		img := x[k*Pixels : (k+1)*Pixels]
		for ti, task := range tasks {
			if int(img[0])%1000 == int(task.Train.perms[0][0]) && int(img[1])%1000 == int(task.Train.perms[0][1]) {
				fromTask[ti] = true
			}
		}
	}
	if len(fromTask) < 2 {
		t.Errorf("a shuffled joint batch of 30 draws from tasks %v only", fromTask)
	}

	split := Joint(Split(ds, SplitOptions{}))
	if split.Outputs != 2 || split.Train.Len() != 40 || len(split.Classes) != 10 {
		t.Errorf("joint split: %d outputs, %d samples, classes %v", split.Outputs, split.Train.Len(), split.Classes)
	}
}

func TestPlain(t *testing.T) {
	task := Plain(synthDataset(20, 10))
	if task.Name != "mnist" || task.Outputs != 10 || task.Train.Len() != 20 || task.Test.Len() != 10 {
		t.Fatalf("plain task: %+v", task)
	}
}

func identity() []int {
	id := make([]int, Pixels)
	for i := range id {
		id[i] = i
	}
	return id
}

func isPermutation(p []int) bool {
	return slices.Equal(slices.Sorted(slices.Values(p)), identity())
}
