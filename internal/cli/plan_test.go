package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/cost"
	"github.com/presyn/presyn/internal/results"
)

// testCalibration writes a calibration made up for the tests (round rates
// for every kind of work presyn's studies make) and returns its file, so that
// --plan does not calibrate the machine the tests run on.
func testCalibration(t *testing.T) string {
	t.Helper()
	m := cost.Current()
	m.Rates = map[cost.Kind]cost.Rate{
		"train/presyn/presyn":      {GFLOPS: 50, NsPerElement: 3},
		"train/deterministic/adam": {GFLOPS: 50, NsPerElement: 2},
		"train/deterministic/bgd":  {GFLOPS: 50, NsPerElement: 6},
		cost.FillPlain:             {NsPerElement: 1},
		cost.FillPermuted:          {NsPerElement: 3},
		cost.Eval:                  {GFLOPS: 60, NsPerElement: 500},
		cost.EvalMasks:             {NsPerElement: 1},
		cost.EvalBGD:               {NsPerElement: 2},
		cost.Fisher:                {NsPerElement: 0.1},
		cost.SampleGrads:           {NsPerElement: 4},
		cost.PerceptronTrain:       {NsPerElement: 18},
		cost.PerceptronDot:         {NsPerElement: 2},
		cost.PerceptronVote:        {NsPerElement: 7},
	}
	path := filepath.Join(t.TempDir(), "calibration.json")
	if err := results.WriteJSONAtomic(path, m); err != nil {
		t.Fatal(err)
	}
	return path
}

// Every study command and presyn paper print their plan with --plan --json,
// and write nothing: not even the output folder.
func TestEveryStudyCommandPlans(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	calibration := testCalibration(t)
	tests := []struct {
		args    []string
		runs    int // runs to do
		studies int
	}{
		{[]string{"energy", "--quick"}, 6, 1},
		{[]string{"energy", "--models", "presyn", "--l2", "0.01", "--seeds", "2019"}, 1, 1},
		{[]string{"energy", "fixed-p", "--quick"}, 0, 1},
		{[]string{"lesion", "--quick"}, 0, 3}, // the networks it trains (two folders), then the analysis
		{[]string{"lifelong", "--task", "split-mnist", "--quick"}, 0, 1},
		{[]string{"ablation", "--task", "split-mnist", "--quick"}, 0, 1},
		{[]string{"tune", "--trials", "3", "--seeds", "1,2"}, 6, 1},
		{[]string{"sweep", "--config", "split-mnist-presyn", "--grid", "epochs=1,2", "--seeds", "1"}, 2, 1},
		{[]string{"perceptron", "--quick"}, 3, 1},
		{[]string{"paper", "--quick"}, 0, 12},
	}
	for _, tt := range tests {
		out := filepath.Join(t.TempDir(), "out")
		args := append(append([]string{}, tt.args...), "--out", out, "--plan", "--json", "--calibration", calibration, "--workers", "2")
		status, stdout, errOut := presyn(args...)
		if status != ExitOK {
			t.Errorf("%v: status %d: %s", tt.args, status, errOut)
			continue
		}
		var p cost.Plan
		if err := json.Unmarshal([]byte(stdout), &p); err != nil {
			t.Errorf("%v: not a plan: %v\n%s", tt.args, err, stdout)
			continue
		}
		if p.Runs < 1 || tt.runs > 0 && p.Runs != tt.runs || len(p.Studies) != tt.studies || p.Workers != 2 ||
			!(p.CoreHours > 0) || !(p.WallHours > 0) || p.WallHours > p.CoreHours+1e-12 || p.Finished != 0 {
			t.Errorf("%v: plan of %d runs (want %d) in %d studies (want %d), %d workers, %g core-hours, %g h wall, %d finished",
				tt.args, p.Runs, tt.runs, len(p.Studies), tt.studies, p.Workers, p.CoreHours, p.WallHours, p.Finished)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: planning made %s", tt.args, out)
		}
	}
}

// A plan counts only what is left: after a run of the study, its plan has
// nothing to do and names the runs finished. The table names the machine,
// every study and every run to do.
func TestPlanCountsOnlyWhatIsLeft(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	calibration := testCalibration(t)
	out := filepath.Join(t.TempDir(), "perceptron")
	status, stdout, errOut := presyn("perceptron", "--quick", "--out", out, "--plan", "--calibration", calibration)
	if status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	for _, want := range []string{"Predicted on", "perceptron", "total", "Wall time", "in plan order", "runs to do", "seed-1000"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the plan lacks %q:\n%s", want, stdout)
		}
	}
	if status, _, errOut := presyn("perceptron", "--quick", "--out", out); status != ExitOK {
		t.Fatalf("run: status %d: %s", status, errOut)
	}
	status, stdout, errOut = presyn("perceptron", "--quick", "--out", out, "--plan", "--json", "--calibration", calibration)
	var p cost.Plan
	if status != ExitOK || json.Unmarshal([]byte(stdout), &p) != nil {
		t.Fatalf("status %d: %s\n%s", status, errOut, stdout)
	}
	if p.Runs != 0 || p.Finished != 3 || p.CoreHours != 0 || p.WallHours != 0 {
		t.Errorf("after the run: %d runs to do, %d finished, %g core-hours, %g h; want 0, 3, 0, 0", p.Runs, p.Finished, p.CoreHours, p.WallHours)
	}
}

// The plan's flags are refused without --plan, a calibration that is not one
// is named, and presyn slurm does not script a plan: each a usage error in
// one line.
func TestPlanBadInputExitsTwo(t *testing.T) {
	t.Parallel()
	presyn := syntheticPresyn(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"cpu": "x"}`), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"energy", "--json"}, "--json goes with --plan"},
		{[]string{"lifelong", "--task", "split-mnist", "--recalibrate"}, "--recalibrate goes with --plan"},
		{[]string{"paper", "--calibration", bad}, "--calibration goes with --plan"},
		{[]string{"energy", "--plan", "--calibration", bad}, "not a calibration"},
		{[]string{"paper", "--plan", "--calibration", filepath.Join(t.TempDir(), "none.json")}, "--calibration"},
		{[]string{"slurm", "--shards", "2", "--", "energy", "--plan", "--out", t.TempDir()}, "--plan"},
	}
	for _, tt := range tests {
		status, _, errOut := presyn(tt.args...)
		if status != ExitUsage || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: status %d, %q; want %d naming %q in one line", tt.args, status, errOut, ExitUsage, tt.want)
		}
	}
}
