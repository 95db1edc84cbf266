package importance

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/study"
)

// Every analysis runs, draws and is judged on the network shapes the config
// accepts besides the paper's two hidden layers: one hidden layer (sparsity
// layers 1 and 2) and none (layer 1 only, no in/out correlation). Figures and
// artefacts about a hidden layer the networks lack are not drawn, with a note,
// and not run, with the reason; collect redraws the same (issue 21, section 3:
// slices.Max panicked on the missing layer 3).
func TestImportanceOtherShapes(t *testing.T) {
	for _, c := range []struct {
		layers string
		drawn  []string // sparsity figures
		absent []string // sparsity figures not drawn
		notRun []string // artefacts about a hidden layer the networks lack
	}{
		// app2b draws hidden layer 1 but is judged only with both its layers.
		{"[784,16,10]", []string{"fig3c", "app2a", "app2b"}, []string{"fig3a", "fig3b"}, []string{"fig3a", "fig3b", "app2b"}},
		{"[784,10]", []string{"app2a"}, []string{"fig3a", "fig3b", "fig3c", "app2b"}, []string{"fig3a", "fig3b", "fig3c", "app2b"}},
	} {
		t.Run(c.layers, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			s := tinyImportance(dir)
			s.Seeds, s.UniformSeeds = []uint64{1}, []uint64{1}
			s.Overrides = []string{"epochs=1", "layers=" + c.layers, "eval_samples=2"}
			if _, err := study.Prepare[Run](s, s.Dir); err != nil {
				t.Fatal(err) // the folder is the study's before its networks train in it
			}
			trainNetworks(t, s)
			out, err := study.Execute(context.Background(), s, study.Options{Dir: s.Dir})
			if err != nil {
				t.Fatal(err)
			}
			if out.Finished != 4 || out.Report == nil {
				t.Fatalf("outcome %+v", out)
			}
			for _, id := range append([]string{"fig2a", "fig2b", "fig2c", "fig2d", "app1d"}, c.drawn...) {
				if _, err := os.Stat(filepath.Join(s.Dir, id+".png")); err != nil {
					t.Error(err)
				}
			}
			md := out.Report.Markdown
			for _, id := range c.absent {
				if _, err := os.Stat(filepath.Join(s.Dir, id+".png")); err == nil {
					t.Errorf("%s drawn", id)
				}
				if !strings.Contains(md, id+": not drawn: the networks have") {
					t.Errorf("the report does not say why %s is not drawn:\n%s", id, md)
				}
			}
			if strings.Contains(md, "NaN") || strings.Contains(md, "Inf") {
				t.Errorf("the report of one seed has NaN or Inf:\n%s", md)
			}
			if !strings.Contains(md, "Layers are weight matrices from the input") {
				t.Errorf("the report does not give the networks' shape:\n%s", md)
			}
			for _, a := range Artefacts() {
				f, err := a.Check([]string{s.Dir})
				switch {
				case contains(c.notRun, a.ID):
					if !errors.Is(err, paper.ErrNotRun) || !strings.Contains(err.Error(), "hidden layer") {
						t.Errorf("%s: %v, want not run for want of a hidden layer", a.ID, err)
					}
				case err != nil:
					t.Errorf("%s: %v", a.ID, err)
				case f.Verdict == "":
					t.Errorf("%s: no verdict", a.ID)
				}
			}
			rep, missing, err := study.Rebuild(s, s.Dir)
			if err != nil || len(missing) != 0 || rep.Markdown != md {
				t.Fatalf("collect: %v, missing %v", err, missing)
			}
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
