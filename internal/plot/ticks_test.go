package plot

import (
	"math"
	"strings"
	"testing"
)

// The expected labels are what a reader of the paper's figures would write by hand:
// round steps, about five labels, no trailing zeros, integers for whole steps.
func TestTicker(t *testing.T) {
	for _, tt := range []struct {
		name   string
		ticker Ticker
		lo, hi float64
		want   string
	}{
		{"accuracy in percent from 50", Ticker{}, 50, 100, "50 60 70 80 90 100"},
		{"accuracy in percent from 0", Ticker{}, 0, 100, "0 20 40 60 80 100"},
		{"a fraction", Ticker{}, 0, 1, "0 0.2 0.4 0.6 0.8 1"},
		{"neuron counts", Ticker{}, 0, 1000, "0 200 400 600 800 1000"},
		{"a curve just below 1", Ticker{}, 0.11, 0.9999, "0.2 0.4 0.6 0.8"},
		{"halves", Ticker{}, 0, 2, "0 0.5 1 1.5 2"},
		{"halves on a count axis", Ticker{Integer: true}, 0, 2, "0 1 2"},
		{"epochs", Ticker{}, 1, 5, "1 2 3 4 5"},
		{"narrow", Ticker{}, 0.31, 0.39, "0.32 0.34 0.36 0.38"},
		{"zero is 0, not -1e-12", Ticker{}, -1e-12, 0.5, "0 0.1 0.2 0.3 0.4 0.5"},
		{"negative", Ticker{}, -1, 1, "-1 -0.5 0 0.5 1"},
		{"tiny values in short form", Ticker{}, 0, 3e-7, "0 1e-07 2e-07 3e-07"},
		{"large values in short form", Ticker{}, 0, 4e6, "0 1e+06 2e+06 3e+06 4e+06"},
		{"three labels asked", Ticker{Labels: 3}, 0, 100, "0 50 100"},
		{"a single value", Ticker{}, 5, 5, "5"},
		{"NaN", Ticker{}, math.NaN(), 1, ""},
		{"Inf", Ticker{}, 0, math.Inf(1), ""},
		{"reversed", Ticker{}, 1, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ticks := tt.ticker.Ticks(tt.lo, tt.hi)
			var labels []string
			for _, tk := range ticks {
				if tt.lo < tt.hi && (tk.Value < tt.lo-1e-9*(tt.hi-tt.lo) || tk.Value > tt.hi+1e-9*(tt.hi-tt.lo)) {
					t.Errorf("tick %v outside [%v, %v]", tk.Value, tt.lo, tt.hi)
				}
				if tt.ticker.Integer && tk.Value != math.Trunc(tk.Value) {
					t.Errorf("integer axis has a tick at %v", tk.Value)
				}
				if tk.Label != "" {
					labels = append(labels, tk.Label)
				}
			}
			if got := strings.Join(labels, " "); got != tt.want {
				t.Errorf("Ticks(%v, %v) labels %q, want %q", tt.lo, tt.hi, got, tt.want)
			}
		})
	}
}

// Minor ticks sit between the labelled ones: five intervals to a step of 1 or 5,
// four to a step of 2, none below 1 on an integer axis.
func TestTickerMinor(t *testing.T) {
	for _, tt := range []struct {
		ticker    Ticker
		lo, hi    float64
		wantTicks int
	}{
		{Ticker{}, 50, 100, 26},                     // step 10, minor 2
		{Ticker{}, 0, 1, 21},                        // step 0.2, minor 0.05
		{Ticker{}, 0, 100, 21},                      // step 20, minor 5
		{Ticker{Integer: true}, 0, 2, 3},            // step 1: no minor ticks at halves
		{Ticker{Integer: true}, 0, 1000, 21},        // step 200, minor 50
		{Ticker{Integer: true, Labels: 3}, 0, 4, 3}, // step 2: minor ticks at 0.5 would not be whole
	} {
		if got := len(tt.ticker.Ticks(tt.lo, tt.hi)); got != tt.wantTicks {
			t.Errorf("%+v Ticks(%v, %v): %d ticks, want %d", tt.ticker, tt.lo, tt.hi, got, tt.wantTicks)
		}
	}
}
