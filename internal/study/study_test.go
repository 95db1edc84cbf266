package study

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/presyn/presyn/internal/results"
)

// toy is a study whose runs compute a number from their seed: the pipeline's logic
// without training.
type toy struct {
	N     int     `json:"n"`
	Scale float64 `json:"scale"`

	fail map[string]bool // runs whose Execute fails
	// needs makes every run wait (ErrNotReady) until run needs of the study in
	// needsDir has finished.
	needs, needsDir string
	block           chan struct{} // if non-nil, Execute waits for it
	ran             *sync.Map     // run ID -> times executed
}

type toyConfig struct {
	Scale float64 `json:"scale"`
}

type toyRow struct {
	ID    string  `csv:"id"`
	Value float64 `csv:"value"`
}

func newToy(n int) toy { return toy{N: n, Scale: 2, ran: &sync.Map{}} }

func (toy) Name() string { return "toy" }
func (s toy) Spec() any  { return s }
func (s toy) Plan() ([]Run, error) {
	if s.N < 1 {
		return nil, errors.New("toy: no runs")
	}
	var runs []Run
	for i := range s.N {
		runs = append(runs, Run{ID: fmt.Sprintf("run-%02d", i), Seed: uint64(i), Config: toyConfig{s.Scale}, Point: i})
	}
	return runs, nil
}

