package data

import "fmt"

// ClassCounts are the samples of each class (0..9) in a data set's training
// and test files: those of the files whose SHA-256 sums DATA.md lists (and Load
// checks), so they are facts of the data, not guesses. They size a run's tasks
// without reading the files (Sizes).
func ClassCounts(name Name) (train, test [10]int) {
	switch name {
	case MNIST:
		return [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
			[10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	case FashionMNIST:
		return [10]int{6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000},
			[10]int{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}
	}
	panic(fmt.Sprintf("data: ClassCounts: unknown data set %q", name))
}

// Sizes is a Loader of the real data sets' labels without their images: each
// set holds ClassCounts' labels, in class order, and no pixels. The task
// builders (Split, Permuted, Joint) work on it as on the real data, so a task's
// training and test sets have the real sizes; it is for counting what a run
// computes (package cost) before any file is read. Its sets have no images:
// filling a batch from them panics.
type Sizes struct{}

// Load implements Loader.
func (Sizes) Load(name Name) (*Dataset, error) {
	if _, err := ParseName(string(name)); err != nil {
		return nil, err
	}
	train, test := ClassCounts(name)
	return &Dataset{Name: name, Train: labelsOnly(train), Test: labelsOnly(test)}, nil
}

// labelsOnly is a Set of counts[c] labels of each class c, without images.
func labelsOnly(counts [10]int) *Set {
	var labels []uint8
	for c, n := range counts {
		for range n {
			labels = append(labels, uint8(c))
		}
	}
	return &Set{Labels: labels}
}

var _ Loader = Sizes{}
