package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// Study is the user's own study: a config trained at every point of a grid over
// any config keys (the cross product of the axes), or at Random points drawn
// from ranges, each point with every seed. A run is `presyn train` of the
// point's config; runs are runs/<key>-<value>_..._seed-<seed> on a grid,
// runs/point-<k>_seed-<seed> for random points (point k's values depend on the
// search seed and k alone, as a tune trial's). It is a study.Study; its exported
// fields are its spec.
type Study struct {
	// Config names the base config as the user gave it (a name or a file); Base
	// is that config as it was resolved when the sweep was made, so that the
	// results folder does not depend on the file staying as it was.
	Config string          `json:"config"`
	Base   json.RawMessage `json:"base"`
	// Bases are the configs of a grid over ConfigKey (the values, names or
	// files, as the user gave them), resolved when the sweep was made; such
	// a sweep has no Config of its own.
	Bases      map[string]json.RawMessage `json:"bases,omitempty"`
	Grid       []Axis                     `json:"grid,omitempty"`
	Random     int                        `json:"random,omitempty"`
	Ranges     []SearchRange              `json:"ranges,omitempty"`
	SearchSeed uint64                     `json:"search_seed,omitempty"`
	Seeds      []uint64                   `json:"seeds"`
	Overrides  []string                   `json:"overrides,omitempty"` // applied to every point first
	// Metric is the column the figure and the report compare points by: a
	// column of metrics.csv or mean_acc (the mean accuracy over the tasks after
	// the last, the lifelong benchmarks' measure). Minimize says lower is better.
	Metric   string `json:"metric"`
	Minimize bool   `json:"minimize,omitempty"`

	Data data.Loader `json:"-"`
}

// Axis is one key of a grid and its values, each JSON text as --set takes it
// (0.25, [784,400,10], "fashion-mnist" or fashion-mnist).
type Axis struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}

// ConfigKey is the grid key whose values are whole configs (names or
// files): --grid config=split-mnist-presyn,split-mnist-bgd sweeps the other
// keys over every method's config.
const ConfigKey = "config"

// MaxSweepRuns is the largest sweep that runs without the user confirming it.
const MaxSweepRuns = 10000

// MeanAccColumn is summary.csv's column of the mean accuracy over tasks.
const MeanAccColumn = "mean_acc"

// ParseAxis reads a --grid flag, key=v1,v2,...: the values are split at commas
// outside brackets, braces and quotes, so a value may be a JSON array.
func ParseAxis(s string) (Axis, error) {
	key, list, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		return Axis{}, fmt.Errorf("grid %q is not key=v1,v2,... (values separated by commas)", s)
	}
	var values []string
	depth, quoted, start := 0, false, 0
	for i := 0; i <= len(list); i++ {
		if i < len(list) {
			switch c := list[i]; {
			case c == '"' && (i == 0 || list[i-1] != '\\'):
				quoted = !quoted
			case quoted:
			case c == '[' || c == '{':
				depth++
			case c == ']' || c == '}':
				depth--
			}
			if list[i] != ',' || depth > 0 || quoted {
				continue
			}
		}
		v := strings.TrimSpace(list[start:i])
		if v == "" {
			return Axis{}, fmt.Errorf("grid %q has an empty value", s)
		}
		values = append(values, v)
		start = i + 1
	}
	if depth != 0 || quoted {
		return Axis{}, fmt.Errorf("grid %q has an unclosed bracket or quote", s)
	}
	return Axis{Key: key, Values: values}, nil
}

// ParseRange reads a --grid flag of a random sweep, key=lo:hi or key=lo:hi:log.
func ParseRange(s string) (SearchRange, error) {
	key, spec, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	parts := strings.Split(spec, ":")
	if !ok || key == "" || len(parts) < 2 || len(parts) > 3 || (len(parts) == 3 && strings.TrimSpace(parts[2]) != "log") {
		return SearchRange{}, fmt.Errorf("range %q is not key=lo:hi or key=lo:hi:log", s)
	}
	lo, errLo := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	hi, errHi := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	if errLo != nil || errHi != nil || !stats.Finite(lo) || !stats.Finite(hi) || !(lo < hi) {
		return SearchRange{}, fmt.Errorf("range %q: want numbers lo < hi", s)
	}
	r := SearchRange{Key: key, Lo: lo, Hi: hi, Log: len(parts) == 3}
	if r.Log && lo <= 0 {
		return SearchRange{}, fmt.Errorf("range %q: a log range needs lo > 0", s)
	}
	return r, nil
}

