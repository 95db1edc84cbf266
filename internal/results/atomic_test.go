package results

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
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

// An undefined statistic (a t-test of one seed) is written as null and read back
// as NaN, where a float64 would make the file fail to encode (issue 21).
func TestStatJSON(t *testing.T) {
	type summary struct {
		T, P Stat
		N    int
	}
	path := filepath.Join(t.TempDir(), "ttest.json")
	if err := WriteJSONAtomic(path, summary{T: Stat(math.NaN()), P: Stat(math.Inf(1)), N: 1}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"T": null`) || !strings.Contains(string(raw), `"P": null`) {
		t.Errorf("written as\n%s", raw)
	}
	var back summary
	if err := json.Unmarshal(raw, &back); err != nil || back.T.Defined() || back.P.Defined() || back.N != 1 {
		t.Errorf("read back %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"T": 2.5, "P": 0.01}`), &back); err != nil || back.T != 2.5 || back.P != 0.01 {
		t.Errorf("numbers read back as %+v, %v", back, err)
	}
}
