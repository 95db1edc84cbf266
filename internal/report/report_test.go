package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
)

// fakeArtefacts are artefacts whose checks say what the test wants, over study
// folders the test makes: the report knows no experiment, only artefacts.
func fakeArtefacts() []paper.Artefact {
	found := func(f paper.Finding) func([]string) (paper.Finding, error) {
		return func([]string) (paper.Finding, error) { return f, nil }
	}
	return []paper.Artefact{
		{ID: "fig1a", What: "a figure that matches", Claim: "up", Command: "presyn a", Rule: "up it goes",
			Sources: []paper.Source{{Dir: "a", Figure: "fig1a"}}, Values: []paper.Value{paper.Percent(82.90, 0.01, "tab1: Split MNIST, x")},
			Check: found(paper.Finding{Ours: "up", Verdict: paper.Matched, Files: map[string][]byte{".csv": []byte("x\n1\n")}})},
		{ID: "fig1b", What: "a figure that differs", Claim: "down", Command: "presyn a", Rule: "down it goes",
			Sources: []paper.Source{{Dir: "a", Figure: "fig1b"}},
			Check:   found(paper.Finding{Ours: "up", Verdict: paper.Differs, Note: "by 3 points"})},
		{ID: "fig2a", What: "a figure of two studies", Claim: "both", Command: "presyn b; presyn c",
			Sources: []paper.Source{{Dir: "b", Figure: "fig2a"}, {Dir: "c/deep", Figure: "fig2a", Suffix: "-c"}},
			Check: func(dirs []string) (paper.Finding, error) {
				if dirs[0] == "" || dirs[1] != "" {
					return paper.Finding{}, errors.New("dirs wrong")
				}
				return paper.Finding{Ours: "half", Verdict: paper.Matched}, paper.NotRunError("no ablation of c")
			}},
		{ID: "app1a", What: "a study nobody ran", Claim: "x", Command: "presyn d",
			Sources: []paper.Source{{Dir: "d"}}, Check: found(paper.Finding{Verdict: paper.Matched})},
		{ID: "app4", What: "data the user has", Claim: "x", Command: "presyn e", NotRunNote: "get the data first",
			Sources: []paper.Source{{Dir: "e"}}, Check: found(paper.Finding{Verdict: paper.Matched})},
		{ID: "tab1", What: "a damaged run", Claim: "x", Command: "presyn a",
			Sources: []paper.Source{{Dir: "a"}},
			Check: func([]string) (paper.Finding, error) {
				return paper.Finding{}, errors.New("a/runs/x/metrics.csv: mutual_info_bits is NaN in the last epoch")
			}},
	}
}

