package lifelong

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// tinyStudy is a lifelong study of three methods (one joint, one with test
// modes) trained once on synthetic data; its folder is shared by the tests that
// damage copies of its runs.
var tinyStudy = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "presyn-lifelong-damaged-")
	if err != nil {
		return "", err
	}
	tinyDir = dir
	s := tiny()
	_, err = study.Execute(context.Background(), s, study.Options{Dir: dir, Workers: 3})
	return dir, err
})

// tinyDir is tinyStudy's folder once made; TestMain removes it.
var tinyDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if tinyDir != "" {
		os.RemoveAll(tinyDir)
	}
	os.Exit(code)
}

func tiny() Study {
	return Study{Task: SplitMNIST, Methods: []string{MethodPresyn, "bgd", MethodJoint}, Seeds: []uint64{1},
		Overrides: []string{"epochs=2", "layers=[784,16,2]", "eval_samples=2"}, Data: datatest.Small()}
}

// edit rewrites the lines of a file (its header first).
type edit func(lines []string) []string

func cut(lines []string) []string { return lines[:len(lines)-1] }

func drop(i int) edit {
	return func(lines []string) []string { return append(lines[:i:i], lines[i+1:]...) }
}

func repeat(i int) edit {
	return func(lines []string) []string { lines[i] = lines[i-1]; return lines }
}

// set sets the cell of column on line i.
func set(i int, column, value string) edit {
	return func(lines []string) []string {
		header := strings.Split(lines[0], ",")
		cells := strings.Split(lines[i], ",")
		for j, h := range header {
			if h == column {
				cells[j] = value
			}
		}
		lines[i] = strings.Join(cells, ",")
		return lines
	}
}

// TestCollectRejectsDamagedFiles checks that every file of a finished run is
// checked for completeness and range when collected: a damaged one is an error
// naming it, never a number.
func TestCollectRejectsDamagedFiles(t *testing.T) {
	src, err := tinyStudy()
	if err != nil {
		t.Fatal(err)
	}
	runs, err := tiny().Plan()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]study.Run{}
	for _, r := range runs {
		byID[r.ID] = r
	}
	presyn, bgd, joint := "presyn_seed-1", "bgd_seed-1", "joint_seed-1"
	for _, c := range []struct {
		name, run, file string
		edit            edit // nil: the file is removed
		want            string
	}{
		{"metrics cut at a row boundary", presyn, train.MetricsFile, cut, "has 9 rows, want 10"},
		{"a metrics row repeated", presyn, train.MetricsFile, repeat(4), `line 5: column "epoch" is 1, want 2`},
		{"an epoch missing", presyn, train.MetricsFile, drop(2), "has 9 rows, want 10"},
		{"a joint run's metrics with another epoch", joint, train.MetricsFile, func(l []string) []string { return append(l, l[len(l)-1]) }, "has 3 rows, want 2"},
		{"metrics accuracy 1.7", presyn, train.MetricsFile, set(3, "test_acc", "1.7"), `"test_acc" is 1.7, want a fraction`},
		{"metrics task accuracy -7", presyn, train.MetricsFile, set(3, "acc_task1", "-7"), `"acc_task1" is -7`},
		{"metrics task accuracy NaN at a task's end", presyn, train.MetricsFile, set(4, "acc_task1", "NaN"), `"acc_task1" is NaN`},
		{"metrics mean_p Inf", presyn, train.MetricsFile, set(2, "mean_p", "+Inf"), `"mean_p" is +Inf`},
		{"metrics frac_frozen 1.7", presyn, train.MetricsFile, set(2, "frac_frozen", "1.7"), `"frac_frozen" is 1.7`},
		{"metrics energy NaN", presyn, train.MetricsFile, set(2, "energy_synaptic", "NaN"), `"energy_synaptic" is NaN`},
		{"metrics loss Inf", presyn, train.MetricsFile, set(2, "train_loss", "+Inf"), `"train_loss" is +Inf`},
		{"metrics without a seen task's accuracy", presyn, train.MetricsFile, set(4, "acc_task2", ""), "has 1 task accuracies, want 2"},
		{"matrix truncated", presyn, AccuracyMatrixFile, cut, "has 14 rows, want 15"},
		{"matrix missing a task", presyn, AccuracyMatrixFile, drop(5), "has 14 rows, want 15"},
		{"matrix row repeated", presyn, AccuracyMatrixFile, repeat(3), `column "task" is 1, want 2`},
		{"joint matrix missing a task", joint, AccuracyMatrixFile, drop(5), "has 4 rows, want 5"},
		{"matrix accuracy 1.7", presyn, AccuracyMatrixFile, set(4, "accuracy", "1.7"), `"accuracy" is 1.7, want a fraction in [0, 1]`},
		{"matrix accuracy -7", presyn, AccuracyMatrixFile, set(4, "accuracy", "-7"), `"accuracy" is -7`},
		{"matrix accuracy Inf", presyn, AccuracyMatrixFile, set(4, "accuracy", "Inf"), `"accuracy" is +Inf`},
		{"matrix accuracy NaN", presyn, AccuracyMatrixFile, set(4, "accuracy", "NaN"), `"accuracy" is NaN`},
		{"first task cut", presyn, FirstTaskFile, cut, "has 9 rows, want 10"},
		{"first task epoch repeated", presyn, FirstTaskFile, repeat(3), `column "epoch" is 2, want 3`},
		{"first task accuracy 1.7", presyn, FirstTaskFile, set(2, "accuracy", "1.7"), `"accuracy" is 1.7`},
		{"timing without its row", presyn, TimingFile, cut, "has 0 rows, want 1"},
		{"timing negative", presyn, TimingFile, set(1, "seconds", "-7"), `"seconds" is -7`},
		{"test modes missing", bgd, train.TestModesFile, nil, "no such file"},
		{"test modes cut", bgd, train.TestModesFile, cut, "has 19 rows, want 20"},
		{"test modes accuracy 1.7", bgd, train.TestModesFile, set(3, "accuracy", "1.7"), `"accuracy" is 1.7`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), c.run)
			if err := os.CopyFS(dir, os.DirFS(filepath.Join(src, "runs", c.run))); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.file)
			if _, err := (Study{Task: SplitMNIST}).Collect(byID[c.run], dir); err != nil {
				t.Fatalf("the undamaged run: %v", err)
			}
			if c.edit == nil {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			} else {
				raw, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				lines := c.edit(strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n"))
				if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := (Study{Task: SplitMNIST}).Collect(byID[c.run], dir)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Collect: %v, want an error naming %s and saying %q", err, path, c.want)
			}
		})
	}
}
