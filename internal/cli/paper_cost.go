package cli

import (
	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/study"
)

// jobCosts is each job's relative cost: training epochs times passes per
// batch for a training run, one unit for the rest.
func jobCosts(jobs []study.Job) []float64 {
	cost := make([]float64, len(jobs))
	for i, j := range jobs {
		cost[i] = 1
		if cfg, ok := j.Run.Config.(config.Train); ok {
			passes := 1
			if b, ok := cfg.Settings.(*method.BGDSettings); ok {
				passes = b.KTrain
			}
			cost[i] = float64(cfg.Epochs * cfg.NumTasks * passes)
		}
	}
	return cost
}
