// Command presyn reproduces the experiments of Schug, Benzing & Steger (eLife 2021),
// "Presynaptic stochasticity improves energy efficiency and helps alleviate the
// stability-plasticity dilemma". See README.md.
package main

import (
	"os"

	"github.com/presyn/presyn/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
