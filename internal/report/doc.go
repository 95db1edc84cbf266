// Package report assembles the whole-paper reproduction report. It owns the list
// of the paper's artefacts (../shared/PAPER_RESULTS.md: every figure and table,
// by id), where in a results folder the study that reproduces each one writes
// its figure and the numbers behind it, and the check that turns those numbers
// into a verdict.
//
// Build reads a results folder as the studies leave it (results/energy,
// results/lifelong/split-mnist, ...) and, for every artefact, copies its figure
// (PNG, SVG, PDF) and the CSV behind it into the figures folder as <id>.png,
// <id>.svg, <id>.pdf and <id>.csv, reads our numbers from the CSVs and states a
// verdict:
//
//   - matches: the paper's number is reproduced within PAPER_RESULTS.md's
//     tolerance (within 3 combined standard errors, or within 1.5 points where
//     the paper gives an SE below 0.5 or none; a point is 0.01 for a quantity
//     between 0 and 1, such as a correlation), or the paper's qualitative claim
//     holds by the check the artefact states;
//   - differs: it does not, and the entry says by how much;
//   - not run: the study's outputs are not in the results folder;
//   - no claim: the paper shows the artefact without a claim to check.
//
// Every verdict is computed from the CSVs, never typed by hand; each artefact's
// check says in its Rule what it compares. The Markdown report and an HTML page
// (index.html) show the same entries, with the machine, versions, BLAS backends
// and the summed wall time of each experiment's runs.
package report
