package results

import (
	"encoding/json"
	"math"
)

// Stat is a statistic in a JSON file: a number, or null when it is undefined
// (NaN or infinite), as a t-test or a standard error of one seed is.
// encoding/json refuses to write NaN and Inf, so a float64 field that may be
// undefined would make the whole file fail to encode; null reads back as NaN.
type Stat float64

// Defined reports whether x is a number (neither NaN nor infinite).
func (x Stat) Defined() bool { return !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) }

// MarshalJSON writes x, or null when it is undefined.
func (x Stat) MarshalJSON() ([]byte, error) {
	if !x.Defined() {
		return []byte("null"), nil
	}
	return json.Marshal(float64(x))
}

// UnmarshalJSON reads a number, or null as NaN.
func (x *Stat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = Stat(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = Stat(f)
	return nil
}
