package experiment

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/ablation"
	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/experiment/importance"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/perceptron"
	"github.com/presyn/presyn/internal/experiment/sjostrom"
	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/study"
)

// Studies returns the registry that rebuilds every study from the spec its
// results folder records (for presyn collect); loader gives their data sets
// should they train.
func Studies(loader data.Loader) study.Registry {
	return study.Registry{
		energy.Study{}.Name():     open(func(s *energy.Study, _ string) { s.Data = loader }),
		energy.FixedP{}.Name():    open(func(s *energy.FixedP, _ string) { s.Data = loader }),
		perceptron.Study{}.Name(): open(func(*perceptron.Study, string) {}),
		lifelong.Study{}.Name():   open(func(s *lifelong.Study, _ string) { s.Data = loader }),
		ablation.Study{}.Name():   open(func(s *ablation.Study, _ string) { s.Data = loader }),
		sweep.Tune{}.Name():       open(func(s *sweep.Tune, _ string) { s.Data = loader }),
		sweep.Study{}.Name():      open(func(s *sweep.Study, _ string) { s.Data = loader }),
		importance.Study{}.Name(): open(func(s *importance.Study, dir string) { s.Data, s.Dir = loader, dir }),
	}
}

// open decodes a study's recorded spec strictly and gives it what the spec does
// not record (its data, its folder).
func open[S study.Study[R], R any](complete func(s *S, dir string)) func(string, json.RawMessage) (study.Handle, error) {
	return func(dir string, raw json.RawMessage) (study.Handle, error) {
		s, err := study.DecodeSpec[S](raw)
		complete(&s, dir)
		return study.Of[R](s), err
	}
}

// Artefacts returns every artefact of the paper, in PAPER_RESULTS.md's order
// (figures, then appendix figures, then the table and continuous Permuted
// MNIST), each declared by the experiment that reproduces it.
func Artefacts() []paper.Artefact {
	var all []paper.Artefact
	for _, of := range [][]paper.Artefact{energy.Artefacts(), importance.Artefacts(), lifelong.Artefacts(), ablation.Artefacts(), perceptron.Artefacts(), sjostrom.Artefacts()} {
		all = append(all, of...)
	}
	slices.SortStableFunc(all, func(a, b paper.Artefact) int { return compareIDs(a.ID, b.ID) })
	return all
}

// compareIDs orders artefact ids as PAPER_RESULTS.md does: fig*, app*, tab*,
// then the rest, each group by its number and letter.
func compareIDs(a, b string) int {
	rank := func(id string) int {
		for i, prefix := range []string{"fig", "app", "tab"} {
			if strings.HasPrefix(id, prefix) {
				return i
			}
		}
		return 3
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra - rb
	}
	return strings.Compare(a, b)
}
