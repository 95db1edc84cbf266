package resultstest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/results/resultstest"
)

type row struct {
	Name string  `csv:"name"`
	X    float64 `csv:"x"`
}

func TestReadLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(path, []byte("a\nb\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := resultstest.ReadLines(t, path); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("lines %q, want [a b]", got)
	}
}

func TestSetCell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	if err := results.WriteRows(path, []row{{"a", 1}, {"b", 2}}); err != nil {
		t.Fatal(err)
	}
	resultstest.SetCell(t, path, 2, "x", "NaN")
	if got, want := resultstest.ReadLines(t, path), []string{"name,x", "a,1", "b,NaN"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after SetCell: %q, want %q", got, want)
	}
}

func TestEditRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	if err := results.WriteRows(path, []row{{"a", 1}, {"b", 2}}); err != nil {
		t.Fatal(err)
	}
	resultstest.EditRows(t, path, func(rows []row) []row { rows[0].X = 3; return rows[:1] })
	rows, err := results.ReadRows[row](path)
	if err != nil || !reflect.DeepEqual(rows, []row{{"a", 3}}) {
		t.Errorf("after EditRows: %v, %v", rows, err)
	}
}
