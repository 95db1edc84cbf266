package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/experiment/sjostrom"
	"github.com/presyn/presyn/internal/study"
)

// runSjostromCmd runs `presyn sjostrom args...` as Main would, with the command built
// directly (the root need not know it): the same error handling, one-line message
// and exit status.
func runSjostromCmd(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := newSjostromCmd(Streams{Out: &out, Err: &errb}, nil)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as the root sets them
	cmd.SetFlagErrorFunc(flagError)
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		if isCobraUsageError(err) {
			err = asUsage(err)
		}
		fmt.Fprintf(&errb, "presyn: %s\n", oneLine(err.Error()))
	}
	return exitStatus(err), out.String(), errb.String()
}

// writeSjostromCSV writes content into dir/name and returns the path.
func writeSjostromCSV(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSjostromFlags(t *testing.T) {
	t.Parallel()
	sites := sjostrom.DefaultReleaseSites
	tests := []struct {
		args []string
		want sjostromOptions
	}{
		{[]string{"--data", "d.csv"}, sjostromOptions{DataFile: "d.csv", Out: "results/sjostrom", Read: sjostrom.Options{ReleaseSites: sites}}},
		{[]string{"--data", "d.csv", "--out", "/tmp/app4", "--release-sites", "4", "--skip-bad"},
			sjostromOptions{DataFile: "d.csv", Out: "/tmp/app4", Read: sjostrom.Options{ReleaseSites: 4, SkipBad: true}, ReleaseSitesGiven: true}},
		{[]string{"--data", "d.csv", "--release-sites", "5.5"},
			sjostromOptions{DataFile: "d.csv", Out: "results/sjostrom", Read: sjostrom.Options{ReleaseSites: 5.5}, ReleaseSitesGiven: true}},
	}
	for _, tt := range tests {
		var got sjostromOptions
		cmd := newSjostromCmd(discard(), func(o sjostromOptions) error { got = o; return nil })
		args := append([]string{"sjostrom"}, tt.args...)
		if status, errOut := runSeam(t, cmd, args...); status != ExitOK {
			t.Fatalf("presyn %v: status %d: %s", args, status, errOut)
		}
		if got != tt.want {
			t.Errorf("presyn %v: options %+v, want %+v", args, got, tt.want)
		}
	}
	file := writeSjostromCSV(t, t.TempDir(), "d.csv", "p_initial,relative_change\n")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "--data FILE is required"},
		{[]string{"--data", "d.csv", "--out", ""}, "--out must not be empty"},
		{[]string{"--data", "d.csv", "--out", file}, "not a folder"},
		{[]string{"--data", "d.csv", "--release-sites", "0"}, "--release-sites is 0"},
		{[]string{"--data", "d.csv", "--release-sites", "-1"}, "--release-sites is -1"},
		{[]string{"--data", "d.csv", "--release-sites", "NaN"}, "--release-sites is NaN"},
		{[]string{"--data", "d.csv", "--release-sites", "+Inf"}, "--release-sites is +Inf"},
		{[]string{"--data", "d.csv", "--release-sites", "many"}, "is not"},
		{[]string{"--data", "d.csv", "--skip-bad=perhaps"}, "is not"},
		{[]string{"--data", "d.csv", "extra"}, "takes no arguments"},
	} {
		cmd := newSjostromCmd(discard(), func(sjostromOptions) error { t.Errorf("presyn sjostrom %v ran", tt.args); return nil })
		args := append([]string{"sjostrom"}, tt.args...)
		if status, errOut := runSeam(t, cmd, args...); status != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("presyn %v: status %d, stderr %q; want 2 and %q", args, status, errOut, tt.want)
		}
	}
}

