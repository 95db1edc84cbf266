package lifelong_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/lifelong/lifelongtest"
	"github.com/presyn/presyn/internal/study"
)

// A cell of Appendix 1 table 1 over fewer seeds than the others says how many,
// and one seed shows no SE; the table is made from the runs.
func TestLifelongTableFewerSeeds(t *testing.T) {
	root := t.TempDir()
	acc := map[string][]float64{lifelong.MethodPresyn: {0.84, 0.85, 0.86}, lifelong.MethodNoCons: {0.76, 0.77, 0.78}, "bgd": {0.755}}
	s := lifelong.Quick(lifelong.PermMNIST)
	s.Quick = false // judged as a full study: the smoke profile only keeps it small
	s.Methods, s.Seeds = []string{lifelong.MethodPresyn, lifelong.MethodNoCons, "bgd"}, []uint64{1, 2, 3}
	dir := filepath.Join(root, lifelong.PermMNIST)
	lifelongtest.Finish(t, s, dir, lifelongtest.Numbers{
		Accuracy: func(r study.Run, _, _ int) float64 { return acc[r.Point.(string)][0] + 0.01*float64(r.Seed-1) },
	})
	// BGD's seeds 2 and 3 have not finished.
	for _, id := range []string{"bgd_seed-2", "bgd_seed-3"} {
		if err := os.RemoveAll(filepath.Join(dir, "runs", id)); err != nil {
			t.Fatal(err)
		}
	}
	md, err := lifelong.Table(root)
	if err != nil {
		t.Fatal(err)
	}
	// 85 ± 0.577 matches 86.14 ± 0.67; no consolidation's 77 misses the
	// paper's 79.60 ± 0.43 but is within 1.5 points of the published code's
	// one run, 77.52; 75.5 is 14 points below BGD's 89.73 and 10.6 below the
	// BGD fork's log.
	for _, want := range []string{"| presyn | 85.00 ± 0.58 (86.14 ± 0.67; code 87.00 [n 1]): matches",
		"| nocons | 77.00 ± 0.58 (79.60 ± 0.43; code 77.52 [n 1]): matches the published code only",
		"| bgd | 75.50 [n 1] (89.73 ± 0.52; code 86.12 [n 1]): differs", "Not run yet: split-mnist, split-fmnist, perm-fmnist, perm-mnist-cont."} {
		if !strings.Contains(md, want) {
			t.Errorf("the table lacks %q:\n%s", want, md)
		}
	}
}
