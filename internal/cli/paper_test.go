package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment"
	"github.com/presyn/presyn/internal/study"
)

// presyn paper's flags resolve to the whole paper's studies in their folders:
// the defaults, the smoke profile's own folders, a shard.
func TestPaperFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args             []string
		results, figures string
		quick            bool
		shard            study.Shard
	}{
		{nil, "results", "figures", false, study.Shard{}},
		{[]string{"--quick"}, filepath.Join("results", "quick"), filepath.Join("figures", "quick"), true, study.Shard{}},
		{[]string{"--quick", "--out", "r", "--figures", "f", "--shard", "2/5", "--workers", "3"}, "r", "f", true, study.Shard{K: 2, N: 5}},
	}
	for _, tt := range tests {
		var got paperOptions
		var steps []experiment.Step
		cmd := newPaperCmd(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, _ Streams, s []experiment.Step, o paperOptions) error {
			got, steps = o, s
			return nil
		})
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if got.Results != tt.results || got.Figures != tt.figures || got.Quick != tt.quick || got.Shard != tt.shard {
			t.Errorf("%v: options %+v", tt.args, got)
		}
		var names []string
		for _, s := range steps {
			names = append(names, s.Name)
			if !strings.HasPrefix(s.Dir, tt.results) {
				t.Errorf("%v: %s in %s, outside %s", tt.args, s.Name, s.Dir, tt.results)
			}
		}
		// The energy sweep trains the importance networks; only app1d's, of
		// uniform initial p, are trained in the importance folder.
		want := "energy energy-fixed-p importance importance/trained-uniform lifelong/split-mnist lifelong/split-fmnist lifelong/perm-mnist lifelong/perm-fmnist lifelong/perm-mnist-cont ablation/split-mnist ablation/perm-mnist perceptron"
		if strings.Join(names, " ") != want {
			t.Errorf("%v: steps %v, want %s", tt.args, names, want)
		}
	}
}

func TestPaperBadInputExitsTwo(t *testing.T) {
	t.Parallel()
	other := t.TempDir()
	os.MkdirAll(filepath.Join(other, "energy"), 0o755)
	os.WriteFile(filepath.Join(other, "energy", "experiment.json"), []byte(`{"experiment": "perceptron"}`), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--workers", "-1"}, "--workers"},
		{[]string{"--shard", "3/2"}, "--shard"},
		{[]string{"--out", ""}, "must not be empty"},
		{[]string{"--quick", "--out", other}, "energy"},
		{[]string{"extra"}, "extra"},
	}
	for _, tt := range tests {
		args := append([]string{"paper"}, tt.args...)
		status, _, errOut := run(t, args...)
		first := strings.SplitN(errOut, "\n", 2)[0]
		if status != ExitUsage || !strings.Contains(first, tt.want) {
			t.Errorf("presyn %v: status %d, first line %q, want 2 and %q", args, status, first, tt.want)
		}
	}
}
