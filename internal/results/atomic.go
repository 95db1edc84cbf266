package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// WriteFileAtomic writes data to path so that readers see either the old file or the
// complete new one: it writes a temporary file in the same folder, syncs it and
// renames it over path.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	if err := os.Chmod(tmpName, 0o644); err != nil {
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("results: write %s: %w", path, err)
	}
	return nil
}

// WriteJSONAtomic writes v as indented JSON to path atomically.
func WriteJSONAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("results: encode %s: %w", path, err)
	}
	return WriteFileAtomic(path, append(data, '\n'))
}

// Table is a CSV table with a fixed header. Rows must have as many fields as the
// header; AddRow panics otherwise, because that is a programming error.
type Table struct {
	Header []string
	Rows   [][]string
}

// NewTable returns an empty table with the given header.
func NewTable(header ...string) *Table { return &Table{Header: header} }

// AddRow appends one row of already formatted fields.
func (t *Table) AddRow(fields ...string) {
	if len(fields) != len(t.Header) {
		panic(fmt.Sprintf("results: row has %d fields, header has %d", len(fields), len(t.Header)))
	}
	t.Rows = append(t.Rows, fields)
}

// Bytes returns the table as CSV.
func (t *Table) Bytes() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(t.Header) // writes to a bytes.Buffer cannot fail
	_ = w.WriteAll(t.Rows)
	return buf.Bytes()
}

// WriteAtomic writes the table to path atomically.
func (t *Table) WriteAtomic(path string) error { return WriteFileAtomic(path, t.Bytes()) }

// ReadTable reads a CSV file written by Table and checks its header.
func ReadTable(path string, header ...string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("results: read %s: %w", path, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("results: %s is empty", path)
	}
	if len(header) > 0 {
		got := records[0]
		if len(got) < len(header) {
			return nil, fmt.Errorf("results: %s has header %v, want %v", path, got, header)
		}
		for i := range header {
			if got[i] != header[i] {
				return nil, fmt.Errorf("results: %s has header %v, want %v", path, got, header)
			}
		}
	}
	return &Table{Header: records[0], Rows: records[1:]}, nil
}

// FormatFloat formats a result number compactly and losslessly enough for analysis
// (%.6g keeps six significant digits; NaN is "NaN").
func FormatFloat(x float64) string { return fmt.Sprintf("%.6g", x) }

// FormatExact formats a setting (an L2 strength, a probability, a learning rate)
// in the fewest digits that read back exactly: for run IDs, overrides, flags and
// labels.
func FormatExact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
