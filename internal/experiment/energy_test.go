package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/presyn/presyn/internal/results"
)

// tinyEnergySpec is a sweep small enough for unit tests: narrow networks, 1 epoch.
func tinyEnergySpec(t *testing.T, models ...string) EnergySpec {
	return EnergySpec{
		Models:    models,
		L2s:       []float64{0.01},
		Seeds:     []uint64{1, 2},
		Overrides: []string{"epochs=1", "layers=[784,16,10]", "eval_samples=2"},
		Workers:   2,
		DataDir:   testDataDir,
		OutDir:    filepath.Join(t.TempDir(), "energy"),
	}
}

func TestEnergySweepResumesWithoutRedoingRuns(t *testing.T) {
	requireMNIST(t)
	spec := tinyEnergySpec(t, "presyn", "mlp")
	res, err := RunEnergy(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 4 || res.Ran != 4 || len(res.Aggregate) != 2 {
		t.Fatalf("rows %d ran %d aggregates %d", len(res.Rows), res.Ran, len(res.Aggregate))
	}
	for _, a := range res.Aggregate {
		if a.N != 2 || !(a.InfoPerEnergy.Mean > 0) || !(a.InfoPerEnergy.SE >= 0) {
			t.Errorf("aggregate %+v", a)
		}
	}
	summary := readCSV(t, filepath.Join(spec.OutDir, "summary.csv"))
	if got := strings.Join(summary[0], ","); got != "model,l2,seed,test_acc,mutual_info_bits,energy_synaptic,energy_neuron,info_per_energy,info_per_neuron_energy" {
		t.Fatalf("summary header %s", got)
	}

	// A killed sweep: one run lost, one left half-written.
	runs := results.RunDirs{Root: filepath.Join(spec.OutDir, "runs")}
	keep := runs.Final("presyn_l2-0.01_seed-1")
	before, _ := os.Stat(filepath.Join(keep, MetricsFile))
	os.RemoveAll(runs.Final("mlp_l2-0.01_seed-2"))
	os.MkdirAll(filepath.Join(runs.Root, ".partial-mlp_l2-0.01_seed-2"), 0o755)
	time.Sleep(10 * time.Millisecond)

	res, err = RunEnergy(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ran != 1 || len(res.Rows) != 4 {
		t.Fatalf("resume ran %d runs and summarised %d, want 1 and 4", res.Ran, len(res.Rows))
	}
	after, _ := os.Stat(filepath.Join(keep, MetricsFile))
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("a finished run was redone")
	}
	entries, _ := os.ReadDir(runs.Root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".partial-") {
			t.Errorf("partial folder %s left behind", e.Name())
		}
	}

	// Other settings in the same folder would mix runs: refused.
	spec.Overrides = append(spec.Overrides, "epochs=2")
	if err := CheckEnergyOutDir(spec); err == nil || !strings.Contains(err.Error(), "other settings") {
		t.Fatalf("changed settings: %v", err)
	}
}

func TestEnergySweepCancelKeepsFinishedRuns(t *testing.T) {
	requireMNIST(t)
	spec := tinyEnergySpec(t, "mlp")
	spec.Workers = 1
	ctx, cancel := context.WithCancel(context.Background())
	spec.Progress = cancelAfterFirstLine{cancel}
	_, err := RunEnergy(ctx, spec)
	if err == nil || !strings.Contains(err.Error(), "resume") {
		t.Fatalf("err = %v, want a stop that says how to resume", err)
	}
	runs := results.RunDirs{Root: filepath.Join(spec.OutDir, "runs")}
	if !runs.Done("mlp_l2-0.01_seed-1") || runs.Done("mlp_l2-0.01_seed-2") {
		t.Fatal("want the first run finished and the second not")
	}
	spec.Progress = nil
	res, err := RunEnergy(context.Background(), spec)
	if err != nil || res.Ran != 1 {
		t.Fatalf("resume: ran %v, err %v", res, err)
	}
}

// cancelAfterFirstLine cancels a context once the first progress line is printed,
// i.e. once the first run has finished.
type cancelAfterFirstLine struct{ cancel context.CancelFunc }

func (c cancelAfterFirstLine) Write(p []byte) (int, error) { c.cancel(); return len(p), nil }

func TestEnergySpecAndOutDirErrors(t *testing.T) {
	good := tinyEnergySpec(t, "presyn")
	tests := []struct {
		name   string
		change func(*EnergySpec)
		want   string
	}{
		{"unknown model", func(s *EnergySpec) { s.Models = []string{"cnn"} }, "unknown model"},
		{"duplicate model", func(s *EnergySpec) { s.Models = []string{"mlp", "mlp"} }, "twice"},
		{"empty l2", func(s *EnergySpec) { s.L2s = nil }, "L2 list is empty"},
		{"negative l2", func(s *EnergySpec) { s.L2s = []float64{-0.1} }, "negative"},
		{"duplicate seeds", func(s *EnergySpec) { s.Seeds = []uint64{3, 3} }, "seed 3 given twice"},
		{"no seeds", func(s *EnergySpec) { s.Seeds = nil }, "no seeds"},
	}
	for _, tt := range tests {
		s := good
		tt.change(&s)
		err := ValidateEnergySpec(s)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
		}
	}

	other := t.TempDir()
	os.WriteFile(filepath.Join(other, ExperimentFile), []byte(`{"experiment": "perceptron"}`), 0o644)
	s := good
	s.OutDir = other
	if err := CheckEnergyOutDir(s); err == nil || !strings.Contains(err.Error(), "another experiment") {
		t.Errorf("another experiment's folder: %v", err)
	}
	stranger := t.TempDir()
	os.WriteFile(filepath.Join(stranger, "notes.txt"), nil, 0o644)
	s.OutDir = stranger
	if err := CheckEnergyOutDir(s); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a folder with other files: %v", err)
	}
}

// A run whose loss diverges is kept, marked and left out of the tables; a resume
// does not redo it.
func TestSweepKeepsDivergedRunsWithoutRedoing(t *testing.T) {
	requireMNIST(t)
	spec := FixedPSpec{Ps: []float64{0.5}, LRs: []float64{0.05, 1e30}, Seeds: []uint64{1}, L2: 0.01,
		Overrides: []string{"epochs=1", "layers=[784,16,10]", "eval_samples=2"}, Workers: 2,
		DataDir: testDataDir, OutDir: filepath.Join(t.TempDir(), "fixed-p")}
	res, _, err := RunFixedP(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diverged) != 1 || !strings.Contains(res.Diverged[0], "lr-1e+30") || len(res.Rows) != 1 {
		t.Fatalf("diverged %v, rows %d", res.Diverged, len(res.Rows))
	}
	if len(res.Best) != 1 || res.Best[0].LR != 0.05 {
		t.Fatalf("best %+v: the diverged learning rate must not win", res.Best)
	}
	res, _, err = RunFixedP(context.Background(), spec)
	if err != nil || res.Ran != 0 {
		t.Fatalf("resume trained %d runs (err %v), want none", res.Ran, err)
	}
	runs := readCSV(t, filepath.Join(spec.OutDir, "runs.csv"))
	if len(runs) != 3 || runs[0][3] != "status" {
		t.Fatalf("runs.csv %v", runs)
	}
}
