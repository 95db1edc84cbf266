package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/study"
)

func TestReportFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want reportOptions
	}{
		{nil, reportOptions{ResultsDir: "results", FiguresDir: "figures", Out: filepath.Join("figures", "REPORT.md")}},
		{[]string{"--figures", "/tmp/f"}, reportOptions{ResultsDir: "results", FiguresDir: "/tmp/f", Out: filepath.Join("/tmp/f", "REPORT.md")}},
		{[]string{"--results", "/r", "--figures", "f", "--out", "docs/REPORT.md"}, reportOptions{ResultsDir: "/r", FiguresDir: "f", Out: "docs/REPORT.md"}},
	}
	for _, tt := range tests {
		var got reportOptions
		cmd := newReportCmd(discard(), func(o reportOptions) error { got = o; return nil })
		args := append([]string{"report"}, tt.args...)
		if status, errOut := runSeam(t, cmd, args...); status != ExitOK {
			t.Fatalf("presyn %v: status %d: %s", args, status, errOut)
		}
		if got != tt.want {
			t.Errorf("presyn %v: options %+v, want %+v", args, got, tt.want)
		}
	}
	badNotes := filepath.Join(t.TempDir(), "notes.md")
	if err := os.WriteFile(badNotes, []byte("## fig9z\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goodNotes := filepath.Join(t.TempDir(), "notes.md")
	if err := os.WriteFile(goodNotes, []byte("## fig3c\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A notes file that is not there fails as files do (status 1); one naming
	// no artefact is a usage error.
	missing := filepath.Join(t.TempDir(), "none.md")
	cmd := newReportCmd(discard(), func(reportOptions) error { t.Error("ran without its notes"); return nil })
	if status, errOut := runSeam(t, cmd, "report", "--notes", missing); status != ExitFailure || !strings.Contains(errOut, "none.md") {
		t.Errorf("presyn report --notes %s: status %d, stderr %q; want 1 naming it", missing, status, errOut)
	}
	var got reportOptions
	cmd = newReportCmd(discard(), func(o reportOptions) error { got = o; return nil })
	if status, errOut := runSeam(t, cmd, "report", "--notes", goodNotes); status != ExitOK || got.Notes != goodNotes {
		t.Errorf("presyn report --notes %s: status %d, options %+v: %s", goodNotes, status, got, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "extra"}, "takes no arguments"},
		{[]string{"report", "--no-such-flag"}, "unknown flag"},
		{[]string{"report", "--figures"}, "flag needs an argument"},
		{[]string{"report", "--notes", badNotes}, `section "fig9z" is no artefact`},
	} {
		cmd := newReportCmd(discard(), func(reportOptions) error { t.Errorf("presyn %v ran", tt.args); return nil })
		if status, errOut := runSeam(t, cmd, tt.args...); status != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q; want 2 and %q", tt.args, status, errOut, tt.want)
		}
	}
}

func TestReportCommand(t *testing.T) {
	t.Parallel()
	results, figures := t.TempDir(), filepath.Join(t.TempDir(), "figures")
	status, stdout, errOut := run(t, "report", "--results", results, "--figures", figures)
	if status != ExitOK || !strings.Contains(stdout, "0 matches, 0 differs, 25 not run, 0 without a claim, of 25 artefacts") {
		t.Fatalf("status %d (%s):\n%s", status, errOut, stdout)
	}
	md, err := os.ReadFile(filepath.Join(figures, "REPORT.md"))
	if err != nil || !strings.Contains(string(md), "| [tab1](#tab1) |") || !strings.Contains(string(md), "doi:10.5061/dryad.p286g") {
		t.Errorf("REPORT.md (%v):\n%s", err, md)
	}
	if _, err := os.Stat(filepath.Join(figures, "index.html")); err != nil {
		t.Error(err)
	}
	// The report elsewhere links the figures by their path from it.
	out := filepath.Join(t.TempDir(), "docs", "REPORT.md")
	if status, _, errOut = run(t, "report", "--results", results, "--figures", figures, "--out", out); status != ExitOK {
		t.Fatalf("--out: status %d: %s", status, errOut)
	}
	status, _, errOut = run(t, "report", "--results", filepath.Join(results, "none"))
	if status != ExitFailure || !strings.Contains(errOut, "make figures") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("a missing results folder: status %d, stderr %q", status, errOut)
	}
}

// presyn report does not write its figures or report into an experiment's
// folder, whose files they would overwrite.
func TestReportRefusesAStudysFolder(t *testing.T) {
	t.Parallel()
	results := t.TempDir()
	energy := filepath.Join(results, "energy")
	os.MkdirAll(energy, 0o755)
	os.WriteFile(filepath.Join(energy, study.MarkerFile), []byte(`{"experiment": "energy", "spec": {}}`), 0o644)
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"--figures a study's folder", []string{"--figures", energy}, "--figures " + energy + " is inside " + energy + ", the results folder of energy"},
		{"--figures inside one", []string{"--figures", filepath.Join(energy, "figures")}, "the results folder of energy"},
		{"--out inside one", []string{"--figures", filepath.Join(t.TempDir(), "f"), "--out", filepath.Join(energy, "REPORT.md")}, "report: --out " + energy},
	} {
		status, _, errOut := run(t, append([]string{"report", "--results", results}, tt.args...)...)
		if status != ExitUsage || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%s: status %d, stderr %q; want 2 and %q", tt.name, status, errOut, tt.want)
		}
	}
	if entries, _ := os.ReadDir(energy); len(entries) != 1 {
		t.Errorf("the study's folder holds %d files, want only its marker", len(entries))
	}
}
