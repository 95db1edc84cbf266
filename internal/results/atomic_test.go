package results

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomicReplacesAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "summary.csv")
	for _, content := range []string{"first\n", "second\n"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Fatalf("got %q, want %q", got, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want only the result", len(entries))
	}
}

func TestWriteFileAtomicUnwritableFolder(t *testing.T) {
	err := WriteFileAtomic(filepath.Join(t.TempDir(), "missing", "x.csv"), []byte("x"))
	if err == nil {
		t.Fatal("want an error for a missing folder")
	}
}

func TestTableRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.csv")
	tab := NewTable("model", "seed", "acc")
	tab.AddRow("presyn", "2019", FormatFloat(0.9712345678))
	if err := tab.WriteAtomic(path); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTable(path, "model", "seed", "acc")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != 1 || back.Rows[0][2] != "0.971235" {
		t.Fatalf("read back %v", back.Rows)
	}
	if _, err := ReadTable(path, "other"); err == nil {
		t.Fatal("want a header mismatch error")
	}
}
