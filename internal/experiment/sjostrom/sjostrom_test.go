package sjostrom

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/results/resultstest"
)

// sjostromCSV writes content to a file in a fresh temporary folder and returns its path.
func sjostromCSV(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sjostrom.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Five connections whose correlation is worked out by hand below.
const (
	sjostromHandCSV = "p_initial,relative_change\n0.1,1.0\n0.2,0.6\n0.3,0.8\n0.4,0.2\n0.5,0.4\n"
	// By hand: P = 0.1 ... 0.5, mean 0.3; changes mean 0.6; deviations
	// dP = -0.2,-0.1,0,0.1,0.2 and dC = 0.4,0,0.2,-0.4,-0.2: Sxy = -0.16, Sxx = 0.1,
	// Syy = 0.4, so r = -0.16/sqrt(0.04) = -0.8, slope -1.6, intercept 1.08.
	sjostromHandR, sjostromHandSlope, sjostromHandIntercept = -0.8, -1.6, 1.08
)

// sjostromHandP is the two-sided p-value of r = -0.8 with n = 5: t = r sqrt(3/(1-r^2)) on 3
// degrees of freedom, whose distribution has a closed form: with x = |t|/sqrt(3) =
// |r|/sqrt(1-r^2) = 4/3, p = 1 - (2/pi) (x/(1+x^2) + atan x) = 1 - (2/pi) (0.48 +
// atan(4/3)) = 0.10408...
var sjostromHandP = 1 - 2/math.Pi*(0.48+math.Atan(4.0/3))

func TestReleaseProbability(t *testing.T) {
	tests := []struct {
		mean, variance, sites float64
		wantP, wantQ          float64
		why                   string
	}{
		// q = 1.2/2 + 2/5.5 = 0.6 + 0.3636... ; N q = 3.3 + 2 = 5.3, so P = 2/5.3.
		{2, 1.2, 5.5, 2 / 5.3, 5.3 / 5.5, "a hand-computed row"},
		// No variance: every site releases every time.
		{3, 0, 5.5, 1, 3 / 5.5, "variance 0 gives P = 1"},
		// Binomial moments back: N = 4, P = 0.25, q = 2 give mean 2, variance 4*0.25*0.75*4 = 3.
		{2, 3, 4, 0.25, 2, "the moments of a known binomial"},
		{0, 1, 5.5, math.NaN(), math.NaN(), "mean 0"},
		{-1, 1, 5.5, math.NaN(), math.NaN(), "negative mean"},
		{1, -0.1, 5.5, math.NaN(), math.NaN(), "negative variance"},
		{1, 1, 0, math.NaN(), math.NaN(), "no sites"},
		{math.Inf(1), 1, 5.5, math.NaN(), math.NaN(), "infinite mean"},
		{math.NaN(), 1, 5.5, math.NaN(), math.NaN(), "NaN mean"},
	}
	for _, tt := range tests {
		p, q := ReleaseProbability(tt.mean, tt.variance, tt.sites)
		if !agrees(p, tt.wantP, 1e-12) || !agrees(q, tt.wantQ, 1e-12) {
			t.Errorf("%s: ReleaseProbability(%v, %v, %v) = %v, %v; want %v, %v", tt.why, tt.mean, tt.variance, tt.sites, p, q, tt.wantP, tt.wantQ)
		}
	}
}

// agrees says whether a and b agree to tol, NaN agreeing with NaN.
func agrees(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// sjostromMomentsRow returns a mean_before,var_before,mean_after row whose estimated P and
// relative change are p and change, with N = 5.5 and quantal size 1.
func sjostromMomentsRow(p, change float64) string {
	mean := 5.5 * p // mean = N p q
	variance := mean * (1 - p)
	return fmt.Sprintf("%v,%v,%v", mean, variance, mean*(1+change))
}

func TestReadSjostromLayouts(t *testing.T) {
	var moments strings.Builder
	moments.WriteString("Mean_Before, VAR_BEFORE ,mean_after,cell\n")
	for i, p := range []float64{0.1, 0.2, 0.3, 0.4, 0.5} {
		fmt.Fprintf(&moments, "%s,pair%d\n", sjostromMomentsRow(p, []float64{1.0, 0.6, 0.8, 0.2, 0.4}[i]), i)
	}
	tests := []struct {
		name, content string
		opts          Options
		wantLayout    string
		wantSites     float64
		wantLabels    []string
	}{
		{"direct", sjostromHandCSV, Options{}, LayoutDirect, 0, nil},
		{"direct with BOM, spaces, label and extra columns",
			"\ufeff Relative_Change ,id,P_INITIAL,Label\n1.0,a,0.1,LTP\n0.6,b,0.2,LTD\n0.8,c,0.3,LTP\n0.2,d,0.4, LTD\n0.4,e,0.5,LTP\n",
			Options{}, LayoutDirect, 0, []string{"LTP", "LTD", "LTP", "LTD", "LTP"}},
		{"protocol column as label", "p_initial,relative_change,protocol\n0.1,1.0,x\n0.2,0.6,x\n0.3,0.8,y\n0.4,0.2,y\n0.5,0.4,y\n",
			Options{}, LayoutDirect, 0, []string{"x", "x", "y", "y", "y"}},
		{"both layouts' columns read as the first", "p_initial,relative_change,mean_before,var_before,mean_after\n0.1,1.0,9,9,9\n0.2,0.6,9,9,9\n0.3,0.8,9,9,9\n0.4,0.2,9,9,9\n0.5,0.4,9,9,9\n",
			Options{ReleaseSites: 3}, LayoutDirect, 0, nil},
		{"moments", moments.String(), Options{}, LayoutMoments, 5.5, nil},
	}
	for _, tt := range tests {
		d, err := Read(sjostromCSV(t, tt.content), tt.opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d.Layout != tt.wantLayout || d.ReleaseSites != tt.wantSites || len(d.Points) != 5 || len(d.Skipped) != 0 {
			t.Fatalf("%s: layout %q, N %v, %d points, %d skipped", tt.name, d.Layout, d.ReleaseSites, len(d.Points), len(d.Skipped))
		}
		for i, pt := range d.Points {
			wantP, wantC := 0.1*float64(i+1), []float64{1.0, 0.6, 0.8, 0.2, 0.4}[i]
			if !agrees(pt.PInitial, wantP, 1e-12) || !agrees(pt.RelativeChange, wantC, 1e-12) {
				t.Errorf("%s: point %d = %+v, want P %v, change %v", tt.name, i, pt, wantP, wantC)
			}
			if tt.wantLabels != nil && pt.Label != tt.wantLabels[i] {
				t.Errorf("%s: point %d label %q, want %q", tt.name, i, pt.Label, tt.wantLabels[i])
			}
		}
		res, err := Analyse(d)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		s := res.Stats
		if s.N != 5 || !agrees(s.R, sjostromHandR, 1e-12) || !agrees(s.P, sjostromHandP, 1e-12) || s.PaperR != PaperR || s.Verdict != "differs" {
			t.Errorf("%s: stats %+v, want n 5, r %v, p %v, verdict differs (p > 0.01)", tt.name, s, sjostromHandR, sjostromHandP)
		}
		if !agrees(res.Slope, sjostromHandSlope, 1e-12) || !agrees(res.Intercept, sjostromHandIntercept, 1e-12) {
			t.Errorf("%s: line %v + %v P, want %v + %v P", tt.name, res.Intercept, res.Slope, sjostromHandIntercept, sjostromHandSlope)
		}
	}
}

// N changes the estimated P: with N = 11 instead of 5.5 a row of P = 0.5 at N = 5.5
// (mean 2.75, variance 1.375) gives q = 0.5 + 0.25 = 0.75 and P = 2.75/8.25 = 1/3.
func TestReadSjostromReleaseSites(t *testing.T) {
	path := sjostromCSV(t, "mean_before,var_before,mean_after\n2.75,1.375,2.75\n1,0.5,2\n3,1,1\n")
	d, err := Read(path, Options{ReleaseSites: 11})
	if err != nil {
		t.Fatal(err)
	}
	if d.ReleaseSites != 11 || !agrees(d.Points[0].PInitial, 1.0/3, 1e-12) || d.Points[0].RelativeChange != 0 {
		t.Errorf("N %v, first point %+v; want N 11, P 1/3, change 0", d.ReleaseSites, d.Points[0])
	}
	if _, err := Read(path, Options{ReleaseSites: -1}); err == nil || !strings.Contains(err.Error(), "release sites") {
		t.Errorf("negative N: error %v", err)
	}
}

func TestReadSjostromBadRows(t *testing.T) {
	tests := []struct {
		name, row, header string
		wantReason        string
	}{
		{"P above 1", "1.2,0.3", LayoutDirect, "p_initial is 1.2"},
		{"P of 0", "0,0.3", LayoutDirect, "want a probability in (0, 1]"},
		{"negative strength", "0.5,-1.5", LayoutDirect, "below -1"},
		{"NaN", "NaN,0.3", LayoutDirect, "p_initial is NaN, want a finite number"},
		{"Inf", "0.5,+Inf", LayoutDirect, "relative_change is +Inf"},
		{"not a number", "0.5,abc", LayoutDirect, `relative_change is "abc", not a number`},
		{"empty cell", "0.5,", LayoutDirect, `relative_change is "", not a number`},
		{"too few fields", "0.5", LayoutDirect, "has 1 fields, the header has 2"},
		{"too many fields", "0.5,0.1,7", LayoutDirect, "has 3 fields, the header has 2"},
		{"mean_before of 0", "0,1,1", LayoutMoments, "mean_before is 0, want > 0"},
		{"negative mean_before", "-2,1,1", LayoutMoments, "mean_before is -2"},
		{"negative variance", "2,-0.5,1", LayoutMoments, "var_before is -0.5, want >= 0"},
		{"negative mean_after", "2,0.5,-1", LayoutMoments, "mean_after is -1"},
		{"overflowing change", "1e-300,0,1e300", LayoutMoments, "want P in (0, 1] and a finite change"},
	}
	good := map[string][]string{
		LayoutDirect:  {"0.1,1.0", "0.2,0.6", "0.3,0.8", "0.4,0.2"},
		LayoutMoments: {sjostromMomentsRow(0.1, 1), sjostromMomentsRow(0.2, 0.6), sjostromMomentsRow(0.3, 0.8), sjostromMomentsRow(0.4, 0.2)},
	}
	for _, tt := range tests {
		// The bad row is line 4: the header, two good rows, the bad one, two more.
		rows := good[tt.header]
		content := tt.header + "\n" + strings.Join(append(append(rows[:2:2], tt.row), rows[2:]...), "\n") + "\n"
		path := sjostromCSV(t, content)

		_, err := Read(path, Options{})
		var bad *BadRow
		if !errors.As(err, &bad) || bad.Line != 4 || bad.Path != path || !strings.Contains(err.Error(), tt.wantReason) {
			t.Errorf("%s: error %v, want a bad row at line 4 saying %q", tt.name, err, tt.wantReason)
		}
		if err != nil && !strings.Contains(err.Error(), path+", line 4") {
			t.Errorf("%s: error %q does not name the file and line", tt.name, err)
		}

		d, err := Read(path, Options{SkipBad: true})
		if err != nil {
			t.Fatalf("%s, skipping bad rows: %v", tt.name, err)
		}
		if len(d.Points) != 4 || len(d.Skipped) != 1 || d.Skipped[0].Line != 4 || !strings.Contains(d.Skipped[0].Reason, tt.wantReason) {
			t.Errorf("%s, skipping bad rows: %d points, skipped %+v", tt.name, len(d.Points), d.Skipped)
		}
	}
}

func TestReadSjostromFileErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such.csv")
	tests := []struct {
		name, path string
		opts       Options
		want       []string
	}{
		{"missing file", missing, Options{}, []string{"no-such.csv", "no such file", DOI, LayoutDirect, LayoutMoments}},
		{"empty file", sjostromCSV(t, ""), Options{}, []string{"is empty", DOI, LayoutMoments}},
		{"header not recognised", sjostromCSV(t, "p,change\n0.1,0.2\n"), Options{}, []string{`header "p,change" has no recognised columns`, DOI, LayoutDirect}},
		{"half a layout", sjostromCSV(t, "mean_before,var_before\n1,1\n"), Options{}, []string{"no recognised columns"}},
		{"semicolons", sjostromCSV(t, "p_initial;relative_change\n0.1;0.2\n"), Options{}, []string{"separated by ';'"}},
		{"repeated column", sjostromCSV(t, "p_initial,relative_change,P_Initial\n0.1,0.2,0.3\n"), Options{}, []string{`column "p_initial" appears twice`}},
		{"no rows", sjostromCSV(t, "p_initial,relative_change\n"), Options{}, []string{"0 usable connections", "at least 3"}},
		{"two rows left", sjostromCSV(t, "p_initial,relative_change\n0.1,1\n2,2\n0.3,0.1\n"), Options{SkipBad: true}, []string{"2 usable connections (1 rows left out)"}},
		{"stray quote", sjostromCSV(t, "p_initial,relative_change\n0.1,\"1\n"), Options{}, []string{"sjostrom.csv", "quote"}},
	}
	for _, tt := range tests {
		_, err := Read(tt.path, tt.opts)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is not one line: %q", tt.name, err)
		}
	}
}

func TestAnalyseSjostrom(t *testing.T) {
	// A clear negative relation (change = 1 - P, wobbling by ±0.01): matches.
	var b strings.Builder
	b.WriteString("p_initial,relative_change,label\n")
	for i := range 12 {
		p := 0.05 + 0.08*float64(i)
		label := "LTP"
		if i%3 == 0 {
			label = "LTD"
		}
		fmt.Fprintf(&b, "%v,%v,%s\n", p, 1-p+0.01*float64(i%2*2-1), label)
	}
	d, err := Read(sjostromCSV(t, b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Analyse(d)
	if err != nil {
		t.Fatal(err)
	}
	// Significant and negative, but r near -1 is not the paper's -0.4416.
	if res.Stats.N != 12 || res.Stats.R > -0.99 || res.Stats.P > 1e-6 || res.Stats.Verdict != "differs" {
		t.Errorf("stats %+v, want r near -1 and verdict differs", res.Stats)
	}
	if len(res.Groups) != 2 || res.Groups[0].Label != "LTD" || res.Groups[0].N != 4 || res.Groups[1].Label != "LTP" || res.Groups[1].N != 8 {
		t.Errorf("groups %+v, want LTD (4) then LTP (8)", res.Groups)
	}

	// A positive correlation differs from the paper however significant.
	flipped := d
	flipped.Points = nil
	for _, pt := range d.Points {
		pt.RelativeChange = -pt.RelativeChange * 0.5
		flipped.Points = append(flipped.Points, pt)
	}
	if res, err := Analyse(flipped); err != nil || res.Stats.R < 0.99 || res.Stats.Verdict != "differs" {
		t.Errorf("positive r: %+v, %v; want verdict differs", res.Stats, err)
	}

	// Undefined correlations are errors.
	constant := Data{Path: "c.csv", Points: []Point{{0.5, 0.1, ""}, {0.5, 0.2, ""}, {0.5, 0.3, ""}}}
	if _, err := Analyse(constant); err == nil || !strings.Contains(err.Error(), "same initial P") {
		t.Errorf("constant P: error %v", err)
	}
	if _, err := Analyse(Data{Path: "two.csv", Points: constant.Points[:2]}); err == nil || !strings.Contains(err.Error(), "at least 3") {
		t.Errorf("two points: error %v", err)
	}
}

func TestSjostromWrite(t *testing.T) {
	content := "p_initial,relative_change,protocol\n0.1,1.0,LTP\n0.2,0.6,LTP\n0.3,0.8,LTD\n0.4,0.2,LTD\n0.5,0.4,LTD\nx,1,LTP\n"
	path := sjostromCSV(t, content)
	d, err := Read(path, Options{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Analyse(d)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rep, err := res.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 6 {
		t.Errorf("files %v, want app4.csv, app4-stats.csv, 3 figure files, report.md", rep.Files)
	}
	for _, f := range []string{"app4.png", "app4.svg", "app4.pdf", "report.md"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	points := resultstest.ReadLines(t, filepath.Join(dir, PointsFile))
	if strings.Join(points, "\n") != "p_initial,relative_change,label\n0.1,1,LTP\n0.2,0.6,LTP\n0.3,0.8,LTD\n0.4,0.2,LTD\n0.5,0.4,LTD" {
		t.Errorf("app4.csv:\n%s", strings.Join(points, "\n"))
	}
	st := resultstest.ReadLines(t, filepath.Join(dir, StatsFile))
	if len(st) != 2 || st[0] != "n,r,p,paper_r,verdict" || !strings.HasPrefix(st[1], "5,-0.8,0.10408") || !strings.HasSuffix(st[1], ",-0.4416,differs") {
		t.Errorf("app4-stats.csv:\n%s", strings.Join(st, "\n"))
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(report) != rep.Markdown {
		t.Error("report.md differs from the report returned")
	}
	for _, want := range []string{"## Appendix 1 figure 4:", "| ours | 5 | -0.8000 | 0.104 | differs |", "| paper |  | -0.4416 | < 0.01 |",
		"| LTP | 2 | n/a | n/a |", "| LTD | 3 |", "Left out 1 rows", `line 7 (p_initial is "x", not a number)`,
		"change = 1.080 -1.600 P", "P and the change as the file gives them", "app4-stats.csv"} {
		if !strings.Contains(rep.Markdown, want) {
			t.Errorf("report lacks %q:\n%s", want, rep.Markdown)
		}
	}
}

func TestSjostromNotRun(t *testing.T) {
	md := NotRun()
	for _, want := range []string{"## Appendix 1 figure 4:", "Not run", "https://doi.org/10.5061/dryad.p286g",
		"`p_initial,relative_change`", "`mean_before,var_before,mean_after`", "presyn sjostrom --data FILE", "-0.4416"} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q:\n%s", want, md)
		}
	}
}

func ExampleReleaseProbability() {
	// A connection with EPSP mean 2 mV and variance 1.2 mV^2 before pairing, with
	// Costa et al.'s 5.5 release sites: q = 1.2/2 + 2/5.5, P = 2/(5.5 q) = 2/5.3.
	p, q := ReleaseProbability(2, 1.2, DefaultReleaseSites)
	fmt.Printf("P = %.4f, q = %.4f mV\n", p, q)
	// Output: P = 0.3774, q = 0.9636 mV
}
