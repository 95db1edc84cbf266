// Package paper holds what presyn is judged by: the paper's artefacts (every
// figure and table of docs/PAPER_RESULTS.md, by id), the numbers the paper states,
// each citing the row of PAPER_RESULTS.md it comes from, the one tolerance rule a
// reproduced number is held to, and the verdicts.
//
// An Artefact is declared by the experiment package that reproduces it (package
// experiment/energy declares fig1a, ...): its id, the study folders its figure and
// numbers come from (Sources), the paper's values (Values) and a Check that turns
// the finished runs of those folders into a Finding. Package report only asks
// for the artefacts and shows the findings; it knows no study's files.
//
// Verdicts:
//
//   - matches: every number is within tolerance of the paper's (Matches), or the
//     paper's qualitative claim holds by the check the artefact states;
//   - differs: it does not, and the finding says by how much;
//   - not run: the study is not in the results folder, or some of what the check
//     compares has no finished run;
//   - no claim: the paper shows the artefact without a claim to check;
//   - not judged: smoke run: the study was made with --quick (one seed,
//     shortened training): its numbers are shown, not held to the paper's;
//   - error: a file the check reads is damaged (a NaN, a missing column): the
//     finding names the run and the file.
//
// A number that is NaN or infinite never matches.
package paper
