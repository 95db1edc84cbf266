// Package metric computes the paper's measurements on network outputs:
// accuracy, the mutual information between labels and soft predictions,
// neuron energy, and the lesion ranking of weights. (The softmax and the
// synaptic energy are the network's own: package synapse.)
//
// Everything here is a pure function (or a small accumulator) over flat
// row-major slices: it knows nothing about networks, layers or datasets, so
// the experiments can feed it from any model. Outputs are float32 as the
// networks produce them; sums and results are float64. Class labels are
// int32 in [0, classes), the type the data package stores them in.
//
// Shape mismatches and out-of-range labels are programmer errors and panic
// with a "metric:" prefix.
package metric
