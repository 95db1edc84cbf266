package sjostrom

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/plot"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
)

// Appendix 1 figure 4 re-analyses recordings of Sjöström et al. 2001 (spike-timing-
// dependent plasticity in rat visual cortex, layer 5 pairs), made public by Costa,
// Froemke, Sjöström & van Rossum 2015: synapses with a higher initial release
// probability change less, relative to their strength, under the pairing protocols
// (Pearson r = -0.4416, p < 0.01). presyn cannot ship the data: the user exports them
// to a CSV file that Read reads, Analyse correlates and Result.Write draws and
// reports.

// DOI is the Dryad package of Costa et al. 2015 that holds the data.
const DOI = "10.5061/dryad.p286g"

// PaperR is the paper's Pearson correlation of the relative change of
// strength with the initial release probability (Appendix 1 figure 4).
const PaperR = -0.4416

// paperR is PaperR as the report holds ours to it.
var paperR = paper.Fraction(PaperR, 4, "app4: r = -0.4416, p < 0.01")

// judge holds a correlation to the paper's: r within tolerance of PaperR (the
// data are the paper's, so its r is reproducible to the digit) and p < 0.01.
func judge(r, p float64) paper.Verdict {
	return paper.Judge(paper.Matches(stats.Estimate{Mean: r}, paperR) && p < sjostromAlpha)
}

// sjostromAlpha is the significance level of the paper's claim (p < 0.01).
const sjostromAlpha = 0.01

// DefaultReleaseSites is N, the release sites per connection of the binomial model
// Costa et al. 2015 fitted to these recordings.
const DefaultReleaseSites = 5.5

// The layouts ReadSjostrom accepts, as the columns that identify them.
const (
	LayoutDirect  = "p_initial,relative_change"
	LayoutMoments = "mean_before,var_before,mean_after"
)

// Expected says, for error messages and help texts, what file the analysis
// wants and where its data come from.
const Expected = "a CSV file with a header and one row per connection, with columns " +
	LayoutDirect + " or " + LayoutMoments + " (optionally label or protocol), " +
	"exported from the Sjöström et al. 2001 data of Costa et al. 2015, https://doi.org/" + DOI

// Files the analysis writes into its output folder, besides study.ReportFile.
const (
	Figure     = "app4"           // .png, .svg, .pdf
	PointsFile = "app4.csv"       // Point rows
	StatsFile  = "app4-stats.csv" // one Stats row
)

// Options are the settings of ReadSjostrom. The zero value reads with
// N = 5.5 and fails at the first bad row.
type Options struct {
	// ReleaseSites is N of the binomial estimator (layout mean_before,...);
	// 0 means DefaultReleaseSites.
	ReleaseSites float64
	// SkipBad leaves out, and counts, the rows that are not a possible connection
	// instead of failing at the first.
	SkipBad bool
}

// Validate says what is wrong with the options, naming the setting.
func (o Options) Validate() error {
	if o.ReleaseSites < 0 || math.IsNaN(o.ReleaseSites) || math.IsInf(o.ReleaseSites, 0) {
		return fmt.Errorf("sjostrom: release sites is %v, want a positive number (Costa et al. used %g)", o.ReleaseSites, DefaultReleaseSites)
	}
	return nil
}

func (o Options) releaseSites() float64 {
	if o.ReleaseSites == 0 {
		return DefaultReleaseSites
	}
	return o.ReleaseSites
}

// Point is a connection: app4.csv's row.
type Point struct {
	PInitial       float64 `csv:"p_initial"`       // release probability before pairing
	RelativeChange float64 `csv:"relative_change"` // strength after / before - 1
	Label          string  `csv:"label"`           // protocol, such as LTP or LTD; may be empty
}

// BadRow is a row of the data file that cannot be a connection: a missing
// cell, a cell that is not a finite number, or an impossible value. ReadSjostrom
// returns it as the error, or with SkipBad lists it.
type BadRow struct {
	Path   string
	Line   int // in the file; the header is line 1
	Reason string
}

