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
	rows, err := results.ReadTable(filepath.Join(dir, TrialsFile), "trial", "ewc.lambda", "n", "diverged")
	if err != nil || len(rows.Rows) != 2 || rows.Rows[0][1] != "1" || rows.Rows[1][1] != "10" || rows.Rows[0][2] != "1" {
		t.Fatalf("trials.csv: %+v (%v); want ewc.lambda 1 and 10, one run each", rows, err)
	}
	best, err := config.Load(filepath.Join(dir, "best-config.json"), nil)
	if err != nil || best.Method != "ewc" {
		t.Fatalf("best-config.json: %+v, %v", best, err)
	}

	// A learning rate that makes every loss NaN.
	tune.Overrides = append(tune.Overrides, "ewc.lr=1e30")
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
