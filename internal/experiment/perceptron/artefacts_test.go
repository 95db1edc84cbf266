package perceptron

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/baseline"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/paper/papertest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
)

// The artefacts' checks are tested on study folders made from chosen
// accuracies, without training: each finished run's folder holds config.json
// and curves.csv as Execute writes them, so what reads them is Collect.
// PAPER_RESULTS.md states no number for fig5b or fig5c, only orders
// ("consolidated perceptron keeps task 1 better"; "consolidated > standard,
// significant"), so every verdict below follows from the chosen accuracies under
// the artefact's Rule.

// tinyStudy is a study of 4 seeds, 2 tasks and 3 passes per task; its sizes
// only need to validate, since nothing is trained.
func tinyStudy() Study {
	return Study{Seeds: []uint64{1000, 1001, 1002, 1003}, RunConfig: RunConfig{
		Tasks: 2, Patterns: 10, Inputs: 10, Batch: 5, Passes: 3, Samples: 1,
		Presyn: baseline.DefaultPresynSettings(),
	}}
}

// finals gives a run's accuracy on a task (from 1) after the last pass, by
// model and the seed's index in tinyStudy's seeds; ok false for a run not
// finished.
type finals func(model string, seed, task int) (acc float64, ok bool)

// finish makes dir a folder of tinyStudy whose finished runs rise from chance
// (0.5) after the first pass to the accuracies of f after the last.
func finish(t *testing.T, dir string, f finals) {
	t.Helper()
	s := tinyStudy()
	runs, err := study.Prepare(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runs {
		if _, ok := f(ModelStandard, i, 1); !ok {
			continue
		}
		var rows []Curve
		for _, model := range []string{ModelStandard, ModelPresyn} {
			for task := 1; task <= s.Tasks; task++ {
				final, _ := f(model, i, task)
				for pass := 1; pass <= s.TotalPasses(); pass++ {
					acc := 0.5 + (final-0.5)*float64(pass-1)/float64(s.TotalPasses()-1)
					rows = append(rows, Curve{Model: model, Seed: r.Seed, Task: task, Pass: pass, Accuracy: acc})
				}
			}
		}
		run := filepath.Join(dir, "runs", r.ID)
		if err := os.MkdirAll(run, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := results.NewManifest(s.Name(), r.Config, r.Seed, "").Write(run); err != nil {
			t.Fatal(err)
		}
		if err := results.WriteRows(filepath.Join(run, CurvesFile), rows); err != nil {
			t.Fatal(err)
		}
	}
}

// byModel makes finals from task 1's final accuracies per model and seed; task
// 2 ends at 0.95 for both models, and every run finishes.
func byModel(standard, presyn []float64) finals {
	return func(model string, seed, task int) (float64, bool) {
		switch {
		case task > 1:
			return 0.95, true
		case model == ModelPresyn:
			return presyn[seed], true
		}
		return standard[seed], true
	}
}

// without returns f with the runs of the seeds at skip not finished.
func without(f finals, skip ...int) finals {
	return func(model string, seed, task int) (float64, bool) {
		for _, s := range skip {
			if s == seed {
				return 0, false
			}
		}
		return f(model, seed, task)
	}
}

var (
	// kept: task 1 ends at 0.90-0.93 consolidated and 0.70-0.73 standard, so the
	// mean over tasks is 0.10 higher at an SE of 0.003 per model: t = 21.9, p = 6e-7,
	// far below 0.05.
	kept     = byModel([]float64{0.70, 0.71, 0.72, 0.73}, []float64{0.90, 0.91, 0.92, 0.93})
	forgotOn = byModel([]float64{0.90, 0.91, 0.92, 0.93}, []float64{0.70, 0.71, 0.72, 0.73})
	// noisy: consolidated task 1 ends at 0.76 on average (0.92, 0.60, ...)
	// against 0.75, but spread so widely that the t-test of the means over
	// tasks gives t = 0.11, p = 0.92.
	noisy = byModel([]float64{0.74, 0.76, 0.74, 0.76}, []float64{0.92, 0.60, 0.92, 0.60})
)

func TestArtefactFindings(t *testing.T) {
	var cover papertest.Coverage
	for _, c := range []struct {
		name string
		runs finals
		want map[string]paper.Verdict
		note string
	}{
		{"consolidated keeps task 1, significantly", kept, map[string]paper.Verdict{Fig5b: paper.Matched, Fig5c: paper.Matched}, ""},
		{"standard keeps task 1", forgotOn, map[string]paper.Verdict{Fig5b: paper.Differs, Fig5c: paper.Differs}, ""},
		{"consolidated above, not significantly", noisy, map[string]paper.Verdict{Fig5b: paper.Matched, Fig5c: paper.Differs}, ""},
		// three seeds of kept: t = 16.0, p = 9e-5, still significant
		{"a seed not finished", without(kept, 2), map[string]paper.Verdict{Fig5b: paper.Matched, Fig5c: paper.Matched}, "1 planned run not finished"},
		// with one seed there is no t-test (p is NaN): not significant
		{"one seed finished", without(kept, 1, 2, 3), map[string]paper.Verdict{Fig5b: paper.Matched, Fig5c: paper.Differs}, "3 planned runs not finished"},
	} {
		dir := t.TempDir()
		finish(t, dir, c.runs)
		for id, want := range c.want {
			f, err := papertest.Find(t, Artefacts(), id).Check([]string{dir})
			if err != nil {
				t.Errorf("%s: %s: %v", c.name, id, err)
				continue
			}
			if f.Verdict != want || f.Note != c.note {
				t.Errorf("%s: %s is %q (%s; note %q), want %q (note %q)", c.name, id, f.Verdict, f.Ours, f.Note, want, c.note)
			}
			if len(f.Files[".csv"]) == 0 {
				t.Errorf("%s: %s gives no table", c.name, id)
			}
			cover.Add(id, f.Verdict)
		}
	}
	cover.Require(t, Artefacts(), paper.Matched, paper.Differs)
}

func TestArtefactsNotRun(t *testing.T) {
	dir := t.TempDir()
	finish(t, dir, without(kept, 0, 1, 2, 3))
	for _, a := range Artefacts() {
		papertest.WantNotRun(t, a, []string{dir}, dir)
	}
}

// TestArtefactsDamagedRun checks that an accuracy that cannot be one, or a
// curves.csv out of shape, is an error naming the run's file, not a verdict
// and not "not run".
func TestArtefactsDamagedRun(t *testing.T) {
	run := filepath.Join("runs", "seed-1001", CurvesFile)
	for _, c := range []struct {
		name string
		edit func([]Curve) []Curve // of seed-1001's rows
		want string                // in the error
	}{
		{"an accuracy of 1.7", func(rows []Curve) []Curve { rows[len(rows)-1].Accuracy = 1.7; return rows },
			`line 25: column "accuracy" is 1.7, want a fraction in [0, 1]`},
		{"a NaN accuracy", func(rows []Curve) []Curve { rows[1].Accuracy = math.NaN(); return rows },
			`line 3: column "accuracy" is NaN`},
		{"an infinite accuracy", func(rows []Curve) []Curve { rows[0].Accuracy = math.Inf(-1); return rows },
			`line 2: column "accuracy" is -Inf`},
		{"a negative accuracy", func(rows []Curve) []Curve { rows[7].Accuracy = -0.1; return rows },
			`line 9: column "accuracy" is -0.1`},
		{"a row repeated", func(rows []Curve) []Curve { rows[3] = rows[2]; return rows }, `line 5: column "pass" is 3, want 4`},
		{"a pass missing", func(rows []Curve) []Curve { return rows[:len(rows)-1] }, "has 23 rows, want 24 (2 models x 2 tasks x 6 passes)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			finish(t, dir, kept)
			path := filepath.Join(dir, run)
			resultstest.EditRows(t, path, c.edit)
			for _, a := range Artefacts() {
				err := papertest.WantError(t, a, []string{dir}, c.want)
				if err != nil && !errors.Is(err, paper.ErrNotRun) && !strings.Contains(err.Error(), path) && !(strings.Contains(err.Error(), "seed-1001") && strings.Contains(err.Error(), CurvesFile)) {
					t.Errorf("%s: %q does not name %s", a.ID, err, path)
				}
			}
		})
	}
}

// TestArtefactsReadRunsNotTables checks that the findings come from the runs:
// rewriting the tables Render writes (curves.csv, summary.csv, ttest.json in
// the study folder) with another study's numbers changes none.
func TestArtefactsReadRunsNotTables(t *testing.T) {
	other := t.TempDir()
	finish(t, other, forgotOn)
	s, runs, _, err := study.Load[Study, Run](other)
	if err != nil {
		t.Fatal(err)
	}
	reversed := s.result(runs)
	curves, means := reversed.tables()

	dir := t.TempDir()
	finish(t, dir, kept)
	papertest.WantUnchanged(t, Artefacts(), []string{dir}, func() {
		out := runkit.Tables{Dir: dir}
		runkit.WriteTable(&out, CurvesFile, curves)
		runkit.WriteTable(&out, SummaryFile, means)
		if out.Err != nil {
			t.Fatal(out.Err)
		}
		if err := results.WriteJSONAtomic(filepath.Join(dir, TTestFile), reversed.Summary); err != nil {
			t.Fatal(err)
		}
	})
}
