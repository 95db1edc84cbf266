package data

import (
	"errors"
	"testing"
)

// ClassCounts are the real files' counts: checked against the files where they
// are present (make setup puts them in ../../data), skipped where they are not.
func TestClassCountsAreTheFiles(t *testing.T) {
	for _, name := range Names() {
		ds, err := Load("../../data", name)
		if err != nil {
			if errors.Is(err, ErrNotFound) {
				t.Skipf("%s: %v", name, err)
			}
			t.Fatal(err)
		}
		wantTrain, wantTest := ClassCounts(name)
		for _, part := range []struct {
			set  *Set
			want [10]int
		}{{ds.Train, wantTrain}, {ds.Test, wantTest}} {
			var got [10]int
			for _, l := range part.set.Labels {
				got[l]++
			}
			if got != part.want {
				t.Errorf("%s: class counts %v, ClassCounts says %v", name, got, part.want)
			}
		}
	}
}

// Tasks built on Sizes have the real data's sizes: 60,000 and 10,000 for a
// plain or permuted task, a split task the two classes' samples.
func TestSizesGiveTheTasksSizes(t *testing.T) {
	tests := []struct {
		name        Name
		task        func(*Dataset) Task
		train, test int
	}{
		{MNIST, Plain, 60000, 10000},
		{MNIST, func(ds *Dataset) Task { return Permuted(ds, 2, 1)[1] }, 60000, 10000},
		{MNIST, func(ds *Dataset) Task { return Split(ds, SplitOptions{})[0] }, 5923 + 6742, 980 + 1135}, // digits 0 and 1
		{FashionMNIST, func(ds *Dataset) Task { return Split(ds, SplitOptions{})[4] }, 12000, 2000},
		{FashionMNIST, func(ds *Dataset) Task { return Joint(Permuted(ds, 3, 1)) }, 180000, 30000},
	}
	for _, tt := range tests {
		ds, err := Sizes{}.Load(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		task := tt.task(ds)
		if task.Train.Len() != tt.train || task.Test.Len() != tt.test {
			t.Errorf("%s %s: %d training and %d test samples, want %d and %d", tt.name, task.Name, task.Train.Len(), task.Test.Len(), tt.train, tt.test)
		}
	}
	if _, err := (Sizes{}).Load("cifar"); err == nil {
		t.Error("Sizes loads an unknown data set")
	}
}
