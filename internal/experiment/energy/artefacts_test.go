package energy

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/paper/papertest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// The artefacts' checks are tested on study folders made from chosen numbers,
// without training: each planned run's folder holds the files a run writes
// (config.json, metrics.csv, or DIVERGED), so what reads them is the code that
// reads real runs. The energy artefacts state no number (PAPER_RESULTS.md rows
// fig1a, fig1b, app1a, app1b, app1c give orders and an optimum), so every
// verdict below follows from the order of the chosen numbers under the
// artefact's Rule.

// point is a run's last epoch: mutual information in bits, synaptic energy and
// neuron energy.
type point struct{ bits, synaptic, neuron float64 }

// outcome is how a made-up run ended; the zero outcome is a run not finished.
type outcome struct {
	epochs   []point // metrics.csv, one row per epoch
	diverged bool    // DIVERGED instead of metrics.csv
}

// done is a run whose last epoch is at p, the ones before it at half p's bits.
func done(p point) outcome {
	return outcome{epochs: []point{{p.bits / 2, p.synaptic, p.neuron}, p}}
}

var diverged = outcome{diverged: true}

// finish makes dir a folder of s (its marker, as study.Prepare writes it) in
// which every run that fate finishes holds its files.
func finish[R any](t *testing.T, s study.Study[R], dir string, fate func(study.Run) outcome) {
	t.Helper()
	runs, err := study.Prepare(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		o := fate(r)
		if o.epochs == nil && !o.diverged {
			continue
		}
		run := filepath.Join(dir, "runs", r.ID)
		if err := os.MkdirAll(run, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := results.NewManifest(s.Name(), r.Config, r.Seed, "").Write(run); err != nil {
			t.Fatal(err)
		}
		if o.diverged {
			if err := results.WriteFileAtomic(filepath.Join(run, runkit.DivergedFile), []byte("train: loss is NaN\n")); err != nil {
				t.Fatal(err)
			}
			continue
		}
		// The run's first epoch repeated until it has the config's epochs: the
		// last and the best epoch stay those of o.
		epochs := o.epochs
		for len(epochs) < r.Config.(config.Train).Epochs {
			epochs = append([]point{epochs[0]}, epochs...)
		}
		var rows []train.EpochMetrics
		for i, p := range epochs {
			rows = append(rows, train.EpochMetrics{Task: 1, Epoch: i + 1, TrainLoss: 0.3, TrainAcc: 0.95, TestAcc: 0.96,
				MutualInfoBits: p.bits, EnergySynaptic: p.synaptic, EnergyNeuron: p.neuron, MeanP: 0.4, Seconds: 1, TaskAccuracies: []float64{0.96}})
		}
		if err := results.WriteRows(filepath.Join(run, train.MetricsFile), rows); err != nil {
			t.Fatal(err)
		}
	}
}

// sweep is the energy study's numbers: model -> L2 strength -> how the run of
// the one seed of Quick ended.
type sweep map[string]map[float64]outcome

// paperOrder has the order PAPER_RESULTS.md states: presyn reaches 2 bits at
// energy 1000, the deterministic MLP at 2000, the fixed-p MLP at 3000 (fig1a);
// best bits per 1000 energy 3.6 > 1.7 > 1.07 (fig1b); presyn highest at both L2
// strengths (app1a); best bits per neuron energy 0.04 against 0.02 (app1b).
func paperOrder() sweep {
	return sweep{
		"presyn":    {0.01: done(point{2.0, 1000, 50}), 0.05: done(point{1.8, 500, 50})},
		"mlp":       {0.01: done(point{2.0, 2000, 100}), 0.05: done(point{1.7, 1000, 100})},
		"mlp-fixed": {0.01: done(point{2.0, 3000, 100}), 0.05: done(point{1.6, 1500, 100})},
	}
}

// with returns paperOrder with the runs of ch changed.
func with(ch sweep) sweep {
	s := paperOrder()
	for m, byL2 := range ch {
		for l2, o := range byL2 {
			s[m][l2] = o
		}
	}
	return s
}

// swapped returns paperOrder with models a and b exchanging their numbers.
func swapped(a, b string) sweep {
	s := paperOrder()
	s[a], s[b] = s[b], s[a]
	return s
}

// finishSweep makes dir a folder of Quick's energy study with the runs of sw.
func finishSweep(sw sweep) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		finish(t, Quick(), dir, func(r study.Run) outcome {
			p := r.Point.(energyPoint)
			return sw[p.Model][p.L2]
		})
	}
}