func (b *BadRow) Error() string {
	return fmt.Sprintf("sjostrom: %s, line %d: %s", b.Path, b.Line, b.Reason)
}

// Data is the data file as read: its connections and the rows left out.
type Data struct {
	Path   string
	Layout string // LayoutDirect or LayoutMoments
	// ReleaseSites is the N that estimated P (layout LayoutMoments); 0 when
	// the file gives P.
	ReleaseSites float64
	Points       []Point
	Skipped      []BadRow // with SkipBad, in file order
}

// ReleaseProbability estimates a connection's release probability p and quantal
// size q from the mean and variance of its EPSPs with a binomial model of sites
// release sites (Costa et al. 2015): mean = N p q and variance = N p (1-p) q^2 give
//
//	q = variance/mean + mean/N,  p = mean/(N q).
//
// p lies in (0, 1] (1 for a variance of 0). Both are NaN unless mean > 0,
// variance >= 0 and sites > 0, all finite.
func ReleaseProbability(mean, variance, sites float64) (p, q float64) {
	if !(mean > 0 && variance >= 0 && sites > 0) || math.IsInf(mean, 0) || math.IsInf(variance, 0) || math.IsInf(sites, 0) {
		return math.NaN(), math.NaN()
	}
	q = variance/mean + mean/sites
	return mean / (sites * q), q
}

// sjostromColumns are the recognised columns' positions in a header; -1 where absent.
type sjostromColumns struct {
	layout                           string
	pInitial, relChange              int
	meanBefore, varBefore, meanAfter int
	label                            int
	names                            []string // the header as normalised
}

