package synapse_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/optim"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
)

// toyBatch fills x and y with a batch of a 4-class problem with 20 inputs: noisy
// copies of 4 fixed random patterns.
func toyBatch(rng *rand.Rand, x []float32, y []int32) {
	centres := rand.New(rand.NewPCG(0, 0)) // the same 4 patterns every call
	var c [4][20]float32
	for k := range c {
		for j := range c[k] {
			c[k][j] = float32(centres.NormFloat64())
		}
	}
	for i := range y {
		y[i] = int32(rng.IntN(4))
		for j := 0; j < 20; j++ {
			x[i*20+j] = c[y[i]][j] + 0.3*float32(rng.NormFloat64())
		}
	}
}

// The paper's lifelong-learning network: 784-200-200-10, presynaptic synapses,
// fixed random biases, every release probability starting at p_min.
func ExampleNew() {
	net := synapse.New(synapse.Config{
		Sizes:    []int{784, 200, 200, 10},
		Synapses: synapse.Presynaptic,
		Bias:     synapse.BiasFixed,
	}, rand.New(rand.NewPCG(2019, 0)))
	fmt.Println(net.NumWeights(), "weights,", len(net.Params()), "trainable,", len(net.AllBiases()), "fixed biases")
	fmt.Printf("mean p %.2f, frozen %.0f%%\n", net.MeanProb(), 100*net.FrozenFraction(0.9353))
	// Output:
	// 198800 weights, 198800 trainable, 410 fixed biases
	// mean p 0.25, frozen 0%
}

// (a) The presynaptic model trained by its own rule: each step draws masks, runs
// the batch forward and backward and updates weights and release probabilities.
func ExampleRule() {
	tensor.SetThreads(1) // concurrent runs: single-threaded BLAS each
	rng := rand.New(rand.NewPCG(1, 2))
	net := synapse.New(synapse.Config{Sizes: []int{20, 30, 4}, Synapses: synapse.Presynaptic, Bias: synapse.BiasFixed}, rng)
	rule := &synapse.Rule{LR: 0.05, PUp: 0.07, PDown: 0.07, GLim: 0.001} // energy experiment, lambda 0
	x, y := make([]float32, 50*20), make([]int32, 50)
	var first, loss float64
	for step := 0; step < 300; step++ {
		toyBatch(rng, x, y)
		loss = net.TrainStep(x, y, 50, rule)
		if math.IsNaN(loss) {
			fmt.Println("diverged at step", step) // presyn reports an error naming the run
			return
		}
		if step == 0 {
			first = loss
		}
	}
	fmt.Println("loss fell:", loss < first/2)
	fmt.Println("release probabilities rose:", net.MeanProb() > 0.25)
	// Output:
	// loss fell: true
	// release probabilities rose: true
}

// (b) A deterministic MLP with learned biases trained by Adam (or SGD: swap the
// optimiser); the optimiser steps the Net's flat Params with its Grads.
func ExampleOptimize() {
	rng := rand.New(rand.NewPCG(3, 4))
	net := synapse.New(synapse.Config{Sizes: []int{20, 30, 4}, Bias: synapse.BiasLearned}, rng)
	opt := synapse.Optimize(optim.NewAdam(len(net.Params()), optim.AdamSettings{LR: 1e-2}))
	x, y := make([]float32, 50*20), make([]int32, 50)
	var first, loss float64
	for step := 0; step < 100; step++ {
		toyBatch(rng, x, y)
		loss = net.TrainStep(x, y, 50, opt)
		if step == 0 {
			first = loss
		}
	}
	fmt.Println("loss fell:", loss < first/2)
	// Output: loss fell: true
}

// (c) The energy experiment's control: stochastic release with the fixed
// probability 0.4 (masks drawn every pass, weights used as mask*w/0.4), trained
// with SGD, lr 0.05, and L2 strength lambda on the weights only.
func ExampleConfig_fixedRelease() {
	rng := rand.New(rand.NewPCG(5, 6))
	net := synapse.New(synapse.Config{Sizes: []int{20, 30, 4}, Synapses: synapse.FixedRelease, PFixed: 0.4, Bias: synapse.BiasLearned}, rng)
	const lambda = 0.001
	// Decay the weights (the head of Params), not the biases: two SGDs.
	nW := net.NumWeights()
	wOpt := optim.NewSGD(nW, optim.SGDSettings{LR: 0.05, WeightDecay: lambda})
	bOpt := optim.NewSGD(len(net.Params())-nW, optim.SGDSettings{LR: 0.05})
	x, y := make([]float32, 50*20), make([]int32, 50)
	var first, loss float64
	for step := 0; step < 300; step++ {
		toyBatch(rng, x, y)
		loss = net.ForwardBackward(x, y, 50)
		wOpt.Step(net.Params()[:nW], net.Grads()[:nW])
		bOpt.Step(net.Params()[nW:], net.Grads()[nW:])
		if step == 0 {
			first = loss
		}
	}
	fmt.Println("loss fell:", loss < first/2, "mean p:", net.MeanProb() > 0.39)
	// Output: loss fell: true mean p: true
}

// Test-time evaluation: average the softmax of 10 sampled networks (fresh masks
// every Predict) and take the argmax; HiddenActivity gives the neuron energy of
// the last pass. The last batch of a test set may be partial.
func ExampleNet_Predict() {
	rng := rand.New(rand.NewPCG(7, 8))
	net := synapse.New(synapse.Config{Sizes: []int{20, 30, 4}, Synapses: synapse.Presynaptic, Bias: synapse.BiasFixed}, rng)
	const n = 37
	x, y := make([]float32, n*20), make([]int32, n)
	toyBatch(rng, x, y)
	probs, mean := make([]float32, n*4), make([]float64, n*4)
	activity := make([]float64, n)
	for s := 0; s < 10; s++ {
		net.Predict(x, n, probs)
		net.HiddenActivity(activity)
		for i, p := range probs {
			mean[i] += float64(p) / 10
		}
	}
	var sum float64
	for _, p := range mean[:4] {
		sum += p
	}
	fmt.Printf("sample 0: probabilities sum to %.3f, hidden activity > 0: %v\n", sum, activity[0] > 0)
	// Output: sample 0: probabilities sum to 1.000, hidden activity > 0: true
}

// The diagonal empirical Fisher information with every release probability set to
// 1: switch sampling off and square per-sample gradients of the loss (batch of 1;
// the cross-entropy of one sample is minus its log-probability).
func ExampleNet_SetSampling() {
	rng := rand.New(rand.NewPCG(9, 10))
	net := synapse.New(synapse.Config{Sizes: []int{20, 30, 4}, Synapses: synapse.Presynaptic, Bias: synapse.BiasFixed}, rng)
	const n = 64
	x, y := make([]float32, n*20), make([]int32, n)
	toyBatch(rng, x, y)
	net.SetSampling(false)
	defer net.SetSampling(true)
	fisher := make([]float64, net.NumWeights())
	for i := 0; i < n; i++ {
		net.ForwardBackward(x[i*20:(i+1)*20], y[i:i+1], 1)
		for k, g := range net.AllWeightGrads() {
			fisher[k] += float64(g) * float64(g) / n
		}
	}
	positive := 0
	for _, f := range fisher {
		if f > 0 {
			positive++
		}
	}
	fmt.Println(len(fisher), "entries, most positive:", positive > len(fisher)/2)
	// Output: 720 entries, most positive: true
}