func TestSjostromCommand(t *testing.T) {
	dir := t.TempDir()
	// change = 1 - P, wobbling by ±0.01: a clear negative correlation.
	var direct strings.Builder
	direct.WriteString("p_initial,relative_change,protocol\n")
	for i := range 10 {
		p := 0.05 + 0.09*float64(i)
		fmt.Fprintf(&direct, "%v,%v,%s\n", p, 1-p+0.01*float64(i%2*2-1), []string{"LTP", "LTD"}[i%2])
	}
	directFile := writeSjostromCSV(t, dir, "direct.csv", direct.String())
	momentsFile := writeSjostromCSV(t, dir, "moments.csv",
		"mean_before,var_before,mean_after\n0.55,0.495,1.1\n1.1,0.88,1.76\n1.65,1.155,2.97\n2.2,1.32,2.64\n2.75,1.375,3.85\n")
	badFile := writeSjostromCSV(t, dir, "bad.csv", direct.String()+"1.5,0.2,LTP\n")

	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantOut    []string
		wantErr    []string
		wantFiles  bool
	}{
		{"direct layout", []string{"--data", directFile, "--out", filepath.Join(dir, "a")}, ExitOK,
			[]string{"## Appendix 1 figure 4", "| ours | 10 |", "matches", "| LTP | 5 |"}, nil, true},
		{"moments layout", []string{"--data", momentsFile, "--out", filepath.Join(dir, "b")}, ExitOK,
			[]string{"N = 5.5 release sites", "| ours | 5 |"}, nil, true},
		{"release sites", []string{"--data", momentsFile, "--out", filepath.Join(dir, "c"), "--release-sites", "4"}, ExitOK,
			[]string{"N = 4 release sites"}, nil, true},
		{"release sites unused", []string{"--data", directFile, "--out", filepath.Join(dir, "d"), "--release-sites", "4"}, ExitOK,
			nil, []string{"--release-sites is not used"}, true},
		{"bad row skipped", []string{"--data", badFile, "--out", filepath.Join(dir, "e"), "--skip-bad"}, ExitOK,
			[]string{"Left out 1 rows", "line 12 (p_initial is 1.5"}, []string{"left out 1 rows"}, true},

		// Data errors: exit 1, one line, nothing written.
		{"bad row", []string{"--data", badFile, "--out", filepath.Join(dir, "f")}, ExitFailure,
			nil, []string{"bad.csv, line 12: p_initial is 1.5", "--skip-bad"}, false},
		{"missing file", []string{"--data", filepath.Join(dir, "none.csv"), "--out", filepath.Join(dir, "g")}, ExitFailure,
			nil, []string{"none.csv", "doi.org/10.5061/dryad.p286g", "p_initial,relative_change", "mean_before,var_before,mean_after"}, false},
		{"empty file", []string{"--data", writeSjostromCSV(t, dir, "empty.csv", ""), "--out", filepath.Join(dir, "h")}, ExitFailure,
			nil, []string{"empty.csv is empty", "dryad.p286g"}, false},
		{"header not recognised", []string{"--data", writeSjostromCSV(t, dir, "other.csv", "x,y\n1,2\n"), "--out", filepath.Join(dir, "i")}, ExitFailure,
			nil, []string{`header "x,y" has no recognised columns`, "dryad.p286g"}, false},

		// Usage errors: exit 2.
		{"no --data", []string{"--out", filepath.Join(dir, "j")}, ExitUsage, nil, []string{"--data FILE is required", "dryad.p286g"}, false},
		{"empty --out", []string{"--data", directFile, "--out", ""}, ExitUsage, nil, []string{"--out must not be empty"}, false},
		{"--out is a file", []string{"--data", directFile, "--out", directFile}, ExitUsage, nil, []string{"not a folder"}, false},
		{"--out cannot be made", []string{"--data", directFile, "--out", filepath.Join(directFile, "sub")}, ExitFailure, nil, []string{"--out", "direct.csv"}, false},
		{"zero release sites", []string{"--data", momentsFile, "--release-sites", "0"}, ExitUsage, nil, []string{"--release-sites is 0"}, false},
		{"negative release sites", []string{"--data", momentsFile, "--release-sites", "-5.5"}, ExitUsage, nil, []string{"--release-sites is -5.5"}, false},
		{"NaN release sites", []string{"--data", momentsFile, "--release-sites", "NaN"}, ExitUsage, nil, []string{"--release-sites is NaN"}, false},
		{"release sites not a number", []string{"--data", momentsFile, "--release-sites", "many"}, ExitUsage, nil, []string{"is not"}, false},
		{"unknown flag", []string{"--data", directFile, "--no-such-flag"}, ExitUsage, nil, []string{"unknown flag"}, false},
		{"extra argument", []string{"--data", directFile, "extra"}, ExitUsage, nil, []string{"takes no arguments"}, false},
	}
	t.Chdir(dir) // usage errors must not get as far as the default --out, but just in case
	for _, tt := range tests {
		status, out, errOut := runSjostromCmd(t, tt.args...)
		if status != tt.wantStatus {
			t.Errorf("%s: status %d, want %d (stderr %q)", tt.name, status, tt.wantStatus, errOut)
		}
		for _, w := range tt.wantOut {
			if !strings.Contains(out, w) {
				t.Errorf("%s: stdout lacks %q:\n%s", tt.name, w, out)
			}
		}
		for _, w := range tt.wantErr {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr %q lacks %q", tt.name, errOut, w)
			}
		}
		if status != ExitOK && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%s: error is not one line:\n%s", tt.name, errOut)
		}
		var outDir string
		for i, a := range tt.args {
			if a == "--out" && i+1 < len(tt.args) {
				outDir = tt.args[i+1]
			}
		}
		for _, f := range []string{"app4.csv", "app4-stats.csv", "app4.png", "app4.svg", "app4.pdf", "report.md"} {
			_, err := os.Stat(filepath.Join(outDir, f))
			if tt.wantFiles && err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			if !tt.wantFiles && err == nil && outDir != "" {
				t.Errorf("%s: wrote %s", tt.name, f)
			}
		}
		if status != ExitOK && outDir != "" && outDir != directFile {
			if _, err := os.Stat(outDir); err == nil {
				t.Errorf("%s: failed, yet made %s", tt.name, outDir)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
		t.Error("a failed command made the default --out")
	}
}

