package cli

import (
	"context"
	"fmt"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/study"
)

// paperMachine is the calibration presyn paper orders its queue by: the one
// kept for this machine, else a new one (seconds, said on streams.Err).
func paperMachine(ctx context.Context, streams Streams) (cost.Machine, error) {
	var pf planFlags
	return pf.machine(ctx, streams, "paper")
}

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
