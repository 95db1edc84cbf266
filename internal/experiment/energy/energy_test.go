package energy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
)

// tinyEnergy is a sweep small enough for unit tests: narrow networks, 1 epoch.
func tinyEnergy(models ...string) Study {
	return Study{
		Models:    models,
		L2s:       []float64{0.01},
		Seeds:     []uint64{1, 2},
		Overrides: []string{"epochs=1", "layers=[784,16,10]", "eval_samples=2"},
		Data:      datatest.Small(),
	}
}

func TestEnergySweepResumesWithoutRedoingRuns(t *testing.T) {
	s := tinyEnergy("presyn", "mlp")
	opts := study.Options{Dir: filepath.Join(t.TempDir(), "energy"), Workers: 2}
	out, err := study.Execute(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 4 || out.Finished != 4 || out.Report == nil || !strings.Contains(out.Report.Markdown, "best bits/1000 energy presyn") {
		t.Fatalf("outcome %+v", out)
	}
	summary := resultstest.ReadLines(t, filepath.Join(opts.Dir, "summary.csv"))
	if summary[0] != "model,l2,seed,test_acc,mutual_info_bits,energy_synaptic,energy_neuron,info_per_energy,info_per_neuron_energy" || len(summary) != 5 {
		t.Fatalf("summary.csv:\n%s", strings.Join(summary, "\n"))
	}
	aggregate := resultstest.ReadLines(t, filepath.Join(opts.Dir, "aggregate.csv"))
	if !strings.HasPrefix(aggregate[0], "model,l2,n,test_acc_mean,test_acc_se,mutual_info_bits_mean") || !strings.HasPrefix(aggregate[1], "presyn,0.01,2,") {
		t.Fatalf("aggregate.csv:\n%s", strings.Join(aggregate, "\n"))
	}

	// A killed sweep: one run lost, one left half-written by a dead process.
	runs := results.RunDirs{Root: filepath.Join(opts.Dir, "runs")}
	keep := runs.Final("presyn_l2-0.01_seed-1")
	before, _ := os.Stat(filepath.Join(keep, "metrics.csv"))
	os.RemoveAll(runs.Final("mlp_l2-0.01_seed-2"))
	os.MkdirAll(filepath.Join(runs.Root, ".partial-mlp_l2-0.01_seed-2"), 0o755)
	time.Sleep(10 * time.Millisecond)

	out, err = study.Execute(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 1 || out.Finished != 4 {
		t.Fatalf("resume ran %d runs and finished %d, want 1 and 4", out.Ran, out.Finished)
	}
	after, _ := os.Stat(filepath.Join(keep, "metrics.csv"))
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("a finished run was redone")
	}
	if partials, _ := runs.Partials(); len(partials) != 0 {
		t.Errorf("partial folders left behind: %+v", partials)
	}

	// Other settings in the same folder would mix runs: refused.
	s.Overrides = append(s.Overrides, "epochs=2")
	if _, err := study.Prepare(s, opts.Dir); err == nil || !strings.Contains(err.Error(), "other settings") {
		t.Fatalf("changed settings: %v", err)
	}
}

func TestEnergySweepCancelKeepsFinishedRuns(t *testing.T) {
	s := tinyEnergy("mlp")
	ctx, cancel := context.WithCancel(context.Background())
	opts := study.Options{Dir: filepath.Join(t.TempDir(), "energy"), Workers: 1, Progress: cancelAfterFirstLine{cancel}}
	_, err := study.Execute(ctx, s, opts)
	if err == nil || !strings.Contains(err.Error(), "resume") {
		t.Fatalf("err = %v, want a stop that says how to resume", err)
	}
	runs := results.RunDirs{Root: filepath.Join(opts.Dir, "runs")}
	if !runs.Done("mlp_l2-0.01_seed-1") || runs.Done("mlp_l2-0.01_seed-2") {
		t.Fatal("want the first run finished and the second not")
	}
	opts.Progress = nil
	out, err := study.Execute(context.Background(), s, opts)
	if err != nil || out.Ran != 1 {
		t.Fatalf("resume: ran %d, err %v", out.Ran, err)
	}
}

// cancelAfterFirstLine cancels a context once the first progress line is printed,
// i.e. once the first run has finished.
type cancelAfterFirstLine struct{ cancel context.CancelFunc }

func (c cancelAfterFirstLine) Write(p []byte) (int, error) { c.cancel(); return len(p), nil }

func TestEnergySpecErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Study)
		want   string
	}{
		{"unknown model", func(s *Study) { s.Models = []string{"cnn"} }, "unknown model"},
		{"duplicate model", func(s *Study) { s.Models = []string{"mlp", "mlp"} }, "model mlp given twice"},
		{"empty l2", func(s *Study) { s.L2s = nil }, "L2 list is empty"},
		{"negative l2", func(s *Study) { s.L2s = []float64{-0.1} }, "negative"},
		{"duplicate l2", func(s *Study) { s.L2s = []float64{0.01, 0.010} }, "L2 strength 0.01 given twice"},
		{"duplicate seeds", func(s *Study) { s.Seeds = []uint64{3, 3} }, "seed 3 given twice"},
		{"no seeds", func(s *Study) { s.Seeds = nil }, "no seeds"},
		{"bad override", func(s *Study) { s.Overrides = []string{"gamme=1"} }, `unknown key "gamme"`},
		// The study sets l2 itself (issue 21): --set l2 beside --l2 is refused.
		{"set l2", func(s *Study) { s.Overrides = []string{"l2=0.5"} }, "--set l2=0.5 and --l2 (l2=0.01) both set presyn.l2"},
		{"set presyn.l2", func(s *Study) { s.Overrides = []string{"presyn.l2=0.5"} }, "--set presyn.l2=0.5 and --l2"},
		{"unused section", func(s *Study) { s.Overrides = []string{"ewc.lambda=5"} }, "ewc.lambda=5 sets a key of method ewc, but no run uses ewc"},
	}
	for _, tt := range tests {
		s := tinyEnergy("presyn")
		tt.change(&s)
		_, err := s.Plan()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
		}
	}
}