// Read reads a CSV export of the Sjöström et al. 2001 data: a header, then
// one row per connection, in one of two layouts:
//
//	p_initial,relative_change
//	    the release probability before pairing, in (0, 1], and the relative change
//	    of the connection's strength, after/before - 1, at least -1;
//	mean_before,var_before,mean_after
//	    the EPSP mean (> 0) and variance (>= 0: a variance, not an SD, in the
//	    square of the mean's unit) before pairing and the EPSP mean after (>= 0):
//	    P comes from ReleaseProbability with N = opts.ReleaseSites, as Costa et al.
//	    2015 estimated it, and the relative change is mean_after/mean_before - 1.
//
// Column names are case-insensitive; spaces around names and cells and a UTF-8
// byte-order mark are ignored, and so are other columns. Either layout may add a
// `label` or a `protocol` column (label wins if both are there), such as LTP or
// LTD, which the figure colours the points by. A header with the columns of both
// layouts is read as the first.
//
// A file that cannot be opened, an empty file and a header without a layout's
// columns are errors that say what file is wanted (Expected). A row that
// cannot be a connection (a field too many or too few, a cell that is not a finite
// number, an impossible value) is an error, a *BadRow naming its line,
// unless opts.SkipBad leaves it out and lists it. Fewer than three connections is an
// error, since they allow no correlation test.
func Read(path string, opts Options) (Data, error) {
	if err := opts.Validate(); err != nil {
		return Data{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Data{}, fmt.Errorf("sjostrom: %w; want %s", err, Expected)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1 // a short row is a bad row, reported with its line
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return Data{}, fmt.Errorf("sjostrom: %s is empty; want %s", path, Expected)
	}
	if err != nil {
		return Data{}, fmt.Errorf("sjostrom: %s: %w", path, err)
	}
	cols, err := sjostromHeader(header)
	if err != nil {
		return Data{}, fmt.Errorf("sjostrom: %s: %w; want %s", path, err, Expected)
	}
	d := Data{Path: path, Layout: cols.layout}
	if cols.layout == LayoutMoments {
		d.ReleaseSites = opts.releaseSites()
	}
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil { // malformed CSV (a stray quote): the rest cannot be trusted
			return Data{}, fmt.Errorf("sjostrom: %s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		point, reason := cols.point(record, d.ReleaseSites)
		if reason != "" {
			bad := BadRow{Path: path, Line: line, Reason: reason}
			if !opts.SkipBad {
				return Data{}, &bad
			}
			d.Skipped = append(d.Skipped, bad)
			continue
		}
		d.Points = append(d.Points, point)
	}
	if len(d.Points) < 3 {
		return Data{}, fmt.Errorf("sjostrom: %s has %d usable connections (%d rows left out), want at least 3 for a correlation test",
			path, len(d.Points), len(d.Skipped))
	}
	return d, nil
}

// sjostromHeader finds a layout's columns in header.
func sjostromHeader(header []string) (sjostromColumns, error) {
	c := sjostromColumns{pInitial: -1, relChange: -1, meanBefore: -1, varBefore: -1, meanAfter: -1, label: -1}
	known := map[string]*int{
		"p_initial": &c.pInitial, "relative_change": &c.relChange,
		"mean_before": &c.meanBefore, "var_before": &c.varBefore, "mean_after": &c.meanAfter,
	}
	protocol := -1
	known["label"], known["protocol"] = &c.label, &protocol
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // spreadsheets often start UTF-8 files with a BOM
		}
		name := strings.ToLower(strings.TrimSpace(h))
		c.names = append(c.names, name)
		if pos, ok := known[name]; ok {
			if *pos >= 0 {
				return c, fmt.Errorf("column %q appears twice", name)
			}
			*pos = i
		}
	}
	if c.label < 0 {
		c.label = protocol
	}
	switch {
	case c.pInitial >= 0 && c.relChange >= 0:
		c.layout = LayoutDirect
	case c.meanBefore >= 0 && c.varBefore >= 0 && c.meanAfter >= 0:
		c.layout = LayoutMoments
	default:
		got := strings.Join(c.names, ",")
		if len(header) == 1 && strings.Contains(header[0], ";") {
			return c, fmt.Errorf("header %q has no recognised columns (fields separated by ';', not ',')", got)
		}
		return c, fmt.Errorf("header %q has no recognised columns", got)
	}
	return c, nil
}

// point reads a data row; reason says why the row is not a connection, or is empty.
func (c sjostromColumns) point(record []string, sites float64) (p Point, reason string) {
	if len(record) != len(c.names) {
		return p, fmt.Sprintf("has %d fields, the header has %d", len(record), len(c.names))
	}
	num := func(col int) (float64, string) {
		s := strings.TrimSpace(record[col])
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, fmt.Sprintf("%s is %q, not a number", c.names[col], s)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Sprintf("%s is %v, want a finite number", c.names[col], x)
		}
		return x, ""
	}
	if c.label >= 0 {
		p.Label = strings.TrimSpace(record[c.label])
	}
	if c.layout == LayoutDirect {
		var why string
		if p.PInitial, why = num(c.pInitial); why != "" {
			return p, why
		}
		if p.RelativeChange, why = num(c.relChange); why != "" {
			return p, why
		}
		if !(p.PInitial > 0 && p.PInitial <= 1) {
			return p, fmt.Sprintf("p_initial is %v, want a probability in (0, 1]", p.PInitial)
		}
		if p.RelativeChange < -1 {
			return p, fmt.Sprintf("relative_change is %v, below -1: a strength cannot fall below zero", p.RelativeChange)
		}
		return p, ""
	}
	var vals [3]float64
	for i, col := range []int{c.meanBefore, c.varBefore, c.meanAfter} {
		var why string
		if vals[i], why = num(col); why != "" {
			return p, why
		}
	}
	before, variance, after := vals[0], vals[1], vals[2]
	switch {
	case before <= 0:
		return p, fmt.Sprintf("mean_before is %v, want > 0", before)
	case variance < 0:
		return p, fmt.Sprintf("var_before is %v, want >= 0", variance)
	case after < 0:
		return p, fmt.Sprintf("mean_after is %v, want >= 0", after)
	}
	p.PInitial, _ = ReleaseProbability(before, variance, sites)
	p.RelativeChange = after/before - 1
	// The estimator keeps P in (0, 1]; extreme values can still overflow or round.
	if !(p.PInitial > 0 && p.PInitial <= 1) || math.IsInf(p.RelativeChange, 0) {
		return p, fmt.Sprintf("gives P = %v and relative change %v, want P in (0, 1] and a finite change", p.PInitial, p.RelativeChange)
	}
	return p, ""
}

