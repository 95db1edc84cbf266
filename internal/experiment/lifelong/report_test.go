package lifelong_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/report"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
)

// TestReportMakesTab1 holds that presyn report makes Appendix 1 table 1 itself
// (no presyn lifelong table first) from the benchmarks' studies wherever they
// are under --results, and that a smoke run's cells are shown, not judged.
func TestReportMakesTab1(t *testing.T) {
	for _, tt := range []struct {
		name    string
		smoke   bool
		verdict paper.Verdict
		ours    string
	}{
		{"full studies", false, paper.Matched, "20 of 20 cells with a paper value match"},
		{"smoke runs", true, paper.NotJudged, "20 of 20 cells with a paper value from smoke runs, not judged"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			table(t, root, nil)
			// Each benchmark in a folder of the user's choosing.
			for task := range paperTab1 {
				to := filepath.Join(root, "mine", task+"-study")
				if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(filepath.Join(root, lifelong.Folder(task)), to); err != nil {
					t.Fatal(err)
				}
				if tt.smoke {
					quick(t, to)
				}
			}
			figs := t.TempDir()
			rep, err := report.Build(root, figs, lifelong.Artefacts(), report.Machine{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range rep.Entries {
				if e.ID != lifelong.Tab1 {
					continue
				}
				if e.Verdict != tt.verdict || e.Ours != tt.ours {
					t.Errorf("tab1: %q, %q (%s); want %q, %q", e.Verdict, e.Ours, e.Note, tt.verdict, tt.ours)
				}
				md, err := os.ReadFile(filepath.Join(figs, "tab1.md"))
				if err != nil {
					t.Fatal(err)
				}
				if smoke := strings.Contains(string(md), "Smoke run (--quick)"); smoke != tt.smoke || strings.Contains(string(md), ": matches") == tt.smoke {
					t.Errorf("tab1.md does not say whether it was judged:\n%s", md)
				}
				return
			}
			t.Fatal("no tab1 entry")
		})
	}
}

// quick records in dir's marker that its study is a smoke run, as --quick does.
func quick(t *testing.T, dir string) {
	t.Helper()
	m, err := study.ReadMarker(dir)
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(m.Spec, &spec); err != nil {
		t.Fatal(err)
	}
	spec["quick"] = true
	if m.Spec, err = json.Marshal(spec); err != nil {
		t.Fatal(err)
	}
	if err := results.WriteJSONAtomic(filepath.Join(dir, study.MarkerFile), m); err != nil {
		t.Fatal(err)
	}
}