// fixedPGrid is the fixed-p study of the tests: three values of p, two learning
// rates, one seed.
func fixedPGrid() FixedP {
	return FixedP{Ps: []float64{0.2, 0.5, 1}, LRs: []float64{0.02, 0.05}, Seeds: []uint64{2019}, L2: 0.01}
}

// curve is the fixed-p study's numbers: p -> learning rate -> outcome.
type curve map[float64]map[float64]outcome

// interior has its maximum, 2.0 bits per 1000 energy, at p = 0.5 with learning
// rate 0.05, strictly inside the grid: the optimum "at low to intermediate p"
// of PAPER_RESULTS.md row app1c. The other learning rate of each p is worse.
func interior() curve {
	return curve{
		0.2: {0.02: done(point{1.0, 1000, 50}), 0.05: done(point{0.5, 1000, 50})},
		0.5: {0.02: done(point{1.0, 1000, 50}), 0.05: done(point{2.0, 1000, 50})},
		1:   {0.02: done(point{2.4, 2000, 50}), 0.05: done(point{1.2, 2000, 50})},
	}
}

func finishCurve(c curve) func(*testing.T, string) { return finishCurveOf(fixedPGrid(), c) }

// finishCurveOf makes dir a folder of s with the runs of c.
func finishCurveOf(s FixedP, c curve) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		finish(t, s, dir, func(r study.Run) outcome {
			p := r.Point.(fixedPPoint)
			return c[p.P][p.LR]
		})
	}
}

// finding is a case whose check gives a finding.
type finding struct {
	name  string
	make  func(*testing.T, string)
	want  map[string]paper.Verdict // by artefact id
	notes map[string]string        // the whole note, where given
}

var sweepIDs = []string{Fig1a, Fig1b, App1a, App1b}

// all returns every sweep artefact with verdict v.
func all(v paper.Verdict) map[string]paper.Verdict {
	m := map[string]paper.Verdict{}
	for _, id := range sweepIDs {
		m[id] = v
	}
	return m
}

