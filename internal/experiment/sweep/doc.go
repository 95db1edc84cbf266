// Package sweep holds the user's own studies: Study trains a config at every point
// of a grid over config keys and seeds (presyn sweep), and Tune searches random
// points of ranges for the setting with the best mean accuracy on a lifelong
// benchmark (presyn tune: how BGD's and EWC's settings were chosen).
//
// Neither reproduces an artefact of the paper by itself; both are the same
// plan/execute/collect/render pipeline (package study) as the paper's experiments.
package sweep
