package perceptron

import (
	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/study"
)

// Work implements cost.Counter: a seed's run, counted as runPerceptronSeed
// computes it. Every pass over a task's patterns updates both models
// (patterns x inputs), then tests both on every task's patterns: the standard
// perceptron once, the stochastic one with Samples sampled networks voting.
func (c Study) Work(r study.Run) (cost.Work, error) {
	rc := r.Config.(RunConfig)
	passes := float64(rc.Tasks * rc.Passes)
	pattern := float64(rc.Patterns * rc.Inputs)
	tested := passes * float64(rc.Tasks) * pattern
	return cost.Work{
		{Kind: cost.PerceptronTrain, Elements: passes * pattern},
		{Kind: cost.PerceptronDot, Elements: tested},
		{Kind: cost.PerceptronVote, Elements: tested * float64(rc.Samples)},
	}, nil
}
