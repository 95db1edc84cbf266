package energy

import (
	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/study"
)

// Work implements cost.Counter: a training run, measured as Execute measures it.
func (Study) Work(r study.Run) (cost.Work, error) {
	return cost.Training(r.Config.(config.Train), Measured, r.Seed)
}

// Work implements cost.Counter: a training run, measured as Execute measures it.
func (FixedP) Work(r study.Run) (cost.Work, error) {
	return cost.Training(r.Config.(config.Train), FixedPMeasured, r.Seed)
}