func mkdir(t *testing.T, dir string, files ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBuild(t *testing.T) {
	dir, figs := t.TempDir(), filepath.Join(t.TempDir(), "figures")
	mkdir(t, filepath.Join(dir, "a"), "fig1a.png", "fig1a.svg", "fig1b.png")
	mkdir(t, filepath.Join(dir, "b"), "fig2a.png")
	rep, err := Build(dir, figs, fakeArtefacts(), Machine{CPU: "test CPU", Cores: 2, OS: "linux/amd64", Version: "v0"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Entry{}
	for _, e := range rep.Entries {
		got[e.ID] = e
	}
	for _, tt := range []struct {
		id      string
		verdict paper.Verdict
		note    string
	}{
		{"fig1a", paper.Matched, ""},
		{"fig1b", paper.Differs, "by 3 points"},
		{"fig2a", paper.NotRun, "no ablation of c; run `presyn b; presyn c`"},
		{"app1a", paper.NotRun, "run `presyn d`"},
		{"app4", paper.NotRun, "get the data first"},
		{"tab1", paper.Error, "a/runs/x/metrics.csv: mutual_info_bits is NaN in the last epoch"},
	} {
		if e := got[tt.id]; e.Verdict != tt.verdict || !strings.HasSuffix(e.Note, tt.note) {
			t.Errorf("%s: %q (%q), want %q (%q)", tt.id, e.Verdict, e.Note, tt.verdict, tt.note)
		}
	}
	if got["fig2a"].Ours != "half" {
		t.Errorf("a study not run in part keeps what the check found: %q", got["fig2a"].Ours)
	}
	for _, f := range []string{"fig1a.png", "fig1a.svg", "fig1a.csv", "fig1b.png", "fig2a.png"} {
		if _, err := os.Stat(filepath.Join(figs, f)); err != nil {
			t.Error(err)
		}
	}
	if raw, _ := os.ReadFile(filepath.Join(figs, "fig1a.csv")); string(raw) != "x\n1\n" {
		t.Errorf("fig1a.csv is %q, the check's table", raw)
	}
	if e := got["fig1a"]; strings.Join(e.Figures, ",") != "fig1a.png,fig1a.svg" || strings.Join(e.CSVs, ",") != "fig1a.csv" {
		t.Errorf("fig1a: figures %v, CSVs %v", e.Figures, e.CSVs)
	}
	md := rep.Markdown("")
	for _, want := range []string{"| [fig1b](#fig1b) |", "Verdicts: 1 matches, 1 differs, 3 not run, 0 without a claim, 1 errors, of 6 artefacts.", "![fig1a](fig1a.png)", "test CPU, 2 cores", "docs/PAPER_RESULTS.md", "| fig1a | 82.90 ± 0.01 | 1 | tab1: Split MNIST, x |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	page, err := rep.HTML()
	if err != nil || !strings.Contains(string(page), `<img src="fig1a.png"`) || !strings.Contains(string(page), "1 matches, 1 differs") {
		t.Errorf("HTML (%v):\n%s", err, page)
	}
	if _, err := Build(filepath.Join(dir, "nonexistent"), figs, fakeArtefacts(), Machine{}); err == nil || !strings.Contains(err.Error(), "make figures") {
		t.Errorf("a missing results folder: %v", err)
	}
}

// The machine section sums each study folder's runs: their count, wall time,
// versions, BLAS cores and dates, the study commands' recorded wall times, and
// the whole paper's (presyn paper's "paper" rows).
func TestExperiments(t *testing.T) {
	dir := t.TempDir()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	for i, r := range []struct {
		study, run, version, backend string
		seconds                      float64
		created                      time.Time
	}{
		{"a", "x_seed-1", "v1", "openblas/Zen", 30, day(1)},
		{"a", "x_seed-2", "v2", "openblas/Zen", 90, day(3)},
		{"b/deep", "y_seed-1", "v1", "", 7200, day(2)},
	} {
		mkdir(t, filepath.Join(dir, r.study), study.MarkerFile)
		m := results.NewManifest("test", map[string]int{"i": i}, 1, r.backend)
		m.Version, m.Seconds, m.Created = r.version, r.seconds, r.created
		mkdir(t, filepath.Join(dir, r.study, "runs", r.run))
		if err := m.Write(filepath.Join(dir, r.study, "runs", r.run)); err != nil {
			t.Fatal(err)
		}
	}
	mkdir(t, filepath.Join(dir, "a", "runs", ".partial-x_seed-3")) // in progress: not counted
	if err := os.WriteFile(filepath.Join(dir, WallTimesFile), []byte("experiment,seconds,finished\na,100,2026-11-03T13:00:00Z\na,20,x\nb/deep,bad,x\npaper,3000,x\npaper,600,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(dir, filepath.Join(t.TempDir(), "figures"), nil, Machine{CPU: "c", Cores: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Experiments) != 2 {
		t.Fatalf("experiments %+v", rep.Experiments)
	}
	a, b := rep.Experiments[0], rep.Experiments[1]
	if a.Study != "a" || a.Runs != 2 || a.Seconds != 120 || a.Wall != 120 || strings.Join(a.Versions, ",") != "v1,v2" || strings.Join(a.Backends, ",") != "openblas/Zen" || !a.First.Equal(day(1)) || !a.Last.Equal(day(3)) {
		t.Errorf("a: %+v", a)
	}
	if b.Study != "b/deep" || b.Runs != 1 || b.Wall != 0 || len(b.Backends) != 0 {
		t.Errorf("b/deep: %+v", b)
	}
	md := rep.Markdown("")
	for _, want := range []string{"| a | 2 | 2.0 min | 2.0 min | openblas/Zen | v1, v2 | 2026-11-01 to 2026-11-03 |", "| b/deep | 1 | - | 2.0 h |", "Summed wall time of all runs: 2.0 h; of the study commands run one by one: 2.0 min",
		"The whole paper (presyn paper, every study's runs on one queue): 1.0 h of wall time over 2 invocations"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	// A manifest that is not JSON is an error naming it.
	if err := os.WriteFile(filepath.Join(dir, "a", "runs", "x_seed-1", results.ManifestFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(dir, filepath.Join(t.TempDir(), "figures"), nil, Machine{}); err == nil || !strings.Contains(err.Error(), filepath.Join("x_seed-1", results.ManifestFile)) {
		t.Errorf("a damaged manifest: %v", err)
	}
}

func TestPrediction(t *testing.T) {
	for _, tc := range []struct {
		name, plan, wall string
		want             string // in the Markdown; "" for no prediction line
		wantErr          string
	}{
		{name: "none", wall: "paper,3600,x\n"},
		{name: "beside the measured",
			plan: `{"created": "2026-12-04T18:40:00Z", "presyn_version": "v1", "runs": 294, "finished": 0, "core_hours": 8.8, "wall_hours": 4.4, "workers": 2}`,
			wall: "paper,7200,x\npaper,7200,y\n",
			want: "Predicted before the first run (presyn paper's plan of 2026-12-04 18:40 UTC, presyn v1): 294 runs, 8.80 core-hours, 4.4 h of wall time on 2 workers; measured 4.0 h, 0.91 of the prediction."},
		{name: "made after some runs",
			plan: `{"created": "2026-12-04T18:40:00Z", "presyn_version": "v1", "runs": 10, "finished": 5, "core_hours": 1, "wall_hours": 0.5, "workers": 2}`,
			want: "(5 runs were already finished and are not in it)."},
		{name: "damaged", plan: `{"runs": 3`, wantErr: "plan.json is damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.plan != "" {
				if err := os.WriteFile(filepath.Join(dir, PlanFile), []byte(tc.plan), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, WallTimesFile), []byte("experiment,seconds,finished\n"+tc.wall), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Build(dir, filepath.Join(t.TempDir(), "figures"), nil, Machine{CPU: "c", Cores: 2})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			md := rep.Markdown("")
			if tc.want == "" {
				if strings.Contains(md, "Predicted before") {
					t.Errorf("a prediction line without plan.json:\n%s", md)
				}
				return
			}
			if !strings.Contains(md, tc.want) {
				t.Errorf("the Markdown lacks %q:\n%s", tc.want, md)
			}
		})
	}
}
