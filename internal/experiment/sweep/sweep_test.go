package sweep

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

func TestParseAxis(t *testing.T) {
	tests := []struct {
		in      string
		want    Axis
		wantErr string
	}{
		{"l2=0.01,0.05", Axis{"l2", []string{"0.01", "0.05"}}, ""},
		{" p_min = 0.1 , 0.25 ", Axis{"p_min", []string{"0.1", "0.25"}}, ""},
		{"layers=[784,400,10],[784, 200, 10]", Axis{"layers", []string{"[784,400,10]", "[784, 200, 10]"}}, ""},
		{`dataset="mnist","fashion-mnist"`, Axis{"dataset", []string{`"mnist"`, `"fashion-mnist"`}}, ""},
		{`name="a,b",c`, Axis{"name", []string{`"a,b"`, "c"}}, ""},
		{"l2", Axis{}, "not key=v1,v2"},
		{"=0.1", Axis{}, "not key=v1,v2"},
		{"l2=", Axis{}, "empty value"},
		{"l2=0.1,,0.2", Axis{}, "empty value"},
		{"layers=[784,400", Axis{}, "unclosed"},
	}
	for _, tt := range tests {
		got, err := ParseAxis(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseAxis(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseAxis(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		in      string
		want    SearchRange
		wantErr bool
	}{
		{"presyn.lr=0.001:0.1:log", SearchRange{Key: "presyn.lr", Lo: 0.001, Hi: 0.1, Log: true}, false},
		{"p_min=0.1:0.5", SearchRange{Key: "p_min", Lo: 0.1, Hi: 0.5}, false},
		{"p_min=0.5:0.1", SearchRange{}, true},
		{"p_min=0:1:log", SearchRange{}, true},
		{"p_min=0.1:0.5:lin", SearchRange{}, true},
		{"p_min=0.1", SearchRange{}, true},
		{"p_min=a:b", SearchRange{}, true},
	}
	for _, tt := range tests {
		got, err := ParseRange(tt.in)
		if (err != nil) != tt.wantErr || (!tt.wantErr && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("ParseRange(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

// tinySweep is a 2x2 grid of the energy config, small enough for unit tests.
func tinySweep(t *testing.T) Study {
	t.Helper()
	s := Study{
		Config:    "energy-presyn",
		Grid:      []Axis{{"p_min", []string{"0.1", "0.25"}}, {"l2", []string{"0.01", "0.05"}}},
		Seeds:     []uint64{1, 2},
		Overrides: []string{"epochs=1", "layers=[784,16,10]", "eval_samples=2"},
		Metric:    "test_acc",
		Data:      datatest.Small(),
	}
	if err := s.Resolve(); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSweepPlan(t *testing.T) {
	s := tinySweep(t)
	runs, err := s.Plan()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	want := []string{"p_min-0.1_l2-0.01_seed-1", "p_min-0.1_l2-0.01_seed-2", "p_min-0.1_l2-0.05_seed-1", "p_min-0.1_l2-0.05_seed-2",
		"p_min-0.25_l2-0.01_seed-1", "p_min-0.25_l2-0.01_seed-2", "p_min-0.25_l2-0.05_seed-1", "p_min-0.25_l2-0.05_seed-2"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("run IDs %v", ids)
	}
	if cfg := runs[6].Config.(config.Train); cfg.PMin != 0.25 || cfg.Epochs != 1 {
		t.Errorf("run %s config p_min %v epochs %d", runs[6].ID, cfg.PMin, cfg.Epochs)
	}
	layers := Study{Config: "energy-mlp", Grid: []Axis{{"layers", []string{"[784,400,10]", "[784, 20,10]"}}}, Seeds: []uint64{1}, Metric: "test_acc"}
	if err := layers.Resolve(); err != nil {
		t.Fatal(err)
	}
	if runs, err := layers.Plan(); err != nil || runs[0].ID != "layers-784-400-10_seed-1" || runs[1].ID != "layers-784-20-10_seed-1" {
		t.Errorf("layers plan %v, %v", runs, err)
	}

	// The random points: drawn from the ranges, the same for the same seed, the
	// earlier ones unchanged by more points.
	r := Study{Config: "energy-presyn", Random: 3, Ranges: []SearchRange{{Key: "presyn.lr", Lo: 0.001, Hi: 0.1, Log: true}}, SearchSeed: 7, Seeds: []uint64{1}, Metric: "test_acc"}
	r5 := r
	r5.Random = 5
	if p3, p5 := r.Points(), r5.Points(); !reflect.DeepEqual(p3, p5[:3]) {
		t.Errorf("5 points %v do not start with the 3 points %v", p5, p3)
	}
	for _, p := range r5.Points() {
		if v, _ := strconv.ParseFloat(p[0], 64); !(v >= 0.001 && v <= 0.1) {
			t.Errorf("point %v outside its range", p)
		}
	}

	bad := []struct {
		name    string
		edit    func(*Study)
		wantErr string
	}{
		{"unknown key", func(s *Study) { s.Grid[0].Key = "p_mni" }, `unknown key "p_mni"`},
		{"rejected value", func(s *Study) { s.Grid[0].Values = []string{"0.1", "2"} }, "p_min=2"},
		{"empty grid", func(s *Study) { s.Grid = nil }, "empty grid"},
		{"empty axis", func(s *Study) { s.Grid[1].Values = nil }, "grid of l2 is empty"},
		{"value twice", func(s *Study) { s.Grid[1].Values = []string{"0.01", "0.01"} }, "value 0.01 given twice"},
		{"key twice", func(s *Study) { s.Grid[1].Key = "p_min" }, "key p_min given twice"},
		{"same folder", func(s *Study) {
			s.Overrides = []string{"epochs=1"}
			s.Grid[1] = Axis{"layers", []string{"[784,16,10]", "[784, 16, 10]"}}
		}, "share the run folder"},
		// What the user asked is what runs: a key set and swept, or swept under
		// two spellings, is refused (issue 21).
		{"set and swept", func(s *Study) { s.Grid[1] = Axis{"layers", []string{"[784,8,10]"}} }, "--set layers=[784,16,10] and --grid layers"},
		{"two spellings", func(s *Study) { s.Grid = append(s.Grid, Axis{"presyn.l2", []string{"0.3"}}) }, "both set presyn.l2"},
		{"no seeds", func(s *Study) { s.Seeds = nil }, "no seeds"},
		{"bad metric", func(s *Study) { s.Metric = "accuracy" }, `--metric "accuracy"`},
		{"ranges without random", func(s *Study) { s.Ranges = []SearchRange{{Key: "l2", Lo: 0, Hi: 1}} }, "need --random"},
	}
	for _, tt := range bad {
		s := tinySweep(t)
		tt.edit(&s)
		if _, err := s.Plan(); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

// The sweep's runs, aggregate and figure data are those of the same runs made by
// hand with train.Run; a second execution redoes nothing, and a lost run is the
// only one run again.
func TestSweepAgreesWithRunsByHand(t *testing.T) {
	s := tinySweep(t)
	opts := study.Options{Dir: filepath.Join(t.TempDir(), "sweep"), Workers: 2}
	out, err := study.Execute(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Ran != 8 || out.Finished != 8 || !strings.Contains(out.Report.Markdown, "Best point by test_acc") {
		t.Fatalf("outcome %+v", out)
	}

	byHand := map[string][]float64{} // point -> test_acc per seed
	for _, pmin := range []string{"0.1", "0.25"} {
		for _, l2 := range []string{"0.01", "0.05"} {
			for _, seed := range []uint64{1, 2} {
				cfg, err := config.Load("energy-presyn", append(append([]string(nil), s.Overrides...), "p_min="+pmin, "l2="+l2))
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				res, err := train.Run(context.Background(), train.Spec{Config: cfg, Seed: seed, Data: datatest.Small(), OutDir: dir})
				if err != nil {
					t.Fatal(err)
				}
				id := fmt.Sprintf("p_min-%s_l2-%s", pmin, l2)
				got, err := train.ReadMetrics(filepath.Join(opts.Dir, "runs", fmt.Sprintf("%s_seed-%d", id, seed)))
				if err != nil {
					t.Fatal(err)
				}
				want := res.Epochs
				for i := range got {
					got[i].Seconds, want[i].Seconds = 0, 0
				}
				if !reflect.DeepEqual(roundTrip(t, want), got) {
					t.Errorf("%s seed %d: the sweep's metrics differ from presyn train's:\n%+v\n%+v", id, seed, got, want)
				}
				byHand[id] = append(byHand[id], res.Last().TestAcc)
			}
		}
	}

	agg, err := results.ReadTable(filepath.Join(opts.Dir, "aggregate.csv"))
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		for i, h := range agg.Header {
			if h == name {
				return i
			}
		}
		t.Fatalf("aggregate.csv has no column %s: %v", name, agg.Header)
		return -1
	}
	figure, err := results.ReadRows[FigureRow](filepath.Join(opts.Dir, Figure+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(agg.Rows) != 4 || len(figure) != 4 {
		t.Fatalf("%d aggregate rows and %d figure points, want 4 and 4", len(agg.Rows), len(figure))
	}
	for i, row := range agg.Rows {
		id := fmt.Sprintf("p_min-%s_l2-%s", row[col("p_min")], row[col("l2")])
		m, se := stats.MeanSE(byHand[id])
		gotM, _ := strconv.ParseFloat(row[col("test_acc_mean")], 64)
		gotSE, _ := strconv.ParseFloat(row[col("test_acc_se")], 64)
		if !near(gotM, m) || !near(gotSE, se) || row[col("n")] != "2" {
			t.Errorf("aggregate %s: %v ± %v, by hand %v ± %v", id, gotM, gotSE, m, se)
		}
		f := figure[i]
		if f.Series != "l2="+row[col("l2")] || f.Value != row[col("p_min")] || !near(f.Mean, m) || !near(f.SE, se) || f.N != 2 {
			t.Errorf("figure point %+v, by hand %s: %v ± %v", f, id, m, se)
		}
	}
	for _, ext := range []string{"png", "svg", "pdf"} {
		if _, err := os.Stat(filepath.Join(opts.Dir, Figure+"."+ext)); err != nil {
			t.Error(err)
		}
	}

	// Resume: nothing to redo; then a lost run is the only one run again.
	if out, err = study.Execute(context.Background(), s, opts); err != nil || out.Ran != 0 {
		t.Fatalf("second execution ran %d runs (%v)", out.Ran, err)
	}
	os.RemoveAll(filepath.Join(opts.Dir, "runs", "p_min-0.25_l2-0.05_seed-2"))
	if out, err = study.Execute(context.Background(), s, opts); err != nil || out.Ran != 1 || out.Finished != 8 {
		t.Fatalf("after losing a run: ran %d, finished %d (%v)", out.Ran, out.Finished, err)
	}

	// presyn collect rebuilds the sweep from its folder's marker.
	raw, err := os.ReadFile(filepath.Join(opts.Dir, "experiment.json"))
	if err != nil {
		t.Fatal(err)
	}
	var marker struct {
		Spec json.RawMessage `json:"spec"`
	}
	if err := json.Unmarshal(raw, &marker); err != nil || len(marker.Spec) == 0 {
		t.Fatalf("experiment.json: %s (%v)", raw, err)
	}
	var rebuilt Study
	if err := json.Unmarshal(marker.Spec, &rebuilt); err != nil {
		t.Errorf("the registry cannot rebuild the sweep: %v", err)
	}
}

// roundTrip passes metrics rows through metrics.csv's text, as the run folder
// holds them.
func roundTrip(t *testing.T, rows []train.EpochMetrics) []train.EpochMetrics {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.csv")
	if err := results.WriteRows(path, rows); err != nil {
		t.Fatal(err)
	}
	back, err := results.ReadRows[train.EpochMetrics](path)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// A task sequence is measured on every task after the last; mean_acc is their
// mean and the default metric's column.
func TestSweepOfATaskSequence(t *testing.T) {
	s := Study{
		Config:    "split-mnist-presyn",
		Grid:      []Axis{{"presyn.p_freeze", []string{"0.9", "0.95"}}},
		Seeds:     []uint64{1},
		Overrides: []string{"epochs=1", "num_tasks=2", "layers=[784,16,2]", "eval_samples=2"},
		Metric:    MeanAccColumn,
		Data:      datatest.Small(),
	}
	if err := s.Resolve(); err != nil {
		t.Fatal(err)
	}
	opts := study.Options{Dir: filepath.Join(t.TempDir(), "sweep"), Workers: 2}
	if _, err := study.Execute(context.Background(), s, opts); err != nil {
		t.Fatal(err)
	}
	sum, err := results.ReadTable(filepath.Join(opts.Dir, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	h := strings.Join(sum.Header, ",")
	if !strings.HasPrefix(h, "presyn.p_freeze,seed,diverged,task,epoch,") || !strings.HasSuffix(h, ",acc_task1,acc_task2,mean_acc") {
		t.Fatalf("summary.csv header %s", h)
	}
	for _, row := range sum.Rows {
		n := len(row)
		a1, _ := strconv.ParseFloat(row[n-3], 64)
		a2, _ := strconv.ParseFloat(row[n-2], 64)
		m, _ := strconv.ParseFloat(row[n-1], 64)
		if !near(m, (a1+a2)/2) || row[3] != "2" {
			t.Errorf("row %v: mean_acc is not the mean of the tasks after the last", row)
		}
	}
}

// The sweep figure's axes say in words what a column or key is.
func TestAxisLabel(t *testing.T) {
	for name, want := range map[string]string{
		"mutual_info_bits": "mutual information (bits)",
		"l2":               "L2 strength",
		"presyn.lr":        "learning rate (presyn)",
		"mean_acc":         "mean accuracy over tasks",
		"acc_task3":        "acc_task3", // not listed: as named
		"presyn.p_up":      "presyn.p_up",
	} {
		if got := axisLabel(name); got != want {
			t.Errorf("axisLabel(%q) = %q, want %q", name, got, want)
		}
	}
}

// A grid over config sweeps whole configs: each point trains its config
// with the other keys set, the configs resolved when the sweep is made;
// --config beside it is refused.
func TestSweepOverConfigs(t *testing.T) {
	s := Study{Grid: []Axis{{"inputs", []string{"standardised", "raw"}}, {ConfigKey, []string{"split-mnist-presyn", "split-mnist-bgd"}}},
		Seeds: []uint64{1}, Metric: MeanAccColumn, Overrides: []string{"epochs=1", "num_tasks=2", "layers=[784,16,2]"}, Data: datatest.Small()}
	if err := s.Resolve(); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Plan()
	if err != nil || len(runs) != 4 {
		t.Fatalf("plan: %d runs, %v", len(runs), err)
	}
	if runs[3].ID != "inputs-raw_config-split-mnist-bgd_seed-1" {
		t.Errorf("run 4 is %s", runs[3].ID)
	}
	for i, want := range []struct{ method, inputs string }{{"presyn", "standardised"}, {"bgd", "standardised"}, {"presyn", "raw"}, {"bgd", "raw"}} {
		if cfg := runs[i].Config.(config.Train); cfg.Method != want.method || cfg.Inputs != want.inputs || cfg.Epochs != 1 {
			t.Errorf("run %s: method %s, inputs %s, epochs %d; want %+v", runs[i].ID, cfg.Method, cfg.Inputs, cfg.Epochs, want)
		}
	}
	out, err := study.Execute(context.Background(), s, study.Options{Dir: filepath.Join(t.TempDir(), "s"), Workers: 2})
	if err != nil || out.Ran != 4 || out.Report == nil {
		t.Fatalf("execute: %+v, %v", out, err)
	}
	both := Study{Config: "split-mnist-presyn", Grid: s.Grid, Seeds: s.Seeds}
	if err := both.Resolve(); err == nil || !strings.Contains(err.Error(), "give the configs on one of them") {
		t.Errorf("--config with a grid of configs: %v", err)
	}
}
