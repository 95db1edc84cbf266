package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadNotes(t *testing.T) {
	ids := []string{"fig1a", "fig3c", "tab1"}
	for _, tc := range []struct {
		name, text string
		want       map[string]string
		wantErr    string
	}{
		{name: "sections",
			text: "# Residuals of the run of 2026-12-04\n\nnot copied\n\n## fig3c\n\nLayer 1 per seed: 0.90, 0.88.\n\n- a list\n\n## tab1 (Appendix 1 table 1)\nEWC below.\n",
			want: map[string]string{"fig3c": "Layer 1 per seed: 0.90, 0.88.\n\n- a list", "tab1": "EWC below."}},
		{name: "CRLF", text: "## fig1a\r\none\r\n", want: map[string]string{"fig1a": "one"}},
		{name: "unknown id", text: "## fig3d\nx\n", wantErr: `section "fig3d" is no artefact`},
		{name: "twice", text: "## fig3c\nx\n## fig3c\ny\n", wantErr: "two sections for fig3c"},
		{name: "no id", text: "## \nx\n", wantErr: "without an artefact id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "notes.md")
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			n, err := ReadNotes(path, ids)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(n.ByID) != len(tc.want) {
				t.Errorf("notes %q, want %q", n.ByID, tc.want)
			}
			for id, text := range tc.want {
				if n.ByID[id] != text {
					t.Errorf("%s: %q, want %q", id, n.ByID[id], text)
				}
			}
		})
	}
	if _, err := ReadNotes(filepath.Join(t.TempDir(), "none.md"), ids); err == nil || !strings.Contains(err.Error(), "none.md") {
		t.Errorf("a missing file: %v", err)
	}
}

// A note goes into its artefact's section of the Markdown and the HTML page,
// and the verdict stays the check's.
func TestAddNotes(t *testing.T) {
	dir := t.TempDir()
	mkdir(t, filepath.Join(dir, "a"), "experiment.json")
	rep, err := Build(dir, filepath.Join(t.TempDir(), "figures"), fakeArtefacts(), Machine{CPU: "c", Cores: 2})
	if err != nil {
		t.Fatal(err)
	}
	rep.AddNotes(Notes{Source: "docs/residuals.md", ByID: map[string]string{"fig1b": "Tried <b> and c: 3.1 points."}})
	md := rep.Markdown("")
	section := md[strings.Index(md, "\n## fig1b"):strings.Index(md, "\n## fig2a")]
	for _, want := range []string{"- Verdict: **differs** (by 3 points)", "**What was tried** (docs/residuals.md):\n\nTried <b> and c: 3.1 points.\n"} {
		if !strings.Contains(section, want) {
			t.Errorf("fig1b's section lacks %q:\n%s", want, section)
		}
	}
	if strings.Count(md, "What was tried** (") != 1 {
		t.Errorf("a note in a section without one:\n%s", md)
	}
	page, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<pre class="notes">Tried &lt;b&gt; and c: 3.1 points.</pre>`) {
		t.Errorf("the page lacks the escaped note")
	}
}
