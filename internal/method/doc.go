// Package method owns the training methods: what happens to a Net's parameters
// around each training step. The training loop (package train) knows no method by
// name; it calls a Method's hooks in this order:
//
//	for each task t:            BeginTask(net, t)
//	    for each batch:
//	        for pass k < Passes():  BeforeForward(net, k); forward; backward; AfterBackward(net, k)
//	                            EndTask(net, t, task's training set)
//
// The presynaptic rule of Schug et al. (learning-rate modulation, release
// probabilities, freezing), SGD and Adam are Methods here. A method that anchors
// weights at task ends (EWC) uses EndTask and adds its penalty's gradient in
// AfterBackward; one that samples weights per pass and averages several passes
// (BGD) uses BeforeForward and Passes.
//
// Each method owns its section of a run config: {"method": "presyn", "presyn":
// {"lr": 0.05, ...}}. Its Settings type holds the section's keys with their
// defaults, validates them against the network it will train and builds the
// Method. Adding a method is one file (its Settings and Method) plus one line in
// the definitions table of registry.go.
//
// Methods hold per-parameter state allocated once by New; hooks called per step
// allocate nothing.
package method
