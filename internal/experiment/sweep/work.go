package sweep

import (
	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Work implements cost.Counter: a training run measured only after each
// task's last epoch, as Execute measures it.
func (Study) Work(r study.Run) (cost.Work, error) {
	return cost.Training(r.Config.(config.Train), train.Evaluation{}, r.Seed)
}

// Work implements cost.Counter: a lifelong run measured only after each
// task's last epoch, as Execute measures it.
func (Tune) Work(r study.Run) (cost.Work, error) {
	return cost.Training(r.Config.(config.Train), train.Evaluation{}, r.Seed)
}
