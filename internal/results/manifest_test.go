package results

import (
	"os"
	"path/filepath"
	"testing"
)

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	type cfg struct {
		LR float64 `json:"lr"`
	}
	m := NewManifest("train", cfg{LR: 0.05}, 2019, "openblas")
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	var back cfg
	got, err := ReadManifestConfig(dir, &back)
	if err != nil {
		t.Fatal(err)
	}
	if got.Seed != 2019 || back.LR != 0.05 || got.Version == "" || got.Backend != "openblas" {
		t.Fatalf("read back %+v, config %+v", got, back)
	}
}

func TestRunDirsCommitAndResume(t *testing.T) {
	runs := RunDirs{Root: t.TempDir()}
	if runs.Done("a") {
		t.Fatal("run a done before it ran")
	}
	tmp, err := runs.Begin("a")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tmp, "metrics.csv"), []byte("x\n"), 0o644)
	if runs.Done("a") {
		t.Fatal("a partial run counts as done")
	}
	if err := runs.Commit("a", tmp); err != nil {
		t.Fatal(err)
	}
	if !runs.Done("a") {
		t.Fatal("committed run not done")
	}
	// A killed attempt leaves a partial folder; cleaning removes it, not finished runs.
	if _, err := runs.Begin("b"); err != nil {
		t.Fatal(err)
	}
	if err := runs.CleanPartial(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(runs.Root)
	if len(entries) != 1 || entries[0].Name() != "a" {
		t.Fatalf("after cleaning: %v", entries)
	}
}

func TestPrepareOutDirUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := PrepareOutDir(filepath.Join(file, "sub")); err == nil {
		t.Fatal("want an error for a folder under a file")
	}
	if err := PrepareOutDir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
}
