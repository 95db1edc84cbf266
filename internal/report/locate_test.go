package report

import (
	"encoding/json"
	goimage "image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
)

// mark makes dir a study folder of experiment with spec.
func mark(t *testing.T, dir, experiment string, spec map[string]any) {
	t.Helper()
	mkdir(t, dir)
	raw, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.WriteJSONAtomic(filepath.Join(dir, study.MarkerFile), study.Marker{Experiment: experiment, Version: "v0", Spec: raw}); err != nil {
		t.Fatal(err)
	}
}

// TestStudiesFoundByMarker: a source's study is the folder anywhere under
// --results whose marker names its experiment and task; the standard place wins
// a tie, two elsewhere are refused naming both, a study nested in another's
// folder counts only at the standard place, and none says where it looked.
func TestStudiesFoundByMarker(t *testing.T) {
	split := map[string]any{"task": "split-mnist"}
	for _, tt := range []struct {
		name    string
		make    func(t *testing.T, root string)
		dir     string // the folder the check is given, relative to root; "" for none
		verdict paper.Verdict
		note    []string // what the note says
	}{
		{"standard place", func(t *testing.T, root string) {
			mark(t, filepath.Join(root, "lifelong/split-mnist"), "lifelong", split)
		},
			"lifelong/split-mnist", paper.Matched, nil},
		{"elsewhere", func(t *testing.T, root string) { mark(t, filepath.Join(root, "mine/split"), "lifelong", split) },
			"mine/split", paper.Matched, nil},
		{"the results folder itself", func(t *testing.T, root string) { mark(t, root, "lifelong", split) },
			".", paper.Matched, nil},
		{"another task is not it", func(t *testing.T, root string) {
			mark(t, filepath.Join(root, "mine/perm"), "lifelong", map[string]any{"task": "perm-mnist"})
			mark(t, filepath.Join(root, "mine/abl"), "ablation", split)
		}, "", paper.NotRun, []string{"no lifelong study of split-mnist under " + "ROOT", "experiment.json", "ROOT/lifelong/split-mnist", "run `presyn lifelong --task split-mnist`"}},
		{"runs and dot folders skipped", func(t *testing.T, root string) {
			mark(t, filepath.Join(root, "x/runs/r"), "lifelong", split)
			mark(t, filepath.Join(root, ".old"), "lifelong", split)
		}, "", paper.NotRun, nil},
		{"nested in another study", func(t *testing.T, root string) {
			mark(t, filepath.Join(root, "importance"), "importance", nil)
			mark(t, filepath.Join(root, "importance/trained"), "lifelong", split)
		}, "", paper.NotRun, nil},
		{"standard place preferred", func(t *testing.T, root string) {
			mark(t, filepath.Join(root, "a/split"), "lifelong", split)
			mark(t, filepath.Join(root, "lifelong/split-mnist"), "lifelong", split)
		}, "lifelong/split-mnist", paper.Matched, nil},
		{"two elsewhere refused", func(t *testing.T, root string) {
			mark(t, filepath.Join(root, "a/split"), "lifelong", split)
			mark(t, filepath.Join(root, "b/split"), "lifelong", split)
		}, "", paper.Error, []string{"a/split and b/split", "both hold the lifelong study of split-mnist"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			tt.make(t, root)
			var given []string
			a := paper.Artefact{ID: "fig4c", Command: "presyn lifelong --task split-mnist",
				Sources: []paper.Source{{Dir: "lifelong/split-mnist", Study: "lifelong", Task: "split-mnist"}},
				Check: func(dirs []string) (paper.Finding, error) {
					given = dirs
					return paper.Finding{Verdict: paper.Matched}, nil
				}}
			rep, err := Build(root, t.TempDir(), []paper.Artefact{a}, Machine{})
			if err != nil {
				t.Fatal(err)
			}
			e := rep.Entries[0]
			if e.Verdict != tt.verdict {
				t.Fatalf("verdict %q (%s), want %q", e.Verdict, e.Note, tt.verdict)
			}
			if tt.dir != "" && (len(given) != 1 || given[0] != filepath.Join(root, tt.dir)) {
				t.Errorf("check given %q, want %s", given, filepath.Join(root, tt.dir))
			}
			for _, s := range tt.note {
				if s = strings.ReplaceAll(s, "ROOT", root); !strings.Contains(e.Note, s) {
					t.Errorf("note %q lacks %q", e.Note, s)
				}
			}
			if nf := rep.NotFound(); (tt.verdict == paper.NotRun) != (len(nf) == 1) {
				t.Errorf("NotFound = %q", nf)
			}
		})
	}
}

