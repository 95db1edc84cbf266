// Package lifelongtest makes finished lifelong runs from chosen numbers, without
// training, for the tests of the packages that read them (lifelong, ablation):
// their files are written as a run writes them, so what reads them is the code
// that reads real runs. SourceDirs and WantDamaged are what those packages'
// artefact tests share beyond package papertest.
package lifelongtest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/paper/papertest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Numbers say what a made-up run measured. Accuracy is required; the others
// default to a presynaptic network whose mean p and frozen fraction rise task
// by task.
type Numbers struct {
	// Accuracy is the run's accuracy on task after learning task after (both
	// from 1); for joint training after is the last task.
	Accuracy func(r study.Run, after, task int) float64
	// MeanP and FracFrozen are the run's mean release probability and frozen
	// fraction after each epoch of task.
	MeanP, FracFrozen func(r study.Run, task, epoch int) float64
}

// Finish makes dir a folder of study s (its marker, as study.Prepare writes it)
// in which every planned run has finished with the given numbers.
func Finish[S study.Study[lifelong.Run]](t testing.TB, s S, dir string, n Numbers) {
	t.Helper()
	runs, err := study.Prepare[lifelong.Run](s, dir)
	if err != nil {
		t.Fatal(err)
	}
	if n.MeanP == nil {
		n.MeanP = func(_ study.Run, task, epoch int) float64 { return 0.3 + 0.05*float64(task) + 0.001*float64(epoch) }
	}
	if n.FracFrozen == nil {
		n.FracFrozen = func(_ study.Run, task, epoch int) float64 { return 0.08*float64(task) + 0.001*float64(epoch) }
	}
	for _, r := range runs {
		write(t, filepath.Join(dir, "runs", r.ID), s.Name(), r, n)
	}
}

func write(t testing.TB, dir, name string, r study.Run, n Numbers) {
	cfg := r.Config.(config.Train)
	tasks := max(cfg.NumTasks, 1)
	var matrix []lifelong.MatrixRow
	var first []lifelong.FirstTaskRow
	var epochs []train.EpochMetrics
	for after := 1; after <= tasks; after++ {
		for e := 1; e <= cfg.Epochs; e++ {
			at, trained := after, after
			if cfg.Joint { // one task of all tasks' samples, as train writes it
				if after < tasks {
					break
				}
				at, trained = tasks, 1
			}
			m := train.EpochMetrics{Task: trained, Epoch: e, TrainLoss: 0.5, TrainAcc: 0.9, MeanP: n.MeanP(r, trained, e), FracFrozen: n.FracFrozen(r, trained, e), Seconds: 1}
			for task := 1; task <= at; task++ { // the tasks seen, as train writes them
				m.TaskAccuracies = append(m.TaskAccuracies, n.Accuracy(r, at, task))
			}
			m.TestAcc = m.TaskAccuracies[0]
			epochs = append(epochs, m)
			first = append(first, lifelong.FirstTaskRow{Epoch: len(first) + 1, Accuracy: n.Accuracy(r, at, 1)})
		}
		if cfg.Joint && after < tasks {
			continue
		}
		for task := 1; task <= after; task++ {
			matrix = append(matrix, lifelong.MatrixRow{AfterTask: after, Task: task, Accuracy: n.Accuracy(r, after, task)})
		}
	}
	var modes []train.TestModeRow // a BGD run's: every task in every test mode
	if method.SampledAtTest(cfg.Settings) {
		for task := 1; task <= tasks; task++ {
			for _, mode := range method.TestModes {
				modes = append(modes, train.TestModeRow{Task: task, Mode: mode, Accuracy: n.Accuracy(r, tasks, task)})
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The tables are written as WriteRows writes them, without its sync: a
	// test's folder need not survive a crash, and syncing hundreds of small
	// files makes the tests slow.
	writeRows := func(file string, rows []byte) error { return os.WriteFile(filepath.Join(dir, file), rows, 0o644) }
	for _, err := range []error{
		results.NewManifest(name, cfg, r.Seed, "").Write(dir),
		writeRows(lifelong.AccuracyMatrixFile, results.EncodeRows(matrix)),
		writeRows(lifelong.FirstTaskFile, results.EncodeRows(first)),
		writeRows(train.MetricsFile, results.EncodeRows(epochs)),
		writeRows(lifelong.TimingFile, results.EncodeRows([]lifelong.TimingRow{{Seconds: 10, EvalSeconds: 5}})),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if modes != nil {
		if err := writeRows(train.TestModesFile, results.EncodeRows(modes)); err != nil {
			t.Fatal(err)
		}
	}
}

// SourceDirs are the folders the report gives a's check: each of a's sources'
// folders under the results folder root if it holds a study, else "".
func SourceDirs(root string, a paper.Artefact) []string {
	var dirs []string
	for _, s := range a.Sources {
		dir := filepath.Join(root, s.Dir)
		if _, err := os.Stat(filepath.Join(dir, study.MarkerFile)); err != nil {
			dir = ""
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// WantDamaged sets column of the first row of the run's file path to 1.7, -7
// and NaN in turn, numbers no accuracy, release probability or frozen fraction
// can be, and checks each time that a's check on dirs fails naming path, not
// as not run (papertest.WantError).
func WantDamaged(t *testing.T, a paper.Artefact, dirs []string, path, column string) {
	t.Helper()
	for _, bad := range []string{"1.7", "-7", "NaN"} {
		t.Run(column+"="+bad, func(t *testing.T) {
			resultstest.SetCell(t, path, 1, column, bad)
			papertest.WantError(t, a, dirs, path)
		})
	}
}
