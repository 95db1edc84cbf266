// Package energy reproduces the energy-efficiency experiments of the paper: Figure 1
// (mutual information against synaptic energy over an L2 sweep, for the
// presynaptic network and two deterministic controls), Appendix 1 figure 1a, b (the
// same per L2 strength, and with energy counted as neuron activity) and, in FixedP,
// Appendix 1 figure 1c (information per energy against a fixed release
// probability, the best learning rate per p).
//
// Study plans one training run per (model, L2 strength, seed) of the configs in
// Models (energy-presyn, energy-mlp, energy-mlp-fixed); FixedP one per (p, learning
// rate, seed) of energy-mlp-fixed. Each run is `presyn train` of its config
// (package runkit); the study collects each run's last epoch and its best ratio of
// information to energy, and renders aggregate.csv, the figures and a report
// section from the collected runs alone.
//
// The energy of a network is the published code's: the expected sum of absolute
// weights that transmit, sum p|w| (REFERENCE.md), measured by package metric.
package energy
