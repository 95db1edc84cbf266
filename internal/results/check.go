package results

import (
	"fmt"
	"math"
)

// Check judges the rows a run file holds against what the run's config says it
// must hold: how many rows, in what order, and which numbers are finite or
// fractions. A study's Collect makes one Check per file it reads, calls its
// methods for every row and returns Err: the first problem, naming the file and
// the line (a file written by WriteRows has its header on line 1 and row i on
// line i+2). After the first problem the methods do nothing, so a caller can
// check every row without testing the error in between.
//
// A file cut at a row boundary still parses; Check is what tells it from a
// complete one.
type Check struct {
	Path string // the file, as read
	err  error
}

// NewCheck returns the Check of the file path.
func NewCheck(path string) *Check { return &Check{Path: path} }

// Err returns the first problem found, or nil.
func (c *Check) Err() error { return c.err }

// Failf records a problem of the whole file, unless one is already recorded.
func (c *Check) Failf(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("results: %s: %s", c.Path, fmt.Sprintf(format, args...))
	}
}

// RowFailf records a problem of row i (from 0), unless one is already recorded.
func (c *Check) RowFailf(i int, format string, args ...any) {
	c.Failf("line %d: %s", i+2, fmt.Sprintf(format, args...))
}

// Rows checks that the file has want rows; why says where the number comes from
// ("3 tasks x 2 epochs"), for the message.
func (c *Check) Rows(n, want int, why string) {
	if n != want {
		c.Failf("has %d rows, want %d (%s): the file is damaged or cut short", n, want, why)
	}
}

// Int checks that column of row i holds want: the rows are complete and in
// order, once each.
func (c *Check) Int(i int, column string, got, want int) {
	if got != want {
		c.RowFailf(i, "column %q is %d, want %d (rows are missing, repeated or out of order)", column, got, want)
	}
}

// Finite checks that column of row i holds a finite number.
func (c *Check) Finite(i int, column string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		c.RowFailf(i, "column %q is %v, want a finite number", column, x)
	}
}

// NonNegative checks that column of row i holds a finite number >= 0 (a time, an
// energy, a count).
func (c *Check) NonNegative(i int, column string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		c.RowFailf(i, "column %q is %v, want a finite number >= 0", column, x)
	}
}

// Fraction checks that column of row i holds a number in [0, 1]: an accuracy, a
// probability, a fraction of synapses.
func (c *Check) Fraction(i int, column string, x float64) {
	if !(x >= 0 && x <= 1) {
		c.RowFailf(i, "column %q is %v, want a fraction in [0, 1]", column, x)
	}
}

// FractionOrNaN is Fraction, except that NaN (not measured) is accepted.
func (c *Check) FractionOrNaN(i int, column string, x float64) {
	if !math.IsNaN(x) {
		c.Fraction(i, column, x)
	}
}
