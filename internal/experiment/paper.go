package experiment

import (
	"path/filepath"
	"slices"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/ablation"
	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/experiment/importance"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/perceptron"
	"github.com/presyn/presyn/internal/study"
)

// Step is one study of the whole paper: where its results go and the study.
type Step struct {
	Name  string // as the report's wall times name it: energy, lifelong/split-mnist, ...
	Dir   string // its results folder
	Study study.Handle
}

// Paper is every study the paper's artefacts are computed from, with its
// results folder under results, as presyn paper (and make figures) runs them:
// the energy and fixed-p sweeps, the importance analyses of the energy
// networks (with app1d's networks of uniform initial p, trained into the
// importance folder), the five lifelong benchmarks, the two ablations and the
// perceptron. quick takes every study's smoke profile. The importance
// analyses wait for their networks (study.ErrNotReady) until the energy sweep
// has trained them; no network is trained twice.
func Paper(results string, quick bool, loader data.Loader) []Step {
	dir := func(folder string) string { return filepath.Join(results, filepath.FromSlash(folder)) }
	var steps []Step
	add := func(name, folder string, h study.Handle) {
		steps = append(steps, Step{Name: name, Dir: dir(folder), Study: h})
	}

	e, fixedP, imp, perc := energy.Default(), energy.DefaultFixedP(), importance.Default(), perceptron.Default()
	if quick {
		e, fixedP, imp, perc = energy.Quick(), energy.QuickFixedP(), importance.Quick(), perceptron.Quick()
	}
	e.Data, fixedP.Data = loader, loader
	add("energy", energy.Folder, study.Of(e))
	add("energy-fixed-p", energy.FixedPFolder, study.Of(fixedP))

	imp.RunsDir, imp.Dir, imp.Data = dir(energy.Folder), dir(importance.Folder), loader
	planned := map[string]bool{}
	if runs, err := e.Plan(); err == nil {
		for _, r := range runs {
			planned[r.ID] = true
		}
	}
	// The importance folder first: it must be the importance study's before
	// the networks' folders are made inside it, as presyn importance does.
	add("importance", importance.Folder, study.Of(imp))
	for _, n := range imp.NetworksBesides(func(seed uint64) bool { return planned[importance.NetworkID(imp.L2, seed)] }) {
		n.Data = loader
		rel, _ := filepath.Rel(results, imp.NetworkDir(n))
		add("importance/"+filepath.Base(rel), filepath.ToSlash(rel), study.Of(n))
	}

	for _, b := range lifelong.Benchmarks {
		l := lifelong.Default(b.Name)
		if quick {
			l = lifelong.Quick(b.Name)
		}
		l.Data = loader
		add("lifelong/"+b.Name, lifelong.Folder(b.Name), study.Of(l))
	}
	for _, b := range ablation.Benchmarks {
		a := ablation.Default(b.Task)
		if quick {
			a = ablation.Quick(b.Task)
		}
		a.Data = loader
		add("ablation/"+b.Task, ablation.Folder(b.Task), study.Of(a))
	}
	add("perceptron", perceptron.Folder, study.Of(perc))
	return slices.Clip(steps)
}
