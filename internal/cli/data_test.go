package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
)

// repoData is the repository's data folder seen from this package's directory.
const repoData = "../../data"

// requireRealData skips when some data file is found nowhere; a damaged one fails.
func requireRealData(t *testing.T) {
	t.Helper()
	for _, name := range data.Names() {
		for _, file := range data.Files() {
			if _, err := data.Locate(repoData, name, file); errors.Is(err, data.ErrNotFound) {
				t.Skipf("real data not installed, run `make setup`: %v", err)
			} else if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestDataFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args        []string
		wantDataDir string
		wantErr     string
	}{
		{[]string{"data"}, "data", ""},
		{[]string{"data", "--data-dir", "/somewhere"}, "/somewhere", ""},
		{[]string{"--data-dir=/elsewhere", "data"}, "/elsewhere", ""},
		{[]string{"data", "extra"}, "", "takes no arguments"},
	}
	for _, tt := range tests {
		var got *dataOptions
		root := &cobra.Command{Use: "presyn", SilenceUsage: true, SilenceErrors: true}
		root.PersistentFlags().String("data-dir", "data", "")
		root.AddCommand(newDataCmd(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}},
			func(o dataOptions) error { got = &o; return nil }))
		root.SetArgs(tt.args)
		err := root.Execute()
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitStatus(err) != ExitUsage {
				t.Errorf("%v: got %v, want a usage error with %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got == nil || got.DataDir != tt.wantDataDir {
			t.Errorf("%v: options %+v, error %v; want data dir %q", tt.args, got, err, tt.wantDataDir)
		}
	}
}

func TestDataHelp(t *testing.T) {
	t.Parallel()
	status, out, _ := run(t, "data", "--help")
	if status != ExitOK || !strings.Contains(out, "Examples:") || !strings.Contains(out, "presyn data --data-dir") {
		t.Errorf("presyn data --help: status %d, output %q", status, out)
	}
}

func TestDataAllFine(t *testing.T) {
	t.Parallel()
	requireRealData(t)
	status, out, errOut := run(t, "data", "--data-dir", repoData)
	if status != ExitOK || errOut != "" {
		t.Fatalf("status %d, stderr %q; want 0 and nothing\n%s", status, errOut, out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 8 {
		t.Fatalf("got %d lines, want one per file:\n%s", len(lines), out)
	}
	for _, line := range lines {
		if !strings.HasSuffix(line, " ok") || !(strings.Contains(line, " 60000 ") || strings.Contains(line, " 10000 ")) {
			t.Errorf("line %q does not report 60000 or 10000 samples, ok", line)
		}
	}
}

// A truncated file in the data dir is reported as damaged and makes presyn exit 1,
// even though intact copies exist elsewhere (the GoMNIST module); the other files
// are found where they are, in the package folders or, failing those, the repo's
// data folder.
func TestDataTruncatedCopy(t *testing.T) {
	t.Parallel()
	requireRealData(t)
	dir := t.TempDir()
	for _, name := range data.Names() {
		if err := os.MkdirAll(filepath.Join(dir, string(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, file := range data.Files() {
			if _, err := data.Locate(dir, name, file); err == nil {
				continue // found in the data set's package folder
			}
			src, err := filepath.Abs(filepath.Join(repoData, string(name), file))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(src, filepath.Join(dir, string(name), file)); err != nil {
				t.Fatal(err)
			}
		}
	}
	intact, err := data.Locate(repoData, data.MNIST, data.TestLabelsFile)
	if err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(intact.Path)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "mnist", data.TestLabelsFile)
	os.Remove(bad)
	if err := os.WriteFile(bad, content[:len(content)/2], 0o644); err != nil {
		t.Fatal(err)
	}

	status, out, errOut := run(t, "data", "--data-dir", dir)
	if status != ExitFailure {
		t.Fatalf("status %d, want %d\n%s%s", status, ExitFailure, out, errOut)
	}
	if want := "presyn: data: 1 of 8 data files has a problem (see its line above)\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 8 {
		t.Fatalf("got %d lines, want 8:\n%s", len(lines), out)
	}
	for _, line := range lines {
		isBad := strings.Contains(line, bad)
		switch {
		case isBad && (!strings.Contains(line, "truncated") || !strings.Contains(line, "to fix: delete it and run `make setup`")):
			t.Errorf("the truncated file's line does not say what is wrong and how to fix it: %q", line)
		case !isBad && !strings.HasSuffix(line, " ok"):
			t.Errorf("line %q is not ok", line)
		}
	}
	if !strings.Contains(out, bad) {
		t.Errorf("no line names %s:\n%s", bad, out)
	}
}

func TestDataMissingFiles(t *testing.T) {
	t.Parallel()
	// A data dir that is a file: nothing can be found under it, and Locate reports
	// the file system's error instead of falling through to other copies.
	notDir := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, errOut := run(t, "data", "--data-dir", notDir)
	if status != ExitFailure || !strings.Contains(errOut, "8 of 8 data files have problems") {
		t.Fatalf("status %d, stderr %q; want 1 and 8 problems\n%s", status, errOut, out)
	}
	if strings.Count(out, "not a directory") != 8 {
		t.Errorf("want 8 lines saying the data dir is not a directory:\n%s", out)
	}
}
