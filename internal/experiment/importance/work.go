package importance

import (
	"fmt"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/importance"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Work implements cost.Counter: an analysis run, counted as Execute computes
// it on the test set of the network's data set. The lesion measures, for each
// ranking of importance.Importances and each fraction, the lesioned network's
// accuracy with Samples sampled networks; the Fisher analysis takes one
// gradient per test sample; the sparsity analysis counts, which costs next to
// nothing. Training the networks is the energy studies' work (Networks).
func (Study) Work(r study.Run) (cost.Work, error) {
	rc := r.Config.(importanceRunConfig)
	net := rc.Network
	name, err := data.ParseName(net.Dataset)
	if err != nil {
		return nil, err
	}
	ds, err := data.Sizes{}.Load(name)
	if err != nil {
		return nil, err
	}
	size := data.Plain(ds).Test.Len()
	switch rc.Analysis {
	case AnalysisLesion:
		measures := len(importance.Importances) * len(rc.Fractions)
		passes := measures * rc.Samples
		return cost.Testing(net.Layers, net.EvalBatchSize, size, measures, passes, passes, cost.EvalMasks, false), nil
	case AnalysisFisher:
		return cost.Work{{Kind: cost.SampleGrads, FLOPs: float64(size) * train.ProductFLOPs(net.Layers, 1, true),
			Elements: float64(size) * float64(cost.Synapses(net.Layers))}}, nil
	case AnalysisSparsity:
		return cost.Work{}, nil
	}
	return nil, fmt.Errorf("importance: unknown analysis %q", rc.Analysis)
}
