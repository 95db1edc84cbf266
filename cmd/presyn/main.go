// Command presyn reproduces the experiments of Schug, Benzing & Steger (eLife 2021),
// "Presynaptic stochasticity improves energy efficiency and helps alleviate the
// stability-plasticity dilemma". See README.md.
package main

import (
	"os"

	"github.com/presyn/presyn/internal/cli"
	"github.com/presyn/presyn/internal/tensor"
)

func main() {
	// First of all, since it may start the process again: OpenBLAS on the kernels
	// this CPU runs fastest, not a generic fallback.
	tensor.UseFastCore(os.Stderr)
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