// Stats is app4-stats.csv's row: the correlation of the relative change
// with the initial release probability over all connections, beside the paper's.
type Stats struct {
	N       int     `csv:"n"`
	R       float64 `csv:"r"`       // Pearson's r
	P       float64 `csv:"p"`       // its two-sided p-value
	PaperR  float64 `csv:"paper_r"` // PaperR
	Verdict string  `csv:"verdict"` // "matches" when r < 0 and p < 0.01, as in the paper
}

// Group is the correlation within the connections of one label.
type Group struct {
	Label string
	N     int
	R, P  float64 // NaN with fewer than three connections or a constant column
}

// Result is the analysis of a data file.
type Result struct {
	Data  Data
	Stats Stats
	// Slope and Intercept are the least-squares line of the relative change on P
	// over all connections, the line of the figure.
	Slope, Intercept float64
	// AbsR and AbsP correlate the size of the change, |relative change|, with P:
	// the paper's wording ("smaller relative changes ... for both LTP and LTD") may
	// mean either sign convention, so the report gives both.
	AbsR, AbsP float64
	Groups     []Group // one per label, in order of first appearance; none without labels
}

// Analyse correlates the relative change with the initial release
// probability. It is an error when r is undefined: fewer than three connections,
// or every P or every change the same.
func Analyse(d Data) (Result, error) {
	x, y := sjostromColumnsOf(d.Points)
	if len(x) < 3 {
		return Result{}, fmt.Errorf("sjostrom: %s has %d connections, want at least 3 for a correlation test", d.Path, len(x))
	}
	r, p := stats.Pearson(x, y)
	if math.IsNaN(r) {
		return Result{}, fmt.Errorf("sjostrom: %s: the correlation is undefined: every connection has the same initial P or the same relative change", d.Path)
	}
	res := Result{Data: d, Stats: Stats{N: len(x), R: r, P: p, PaperR: PaperR, Verdict: string(judge(r, p))}}
	res.Slope, res.Intercept = stats.LeastSquares(x, y)
	abs := make([]float64, len(y))
	for i, v := range y {
		abs[i] = math.Abs(v)
	}
	res.AbsR, res.AbsP = stats.Pearson(x, abs)
	for _, label := range sjostromLabels(d.Points) {
		var g []Point
		for _, pt := range d.Points {
			if pt.Label == label {
				g = append(g, pt)
			}
		}
		gx, gy := sjostromColumnsOf(g)
		gr, gp := stats.Pearson(gx, gy)
		if len(g) < 3 {
			gr, gp = math.NaN(), math.NaN() // Pearson gives r = ±1, p = 1 for two points
		}
		res.Groups = append(res.Groups, Group{Label: label, N: len(g), R: gr, P: gp})
	}
	if len(res.Groups) == 1 && res.Groups[0].Label == "" {
		res.Groups = nil
	}
	return res, nil
}

func sjostromColumnsOf(points []Point) (pInitial, change []float64) {
	pInitial, change = make([]float64, len(points)), make([]float64, len(points))
	for i, pt := range points {
		pInitial[i], change[i] = pt.PInitial, pt.RelativeChange
	}
	return pInitial, change
}

