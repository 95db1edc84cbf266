package ablation

import (
	"fmt"
	"math"
	"strings"

	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
)

// fig5aClaim is the paper's claim for the fixed-p control, on every benchmark.
var fig5aClaim = func() string {
	var parts []string
	for _, b := range Benchmarks {
		parts = append(parts, b.FixedPDrop.Source[strings.Index(b.FixedPDrop.Source, ":")+2:])
	}
	return strings.Join(parts, " and ")
}()

// Artefacts is Figure 5a, over the ablation of every benchmark of Benchmarks.
func Artefacts() []paper.Artefact {
	var sources []paper.Source
	var values []paper.Value
	var commands, drops, alphas []string
	for _, b := range Benchmarks {
		drops = append(drops, b.FixedPDrop.String())
		alphas = append(alphas, fmt.Sprintf("p < %g", b.Alpha))
		sources = append(sources, paper.Source{Dir: Folder(b.Task), Study: Study{}.Name(), Task: b.Task, Figure: Fig5a, Suffix: b.Suffix})
		values = append(values, b.FixedPDrop)
		commands = append(commands, "presyn ablation --task "+b.Task)
	}
	return []paper.Artefact{{
		ID: Fig5a, What: "ablation on Split and Permuted MNIST", Claim: "every part helps; the " + fig5aClaim,
		Command: strings.Join(commands, "; "), Sources: sources, Values: values,
		Rule: fmt.Sprintf("on %s every variant below the full model, and the fixed-p drop within tolerance of %s points and significant (%s)",
			strings.Join(Tasks, " and "), strings.Join(drops, " and "), strings.Join(alphas, ", ")),
		Check: checkFig5a,
	}}
}

// checkFig5a judges the ablation of every benchmark; each source is one
// benchmark's folder, in the order of Benchmarks.
func checkFig5a(dirs []string) (paper.Finding, error) {
	var parts []string
	ok := true
	f := paper.Finding{Files: map[string][]byte{}}
	missing := 0
	for i, b := range Benchmarks {
		if dirs[i] == "" {
			return f, paper.NotRunError("no ablation of %s (%s)", b.Task, Folder(b.Task))
		}
		s, runs, notDone, err := study.Load[Study, lifelong.Run](dirs[i])
		if err != nil {
			return f, err
		}
		missing += len(notDone)
		if s.Task != b.Task {
			return f, fmt.Errorf("%s holds the ablation of %s, not of %s", dirs[i], s.Task, b.Task)
		}
		// A damaged run file was refused by Collect (lifelong's checks).
		_, aggs := Summarise(b.Task, runs)
		f.Files[b.Suffix+".csv"] = results.EncodeRows(aggs)
		var full, fixed *Aggregate
		for i := range aggs {
			switch aggs[i].Variant {
			case "full":
				full = &aggs[i]
			case "fixed-p":
				fixed = &aggs[i]
			}
		}
		if full == nil || fixed == nil || len(aggs) < len(Variants) {
			return f, paper.NotRunError("%s lacks finished runs of some variants (has %d of %d)", dirs[i], len(aggs), len(Variants))
		}
		for _, r := range aggs {
			if r.Variant != "full" {
				ok = ok && r.MeanAcc.Mean < full.MeanAcc.Mean
			}
		}
		drop := full.MeanAcc.Mean - fixed.MeanAcc.Mean
		dropSE := math.Hypot(full.MeanAcc.SE, fixed.MeanAcc.SE)
		ok = ok && paper.Matches(stats.Estimate{Mean: drop, SE: dropSE}, b.FixedPDrop) && fixed.P < b.Alpha
		parts = append(parts, fmt.Sprintf("%s: fixed p drops %.2f points (t = %.2f, p = %.3g)", b.Task, drop, fixed.T, fixed.P))
	}
	f.Ours, f.Verdict, f.Note = strings.Join(parts, "; "), paper.Judge(ok), paper.MissingNote(missing)
	return f, nil
}
