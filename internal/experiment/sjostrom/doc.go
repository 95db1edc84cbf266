// Package sjostrom reproduces Appendix 1 figure 4: in the recordings of Sjöström
// et al. 2001 as published by Costa et al. (doi 10.5061/dryad.p286g), the relative
// change of synaptic strength after plasticity against the initial release
// probability, with its Pearson correlation (the paper's r = -0.4416).
//
// The data are the user's: Read accepts the layouts named by LayoutDirect and
// LayoutMoments, Analyse estimates release probabilities and correlates, and
// Result.Write draws app4 and writes app4.csv and app4-stats.csv.
package sjostrom
