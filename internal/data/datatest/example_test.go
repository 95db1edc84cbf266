package datatest_test

import (
	"fmt"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
)

func ExampleSource() {
	// Code that trains takes a data.Loader: data.Dir("data") in the program, a
	// datatest.Source in its tests.
	var loader data.Loader = &datatest.Source{Options: datatest.Options{Train: 100, Test: 50}}

	ds, err := loader.Load(data.MNIST)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.Name, ds.Train.Len(), ds.Test.Len())
	for _, task := range data.Split(ds, data.SplitOptions{Tasks: 2}) {
		fmt.Println(task.Name, task.Classes, task.Train.Len(), task.Test.Len())
	}

	// Every Load of a name returns the same data set.
	again, _ := loader.Load(data.MNIST)
	fmt.Println(again == ds)

	_, err = loader.Load("cifar")
	fmt.Println(err)
	// Output:
	// mnist 100 50
	// split-mnist/1 [0 1] 20 10
	// split-mnist/2 [2 3] 20 10
	// true
	// data: unknown data set "cifar", want mnist or fashion-mnist
}

func ExampleNew() {
	ds := datatest.New(data.FashionMNIST, datatest.Options{Train: 20, Test: 10, Seed: 1})
	var counts [10]int
	for _, l := range ds.Train.Labels {
		counts[l]++
	}
	fmt.Println(ds.Name, len(ds.Train.X) == 20*data.Pixels, counts)
	// Output:
	// fashion-mnist true [2 2 2 2 2 2 2 2 2 2]
}
