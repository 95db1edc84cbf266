package sweep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
)

// A search writes every trial with its drawn values and the best trial's config
// as a file --config accepts; trials whose loss diverges are kept, marked and
// never best.
func TestTune(t *testing.T) {
	tune := Tune{Task: "split-mnist", Method: "ewc", Trials: 2, Seeds: []uint64{1}, SearchSeed: 1,
		Overrides: []string{"epochs=1", "num_tasks=2", "layers=[784,16,2]"}, Data: datatest.Small()}
	dir := filepath.Join(t.TempDir(), "tune")
	out, err := study.Execute(context.Background(), tune, study.Options{Dir: dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 2 || !strings.Contains(out.Report.Markdown, "best trial") {
		t.Fatalf("outcome %+v", out)
	}
	// The value columns are named by the keys searched.
	rows, err := results.ReadTable(filepath.Join(dir, TrialsFile), "trial", "ewc.optimizer", "ewc.lr", "inputs", "init", "ewc.lambda", "n", "diverged")
	if err != nil || len(rows.Rows) != 2 || strings.Join(rows.Rows[0][:7], " ") != "1 adam 0.001 raw xavier 1 1" || strings.Join(rows.Rows[1][:7], " ") != "2 adam 0.001 raw xavier 10 1" {
		t.Fatalf("trials.csv: %+v (%v); want the grid's first two points, lambda 1 and 10, one run each", rows, err)
	}
	best, err := config.Load(filepath.Join(dir, "best-config.json"), nil)
	if err != nil || best.Method != "ewc" {
		t.Fatalf("best-config.json: %+v, %v", best, err)
	}

	// A learning rate that makes every loss NaN (presyn's is not searched).
	tune.Method = "presyn"
	tune.Overrides = append(tune.Overrides, "presyn.lr=1e30")
	dir = filepath.Join(t.TempDir(), "tune")
	out, err = study.Execute(context.Background(), tune, study.Options{Dir: dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.Report.Markdown, "No trial has finished without diverging") {
		t.Errorf("report:\n%s", out.Report.Markdown)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs", "trial-1_seed-1", runkit.DivergedFile)); err != nil {
		t.Error(err)
	}
	if out, err = study.Execute(context.Background(), tune, study.Options{Dir: dir, Workers: 2}); err != nil || out.Ran != 0 {
		t.Errorf("diverged trials were run again: ran %d (%v)", out.Ran, err)
	}
}

// A key both set and searched is refused (issue 21): the report would list the
// drawn value while the runs used the user's.
func TestTuneRefusesASetSearchedKey(t *testing.T) {
	for _, kv := range []string{"p_up=0.05", "presyn.p_up=0.05"} {
		tune := Tune{Task: "split-mnist", Method: "presyn", Trials: 1, Seeds: []uint64{1}, SearchSeed: 1, Overrides: []string{kv}}
		_, err := tune.Plan()
		if err == nil || !strings.Contains(err.Error(), "--set "+kv+" and tune's search of presyn.p_up") {
			t.Errorf("--set %s: %v", kv, err)
		}
	}
}

// EWC's grid: 40 points, the last axis (lambda) fastest, every point once;
// more trials than points are refused.
func TestTuneGrid(t *testing.T) {
	if n := GridSize("ewc"); n != 40 {
		t.Fatalf("EWC's grid has %d points, want 4 x 2 x 5", n)
	}
	tune := Tune{Task: "perm-mnist", Method: "ewc", Trials: 40, Seeds: []uint64{1, 2}, SearchSeed: 1}
	tests := []struct {
		trial int
		want  string
	}{
		{1, "adam 0.001 raw xavier 1"},
		{5, "adam 0.001 raw xavier 10000"},
		{6, "adam 0.001 standardised pytorch 1"},
		{11, "adam 0.0001 raw xavier 1"},
		{40, "sgd 0.001 standardised pytorch 10000"},
	}
	for _, tt := range tests {
		if got := strings.Join(tune.trialValues(tt.trial), " "); got != tt.want {
			t.Errorf("trial %d: %s, want %s", tt.trial, got, tt.want)
		}
	}
	seen := map[string]bool{}
	for k := 1; k <= 40; k++ {
		seen[strings.Join(tune.trialValues(k), " ")] = true
	}
	if len(seen) != 40 {
		t.Errorf("%d distinct points in 40 trials", len(seen))
	}
	runs, err := tune.Plan()
	if err != nil || len(runs) != 80 {
		t.Fatalf("plan: %d runs, %v", len(runs), err)
	}
	cfg := runs[2*5].Config.(config.Train) // trial 6, seed 1
	if cfg.Inputs != config.InputsStandardised || cfg.Init != config.InitPyTorch {
		t.Errorf("trial 6 runs with inputs %s and init %s", cfg.Inputs, cfg.Init)
	}
	tune.Trials = 41
	if _, err := tune.Plan(); err == nil || !strings.Contains(err.Error(), "grid has 40 points") {
		t.Errorf("41 trials of a 40-point grid: %v", err)
	}
}