// Resolve loads the base config (s.Config, a name or a file) into s.Base, or
// the values of a grid over ConfigKey into s.Bases, once.
func (s *Study) Resolve() error {
	if len(s.Base) > 0 || len(s.Bases) > 0 {
		return nil
	}
	if a := s.configAxis(); a != nil {
		if s.Config != "" {
			return fmt.Errorf("sweep: --config %s and --grid %s=...: give the configs on one of them", s.Config, ConfigKey)
		}
		s.Bases = map[string]json.RawMessage{}
		for _, name := range a.Values {
			cfg, err := config.Load(name, nil)
			if err != nil {
				return fmt.Errorf("sweep: --grid %s: %w", ConfigKey, err)
			}
			if s.Bases[name], err = json.Marshal(cfg); err != nil {
				return err
			}
		}
		return nil
	}
	cfg, err := config.Load(s.Config, nil)
	if err != nil {
		return err
	}
	s.Base, err = json.Marshal(cfg)
	return err
}

// title names the sweep's config in its report and figure: --config's, or
// "configs" for a grid of them.
func (s Study) title() string {
	if s.Config == "" {
		return "configs"
	}
	return s.Config
}

// configAxis is the grid's axis over ConfigKey, nil without one.
func (s Study) configAxis() *Axis {
	for i, a := range s.Grid {
		if a.Key == ConfigKey {
			return &s.Grid[i]
		}
	}
	return nil
}

// Name implements study.Study.
func (Study) Name() string { return "sweep" }

// Spec implements study.Study.
func (s Study) Spec() any { return s }

// Keys returns the swept keys, in order.
func (s Study) Keys() []string {
	var keys []string
	for _, a := range s.Grid {
		keys = append(keys, a.Key)
	}
	for _, r := range s.Ranges {
		keys = append(keys, r.Key)
	}
	return keys
}

// Points returns the values of every point, as --set values in the order of Keys:
// the grid's cross product (the last axis fastest), or the random points.
func (s Study) Points() [][]string {
	if s.Random > 0 {
		points := make([][]string, s.Random)
		for k := range points {
			for _, v := range drawPoint(s.SearchSeed, "sweep point "+strconv.Itoa(k+1), s.Ranges, k+1) {
				points[k] = append(points[k], results.FormatExact(v))
			}
		}
		return points
	}
	points := [][]string{nil}
	for _, a := range s.Grid {
		var next [][]string
		for _, p := range points {
			for _, v := range a.Values {
				next = append(next, append(slices.Clone(p), v))
			}
		}
		points = next
	}
	return points
}

// Size is the number of runs: points times seeds.
func (s Study) Size() int {
	n := s.Random
	if n == 0 && len(s.Grid) > 0 {
		n = 1
		for _, a := range s.Grid {
			n *= len(a.Values)
			if n > math.MaxInt32 {
				return n
			}
		}
	}
	return n * len(s.Seeds)
}

// metricColumns are the columns of summary.csv a metric may name, apart from
// acc_task<N>.
var metricColumns = []string{"train_loss", "train_acc", "test_acc", "mutual_info_bits", "energy_synaptic",
	"energy_neuron", "mean_p", "frac_frozen", "seconds", MeanAccColumn}

var taskColumn = regexp.MustCompile(`^acc_task[1-9][0-9]*$`)

// Validate checks the spec and every point's config; its errors are the user's
// to fix, and come before anything trains.
func (s Study) Validate() error {
	if len(s.Base) == 0 && len(s.Bases) == 0 {
		return errors.New("sweep: the study has no base config (its spec's base is empty: give --config or --grid config=..., or a folder's experiment.json lost it)")
	}
	if a := s.configAxis(); a != nil {
		if s.Random > 0 {
			return fmt.Errorf("sweep: %s is a grid of configs, not a range", ConfigKey)
		}
		for _, v := range a.Values {
			if _, ok := s.Bases[v]; !ok {
				return fmt.Errorf("sweep: the config %s of --grid %s was not resolved", v, ConfigKey)
			}
		}
	} else if len(s.Base) == 0 {
		return errors.New("sweep: the study has no base config (give --config)")
	}
	switch {
	case s.Random < 0:
		return fmt.Errorf("sweep: --random is %d, want 1 or more", s.Random)
	case s.Random > 0 && len(s.Grid) > 0:
		return errors.New("sweep: a random sweep takes ranges (key=lo:hi), not a grid of values")
	case s.Random > 0 && len(s.Ranges) == 0:
		return errors.New("sweep: --random needs at least one range, as --grid key=lo:hi or key=lo:hi:log")
	case s.Random == 0 && len(s.Ranges) > 0:
		return errors.New("sweep: ranges (key=lo:hi) need --random N")
	case s.Random == 0 && len(s.Grid) == 0:
		return errors.New("sweep: empty grid: give at least one --grid key=v1,v2,... (a key and its values)")
	}
	for _, a := range s.Grid {
		if len(a.Values) == 0 {
			return fmt.Errorf("sweep: the grid of %s is empty", a.Key)
		}
		if err := study.Unique("value", a.Values); err != nil {
			return fmt.Errorf("sweep: %s: %w", a.Key, err)
		}
	}
	if err := study.Unique("key", s.Keys()); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	if len(s.Seeds) == 0 {
		return errors.New("sweep: no seeds given")
	}
	if err := study.Unique("seed", s.Seeds); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	if !slices.Contains(metricColumns, s.Metric) && !taskColumn.MatchString(s.Metric) {
		return fmt.Errorf("sweep: --metric %q is not a column of summary.csv (%s, acc_task<N>)", s.Metric, strings.Join(metricColumns, ", "))
	}
	return nil
}

