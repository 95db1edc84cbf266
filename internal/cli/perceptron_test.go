package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/perceptron"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/version"
)

// tinyPerceptron are flags for a run that takes a fraction of a second.
var tinyPerceptron = []string{"perceptron", "--seeds", "1-3", "--tasks", "2", "--patterns", "10", "--inputs", "50", "--passes", "3"}

func TestParseSeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []uint64
		wantErr string
	}{
		{"1000-1009", []uint64{1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009}, ""},
		{"1,2,3", []uint64{1, 2, 3}, ""},
		{" 7 ", []uint64{7}, ""},
		{"5-5", []uint64{5}, ""},
		{"1-3, 10", []uint64{1, 2, 3, 10}, ""},
		{"0", []uint64{0}, ""},
		{"", nil, "no seeds"},
		{"  ", nil, "no seeds"},
		{"1,,2", nil, "empty item"},
		{"1,", nil, "empty item"},
		{"1,2,1", nil, "twice"},
		{"1-3,2", nil, "twice"},
		{"abc", nil, "not a seed"},
		{"-3", nil, "not a seed"},
		{"1.5", nil, "not a seed"},
		{"1-", nil, "not a seed"},
		{"5-3", nil, "backwards"},
		{"1-2-3", nil, "not a seed"},
		{"0-10000", nil, "more than"},
		{"99999999999999999999", nil, "not a seed"},
	}
	for _, tt := range tests {
		got, err := parseSeeds(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseSeeds(%q) error %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseSeeds(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// Flags parse into the options the run function receives.
func TestPerceptronFlags(t *testing.T) {
	type options struct {
		Config perceptron.Study
		Opts   study.Options
	}
	out := filepath.Join(t.TempDir(), "x")
	tests := []struct {
		args []string
		want func(*options)
	}{
		{nil, func(*options) {}},
		{[]string{"--seeds", "1,2", "--tasks", "3", "--patterns", "1000", "--inputs", "20", "--batch", "4", "--passes", "2", "--out", out, "--workers", "1", "--shard", "1/3"},
			func(o *options) {
				o.Config.Seeds = []uint64{1, 2}
				o.Config.Tasks, o.Config.Patterns, o.Config.Inputs, o.Config.Batch, o.Config.Passes = 3, 1000, 20, 4, 2
				o.Opts.Workers, o.Opts.Dir, o.Opts.Shard = 1, out, study.Shard{K: 1, N: 3}
			}},
	}
	t.Chdir(t.TempDir()) // the default --out is relative
	for _, tt := range tests {
		streams := Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
		want := options{Config: perceptron.Default(), Opts: study.Options{Dir: "results/perceptron", Progress: streams.Err}}
		tt.want(&want)
		var got options
		cmd := newPerceptronCmd(streams, func(_ context.Context, _ Streams, c perceptron.Study, o study.Options) error {
			got = options{c, o}
			return nil
		})
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v:\n got %+v\nwant %+v", tt.args, got, want)
		}
	}
}

func TestPerceptronBadInput(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args       []string
		wantStatus int
		wantErr    string
	}{
		{[]string{"--seeds", ""}, ExitUsage, "--seeds"},
		{[]string{"--seeds", "1,1"}, ExitUsage, "twice"},
		{[]string{"--seeds", "x-y"}, ExitUsage, "not a seed"},
		{[]string{"--tasks", "0"}, ExitUsage, "--tasks must be positive"},
		{[]string{"--inputs", "-5"}, ExitUsage, "--inputs must be positive"},
		{[]string{"--passes", "two"}, ExitUsage, "is not"},
		{[]string{"--batch", "11"}, ExitUsage, "--batch 11 is larger than --patterns 10"},
		{[]string{"--workers", "-1"}, ExitUsage, "--workers"},
		{[]string{"--out", ""}, ExitUsage, "--out"},
		{[]string{"--out", file}, ExitFailure, "not a folder"},
		{[]string{"--no-such-flag"}, ExitUsage, "unknown flag"},
		{[]string{"extra-arg"}, ExitUsage, "takes no arguments"},
		// A folder that cannot be created is a failure of the files, as for
		// train, energy and report (errors.go).
		{[]string{"--out", filepath.Join(file, "sub")}, ExitFailure, "a-file"},
	}
	for _, tt := range tests {
		args := append(append([]string{}, tinyPerceptron...), tt.args...)
		status, _, errOut := run(t, args...)
		if status != tt.wantStatus {
			t.Errorf("%v: status %d, want %d (stderr %q)", tt.args, status, tt.wantStatus, errOut)
		}
		if !strings.Contains(errOut, tt.wantErr) {
			t.Errorf("%v: stderr %q, want it to contain %q", tt.args, errOut, tt.wantErr)
		}
		if lines := strings.Count(strings.TrimSpace(errOut), "\n"); lines > 1 || strings.Contains(errOut, "goroutine ") {
			t.Errorf("%v: error is not one line (plus the usage hint):\n%s", tt.args, errOut)
		}
	}
}

func TestPerceptronHelp(t *testing.T) {
	t.Parallel()
	status, out, _ := run(t, "perceptron", "--help")
	if status != ExitOK || !strings.Contains(out, "Examples:") || !strings.Contains(out, "--seeds") {
		t.Errorf("status %d, help:\n%s", status, out)
	}
}

func TestPerceptronRunWritesResults(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var outputs [2]map[string][]byte
	for i, workers := range []string{"1", "2"} {
		out := filepath.Join(dir, "w"+workers)
		var stdout, stderr bytes.Buffer
		args := append(append([]string{}, tinyPerceptron...), "--out", out, "--workers", workers)
		if status := Main(args, &stdout, &stderr); status != ExitOK {
			t.Fatalf("status %d: %s", status, stderr.String())
		}
		for _, want := range []string{"standard", "presyn", "t-test", "Wall time"} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, stdout.String())
			}
		}
		if !strings.Contains(stderr.String(), "[3/3]") || !strings.Contains(stderr.String(), "ETA") {
			t.Errorf("progress lacks a line per seed with ETA:\n%s", stderr.String())
		}
		outputs[i] = map[string][]byte{}
		for _, name := range []string{"curves.csv", "summary.csv", "ttest.json", "config.json",
			"fig5b.png", "fig5b.svg", "fig5b.pdf", "fig5c.png", "fig5c.svg", "fig5c.pdf"} {
			data, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			outputs[i][name] = data
		}
		var manifest struct {
			Version string `json:"presyn_version"`
			Config  struct {
				Seeds []uint64 `json:"seeds"`
			} `json:"config"`
		}
		if err := json.Unmarshal(outputs[i]["config.json"], &manifest); err != nil {
			t.Fatal(err)
		}
		if manifest.Version != version.String() || !reflect.DeepEqual(manifest.Config.Seeds, []uint64{1, 2, 3}) {
			t.Errorf("config.json: %s", outputs[i]["config.json"])
		}
	}
	// Same seeds, same numbers, whatever the number of workers.
	for _, name := range []string{"curves.csv", "summary.csv"} {
		if !bytes.Equal(outputs[0][name], outputs[1][name]) {
			t.Errorf("%s differs between 1 and 2 workers", name)
		}
	}
}