// sjostromLabels returns the distinct labels in order of first appearance.
func sjostromLabels(points []Point) []string {
	var labels []string
	for _, pt := range points {
		if !slices.Contains(labels, pt.Label) {
			labels = append(labels, pt.Label)
		}
	}
	return labels
}

// Write writes into dir, which must exist, each file atomically: app4.csv,
// app4-stats.csv, the figure app4 (PNG at 300 dpi, SVG, PDF) and the report
// section report.md, which ends with the list of files. It returns the report,
// whose Files are those written.
func (res Result) Write(dir string) (study.Report, error) {
	out := runkit.Tables{Dir: dir}
	runkit.WriteTable(&out, PointsFile, res.Data.Points)
	runkit.WriteTable(&out, StatsFile, []Stats{res.Stats})
	rep := study.Report{Files: out.Files}
	if out.Err != nil {
		return rep, out.Err
	}
	var notes strings.Builder
	figs, err := res.figure(dir, &notes)
	rep.Files = append(rep.Files, figs...)
	if err != nil {
		return rep, err
	}
	rep.Markdown = res.Markdown() + runkit.FigureNotes(notes.String()) + "\n" +
		study.Files(dir, PointsFile, StatsFile, Figure+".{png,svg,pdf}", study.ReportFile)
	report := filepath.Join(dir, study.ReportFile)
	if err := results.WriteFileAtomic(report, []byte(rep.Markdown)); err != nil {
		return rep, err
	}
	rep.Files = append(rep.Files, report)
	return rep, nil
}

// figure draws app4: relative change against initial P, coloured by label, with
// the least-squares line over all connections and a dashed line at no change.
func (res Result) figure(dir string, warn io.Writer) ([]string, error) {
	s := res.Stats
	p := plot.New(fmt.Sprintf("Sjöström et al. 2001: r = %.3f, p = %.2g, n = %d", s.R, s.P, s.N),
		"initial release probability P", "relative change of strength")
	var sc plot.Scatter
	for i, label := range sjostromLabels(res.Data.Points) {
		series := plot.ScatterSeries{Name: label, Color: plot.Palette(i)}
		for _, pt := range res.Data.Points {
			if pt.Label == label {
				series.X, series.Y = append(series.X, pt.PInitial), append(series.Y, pt.RelativeChange)
			}
		}
		sc.Series = append(sc.Series, series)
	}
	sc.Radius = vg.Points(2.5) // tens of connections, not thousands of synapses
	dropped, err := sc.Add(p)
	if err != nil {
		return nil, err
	}
	plot.ReportDropped(warn, Figure, dropped...)
	if !math.IsNaN(res.Slope) {
		x, _ := sjostromColumnsOf(res.Data.Points)
		lo, hi := slices.Min(x), slices.Max(x)
		line, err := plotter.NewLine(plotter.XYs{{X: lo, Y: res.Intercept + res.Slope*lo}, {X: hi, Y: res.Intercept + res.Slope*hi}})
		if err != nil {
			return nil, fmt.Errorf("%s: least-squares line: %w", Figure, err)
		}
		line.LineStyle.Width = vg.Points(1.2) // black: it pools every label
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("least squares, slope %.2f", res.Slope), line)
	}
	p.Add(plot.NewHRefLine(0))
	p.X.Min, p.X.Max = 0, 1
	// Room above the points for the legend, a row per label and one for the line.
	span := p.Y.Max - p.Y.Min
	p.Y.Min -= 0.05 * span
	p.Y.Max += (0.08 + 0.09*float64(len(sc.Series))) * span
	p.Legend.Top, p.Legend.Left = true, false
	return plot.Save(p, plot.SingleColumn*1.3, plot.SingleColumn, filepath.Join(dir, Figure))
}

// sjostromHeading is the report section's heading, run or not.
const sjostromHeading = "## Appendix 1 figure 4: stability of synapses with high release probability (Sjöström et al. 2001 data)\n\n"

