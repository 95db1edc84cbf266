package sweep

import (
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
)

// Figure is the base name of a sweep's figure; Figure.csv holds the
// points it draws.
const Figure = "sweep"

// FigureRow is a point of the figure: the series (the other keys' values,
// or "points" for random points), the first key's value and where it is drawn,
// and the metric's mean, SE and n over seeds.
type FigureRow struct {
	Series   string  `csv:"series"`
	Value    string  `csv:"value"`
	Position float64 `csv:"x"`
	Mean     float64 `csv:"mean"`
	SE       float64 `csv:"se"`
	N        int     `csv:"n"`
}

// sweepFigure draws the metric against the first swept key: on a grid one line
// per combination of the other keys' values, mean and SE band over seeds, with
// a marker at each point; for
// random points, each point's mean. A key whose values are not all numbers is
// drawn at evenly spaced positions labelled with the values; numbers spanning
// two decades or more, all positive, on a log axis.
func sweepFigure(dir string, s Study, groups []sweepPoint, warn io.Writer) ([]string, error) {
	keys := s.Keys()
	p := plot.New(s.title()+": "+axisLabel(s.Metric)+" against "+axisLabel(keys[0]), axisLabel(keys[0]), axisLabel(s.Metric))
	firstValues := make([]string, 0)
	for _, g := range groups {
		if !slices.Contains(firstValues, g.values[0]) {
			firstValues = append(firstValues, g.values[0])
		}
	}
	numeric, positive := true, true
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range firstValues {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !stats.Finite(x) {
			numeric = false
			break
		}
		positive = positive && x > 0
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	position := func(v string) float64 {
		if numeric {
			x, _ := strconv.ParseFloat(v, 64)
			return x
		}
		return float64(slices.Index(firstValues, v) + 1)
	}
	logX := numeric && positive && hi >= 100*lo
	if s.Random > 0 && s.Ranges[0].Log {
		logX = true
	}

	var dropped []plot.Dropped
	var rows []FigureRow
	if s.Random > 0 {
		var xs, ys []float64
		for _, g := range groups {
			if m, se := stats.MeanSE(g.metric(s.Metric)); len(g.metric(s.Metric)) > 0 {
				xs, ys = append(xs, position(g.values[0])), append(ys, m)
				rows = append(rows, FigureRow{"points", g.values[0], position(g.values[0]), m, se, len(g.metric(s.Metric))})
			}
		}
		d, err := plot.Scatter{Series: []plot.ScatterSeries{{Name: "point mean over seeds", X: xs, Y: ys}}, Radius: 2.5, LogX: logX}.Add(p)
		if err != nil {
			return nil, err
		}
		dropped = append(dropped, d...)
	} else {
		var labels []string // one line per combination of the other keys
		lines := map[string]*struct{ x, mean, se []float64 }{}
		for _, g := range groups {
			xs := g.metric(s.Metric)
			if len(xs) == 0 {
				continue
			}
			var parts []string
			for i, k := range keys[1:] {
				parts = append(parts, k+"="+g.values[i+1])
			}
			label := strings.Join(parts, ", ")
			if lines[label] == nil {
				labels = append(labels, label)
				lines[label] = &struct{ x, mean, se []float64 }{}
			}
			m, se := stats.MeanSE(xs)
			series := label
			if series == "" {
				series = "all" // a single key: one line
			}
			rows = append(rows, FigureRow{series, g.values[0], position(g.values[0]), m, se, len(xs)})
			if math.IsNaN(se) {
				se = 0 // one seed: no band
			}
			l := lines[label]
			l.x, l.mean, l.se = append(l.x, position(g.values[0])), append(l.mean, m), append(l.se, se)
		}
		rising := 0 // lines whose right end is above their left end
		top, bottom := math.Inf(-1), math.Inf(1)
		for i, label := range labels {
			l := lines[label]
			for j := range l.mean {
				top, bottom = math.Max(top, l.mean[j]+l.se[j]), math.Min(bottom, l.mean[j]-l.se[j])
			}
			order := make([]int, len(l.x))
			for j := range order {
				order[j] = j
			}
			slices.SortFunc(order, func(a, b int) int {
				switch {
				case l.x[a] < l.x[b]:
					return -1
				case l.x[a] > l.x[b]:
					return 1
				}
				return 0
			})
			b := plot.Band{Name: label, Color: plot.Palette(i)}
			for _, j := range order {
				b.X, b.Mean, b.SE = append(b.X, l.x[j]), append(b.Mean, l.mean[j]), append(b.SE, l.se[j])
			}
			if n := len(b.Mean); n > 1 && b.Mean[n-1] > b.Mean[0] {
				rising++
			}
			d, err := b.Add(p)
			if err != nil {
				return nil, err
			}
			dropped = append(dropped, d)
			// A marker at every point: a line of one point (the other
			// points diverged, or one value of the first key) draws no line.
			ds, err := plot.Scatter{Series: []plot.ScatterSeries{{X: b.X, Y: b.Mean, Color: b.Color}}, Radius: 2.5, LogX: logX}.Add(p)
			if err != nil {
				return nil, err
			}
			dropped = append(dropped, ds...)
		}
		// The legend goes where the lines are not: above their low end, at
		// the left when most rise (below them at the right a low line of
		// another series would run under it), at the right when most fall.
		p.Legend.Top, p.Legend.Left = true, 2*rising > len(labels)
		// Room above the highest line for the legend's rows, which would
		// otherwise cover a line that runs along the top.
		if len(labels) > 1 && top > bottom {
			p.Y.Max = top + 0.09*float64(len(labels))*(top-bottom)
		}
	}
	if !numeric {
		ticks := make([]float64, len(firstValues))
		for i := range ticks {
			ticks[i] = float64(i + 1)
		}
		t := plot.Ticks(ticks...)
		labels, prefix := dropCommonPrefix(firstValues)
		for i := range t {
			t[i].Label = labels[i]
		}
		p.X.Tick.Marker = t
		if prefix != "" {
			p.X.Label.Text += " (" + prefix + "...)"
		}
	}
	if logX {
		if err := plot.LogX(p); err != nil {
			return nil, err
		}
	}
	plot.Pad(p, 0.05)
	if x, one := oneX(rows); numeric && one && !logX { // one value drawn: centre it, a tenth of it either side
		w := math.Abs(x) / 10
		if w == 0 {
			w = 1
		}
		p.X.Min, p.X.Max = x-w, x+w
	}
	plot.ReportDropped(warn, Figure, dropped...)
	path := filepath.Join(dir, Figure+".csv")
	if err := results.WriteRows(path, rows); err != nil {
		return nil, err
	}
	files, err := plot.Save(p, plot.SingleColumn*1.4, plot.SingleColumn, filepath.Join(dir, Figure))
	return append([]string{path}, files...), err
}

// oneX returns the position of the drawn points when they all share one.
func oneX(rows []FigureRow) (float64, bool) {
	if len(rows) == 0 {
		return 0, false
	}
	for _, r := range rows[1:] {
		if r.Position != rows[0].Position {
			return 0, false
		}
	}
	return rows[0].Position, true
}

// axisLabels say in words what a metric column or a config key is, for the
// figure's axes; a column or key not listed is shown as it is named.
var axisLabels = map[string]string{
	"train_loss":             "training loss",
	"train_acc":              "training accuracy",
	"test_acc":               "test accuracy",
	"mutual_info_bits":       "mutual information (bits)",
	"energy_synaptic":        "synaptic energy (sum of |w|)",
	"energy_neuron":          "neuron energy (summed activity)",
	"info_per_energy":        "bits per unit of synaptic energy",
	"info_per_neuron_energy": "bits per unit of neuron energy",
	"mean_p":                 "mean release probability",
	"frac_frozen":            "fraction of synapses frozen",
	MeanAccColumn:            "mean accuracy over tasks",
	"l2":                     "L2 strength",
	"lr":                     "learning rate",
	"p_min":                  "smallest release probability p_min",
	"p_fixed":                "fixed release probability",
	"epochs":                 "epochs",
	"batch_size":             "batch size",
}

// axisLabel is a column's or key's axis label (axisLabels); a method's key
// (presyn.lr) is labelled by its key, with the method in brackets.
func axisLabel(name string) string {
	if l, ok := axisLabels[name]; ok {
		return l
	}
	if section, key, ok := strings.Cut(name, "."); ok {
		if l, ok := axisLabels[key]; ok {
			return l + " (" + section + ")"
		}
	}
	return name
}

// dropCommonPrefix shortens category labels that share a prefix up to a
// separator (config=split-mnist-presyn, split-mnist-ewc, ...), which would
// otherwise run into each other under the axis: it returns the labels without
// it and the prefix, "" where there is none to drop.
func dropCommonPrefix(values []string) ([]string, string) {
	if len(values) < 2 {
		return values, ""
	}
	common := values[0]
	for _, v := range values[1:] {
		n := 0
		for n < len(common) && n < len(v) && common[n] == v[n] {
			n++
		}
		common = common[:n]
	}
	cut := strings.LastIndexAny(common, "-_/.")
	if cut < 0 {
		return values, ""
	}
	prefix := common[:cut+1]
	out := make([]string, len(values))
	for i, v := range values {
		if out[i] = v[len(prefix):]; out[i] == "" {
			return values, "" // a label would be left empty
		}
	}
	return out, prefix
}
