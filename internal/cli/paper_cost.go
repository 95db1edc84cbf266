package cli

import (
	"fmt"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/study"
)

// jobSeconds predicts each job's seconds on one core of m, with workers
// runs at once, from its run's work, counted by the study it belongs to
// (counters, by the job's index in the queue).
func jobSeconds(m cost.Machine, jobs []study.Job, counters []cost.Counter, workers int) ([]float64, error) {
	seconds := make([]float64, len(jobs))
	for i, j := range jobs {
		w, err := counters[i].Work(j.Run)
		if err != nil {
			return nil, fmt.Errorf("paper: %s: %w", j.ID(), err)
		}
		if seconds[i], err = m.RunSeconds(w, workers); err != nil {
			return nil, fmt.Errorf("paper: %s: %w", j.ID(), err)
		}
	}
	return seconds, nil
}
