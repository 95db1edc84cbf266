package experiment

import (
	"testing"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/experiment/ablation"
	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/experiment/importance"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/perceptron"
	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/study"
)

// Every study of the registry says what its runs compute (cost.Counter), for
// every run of its default plan: presyn --plan and presyn paper predict from it.
func TestEveryStudyCountsItsRuns(t *testing.T) {
	sw := sweep.Study{Config: "energy-presyn", Grid: []sweep.Axis{{Key: "l2", Values: []string{"0.01", "0.05"}}}, Seeds: []uint64{1}, Metric: "test_acc"}
	if err := sw.Resolve(); err != nil {
		t.Fatal(err)
	}
	handles := []study.Handle{study.Of(energy.Default()), study.Of(energy.DefaultFixedP()), study.Of(importance.Default()),
		study.Of(perceptron.Default()), study.Of(sw), study.Of(sweep.DefaultTune())}
	for _, b := range lifelong.Benchmarks {
		handles = append(handles, study.Of(lifelong.Default(b.Name)))
	}
	for _, task := range ablation.Tasks {
		handles = append(handles, study.Of(ablation.Default(task)))
	}
	named := map[string]bool{}
	for _, h := range handles {
		named[h.Name()] = true
		counter, ok := study.Unwrap(h).(cost.Counter)
		if !ok {
			t.Errorf("%s does not say what its runs compute (cost.Counter)", h.Name())
			continue
		}
		runs, err := h.Plan()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			w, err := counter.Work(r)
			if err != nil {
				t.Errorf("%s: run %s: %v", h.Name(), r.ID, err)
			}
			if len(w) == 0 && r.ID[:8] != "sparsity" {
				t.Errorf("%s: run %s computes nothing", h.Name(), r.ID)
			}
		}
	}
	for name := range Studies(nil) {
		if !named[name] {
			t.Errorf("study %q of the registry is not checked here", name)
		}
	}
}
