// Package report assembles the whole-paper reproduction report. It owns the list
// of the paper's artefacts (docs/PAPER_RESULTS.md: every figure and table,
// by id), where in a results folder the study that reproduces each one writes
// its figure and the numbers behind it, and the check that turns those numbers
// into a verdict.
//
// Build finds the studies of a results folder by their markers (experiment.json,
// in any folder below it: results/energy, results/lifelong/split-mnist, or
// wherever --out put them) and, for every artefact, copies its figure
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
//   - not run: no study of the artefact is in the results folder (the entry
//     says what was looked for, and where), or part of what it compares;
//   - no claim: the paper shows the artefact without a claim to check;
//   - not judged: smoke run: the study was made with --quick; its numbers are
//     shown, not held to the paper's.
//
// Every verdict is computed from the CSVs, never typed by hand; each artefact's
// check says in its Rule what it compares. The Markdown report and an HTML page
// (index.html) show the same entries, with the machine, versions, BLAS backends
// and the summed wall time of each experiment's runs.
package report
