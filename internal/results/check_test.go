package results

import (
	"math"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name string
		do   func(c *Check)
		want string // "" for no error
	}{
		{"all well", func(c *Check) {
			c.Rows(2, 2, "2 epochs")
			c.Int(0, "epoch", 1, 1)
			c.Fraction(0, "acc", 1)
			c.Fraction(1, "acc", 0)
			c.FractionOrNaN(1, "acc", math.NaN())
			c.Finite(1, "bits", -3)
			c.NonNegative(1, "seconds", 0)
		}, ""},
		{"cut short", func(c *Check) { c.Rows(1, 2, "2 epochs") }, "f.csv: has 1 rows, want 2 (2 epochs)"},
		{"out of order", func(c *Check) { c.Int(2, "epoch", 1, 3) }, `f.csv: line 4: column "epoch" is 1, want 3`},
		{"1.7", func(c *Check) { c.Fraction(0, "acc", 1.7) }, `line 2: column "acc" is 1.7, want a fraction in [0, 1]`},
		{"-7", func(c *Check) { c.Fraction(0, "acc", -7) }, `column "acc" is -7`},
		{"Inf", func(c *Check) { c.FractionOrNaN(0, "acc", math.Inf(1)) }, `column "acc" is +Inf`},
		{"NaN fraction", func(c *Check) { c.Fraction(0, "acc", math.NaN()) }, `column "acc" is NaN`},
		{"NaN", func(c *Check) { c.Finite(0, "bits", math.NaN()) }, `column "bits" is NaN, want a finite number`},
		{"negative", func(c *Check) { c.NonNegative(0, "seconds", -1) }, `column "seconds" is -1, want a finite number >= 0`},
		{"the first problem kept", func(c *Check) { c.Fraction(0, "a", 2); c.Fraction(1, "b", 3) }, `column "a" is 2`},
	} {
		ch := NewCheck("f.csv")
		c.do(ch)
		err := ch.Err()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
