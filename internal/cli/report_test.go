package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	results, figures := t.TempDir(), filepath.Join(t.TempDir(), "figures")
	status, stdout, errOut := run(t, "report", "--results", results, "--figures", figures)
	if status != ExitOK || !strings.Contains(stdout, "25 artefacts: 0 match, 0 differ, 25 not run") {
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