// A run whose loss diverges is kept, marked and left out of the tables; a resume
// does not redo it.
func TestSweepKeepsDivergedRunsWithoutRedoing(t *testing.T) {
	s := FixedP{Ps: []float64{0.5}, LRs: []float64{0.05, 1e30}, Seeds: []uint64{1}, L2: 0.01,
		Overrides: []string{"epochs=1", "layers=[784,16,10]", "eval_samples=2"}, Data: datatest.Small()}
	opts := study.Options{Dir: filepath.Join(t.TempDir(), "fixed-p"), Workers: 2}
	out, err := study.Execute(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 2 || !strings.Contains(out.Report.Markdown, "1 runs diverged") || !strings.Contains(out.Report.Markdown, "lr-1e+30") {
		t.Fatalf("outcome %+v:\n%s", out, out.Report.Markdown)
	}
	best := resultstest.ReadLines(t, filepath.Join(opts.Dir, "app1c.csv"))
	if len(best) != 2 || !strings.HasPrefix(best[1], "0.5,0.05,1,") {
		t.Fatalf("app1c.csv: the diverged learning rate must not win:\n%s", strings.Join(best, "\n"))
	}
	out, err = study.Execute(context.Background(), s, opts)
	if err != nil || out.Ran != 0 {
		t.Fatalf("resume trained %d runs (err %v), want none", out.Ran, err)
	}
	runs := resultstest.ReadLines(t, filepath.Join(opts.Dir, "runs.csv"))
	if len(runs) != 3 || runs[0] != "p,lr,seed,status,test_acc,mutual_info_bits,energy_synaptic,info_per_energy" || runs[2] != "0.5,1e+30,1,diverged,,,," {
		t.Fatalf("runs.csv %v", runs)
	}
}

// collect reads a finished run's metrics.csv by its columns: one that lacks a column
// fails, naming the run and the column.
func TestCollectNamesRunAndMissingColumn(t *testing.T) {
	s := tinyEnergy("mlp")
	s.Seeds = []uint64{1}
	dir := filepath.Join(t.TempDir(), "energy")
	if _, err := study.Execute(context.Background(), s, study.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "runs", "mlp_l2-0.01_seed-1", "metrics.csv")
	lines := resultstest.ReadLines(t, path)
	for i, l := range lines {
		f := strings.Split(l, ",")
		lines[i] = strings.Join(append(f[:5:5], f[6:]...), ",") // drop mutual_info_bits
	}
	os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	_, _, err := study.Rebuild(s, dir)
	if err == nil || !strings.Contains(err.Error(), "run mlp_l2-0.01_seed-1") || !strings.Contains(err.Error(), `"mutual_info_bits"`) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line naming the run and the column", err)
	}
}
