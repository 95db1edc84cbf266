package paper_test

import (
	"errors"
	"fmt"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/stats"
)

// A reproduced mean is held to the paper's value by one rule: within 3 combined
// standard errors, or within 1.5 points where the paper's SE is below half a
// point. Appendix 1 table 1 gives 82.90 ± 0.01 for presynaptic consolidation on
// Split MNIST.
func ExampleMatches() {
	split := paper.Percent(82.90, 0.01, "tab1: Split MNIST, presynaptic consolidation")
	for _, ours := range []stats.Estimate{{Mean: 82.0, SE: 0.5}, {Mean: 81.3, SE: 0.5}} {
		fmt.Printf("%.2f ± %.2f against %s: %v\n", ours.Mean, ours.SE, split, paper.Judge(paper.Matches(ours, split)))
	}
	r := paper.Fraction(0.9390, 4, "fig3c: Pearson r = 0.9390")
	fmt.Println(r, paper.Matches(stats.Estimate{Mean: 0.891, SE: 0.010}, r))
	// Output:
	// 82.00 ± 0.50 against 82.90 ± 0.01: matches
	// 81.30 ± 0.50 against 82.90 ± 0.01: differs
	// 0.9390 false
}

// A check that lacks finished runs says what is missing with NotRunError; the
// report shows it as "not run", and any other error as a damaged file.
func ExampleNotRunError() {
	err := paper.NotRunError("no finished runs of %s", "bgd")
	fmt.Println(errors.Is(err, paper.ErrNotRun), err)
	fmt.Println(paper.JoinNotes("differs: ewc", paper.MissingNote(2), paper.MissingNote(0)))
	// Output:
	// true not run: no finished runs of bgd
	// differs: ewc; 2 planned runs not finished
}