func (s toy) Execute(ctx context.Context, r Run, dir string) (string, error) {
	if s.ran != nil {
		n, _ := s.ran.LoadOrStore(r.ID, new(int))
		*(n.(*int))++
	}
	if s.block != nil {
		select {
		case <-s.block:
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	if s.fail[r.ID] {
		return "", errors.New("it broke")
	}
	if s.needs != "" && !runDirs(s.needsDir).Done(s.needs) {
		return "", fmt.Errorf("%s is not finished: %w", s.needs, ErrNotReady)
	}
	v := s.Scale * float64(r.Seed)
	return fmt.Sprintf("value %g", v), results.WriteRows(filepath.Join(dir, "value.csv"), []toyRow{{r.ID, v}})
}

func (toy) Collect(r Run, dir string) (toyRow, error) {
	rows, err := results.ReadRows[toyRow](filepath.Join(dir, "value.csv"))
	if err != nil {
		return toyRow{}, err
	}
	if len(rows) != 1 || rows[0].ID != r.ID {
		return toyRow{}, fmt.Errorf("value.csv holds %+v", rows)
	}
	return rows[0], nil
}

func (toy) Render(dir string, rows []toyRow, missing []Run) (Report, error) {
	path := filepath.Join(dir, "table.csv")
	if err := results.WriteRows(path, rows); err != nil {
		return Report{}, err
	}
	return Report{Markdown: fmt.Sprintf("## Toy\n\n%d rows, %d missing\n", len(rows), len(missing)), Files: []string{path}}, nil
}

func timesRun(s toy, id string) int {
	n, ok := s.ran.Load(id)
	if !ok {
		return 0
	}
	return *(n.(*int))
}

func TestShardsPartitionThePlan(t *testing.T) {
	runs, _ := newToy(200).Plan()
	for _, n := range []int{1, 2, 3, 7} {
		counts := make([]int, n)
		for _, r := range runs {
			owners := 0
			for k := 1; k <= n; k++ {
				if (Shard{K: k, N: n}).Has(r.ID) {
					owners++
					counts[k-1]++
				}
			}
			if owners != 1 {
				t.Fatalf("%d shards: run %s is in %d shards", n, r.ID, owners)
			}
		}
		for k, c := range counts {
			if c < 200/n/2 {
				t.Errorf("%d shards: shard %d has only %d of 200 runs", n, k+1, c)
			}
		}
	}
	if !(Shard{}).Has("anything") || !(Shard{}).Whole() {
		t.Error("the zero Shard is not the whole plan")
	}
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"1/2": {1, 2}, " 3/3 ": {3, 3}, "1/1": {1, 1}} {
		if got, err := ParseShard(in); err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "-1/2"} {
		if _, err := ParseShard(in); err == nil {
			t.Errorf("ParseShard(%q) succeeded", in)
		}
	}
}

func TestExecuteCollectAndResume(t *testing.T) {
	s := newToy(5)
	dir := t.TempDir()
	var progress bytes.Buffer
	out, err := Execute(context.Background(), s, Options{Dir: dir, Workers: 2, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 5 || out.Finished != 5 || len(out.Missing) != 0 || out.Report == nil || !strings.Contains(out.Report.Markdown, "5 rows, 0 missing") {
		t.Fatalf("outcome %+v", out)
	}
	if n := strings.Count(progress.String(), "ETA"); n != 5 {
		t.Errorf("%d progress lines:\n%s", n, progress.String())
	}
	for _, f := range []string{MarkerFile, ReportFile, "table.csv", "runs/run-03/value.csv", "runs/run-03/.owner", "runs/run-03/" + results.ManifestFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if sec := RunSeconds(filepath.Join(dir, "runs", "run-03")); !(sec > 0) {
		t.Errorf("run-03 records %v seconds", sec)
	}
	out, err = Execute(context.Background(), s, Options{Dir: dir})
	if err != nil || out.Ran != 0 || out.Finished != 5 {
		t.Fatalf("resume: %+v, %v", out, err)
	}
	for i := range 5 {
		if n := timesRun(s, fmt.Sprintf("run-%02d", i)); n != 1 {
			t.Errorf("run-%02d executed %d times", i, n)
		}
	}
	m, err := ReadMarker(dir)
	var spec bytes.Buffer
	json.Compact(&spec, m.Spec)
	if err != nil || m.Experiment != "toy" || spec.String() != `{"n":5,"scale":2}` {
		t.Errorf("marker %+v %s: %v", m, m.Spec, err)
	}
}

// Shards run concurrently on one folder; every run is executed exactly once, and
// collecting afterwards gives what one unsharded execution gives.
func TestConcurrentShardsThenRebuild(t *testing.T) {
	s := newToy(12)
	dir := t.TempDir()
	var wg sync.WaitGroup
	outs := make([]Outcome, 3)
	errs := make([]error, 3)
	for k := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[k], errs[k] = Execute(context.Background(), s, Options{Dir: dir, Workers: 2, Shard: Shard{K: k + 1, N: 3}})
		}()
	}
	wg.Wait()
	total := 0
	for k := range 3 {
		if errs[k] != nil || outs[k].Report != nil {
			t.Fatalf("shard %d: %+v, %v (a shard renders nothing)", k+1, outs[k], errs[k])
		}
		total += outs[k].Ran
	}
	if total != 12 {
		t.Fatalf("shards ran %d runs, want 12", total)
	}
	if _, err := os.Stat(filepath.Join(dir, "table.csv")); err == nil {
		t.Error("a shard wrote the study's table")
	}
	rep, missing, err := Rebuild(s, dir)
	if err != nil || len(missing) != 0 {
		t.Fatalf("rebuild: %v, missing %v", err, missing)
	}
	whole := t.TempDir()
	if _, err := Execute(context.Background(), newToy(12), Options{Dir: whole}); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "table.csv"))
	b, _ := os.ReadFile(filepath.Join(whole, "table.csv"))
	if !bytes.Equal(a, b) || !strings.Contains(rep.Markdown, "12 rows") {
		t.Errorf("sharded table\n%s\nunsharded\n%s", a, b)
	}
}

