package sjostrom

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/paper/papertest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
)

// The artefact's check is tested on folders as `presyn sjostrom` leaves them:
// app4.csv (the connections, Point rows), which the check reads, and
// app4-stats.csv, which it must not.

// connections are n made-up connections whose relative change falls with the
// initial release probability, 0.05 to 0.95, by slope, around a deterministic
// scatter of amplitude spread.
func connections(n int, slope, spread float64) []Point {
	pts := make([]Point, n)
	for i := range pts {
		p := 0.05 + 0.9*float64(i)/float64(n-1)
		pts[i] = Point{PInitial: p, RelativeChange: 0.5 + slope*p + spread*math.Sin(2.3*float64(i))}
	}
	return pts
}

// mirrored returns pts with every change of the opposite sign.
func mirrored(pts []Point) []Point {
	out := make([]Point, len(pts))
	for i, p := range pts {
		out[i] = Point{PInitial: p.PInitial, RelativeChange: -p.RelativeChange, Label: p.Label}
	}
	return out
}

// paperLike are 50 connections with r = -0.4424, p = 0.0013: within 1.5
// points (0.015) of the paper's r = -0.4416 and below its p < 0.01
// (PAPER_RESULTS.md row app4).
var paperLike = connections(50, -0.5, 0.41)

// writeFolder makes dir a folder of `presyn sjostrom` with the connections pts
// and their statistics.
func writeFolder(t *testing.T, dir string, pts []Point) {
	t.Helper()
	if err := results.WriteRows(filepath.Join(dir, PointsFile), pts); err != nil {
		t.Fatal(err)
	}
	res, err := Analyse(Data{Path: filepath.Join(dir, PointsFile), Points: pts})
	if err != nil {
		t.Fatal(err)
	}
	if err := results.WriteRows(filepath.Join(dir, StatsFile), []Stats{res.Stats}); err != nil {
		t.Fatal(err)
	}
}

func TestArtefactFindings(t *testing.T) {
	var cover papertest.Coverage
	for _, c := range []struct {
		name string
		pts  []Point
		want paper.Verdict
	}{
		{"the paper's correlation", paperLike, paper.Matched},
		// r = +0.4424, p = 0.0013: significant, the wrong sign
		{"the changes mirrored", mirrored(paperLike), paper.Differs},
		// 8 connections: r = -0.52, but p = 0.19, not below 0.01
		{"negative, not significant", connections(8, -0.5, 0.4), paper.Differs},
		// r = -0.5526, p = 3e-5: significant, but 0.11 from the paper's -0.4416,
		// more than the 1.5 points of 0.01 Matches allows
		{"a stronger correlation", connections(50, -0.5, 0.3), paper.Differs},
	} {
		dir := t.TempDir()
		writeFolder(t, dir, c.pts)
		for _, a := range Artefacts() {
			f, err := a.Check([]string{dir})
			if err != nil {
				t.Errorf("%s: %s: %v", c.name, a.ID, err)
				continue
			}
			if f.Verdict != c.want {
				t.Errorf("%s: %s is %q (%s), want %q", c.name, a.ID, f.Verdict, f.Ours, c.want)
			}
			if len(f.Files[".csv"]) == 0 {
				t.Errorf("%s: %s gives no table", c.name, a.ID)
			}
			cover.Add(a.ID, f.Verdict)
		}
	}
	cover.Require(t, Artefacts(), paper.Matched, paper.Differs)
}

// TestPaperLikeIsThePapers checks that paperLike's r is the paper's by
// PAPER_RESULTS.md's rule (Matches), as its comment says.
func TestPaperLikeIsThePapers(t *testing.T) {
	res, err := Analyse(Data{Path: "paperLike", Points: paperLike})
	if err != nil {
		t.Fatal(err)
	}
	if st := res.Stats; !paper.Matches(stats.Estimate{Mean: st.R, SE: math.NaN()}, paperR) || !(st.P < 0.01) {
		t.Errorf("paperLike has r = %.4f, p = %.2g; want the paper's %v, p < 0.01", st.R, st.P, paperR)
	}
}

// TestArtefactsNotRun checks that a folder in which the analysis has not
// written app4.csv is not run.
func TestArtefactsNotRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("data requested from Dryad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, a := range Artefacts() {
		papertest.WantNotRun(t, a, []string{dir}, PointsFile)
	}
}

// TestArtefactsDamagedFile checks that a connection app4.csv cannot hold is an
// error naming the file, not a verdict and not "not run".
func TestArtefactsDamagedFile(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(pts []Point) []Point
		want string // in the error
	}{
		{"a NaN release probability", func(pts []Point) []Point { pts[3].PInitial = math.NaN(); return pts }, "line 5: p_initial is NaN"},
		{"an infinite change", func(pts []Point) []Point { pts[3].RelativeChange = math.Inf(1); return pts }, "line 5: relative_change is +Inf"},
		{"a release probability of 1.7", func(pts []Point) []Point { pts[3].PInitial = 1.7; return pts }, "line 5: p_initial is 1.7"},
		{"a strength below zero", func(pts []Point) []Point { pts[3].RelativeChange = -2; return pts }, "line 5: relative_change is -2"},
		{"two connections", func(pts []Point) []Point { return pts[:2] }, "has 2 usable connections"},
		{"every connection at one P", func(pts []Point) []Point {
			for i := range pts {
				pts[i].PInitial = 0.5
			}
			return pts
		}, "the correlation is undefined"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			pts := c.edit(append([]Point(nil), paperLike...))
			path := filepath.Join(dir, PointsFile)
			if err := results.WriteRows(path, pts); err != nil {
				t.Fatal(err)
			}
			for _, a := range Artefacts() {
				papertest.WantError(t, a, []string{dir}, path, c.want)
			}
		})
	}
}

// TestArtefactsReadPointsNotStats checks that the finding comes from the
// connections: app4-stats.csv and report.md rewritten with another verdict
// change nothing.
func TestArtefactsReadPointsNotStats(t *testing.T) {
	dir := t.TempDir()
	writeFolder(t, dir, paperLike)
	papertest.WantUnchanged(t, Artefacts(), []string{dir}, func() {
		if err := results.WriteRows(filepath.Join(dir, StatsFile), []Stats{{N: 3, R: 0.9, P: 0.5, PaperR: PaperR, Verdict: string(paper.Differs)}}); err != nil {
			t.Fatal(err)
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, "report.md"), []byte("Verdict: differs\n")); err != nil {
			t.Fatal(err)
		}
	})
}
