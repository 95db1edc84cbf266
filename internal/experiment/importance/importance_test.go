package importance

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/results/resultstest"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// tinyImportance analyses small networks trained for one epoch on synthetic data.
func tinyImportance(dir string) Study {
	s := Default()
	s.Seeds, s.UniformSeeds = []uint64{1, 2}, []uint64{1}
	s.Fractions, s.Samples = []float64{0, 0.5, 0.9}, 2
	s.Overrides = []string{"epochs=2", "layers=[784,32,32,10]", "eval_samples=2"}
	s.RunsDir, s.Data, s.Dir = filepath.Join(dir, "energy"), datatest.Small(), filepath.Join(dir, "importance")
	return s
}

// trainNetworks runs the energy studies that train the networks s lacks.
func trainNetworks(t *testing.T, s Study) {
	t.Helper()
	for i, e := range s.Networks() {
		if _, err := study.Execute(context.Background(), e, study.Options{Dir: s.NetworkDirs()[i]}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportanceEndToEnd(t *testing.T) {
	dir := t.TempDir()
	s := tinyImportance(dir)
	// Seed 1's network comes from an energy study, seed 2's the study trains.
	e := energy.Study{Models: []string{"presyn"}, L2s: []float64{s.L2}, Seeds: []uint64{1}, Overrides: s.Overrides, Data: datatest.Small()}
	if _, err := study.Execute(context.Background(), e, study.Options{Dir: s.RunsDir}); err != nil {
		t.Fatal(err)
	}
	if nets := s.Networks(); len(nets) != 2 || len(nets[0].Seeds) != 1 || nets[0].Seeds[0] != 2 {
		t.Fatalf("networks to train: %+v", nets)
	}
	// Before they are trained, the analyses of seed 2 and of the uniform network wait.
	out, err := study.Execute(context.Background(), s, study.Options{Dir: s.Dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 3 || len(out.Waiting) != 4 {
		t.Fatalf("ran %d, waiting %v", out.Ran, out.Waiting)
	}
	trainNetworks(t, s)
	out, err = study.Execute(context.Background(), s, study.Options{Dir: s.Dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 4 || out.Finished != 7 || out.Report == nil {
		t.Fatalf("outcome %+v", out)
	}
	for _, f := range []string{"lesion.csv", "lesion_aggregate.csv", "fisher.csv", "synapse_groups.csv", "sparsity.csv",
		"fig2a.png", "fig2b.svg", "fig2c.pdf", "fig2d.png", "app1d.png", "fig3a.png", "fig3b.png", "fig3c.png", "app2a.png", "app2b.png",
		"runs/fisher_seed-1/synapses.csv", "runs/sparsity_seed-2/neurons.csv"} {
		if _, err := os.Stat(filepath.Join(s.Dir, f)); err != nil {
			t.Error(err)
		}
	}
	if got := resultstest.ReadLines(t, filepath.Join(s.Dir, "lesion.csv")); got[0] != "importance,fraction,seed,accuracy" || len(got) != 1+2*4*3 {
		t.Errorf("lesion.csv has %d lines, header %s", len(got), got[0])
	}
	if got := resultstest.ReadLines(t, filepath.Join(s.Dir, "fisher.csv")); got[0] != "seed,pearson_r,pearson_p" || len(got) != 3 {
		t.Errorf("fisher.csv:\n%s", strings.Join(got, "\n"))
	}
	if got := resultstest.ReadLines(t, filepath.Join(s.Dir, "sparsity.csv")); got[0] != "seed,layer,ks_d,ks_p,n_low,n_medium,n_high,n_low_shuffled,n_medium_shuffled,n_high_shuffled,r_in_out" || len(got) != 1+2*3 {
		t.Errorf("sparsity.csv:\n%s", strings.Join(got, "\n"))
	}
	for _, want := range []string{"### Lesion", "### Fisher", "### Neuron-level sparsity", "| 2 | uniform |"} {
		if !strings.Contains(out.Report.Markdown, want) && !strings.Contains(out.Report.Markdown, strings.ReplaceAll(want, "| 2 |", "| 1 |")) {
			t.Errorf("report lacks %q:\n%s", want, out.Report.Markdown)
		}
	}
	// collect rebuilds it from the runs alone.
	if rep, missing, err := study.Rebuild(s, s.Dir); err != nil || len(missing) != 0 || rep.Markdown != out.Report.Markdown {
		t.Fatalf("rebuild: %v, missing %v", err, missing)
	}
}

// A network in --runs that cannot be analysed is an error naming its file, before
// anything runs.
func TestImportanceRejectsBadNetworks(t *testing.T) {
	dir := t.TempDir()
	s := tinyImportance(dir)
	s.Seeds = []uint64{1}
	mlp := energy.Study{Models: []string{"mlp"}, L2s: []float64{s.L2}, Seeds: []uint64{1}, Overrides: s.Overrides, Data: datatest.Small()}
	if _, err := study.Execute(context.Background(), mlp, study.Options{Dir: s.RunsDir}); err != nil {
		t.Fatal(err)
	}
	runs := filepath.Join(s.RunsDir, "runs")
	// An MLP where the presynaptic network should be.
	os.Rename(filepath.Join(runs, "mlp_l2-0.01_seed-1"), filepath.Join(runs, "presyn_l2-0.01_seed-1"))
	err := s.CheckRunsDir()
	if err == nil || !strings.Contains(err.Error(), "holds a deterministic network") || !strings.Contains(err.Error(), train.CheckpointFile) {
		t.Errorf("an MLP's checkpoint: %v", err)
	}
	ck := filepath.Join(runs, "presyn_l2-0.01_seed-1", train.CheckpointFile)
	raw, _ := os.ReadFile(ck)
	os.WriteFile(ck, raw[:len(raw)/3], 0o644)
	if err := s.CheckRunsDir(); err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), ck) {
		t.Errorf("a truncated checkpoint: %v", err)
	}
	os.Remove(ck)
	if err := s.CheckRunsDir(); err == nil || !strings.Contains(err.Error(), "is missing") {
		t.Errorf("a missing checkpoint: %v", err)
	}
}