// pointConfig is the config of a point: its config's (ConfigKey's value, or
// the base) with the other keys' values.
func (s Study) pointConfig(values []string) (config.Train, error) {
	base, source := s.Base, s.Config
	var own []config.Own
	for i, k := range s.Keys() {
		if k == ConfigKey {
			base, source = s.Bases[values[i]], values[i]
			continue
		}
		own = append(own, config.Own{KV: k + "=" + values[i], From: "--grid " + k})
	}
	return config.ParseOwn(base, source, s.Overrides, own)
}

// pointID names a point's runs: key-value pairs on a grid, point-<k> for random
// points (whose values are long decimals).
func (s Study) pointID(k int, values []string) string {
	if s.Random > 0 {
		return fmt.Sprintf("point-%d", k+1)
	}
	parts := make([]string, len(values))
	for i, key := range s.Keys() {
		parts[i] = key + "-" + idSafe(values[i])
	}
	return strings.Join(parts, "_")
}

// idSafe turns a value into folder-name characters: [784,400,10] becomes
// 784-400-10, "fashion-mnist" fashion-mnist.
func idSafe(v string) string {
	var b strings.Builder
	dash := false
	for _, c := range v {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-' && !dash
		switch {
		case ok:
			b.WriteRune(c)
			dash = c == '-'
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Plan implements study.Study: points, then seeds. Every point's config is loaded
// and validated here, so a bad key or value fails before any run starts.
func (s Study) Plan() ([]study.Run, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var runs []study.Run
	seen := map[string][]string{}
	for k, values := range s.Points() {
		cfg, err := s.pointConfig(values)
		if err != nil {
			return nil, fmt.Errorf("sweep: point %s: %w", s.describe(values), err)
		}
		id := s.pointID(k, values)
		if other, ok := seen[id]; ok {
			return nil, fmt.Errorf("sweep: points %s and %s would share the run folder %s", s.describe(other), s.describe(values), id)
		}
		seen[id] = values
		for _, seed := range s.Seeds {
			runs = append(runs, study.Run{ID: fmt.Sprintf("%s_seed-%d", id, seed), Seed: seed, Config: cfg, Point: k})
		}
	}
	return runs, nil
}

// describe writes a point's values as key=value pairs.
func (s Study) describe(values []string) string {
	parts := make([]string, len(values))
	for i, k := range s.Keys() {
		parts[i] = k + "=" + values[i]
	}
	return strings.Join(parts, " ")
}

// Execute implements study.Study: a training run, measured after each task's
// last epoch, which is all a sweep reads (the config's eval_every adds more).
func (s Study) Execute(ctx context.Context, r study.Run, dir string) (string, error) {
	return runkit.TrainRun(ctx, r.Config.(config.Train), r.Seed, s.Data, dir, train.Evaluation{})
}

// Run is a finished run of a sweep as collected.
type Run struct {
	Point int // index into Points
	Seed  uint64
	runkit.Trained
}

// Collect implements study.Study.
func (Study) Collect(r study.Run, dir string) (Run, error) {
	t, err := runkit.CollectTrained(r.Config.(config.Train), dir, train.Evaluation{})
	return Run{Point: r.Point.(int), Seed: r.Seed, Trained: t}, err
}

// columns returns a run's last-epoch columns as metrics.csv names them, with
// mean_acc, in order; nil for a run that diverged.
func (r Run) columns() (names []string, values map[string]float64) {
	if r.Diverged {
		return nil, nil
	}
	t := results.RowsTable([]train.EpochMetrics{r.Last})
	values = map[string]float64{}
	for i, name := range t.Header {
		v, err := strconv.ParseFloat(t.Rows[0][i], 64)
		if err != nil {
			v = math.NaN()
		}
		values[name] = v
	}
	var sum float64
	var n int
	for _, a := range r.Last.TaskAccuracies {
		if !math.IsNaN(a) {
			sum, n = sum+a, n+1
		}
	}
	values[MeanAccColumn] = sum / float64(n)
	return append(slices.Clone(t.Header), MeanAccColumn), values
}

// sweepPoint is one point's runs as Render groups them.
type sweepPoint struct {
	values   []string
	runs     []map[string]float64 // the finished runs that did not diverge
	diverged int
}

// metric returns the point's values of a column over its runs.
func (p sweepPoint) metric(column string) []float64 {
	xs := make([]float64, 0, len(p.runs))
	for _, r := range p.runs {
		if v, ok := r[column]; ok && !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	return xs
}

// Render implements study.Study: summary.csv (a row per run), aggregate.csv (mean,
// SE and n of every column per point), the figure of the metric against the
// first key and the report section.
func (s Study) Render(dir string, runs []Run, missing []study.Run) (study.Report, error) {
	keys, points := s.Keys(), s.Points()
	groups := make([]sweepPoint, len(points))
	for k, v := range points {
		groups[k].values = v
	}
	var columns []string // the union, in first-seen order
	summary := [][]string{}
	rowValues := []map[string]float64{}
	for _, r := range runs {
		names, values := r.columns()
		for _, n := range names {
			if !slices.Contains(columns, n) {
				columns = append(columns, n)
			}
		}
		g := &groups[r.Point]
		if r.Diverged {
			g.diverged++
		} else {
			g.runs = append(g.runs, values)
		}
		summary = append(summary, append(slices.Clone(points[r.Point]), strconv.FormatUint(r.Seed, 10), strconv.FormatBool(r.Diverged)))
		rowValues = append(rowValues, values)
	}
	sortTaskColumns(columns)

	sum := results.NewTable(append(append(slices.Clone(keys), "seed", "diverged"), columns...)...)
	for i, row := range summary {
		for _, c := range columns {
			row = append(row, formatCell(rowValues[i], c))
		}
		sum.AddRow(row...)
	}
	var files []string
	path := filepath.Join(dir, runkit.SummaryFile)
	if err := sum.WriteAtomic(path); err != nil {
		return study.Report{}, err
	}
	files = append(files, path)

	aggCols := slices.DeleteFunc(slices.Clone(columns), func(c string) bool { return c == "task" || c == "epoch" })
	header := append(slices.Clone(keys), "n", "diverged")
	for _, c := range aggCols {
		header = append(header, c+"_mean", c+"_se")
	}
	agg := results.NewTable(header...)
	for _, g := range groups {
		if len(g.runs) == 0 && g.diverged == 0 {
			continue
		}
		row := append(slices.Clone(g.values), strconv.Itoa(len(g.runs)), strconv.Itoa(g.diverged))
		for _, c := range aggCols {
			m, se := stats.MeanSE(g.metric(c))
			row = append(row, results.FormatExact(m), results.FormatExact(se))
		}
		agg.AddRow(row...)
	}
	path = filepath.Join(dir, runkit.AggregateFile)
	if err := agg.WriteAtomic(path); err != nil {
		return study.Report{Files: files}, err
	}
	files = append(files, path)

	var warn strings.Builder
	figFiles, err := sweepFigure(dir, s, groups, &warn)
	files = append(files, figFiles...)
	rep := study.Report{Files: files, Markdown: s.report(groups, len(runs), len(missing)) + runkit.FigureNotes(warn.String())}
	return rep, err
}

// sortTaskColumns keeps metrics.csv's order but puts acc_task<N> in numeric
// order after the others and mean_acc last.
func sortTaskColumns(columns []string) {
	rank := func(c string) (int, int) {
		switch {
		case c == MeanAccColumn:
			return 2, 0
		case taskColumn.MatchString(c):
			n, _ := strconv.Atoi(strings.TrimPrefix(c, "acc_task"))
			return 1, n
		}
		return 0, 0
	}
	slices.SortStableFunc(columns, func(a, b string) int {
		ga, na := rank(a)
		gb, nb := rank(b)
		if ga != gb {
			return ga - gb
		}
		if ga == 1 {
			return na - nb
		}
		return 0
	})
}

func formatCell(values map[string]float64, column string) string {
	v, ok := values[column]
	if !ok || math.IsNaN(v) {
		return ""
	}
	return results.FormatExact(v)
}

// better reports whether mean a beats mean b on the sweep's metric.
func (s Study) better(a, b float64) bool {
	if math.IsNaN(b) {
		return !math.IsNaN(a)
	}
	if s.Minimize {
		return a < b
	}
	return a > b
}

// report is the Markdown section: what ran, the best point and its t-test
// against the runner-up, and the table of points.
func (s Study) report(groups []sweepPoint, finished, missing int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Sweep: %s over %s\n\n", s.title(), strings.Join(s.Keys(), ", "))
	mode := "grid"
	if s.Random > 0 {
		mode = fmt.Sprintf("random (search seed %d)", s.SearchSeed)
	}
	diverged := 0
	for _, g := range groups {
		diverged += g.diverged
	}
	// finished counts every run that ended, diverged or not: they are said apart.
	fmt.Fprintf(&b, "%s (%s) x %s %v: %s finished, %d diverged (no metric), %d not run.\n\n",
		study.Count(len(groups), "point"), mode, study.Count(len(s.Seeds), "seed"), s.Seeds, study.Count(finished-diverged, "run"), diverged, missing)
	goal := "higher"
	if s.Minimize {
		goal = "lower"
	}
	order := make([]int, 0, len(groups))
	means := make([]float64, len(groups))
	for k, g := range groups {
		means[k] = math.NaN()
		if xs := g.metric(s.Metric); len(xs) > 0 {
			means[k], _ = stats.MeanSE(xs)
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch {
		case s.better(means[i], means[j]):
			return -1
		case s.better(means[j], means[i]):
			return 1
		}
		return 0
	})
	if len(order) == 0 {
		b.WriteString("No point has a finished run yet.\n")
		return b.String()
	}
	best := groups[order[0]]
	m, se := stats.MeanSE(best.metric(s.Metric))
	fmt.Fprintf(&b, "Best point by %s (%s is better): %s, %s (n = %d).", s.Metric, goal, s.describe(best.values), pmFmt(m, se), len(best.metric(s.Metric)))
	if len(order) > 1 {
		next := groups[order[1]]
		m2, se2 := stats.MeanSE(next.metric(s.Metric))
		t, df, p := stats.TTestWelch(best.metric(s.Metric), next.metric(s.Metric))
		fmt.Fprintf(&b, " Runner-up: %s, %s. Welch t-test, best against runner-up: t = %.3f, df = %.1f, p = %.3g", s.describe(next.values), pmFmt(m2, se2), t, df, p)
		if math.IsNaN(p) {
			b.WriteString(" (undefined: it needs two runs or more per point, with some spread)")
		}
		b.WriteString(".")
	}
	b.WriteString("\n\n")
	table := make([][]string, 0, len(order))
	for _, k := range order {
		g := groups[k]
		xs := g.metric(s.Metric)
		m, se := stats.MeanSE(xs)
		table = append(table, append(slices.Clone(g.values), pmFmt(m, se), strconv.Itoa(len(xs)), strconv.Itoa(g.diverged)))
	}
	for _, g := range groups { // points whose every finished run diverged
		if len(g.metric(s.Metric)) == 0 && g.diverged > 0 {
			table = append(table, append(slices.Clone(g.values), "-", "0", strconv.Itoa(g.diverged)))
		}
	}
	b.WriteString(study.MarkdownTable(append(s.Keys(), s.Metric, "n", "diverged"), table))
	return b.String()
}

// pmFmt writes mean ± SE with four significant digits.
func pmFmt(m, se float64) string {
	if math.IsNaN(se) {
		return fmt.Sprintf("%.4g", m)
	}
	return fmt.Sprintf("%.4g ± %.2g", m, se)
}

// drawPoint draws the values of point k of a random search over ranges: uniform
// or log-uniform in each range, or the grid's value k (cycling). The draw depends
// on the seed, the label and k alone, so adding points leaves the earlier ones
// as they were.
func drawPoint(seed uint64, label string, ranges []SearchRange, k int) []float64 {
	rng := rngs.Stream(seed, label)
	var vals []float64
	for _, r := range ranges {
		u := rng.Float64()
		switch {
		case r.Grid != nil:
			vals = append(vals, r.Grid[(k-1)%len(r.Grid)])
		case r.Log:
			vals = append(vals, math.Exp(math.Log(r.Lo)+u*(math.Log(r.Hi)-math.Log(r.Lo))))
		default:
			vals = append(vals, r.Lo+u*(r.Hi-r.Lo))
		}
	}
	return vals
}