// A run another live process owns is left to it, and reported as busy; a
// partial folder of a process on another host is never touched.
func TestRunsOwnedElsewhereAreLeftAlone(t *testing.T) {
	s := newToy(3)
	dir := t.TempDir()
	if _, err := Prepare(s, dir); err != nil {
		t.Fatal(err)
	}
	dirs := runDirs(dir)
	held, err := dirs.Claim("run-01") // a live owner: this process, another claim
	if err != nil {
		t.Fatal(err)
	}
	remote := filepath.Join(dirs.Root, ".partial-run-02")
	os.MkdirAll(remote, 0o755)
	os.WriteFile(filepath.Join(remote, ".owner"), []byte(`{"host":"elsewhere.example","pid":42,"started":"2026-11-27T00:00:00Z"}`), 0o644)
	var warn bytes.Buffer
	out, err := Execute(context.Background(), s, Options{Dir: dir, Progress: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 1 || len(out.Busy) != 2 || len(out.Missing) != 2 || !strings.Contains(out.Report.Markdown, "2 planned runs have not finished") {
		t.Fatalf("outcome %+v\n%s", out, out.Report.Markdown)
	}
	if !strings.Contains(warn.String(), "elsewhere.example") {
		t.Errorf("no warning about the remote owner:\n%s", warn.String())
	}
	if _, err := os.Stat(filepath.Join(remote, ".owner")); err != nil {
		t.Error("the remote owner's partial folder was touched")
	}
	held.Release()
	out, err = Execute(context.Background(), s, Options{Dir: dir})
	if err != nil || out.Ran != 1 || len(out.Busy) != 1 {
		t.Fatalf("after release: %+v, %v", out, err)
	}
}

func TestFailedRunsDoNotStopTheOthers(t *testing.T) {
	s := newToy(4)
	s.fail = map[string]bool{"run-02": true}
	dir := t.TempDir()
	out, err := Execute(context.Background(), s, Options{Dir: dir, Workers: 1})
	if err == nil || !strings.Contains(err.Error(), "1 of 4 runs failed: run-02 (it broke)") {
		t.Fatalf("err = %v", err)
	}
	if out.Finished != 3 || out.Report == nil || !strings.Contains(out.Report.Markdown, "3 rows, 1 missing") {
		t.Fatalf("outcome %+v", out)
	}
	if partials, _ := runDirs(dir).Partials(); len(partials) != 0 {
		t.Errorf("the failed run left %+v", partials)
	}
}

func TestCancelStopsAndKeepsFinishedRuns(t *testing.T) {
	s := newToy(3)
	s.block = make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := Execute(ctx, s, Options{Dir: t.TempDir(), Workers: 2})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "resume") {
		t.Fatalf("err = %v", err)
	}
}

func TestPrepareRefusesForeignFolders(t *testing.T) {
	s := newToy(2)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, MarkerFile), []byte(`{"experiment": "perceptron"}`), 0o644)
	stranger := t.TempDir()
	os.WriteFile(filepath.Join(stranger, "notes.txt"), nil, 0o644)
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, MarkerFile), []byte(`{"exp`), 0o644)
	changed := t.TempDir()
	if _, err := Execute(context.Background(), s, Options{Dir: changed}); err != nil {
		t.Fatal(err)
	}
	s2 := s
	s2.Scale = 3
	tests := []struct {
		name string
		s    toy
		dir  string
		want string
	}{
		{"another study", s, other, `another experiment ("perceptron")`},
		{"other files", s, stranger, "not empty and holds no toy results"},
		{"broken marker", s, broken, "not a study marker"},
		{"other settings", s2, changed, "holds run run-00 made with other settings"},
		{"no runs", newToy(0), t.TempDir(), "no runs"},
	}
	for _, tt := range tests {
		if _, err := Prepare(tt.s, tt.dir); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
		}
	}
	// A folder a study made before markers, known by its manifest, is its own.
	legacy := t.TempDir()
	results.NewManifest("toy", nil, 0, "").Write(legacy)
	if _, err := Prepare(s, legacy); err != nil {
		t.Errorf("legacy folder: %v", err)
	}
}

func TestRegistryOpen(t *testing.T) {
	reg := Registry{"toy": func(_ string, raw json.RawMessage) (Handle, error) {
		s := newToy(0)
		err := jsonUnmarshalStrict(raw, &s)
		return Of(s), err
	}}
	dir := t.TempDir()
	if _, err := Execute(context.Background(), newToy(3), Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	h, err := reg.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "runs", "run-01"))
	rep, missing, err := h.Rebuild(dir)
	if err != nil || len(missing) != 1 || missing[0].ID != "run-01" || !strings.Contains(rep.Markdown, "2 rows, 1 missing") {
		t.Fatalf("rebuild: %v, missing %v\n%s", err, missing, rep.Markdown)
	}
	for _, tt := range []struct {
		marker string
		want   string
	}{
		{`{"experiment": "lesion", "spec": {}}`, `results of "lesion"`},
		{`{"experiment": "toy"}`, "did not record the study's settings"},
		{`{"experiment": "toy", "spec": {"n": 2, "colour": 1}}`, "colour"},
	} {
		os.WriteFile(filepath.Join(dir, MarkerFile), []byte(tt.marker), 0o644)
		if _, err := reg.Open(dir); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("marker %s: err %v, want %q", tt.marker, err, tt.want)
		}
	}
	if _, err := reg.Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "holds no study") {
		t.Errorf("empty folder: %v", err)
	}
}