// Markdown is the report section: our r, p and n beside the paper's.
func (res Result) Markdown() string {
	s, d := res.Stats, res.Data
	var b strings.Builder
	b.WriteString(sjostromHeading)
	fmt.Fprintf(&b, "Relative change of each connection's strength under the pairing protocols (after/before - 1) against its initial release probability P, from `%s`; ", d.Path)
	if d.Layout == LayoutMoments {
		fmt.Fprintf(&b, "P estimated from the EPSP mean and variance before pairing with a binomial model of N = %g release sites (Costa et al. 2015), the change from the EPSP means.\n\n", d.ReleaseSites)
	} else {
		b.WriteString("P and the change as the file gives them.\n\n")
	}
	b.WriteString(study.MarkdownTable([]string{"", "n", "Pearson r", "p-value", "verdict"}, [][]string{
		{"ours", strconv.Itoa(s.N), fmt.Sprintf("%.4f", s.R), fmt.Sprintf("%.3g", s.P), s.Verdict},
		{"paper", "", fmt.Sprintf("%.4f", s.PaperR), fmt.Sprintf("< %g", sjostromAlpha), ""},
	}))
	fmt.Fprintf(&b, "\nVerdict: %s (it matches when r < 0 and p < %g). Least-squares line: change = %.3f %+.3f P. ", s.Verdict, sjostromAlpha, res.Intercept, res.Slope)
	fmt.Fprintf(&b, "The size of the change, |relative change|, against P: r = %.4f, p = %.3g.\n", res.AbsR, res.AbsP)
	if len(res.Groups) > 0 {
		b.WriteString("\nPer label:\n\n")
		var rows [][]string
		for _, g := range res.Groups {
			label, r, p := g.Label, "n/a", "n/a"
			if label == "" {
				label = "(none)"
			}
			if !math.IsNaN(g.R) {
				r, p = fmt.Sprintf("%.4f", g.R), fmt.Sprintf("%.3g", g.P)
			}
			rows = append(rows, []string{label, strconv.Itoa(g.N), r, p})
		}
		b.WriteString(study.MarkdownTable([]string{"label", "n", "Pearson r", "p-value"}, rows))
	}
	if len(d.Skipped) > 0 {
		fmt.Fprintf(&b, "\nLeft out %d rows that cannot be a connection: %s.\n", len(d.Skipped), sjostromSkippedList(d.Skipped, 5))
	}
	b.WriteString("\nPaper: synapses with higher release probabilities undergo smaller relative changes in expected strength, r = -0.4416, p < 0.01, for both LTP and LTD.\n")
	return b.String()
}

// sjostromSkippedList names the first limit skipped rows and their reasons.
func sjostromSkippedList(rows []BadRow, limit int) string {
	var parts []string
	for i, r := range rows {
		if i == limit {
			parts = append(parts, fmt.Sprintf("and %d more", len(rows)-limit))
			break
		}
		parts = append(parts, fmt.Sprintf("line %d (%s)", r.Line, r.Reason))
	}
	return strings.Join(parts, ", ")
}

// NotRun is the report section for when the user has no data file: it says
// the analysis was not run and how to run it.
func NotRun() string {
	return sjostromHeading + "Not run: this analysis needs the Sjöström et al. 2001 recordings, which presyn cannot ship. " +
		"Download them from the Dryad package of Costa et al. 2015 (https://doi.org/" + DOI + "), " +
		"export one row per connection to a CSV file with a header and the columns `" + LayoutDirect + "` " +
		"(initial release probability, relative change of strength) or `" + LayoutMoments + "` " +
		"(EPSP mean and variance before pairing, EPSP mean after), optionally with a `label` or `protocol` column (LTP, LTD), " +
		"and run `presyn sjostrom --data FILE`.\n\n" +
		"Paper: r = " + paperR.String() + ", p < 0.01 (relative change of strength against initial release probability).\n"
}
