package lifelong

import (
	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/study"
)

// Work implements cost.Counter: a training run of the task sequence, measured
// as the benchmark's figures need (Benchmark.Measured), as Execute measures it.
func (l Study) Work(r study.Run) (cost.Work, error) {
	b, err := LookupBenchmark(l.Task)
	if err != nil {
		return nil, err
	}
	return cost.Training(r.Config.(config.Train), b.Measured(), r.Seed)
}
