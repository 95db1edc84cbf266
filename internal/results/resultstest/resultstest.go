package resultstest

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/results"
)

// ReadLines returns the lines of the file path without its trailing newlines.
func ReadLines(t testing.TB, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(raw)), "\n")
}

// SetCell sets column of row (1 for the first row under the header) of the CSV
// file path to value, such as "NaN", leaving every other byte as it was: what a
// damaged number in a run's file looks like to the code that reads it. The
// cells are split at commas, as results writes its tables (no quoted cells).
func SetCell(t testing.TB, path string, row int, column, value string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	col := slices.Index(strings.Split(lines[0], ","), column)
	if col < 0 || row < 1 || row >= len(lines) {
		t.Fatalf("%s has no column %s or no row %d", path, column, row)
	}
	cells := strings.Split(lines[row], ",")
	if col >= len(cells) {
		t.Fatalf("%s: row %d has %d cells, no column %s", path, row, len(cells), column)
	}
	cells[col] = value
	lines[row] = strings.Join(cells, ",")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// EditRows reads the rows of the table path (results.ReadRows) and writes back
// what edit returns (results.WriteRows).
func EditRows[R any](t testing.TB, path string, edit func([]R) []R) {
	t.Helper()
	rows, err := results.ReadRows[R](path)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.WriteRows(path, edit(rows)); err != nil {
		t.Fatal(err)
	}
}