var findings = []finding{
	{name: "the paper's order", make: finishSweep(paperOrder()), want: all(paper.Matched),
		notes: map[string]string{Fig1a: "", Fig1b: "", App1a: "", App1b: ""}},
	// presyn with the fixed-p MLP's numbers: the most energy to reach 2 bits,
	// the lowest bits per energy at every L2 and per neuron energy.
	{name: "presyn and the fixed-p MLP exchanged", make: finishSweep(swapped("presyn", "mlp-fixed")), want: all(paper.Differs),
		notes: map[string]string{App1a: "not at L2 0.01, 0.05"}},
	// presyn still cheapest and most efficient, but the fixed-p MLP reaches 2
	// bits at 2000, below the deterministic MLP's 3000 (fig1a's second clause),
	// and its best bits per energy 1.7 exceed the deterministic 1.07 (fig1b).
	{name: "the fixed-p MLP cheaper than the deterministic one", make: finishSweep(swapped("mlp", "mlp-fixed")),
		want: map[string]paper.Verdict{Fig1a: paper.Differs, Fig1b: paper.Differs, App1a: paper.Matched, App1b: paper.Matched}},
	// presyn at L2 0.05 gives 1 bit at 1000: 1.0 bits per 1000 energy, below the
	// MLP's 1.7 there (app1a), while its best (2.0 at L2 0.01) still leads (fig1b)
	// and its 2 bits still cost the least (fig1a).
	{name: "presyn loses at one L2 strength", make: finishSweep(with(sweep{"presyn": {0.05: done(point{1.0, 1000, 50})}})),
		want:  map[string]paper.Verdict{Fig1a: paper.Matched, Fig1b: paper.Matched, App1a: paper.Differs, App1b: paper.Matched},
		notes: map[string]string{App1a: "not at L2 0.05"}},
	// fig1a reads energy along each curve: the target, 1.95 bits, lies between
	// presyn's two points (1.94 at 600, 2.2 at 1500), reached at 635, and between
	// the MLP's (1.7 at 1000, 1.96 at 1400), reached at 1385. Its measured
	// points alone would give presyn 1500 against the MLP's 1400.
	{name: "the target between two measured points", make: finishSweep(sweep{
		"presyn":    {0.01: done(point{2.2, 1500, 50}), 0.05: done(point{1.94, 600, 50})},
		"mlp":       {0.01: done(point{1.96, 1400, 100}), 0.05: done(point{1.7, 1000, 100})},
		"mlp-fixed": {0.01: done(point{1.95, 3000, 100}), 0.05: done(point{1.6, 1500, 100})},
	}), want: all(paper.Matched), notes: map[string]string{Fig1a: ""}},
	// fig1a's target is the smallest best information: the fixed-p MLP only
	// reaches 1.6 bits (at 1500), presyn reaches it at 500, the MLP at 1000.
	{name: "a model's best run not finished", make: finishSweep(with(sweep{"mlp-fixed": {0.01: {}}})), want: all(paper.Matched),
		notes: map[string]string{Fig1a: "1 planned run not finished", App1b: "1 planned run not finished"}},
	{name: "a diverged run is left out", make: finishSweep(with(sweep{"mlp-fixed": {0.01: diverged}})), want: all(paper.Matched),
		notes: map[string]string{Fig1a: "", App1a: ""}},
	{name: "two runs not finished", make: finishSweep(with(sweep{"mlp-fixed": {0.01: {}}, "mlp": {0.01: {}}})),
		// the MLP's best is now 1.7 bits per 1000 energy at L2 0.05, still above 1.07
		want:  map[string]paper.Verdict{Fig1b: paper.Matched},
		notes: map[string]string{Fig1b: "2 planned runs not finished"}},

	{name: "an optimum at an intermediate p", make: finishCurve(interior()), want: map[string]paper.Verdict{App1c: paper.Matched},
		notes: map[string]string{App1c: "best-epoch reading: highest at p = 0.5"}},
	// 2.5 bits per 1000 energy at p = 0.2: the maximum at the grid's edge, what
	// the published energy gives (PAPER_RESULTS.md row app1c, REFERENCE.md).
	{name: "the maximum at the edge of the grid", make: finishCurve(func() curve {
		c := interior()
		c[0.2][0.05] = done(point{2.5, 1000, 50})
		return c
	}()), want: map[string]paper.Verdict{App1c: paper.Differs},
		notes: map[string]string{App1c: "the maximum is at the edge of the grid (p = 0.2); with the published energy (expected sum |w|) no interior optimum is expected, see REFERENCE.md; best-epoch reading: highest at p = 0.2"}},
	// The check reads each run's last epoch; a first epoch of 3 bits per 1000
	// energy at p = 1 moves only the best-epoch reading to the edge.
	{name: "the best epoch at the edge, the last inside", make: finishCurve(func() curve {
		c := interior()
		c[1][0.02] = outcome{epochs: []point{{6.0, 2000, 50}, {2.4, 2000, 50}}}
		return c
	}()), want: map[string]paper.Verdict{App1c: paper.Matched},
		notes: map[string]string{App1c: "best-epoch reading: highest at p = 1"}},
	// The grid in the spec's order, p = 0.5 first: the maximum is inside the
	// grid of values of p, not at the first p listed.
	{name: "the values of p listed out of order", make: finishCurveOf(func() FixedP {
		s := fixedPGrid()
		s.Ps = []float64{0.5, 1, 0.2}
		return s
	}(), interior()), want: map[string]paper.Verdict{App1c: paper.Matched}},
	// The best learning rate of p = 0.5 diverged: its other rate gives 1.0, below
	// p = 1's 1.2, and the maximum moves to the edge.
	{name: "the best learning rate diverged", make: finishCurve(func() curve {
		c := interior()
		c[0.5][0.05] = diverged
		return c
	}()), want: map[string]paper.Verdict{App1c: paper.Differs}},
	{name: "a run of the fixed-p sweep not finished", make: finishCurve(func() curve {
		c := interior()
		c[0.2][0.02] = outcome{}
		return c
	}()), want: map[string]paper.Verdict{App1c: paper.Matched},
		notes: map[string]string{App1c: "best-epoch reading: highest at p = 0.5; 1 planned run not finished"}},
}