// The default --out is results/sjostrom, relative to the working folder.
func TestSjostromDefaultOut(t *testing.T) {
	dir := t.TempDir()
	data := writeSjostromCSV(t, dir, "d.csv", "p_initial,relative_change\n0.1,1\n0.2,0.6\n0.3,0.8\n0.4,0.2\n0.5,0.4\n")
	t.Chdir(dir)
	if status, _, errOut := runSjostromCmd(t, "--data", data); status != ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	stats, err := os.ReadFile(filepath.Join(dir, "results", "sjostrom", "app4-stats.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(stats), "n,r,p,paper_r,verdict\n5,-0.8,") {
		t.Errorf("app4-stats.csv:\n%s", stats)
	}
}

func TestSjostromHelp(t *testing.T) {
	t.Parallel()
	status, out, _ := runSjostromCmd(t, "--help")
	for _, want := range []string{"Examples:", "--data", "--release-sites", "--skip-bad", "p_initial,relative_change",
		"mean_before,var_before,mean_after", "doi.org/10.5061/dryad.p286g", "app4-stats.csv"} {
		if status != ExitOK || !strings.Contains(out, want) {
			t.Errorf("status %d, help lacks %q:\n%s", status, want, out)
		}
	}
}

// Once the root registers the command, Main runs it like the direct build.
func TestSjostromThroughMain(t *testing.T) {
	t.Parallel()
	if c, _, err := NewRootCmd(discard(), nil).Find([]string{"sjostrom"}); err != nil || c.Name() != "sjostrom" {
		t.Skip("presyn sjostrom is not registered in the root yet")
	}
	status, _, errOut := run(t, "sjostrom", "--release-sites", "0", "--data", "x.csv")
	if status != ExitUsage || !strings.Contains(errOut, "--release-sites is 0") {
		t.Errorf("status %d, stderr %q", status, errOut)
	}
}

// presyn sjostrom marks its folder and checks the folder's owner as the studies
// do: a study's folder (or one inside it) is refused and kept; a folder it wrote
// before it marked them, and its own marked folder, are written again.
func TestSjostromChecksTheFoldersOwner(t *testing.T) {
	dir := t.TempDir()
	csv := writeSjostromCSV(t, dir, "direct.csv", "p_initial,relative_change\n0.1,0.9\n0.3,0.7\n0.5,0.52\n0.7,0.3\n0.9,0.1\n")
	energy := filepath.Join(dir, "energy")
	os.MkdirAll(energy, 0o755)
	os.WriteFile(filepath.Join(energy, study.MarkerFile), []byte(`{"experiment": "energy", "spec": {}}`), 0o644)
	os.WriteFile(filepath.Join(energy, study.ReportFile), []byte("## energy\n"), 0o644)
	premarker := filepath.Join(dir, "premarker") // sjostrom's files, no marker
	os.MkdirAll(premarker, 0o755)
	for _, f := range []string{"app4.csv", "app4-stats.csv", "app4.png", "report.md"} {
		os.WriteFile(filepath.Join(premarker, f), nil, 0o644)
	}
	notes := filepath.Join(dir, "notes")
	os.MkdirAll(notes, 0o755)
	os.WriteFile(filepath.Join(notes, "notes.txt"), nil, 0o644)
	tests := []struct {
		name   string
		out    string
		status int
		want   string
	}{
		{"a study's folder", energy, ExitUsage, `holds results of another experiment ("energy")`},
		{"inside a study's folder", filepath.Join(energy, "app4"), ExitUsage, "is inside " + energy + ", the results folder of energy"},
		{"a folder of other files", notes, ExitUsage, "is not empty and holds no sjostrom results"},
		{"a folder it wrote before markers", premarker, ExitOK, ""},
		{"its own folder again", premarker, ExitOK, ""},
		{"a new folder", filepath.Join(dir, "new"), ExitOK, ""},
	}
	for _, tt := range tests {
		status, _, errOut := runSjostromCmd(t, "--data", csv, "--out", tt.out)
		if status != tt.status || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%s: status %d, stderr %q; want %d and %q", tt.name, status, errOut, tt.status, tt.want)
			continue
		}
		if tt.status == ExitOK {
			if m, err := study.ReadMarker(tt.out); err != nil || m.Experiment != "sjostrom" {
				t.Errorf("%s: marker %+v, %v", tt.name, m, err)
			}
		}
	}
	if md, _ := os.ReadFile(filepath.Join(energy, study.ReportFile)); string(md) != "## energy\n" {
		t.Errorf("the energy study's report.md became %q", md)
	}
}
