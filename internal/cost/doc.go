// Package cost owns predicting what runs cost on this machine, before they run:
// the core-hours of a study's runs and the wall time of a queue of them on a
// number of workers.
//
// A prediction has two halves that never mix:
//
//   - Work is what a run computes, counted from its config alone and the same on
//     every machine: FLOPs of its matrix products (multiply-adds counted twice)
//     and element-wise work (synapses touched, samples copied), per Kind of work.
//     A training run's is counted by package train (train.CountWork: its steps,
//     passes and test-set measurements, from the rules the run itself follows);
//     every study says what its runs compute by implementing Counter.
//   - Machine is a calibration: how fast this machine does each Kind, measured by
//     timing short real runs of presyn's own code (a few hundred training steps
//     of the 784-200-200-10 network for each kind of synapse and method, a
//     measurement of sampled networks, EWC's Fisher estimate, the perceptron's
//     updates), with one BLAS thread as studies run, in a few seconds. It is
//     cached under the user's cache folder, keyed by CPU, BLAS core, kernels and
//     presyn version (Cached).
//
// Seconds prices a Work with a Machine; Wall schedules the runs' seconds on
// workers as presyn paper does (longest first); Machine.Plan does both for a
// list of studies and their folders, predicting only the runs not finished
// there. The time of a run is the sum of its parts: FLOPs at the rate the
// calibration saw for that kind (SGEMM's own rate on the training or test
// products, measured alone), plus element-wise work at the nanoseconds per
// element that remained of the measured time. Other layer sizes and batch sizes
// scale by their FLOPs and synapses. Runs side by side, one per core, each run
// slower than alone (shared caches and memory bus, and on a virtual machine its
// host's other guests): the calibration measures that slowdown with every core
// busy (Machine.ParallelSlowdown) and RunSeconds applies it in proportion to
// the workers. A machine busy with other work runs slower than predicted; the
// calibration (medians of interleaved rounds) sees only the load of its own
// seconds.
package cost