// TestArtefactFindings checks each artefact on folders whose numbers make it
// match and differ, and fails for an artefact without both.
func TestArtefactFindings(t *testing.T) {
	var cover papertest.Coverage
	for _, c := range findings {
		dir := t.TempDir()
		c.make(t, dir)
		for id, want := range c.want {
			a := papertest.Find(t, Artefacts(), id)
			f, err := a.Check([]string{dir})
			if err != nil {
				t.Errorf("%s: %s: %v", c.name, id, err)
				continue
			}
			if f.Verdict != want {
				t.Errorf("%s: %s is %q, want %q (%s; %s)", c.name, id, f.Verdict, want, f.Ours, f.Note)
			}
			if note, ok := c.notes[id]; ok && f.Note != note {
				t.Errorf("%s: %s's note is %q, want %q", c.name, id, f.Note, note)
			}
			if f.Ours == "" || len(f.Files[".csv"]) == 0 {
				t.Errorf("%s: %s gives no numbers: %+v", c.name, id, f)
			}
			cover.Add(id, f.Verdict)
		}
	}
	cover.Require(t, Artefacts(), paper.Matched, paper.Differs)
}

// TestArtefactsNotRun checks that a check lacking runs to compare says not run.
func TestArtefactsNotRun(t *testing.T) {
	none := func(study.Run) outcome { return outcome{} }
	var cover papertest.Coverage
	for _, c := range []struct {
		name string
		ids  []string
		make func(*testing.T, string)
	}{
		{"every run missing", sweepIDs, func(t *testing.T, dir string) { finish(t, Quick(), dir, none) }},
		{"a model without finished runs", sweepIDs, finishSweep(with(sweep{"mlp-fixed": {0.01: {}, 0.05: {}}}))},
		{"every run of a model diverged", sweepIDs, finishSweep(with(sweep{"mlp": {0.01: diverged, 0.05: diverged}}))},
		{"a study of presyn alone", sweepIDs, func(t *testing.T, dir string) {
			s := Quick()
			s.Models = []string{"presyn"}
			finish(t, s, dir, func(r study.Run) outcome { return paperOrder()["presyn"][r.Point.(energyPoint).L2] })
		}},
		{"every fixed-p run missing", []string{App1c}, func(t *testing.T, dir string) { finish(t, fixedPGrid(), dir, none) }},
		{"two values of p left", []string{App1c}, finishCurve(func() curve {
			c := interior()
			c[1] = map[float64]outcome{0.02: diverged, 0.05: {}}
			return c
		}())},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.make(t, dir)
			for _, id := range c.ids {
				cover.Add(id, paper.NotRun)
				papertest.WantNotRun(t, papertest.Find(t, Artefacts(), id), []string{dir}, dir)
			}
		})
	}
	cover.Require(t, Artefacts(), paper.NotRun)
}

// damage makes the folder of fix and then rewrites one run's metrics.csv with
// edit applied to its last epoch; it returns that file.
func damage(fix func(*testing.T, string), run string, edit func(*train.EpochMetrics)) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		fix(t, dir)
		path := filepath.Join(dir, "runs", run, train.MetricsFile)
		resultstest.EditRows(t, path, func(rows []train.EpochMetrics) []train.EpochMetrics {
			edit(&rows[len(rows)-1])
			return rows
		})
		return path
	}
}

// overwrite makes the folder of fix and then replaces one run's metrics.csv by
// content; it returns that file.
func overwrite(fix func(*testing.T, string), run, content string) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		fix(t, dir)
		path := filepath.Join(dir, "runs", run, train.MetricsFile)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
}

