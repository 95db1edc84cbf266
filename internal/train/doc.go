// Package train owns one training run: a resolved config (package config) and a
// seed become a network, a task sequence and a training method (package method),
// and the run folder that records them: config.json (the manifest), metrics.csv
// (a row per epoch, rewritten atomically after each) and checkpoint.gob (the
// trained network, restorable from the folder alone).
//
// The loop goes task by task and epoch by epoch over shuffled mini-batches (or,
// for continuous tasks, along the schedule's sample stream), calling the method's
// hooks (package method) around every forward and backward pass; it knows no
// method by name. After each epoch it evaluates: accuracy on every task seen so
// far with the softmax averaged over sampled networks, and on the current task the
// mutual information and neuron energy. A loss that becomes NaN or infinite stops
// the run with ErrDiverged, naming the task, epoch and step.
//
// Every random stream of a run comes from its seed (package rngs): the network's
// initialisation and masks ("network"), the batch order ("batch order") and the
// task permutations or class order ("tasks"). The training step allocates nothing.
package train