// TestSmokeRunNotJudged: a check over a folder made with --quick (its spec
// records quick: true) keeps its numbers but is not judged, and the summary
// counts it apart, still ending "of N artefacts".
func TestSmokeRunNotJudged(t *testing.T) {
	root := t.TempDir()
	mark(t, filepath.Join(root, "smoke"), "energy", map[string]any{"quick": true, "seeds": []int{2019}})
	mark(t, filepath.Join(root, "full"), "lifelong", map[string]any{"task": "t", "seeds": []int{1, 2, 3}})
	check := func(v paper.Verdict) func([]string) (paper.Finding, error) {
		return func([]string) (paper.Finding, error) {
			return paper.Finding{Ours: "presyn 2.152 ± 0.000 (n 1), 0.30 ± 0.05; t = NaN, p = NaN", Verdict: v}, nil
		}
	}
	arts := []paper.Artefact{
		{ID: "fig1a", Sources: []paper.Source{{Dir: "energy", Study: "energy"}}, Check: check(paper.Matched)},
		{ID: "fig1b", Sources: []paper.Source{{Dir: "energy", Study: "energy"}}, Check: check(paper.Differs)},
		{ID: "app3a", Sources: []paper.Source{{Dir: "energy", Study: "energy"}}, Check: check(paper.NoClaim)},
		{ID: "fig4c", Sources: []paper.Source{{Dir: "lifelong/t", Study: "lifelong", Task: "t"}}, Check: check(paper.Matched)},
	}
	rep, err := Build(root, t.TempDir(), arts, Machine{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []paper.Verdict{paper.NotJudged, paper.NotJudged, paper.NoClaim, paper.Matched} {
		e := rep.Entries[i]
		if e.Verdict != want {
			t.Errorf("%s: %q, want %q", e.ID, e.Verdict, want)
		}
		smoke := want == paper.NotJudged || want == paper.NoClaim
		if smoke != strings.Contains(e.Note, paper.SmokeNote) {
			t.Errorf("%s: note %q", e.ID, e.Note)
		}
		if wantOurs := "presyn 2.152 (n 1), 0.30 ± 0.05; no t-test: one seed"; smoke && e.Ours != wantOurs {
			t.Errorf("%s: ours %q, want %q", e.ID, e.Ours, wantOurs)
		}
	}
	if line := rep.CountLine(); line != "1 matches, 0 differs, 0 not run, 1 without a claim, 2 not judged (smoke runs), of 4 artefacts" {
		t.Errorf("CountLine = %q", line)
	}
	md := rep.Markdown("")
	for _, s := range []string{"## fig1a (smoke run)", "| not judged: smoke run |", "**Smoke run: 2 artefacts"} {
		if !strings.Contains(md, s) {
			t.Errorf("the Markdown lacks %q", s)
		}
	}
	page, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `class="not-judged"`) || !strings.Contains(string(page), "fig1a (smoke run)") {
		t.Error("the HTML does not mark the smoke runs")
	}
}

// TestHTMLFiguresAtPrintedSize: the page shows a figure at its printed width
// (its pixels at plot.DPI, 96 CSS pixels an inch), not the text's: a
// single-column figure 4.9 in wide (1470 px) at 470 px, a double-column one
// (2730 px) at 873 px; a PNG it cannot read at most the column's width.
func TestHTMLFiguresAtPrintedSize(t *testing.T) {
	figs := t.TempDir()
	for name, w := range map[string]int{"fig1a.png": 1470, "fig2a.png": 2730} {
		f, err := os.Create(filepath.Join(figs, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, goimage.NewGray(goimage.Rect(0, 0, w, 10))); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	mkdir(t, figs, "fig3a.png")
	rep := &Report{Figures: figs, Entries: []Entry{
		{Artefact: paper.Artefact{ID: "fig1a"}, Figures: []string{"fig1a.png", "fig1a.svg"}},
		{Artefact: paper.Artefact{ID: "fig2a"}, Figures: []string{"fig2a.png"}},
		{Artefact: paper.Artefact{ID: "fig3a"}, Figures: []string{"fig3a.png"}},
	}}
	page, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<img src="fig1a.png" alt="fig1a.png" width="470">`, `<img src="fig2a.png" alt="fig2a.png" width="873">`, `<img src="fig3a.png" alt="fig3a.png">`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}