// TestArtefactsDamagedRun checks that a number the checks read that is not a
// number is an error naming the run's file, not a verdict and not "not run".
func TestArtefactsDamagedRun(t *testing.T) {
	var cover papertest.Coverage
	sweepRun := runID("presyn", 0.01, 2019)
	fixedRun := fixedPID(0.5, 0.05, 2019)
	for _, c := range []struct {
		name string
		ids  []string
		make func(*testing.T, string) string
		want string // in the error besides the file
	}{
		{"NaN bits", sweepIDs, damage(finishSweep(paperOrder()), sweepRun, func(m *train.EpochMetrics) { m.MutualInfoBits = math.NaN() }), `"mutual_info_bits" is NaN`},
		{"infinite synaptic energy", sweepIDs, damage(finishSweep(paperOrder()), sweepRun, func(m *train.EpochMetrics) { m.EnergySynaptic = math.Inf(1) }), `"energy_synaptic" is +Inf`},
		{"NaN neuron energy", sweepIDs, damage(finishSweep(paperOrder()), sweepRun, func(m *train.EpochMetrics) { m.EnergyNeuron = math.NaN() }), `"energy_neuron" is NaN`},
		{"NaN accuracy", sweepIDs, damage(finishSweep(paperOrder()), sweepRun, func(m *train.EpochMetrics) { m.TestAcc = math.NaN() }), `"test_acc" is NaN`},
		{"metrics without epochs", sweepIDs, func(t *testing.T, dir string) string {
			finishSweep(paperOrder())(t, dir)
			path := filepath.Join(dir, "runs", sweepRun, train.MetricsFile)
			resultstest.EditRows(t, path, func(rows []train.EpochMetrics) []train.EpochMetrics { return rows[:0] })
			return path
		}, "has 0 rows, want 5"},
		{"a column missing", sweepIDs, overwrite(finishSweep(paperOrder()), sweepRun, "task,epoch\n1,1\n"), `no column "train_loss"`},
		{"a column missing in a fixed-p run", []string{App1c}, overwrite(finishCurve(interior()), fixedRun, "task,epoch\n1,1\n"), `no column "train_loss"`},
		{"NaN bits in a fixed-p run", []string{App1c}, damage(finishCurve(interior()), fixedRun, func(m *train.EpochMetrics) { m.MutualInfoBits = math.NaN() }), `"mutual_info_bits" is NaN`},
		{"infinite energy in a fixed-p run", []string{App1c}, damage(finishCurve(interior()), fixedRun, func(m *train.EpochMetrics) { m.EnergySynaptic = math.Inf(-1) }), `"energy_synaptic" is -Inf`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			file := c.make(t, dir)
			for _, id := range c.ids {
				cover.Add(id, paper.Error)
				papertest.WantError(t, papertest.Find(t, Artefacts(), id), []string{dir}, file, c.want)
			}
		})
	}
	cover.Require(t, Artefacts(), paper.Error)
}

// TestArtefactsReadRunsNotTables checks that the findings come from the runs:
// rewriting the tables Render writes, with another sweep's numbers, changes none.
func TestArtefactsReadRunsNotTables(t *testing.T) {
	// What Render of the reversed sweep would write.
	other := t.TempDir()
	finishSweep(swapped("presyn", "mlp-fixed"))(t, other)
	_, runs, _, err := study.Load[Study, Run](other)
	if err != nil {
		t.Fatal(err)
	}
	reversed := Summarise(runs)
	otherP := t.TempDir()
	finishCurve(curve{
		0.2: {0.02: done(point{9, 1000, 50}), 0.05: done(point{9, 1000, 50})},
		0.5: {0.02: done(point{1, 1000, 50}), 0.05: done(point{1, 1000, 50})},
		1:   {0.02: done(point{1, 1000, 50}), 0.05: done(point{1, 1000, 50})},
	})(t, otherP)
	fp, fpRuns, _, err := study.Load[FixedP, FixedPRun](otherP)
	if err != nil {
		t.Fatal(err)
	}
	edge := fp.Summarise(fpRuns)
	var cover papertest.Coverage

	for _, c := range []struct {
		name   string
		ids    []string
		make   func(*testing.T, string)
		tamper func(*testing.T, string)
	}{
		{"aggregate.csv and summary.csv", sweepIDs, finishSweep(paperOrder()), func(t *testing.T, dir string) {
			out := runkit.Tables{Dir: dir}
			runkit.WriteTable(&out, SummaryFile, reversed.Rows)
			runkit.WriteTable(&out, AggregateFile, reversed.Aggregate)
			if out.Err != nil {
				t.Fatal(out.Err)
			}
		}},
		{"aggregate.csv reduced to its header", sweepIDs, finishSweep(paperOrder()), func(t *testing.T, dir string) {
			if err := results.WriteRows(filepath.Join(dir, AggregateFile), []Aggregate{}); err != nil {
				t.Fatal(err)
			}
		}},
		{"app1c.csv and runs.csv", []string{App1c}, finishCurve(interior()), func(t *testing.T, dir string) {
			out := runkit.Tables{Dir: dir}
			runkit.WriteTable(&out, FixedPRunsFile, edge.Rows)
			runkit.WriteTable(&out, FixedPBestFile, edge.Best)
			if out.Err != nil {
				t.Fatal(out.Err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.make(t, dir)
			var arts []paper.Artefact
			for _, id := range c.ids {
				arts = append(arts, papertest.Find(t, Artefacts(), id))
			}
			for id, f := range papertest.WantUnchanged(t, arts, []string{dir}, func() { c.tamper(t, dir) }) {
				cover.Add(id, f.Verdict)
			}
		})
	}
	cover.Require(t, Artefacts()) // a derived-table case for every artefact
}
