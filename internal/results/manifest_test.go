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