func TestUnique(t *testing.T) {
	if err := Unique("seed", []uint64{1, 2, 3}); err != nil {
		t.Error(err)
	}
	if err := Unique("L2 strength", []float64{0.1, 0.01, 0.10}); err == nil || err.Error() != "L2 strength 0.1 given twice" {
		t.Errorf("err = %v", err)
	}
}

func jsonUnmarshalStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// A study folder belongs to one plan: another plan that would orphan its finished
// runs is refused with a folder to use instead; the same plan and one that
// extends it (more runs) resume in it.
func TestPrepareRefusesAnotherPlan(t *testing.T) {
	tests := []struct {
		name  string
		first toy
		then  toy
		want  string // "" for accepted
	}{
		{"the same plan", newToy(3), newToy(3), ""},
		{"an extended plan", newToy(3), newToy(5), ""},
		{"a narrower plan", newToy(3), newToy(2), "holds 1 finished runs of another plan that this one leaves out (such as run-02); put this plan in another folder, such as --out "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := Execute(context.Background(), tt.first, Options{Dir: dir}); err != nil {
				t.Fatal(err)
			}
			marker, _ := os.ReadFile(filepath.Join(dir, MarkerFile))
			_, err := Prepare(tt.then, dir)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "":
				return
			case err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), dir+"-"):
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			if now, _ := os.ReadFile(filepath.Join(dir, MarkerFile)); !bytes.Equal(now, marker) {
				t.Errorf("the refused plan rewrote the marker: %s", now)
			}
			if _, missing, err := Rebuild(tt.first, dir); err != nil || len(missing) != 0 {
				t.Errorf("the first plan no longer collects: %v, missing %v", err, missing)
			}
		})
	}
}

// Finished says which runs are done as Execute decides it, reading only: a
// folder that does not exist has none and is not made, a partial run is not
// finished. Unwrap hands back the study behind a Handle.
func TestFinishedReadsOnly(t *testing.T) {
	s := newToy(3)
	runs, _ := s.Plan()
	missing := filepath.Join(t.TempDir(), "nothing-here")
	if got := Finished(missing, runs); len(got) != 3 || got[0] || got[1] || got[2] {
		t.Errorf("a missing folder: %v", got)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("Finished made the folder")
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "runs", "run-01"), 0o755)
	os.MkdirAll(filepath.Join(dir, "runs", ".partial-run-02"), 0o755)
	if got := Finished(dir, runs); got[0] || !got[1] || got[2] {
		t.Errorf("Finished %v, want only run-01", got)
	}
	if u, ok := Unwrap(Of(s)).(toy); !ok || u.N != 3 {
		t.Errorf("Unwrap gave %#v", Unwrap(Of(s)))
	}
}

// With Weight, the progress line weighs each run by it: after the one run of
// weight 9 of 10, 90% of the work is done whatever the count of runs says.
func TestExecuteWeighsProgressByWork(t *testing.T) {
	s := newToy(2)
	var progress bytes.Buffer
	weight := func(r Run) float64 { return map[string]float64{"run-00": 9, "run-01": 1}[r.ID] }
	out, err := Execute(context.Background(), s, Options{Dir: t.TempDir(), Workers: 1, Progress: &progress, Weight: weight})
	if err != nil || out.Ran != 2 {
		t.Fatalf("outcome %+v, %v", out, err)
	}
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "[1/2]") || !strings.Contains(lines[0], "(90% of the work)") {
		t.Errorf("progress:\n%s", progress.String())
	}
}

// A study's report says what its finished runs cost, from their manifests.
func TestReportSaysWhatTheRunsCost(t *testing.T) {
	dir := t.TempDir()
	out, err := Execute(context.Background(), newToy(3), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.Report.Markdown, "Compute: 3 finished runs took ") {
		t.Errorf("no compute line in\n%s", out.Report.Markdown)
	}
	if got := computeNote(runDirs(dir), nil); got != "" {
		t.Errorf("no runs planned, yet %q", got)
	}
}
