package report

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
)

func ms(m, se float64) stats.Estimate { return stats.Estimate{Mean: m, SE: se} }

// writeEnergy writes an energy study's aggregate.csv and one figure as the study
// leaves them: three models at two L2 strengths.
func writeEnergy(t *testing.T, dir string, presynEnergy float64) {
	t.Helper()
	study := filepath.Join(dir, "energy")
	if err := os.MkdirAll(study, 0o755); err != nil {
		t.Fatal(err)
	}
	row := func(model string, l2, bits, e, neuron float64) energy.Aggregate {
		return energy.Aggregate{Model: model, L2: l2, N: 3, TestAcc: ms(0.97, 0.001), Bits: ms(bits, 0.01), Energy: ms(e, 5),
			NeuronEnergy: ms(neuron, 1), InfoPerEnergy: ms(bits/e, 0.00001), InfoPerNeuronEnergy: ms(bits/neuron, 0.001)}
	}
	rows := []energy.Aggregate{
		row("presyn", 0.01, 2.72, presynEnergy, 30), row("presyn", 0.05, 2.5, 0.6*presynEnergy, 28),
		row("mlp", 0.01, 2.7, 1400, 40), row("mlp", 0.05, 2.4, 900, 38),
		row("mlp-fixed", 0.01, 2.6, 2000, 45), row("mlp-fixed", 0.05, 2.2, 1500, 44),
	}
	if err := results.WriteRows(filepath.Join(study, "aggregate.csv"), rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(study, "fig1a.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuild(t *testing.T) {
	dir, figs := t.TempDir(), filepath.Join(t.TempDir(), "figures")
	writeEnergy(t, dir, 1000)
	rep, err := Build(dir, figs, Machine{CPU: "test CPU", Cores: 2, OS: "linux/amd64", Version: "v0"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Entry{}
	for _, e := range rep.Entries {
		got[e.ID] = e
	}
	if len(rep.Entries) != 25 {
		t.Errorf("%d entries, want the 25 artefacts of PAPER_RESULTS.md", len(rep.Entries))
	}
	for id, want := range map[string]Verdict{"fig1a": Matches, "fig1b": Matches, "app1a": Matches, "app1b": Matches, "fig2a": NotRun, "tab1": NotRun, "app4": NotRun} {
		if got[id].Verdict != want {
			t.Errorf("%s: verdict %q (%s), want %q", id, got[id].Verdict, got[id].Ours, want)
		}
	}
	// fig1b: presyn's best is 2.5 bits at energy 600, 4.167 bits per 1000.
	if !strings.Contains(got["fig1b"].Ours, "presyn 4.167 ± 0.010 (L2 0.05, n 3)") {
		t.Errorf("fig1b: %s", got["fig1b"].Ours)
	}
	for _, f := range []string{"fig1a.png", "fig1a.csv", "fig1b.csv", "app1a.csv"} {
		if _, err := os.Stat(filepath.Join(figs, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(got["app4"].Note, "doi:10.5061/dryad.p286g") {
		t.Errorf("app4 note %q does not say where the data are", got["app4"].Note)
	}
	md := rep.Markdown("")
	for _, want := range []string{"| [fig1b](#fig1b) |", "Verdicts: 4 matches, 0 differs", "![fig1a](fig1a.png)", "test CPU, 2 cores"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	page, err := rep.HTML()
	if err != nil || !strings.Contains(string(page), `<img src="fig1a.png"`) || !strings.Contains(string(page), "4 matches") {
		t.Errorf("HTML (%v):\n%s", err, page)
	}

	// A presynaptic model that needs three times the energy: more than the
	// deterministic one for the same information (fig1a), and a lower ratio (fig1b).
	dir2 := t.TempDir()
	writeEnergy(t, dir2, 3000)
	rep, err = Build(dir2, filepath.Join(t.TempDir(), "figures"), Machine{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Entries {
		if (e.ID == "fig1a" || e.ID == "fig1b") && e.Verdict != Differs {
			t.Errorf("%s with a weak presynaptic model: %q (%s)", e.ID, e.Verdict, e.Ours)
		}
	}

	if _, err := Build(filepath.Join(dir, "nonexistent"), figs, Machine{}); err == nil || !strings.Contains(err.Error(), "make figures") {
		t.Errorf("a missing results folder: %v", err)
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		mean, se, paper, paperSE, point float64
		want                            bool
	}{
		{82.61, 0.21, 82.90, 0.01, 1, true},      // within 1.5 points, the paper's SE below 0.5
		{81.03, 0.16, 77.68, 0.31, 1, false},     // 3.35 points, more than 3 combined SE
		{89.0, 0.5, 89.58, 0.53, 1, true},        // within 3 combined SE
		{0.8907, 0.0100, 0.9390, 0, 0.01, false}, // a correlation 0.048 away, SE 0.01
		{0.490, 0.010, 0.505, 0, 0.01, true},     // 1.5 points of 0.01
		{0.5, math.NaN(), 0.5, 0, 0.01, true},
	}
	for _, tt := range tests {
		if got := within(tt.mean, tt.se, tt.paper, tt.paperSE, tt.point); got != tt.want {
			t.Errorf("within(%v ± %v, paper %v ± %v) = %v", tt.mean, tt.se, tt.paper, tt.paperSE, got)
		}
	}
}

// TestBuildIncompleteStudy: a benchmark run for part of its methods leaves a
// final_tasks.csv without presyn and nocons; fig4b is then "not run" with the
// reason, and the rest of the report is still built.
func TestBuildIncompleteStudy(t *testing.T) {
	dir := t.TempDir()
	writeEnergy(t, dir, 1000)
	split := filepath.Join(dir, "lifelong", "split-mnist")
	if err := os.MkdirAll(split, 0o755); err != nil {
		t.Fatal(err)
	}
	rows := []lifelong.FinalTaskRow{{Method: "bgd", Task: 1, N: 3, Accuracy: ms(0.31, 0.01)}}
	if err := results.WriteRows(filepath.Join(split, "final_tasks.csv"), rows); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(dir, filepath.Join(t.TempDir(), "figures"), Machine{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Entries {
		switch e.ID {
		case "fig4b":
			if e.Verdict != NotRun || !strings.Contains(e.Note, "lacks task 1") || !strings.Contains(e.Note, "presyn lifelong --task split-mnist") {
				t.Errorf("fig4b from a bgd-only study: %q, note %q", e.Verdict, e.Note)
			}
		case "fig1a":
			if e.Verdict != Matches {
				t.Errorf("fig1a: %q beside an incomplete study", e.Verdict)
			}
		}
	}
}
