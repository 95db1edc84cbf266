package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
)

// Entry is one artefact as the report shows it.
type Entry struct {
	paper.Artefact
	paper.Finding
	Figures []string // the figure files copied, relative to the figures folder (PNG first)
	CSVs    []string // the CSV files written, relative to the figures folder
	Tried   string   // what was tried for it, from the report's notes (AddNotes), "" for none
	found   bool     // a study of one of its sources was found
}

// Verdict is an entry's verdict (package paper).
type Verdict = paper.Verdict

// Experiment is what a study folder's runs record: how many, their summed wall
// time, and the versions and BLAS backends that made them.
type Experiment struct {
	Study    string
	Runs     int
	Seconds  float64 // summed wall time of the runs
	Wall     float64 // wall time of the commands that made it (scripts/figures.sh's wall_times.csv), 0 if unknown
	Versions []string
	Backends []string
	First    time.Time // the first run's start
	Last     time.Time // the last run's start
}

// Report is the whole-paper report.
type Report struct {
	Results     string // the results folder read
	Figures     string // the figures folder written
	Created     time.Time
	Machine     Machine
	Entries     []Entry
	Experiments []Experiment
	// PaperWall is the wall time presyn paper recorded over its Invocations
	// (wall_times.csv's "paper" rows): the whole paper's, where it made it.
	PaperWall   float64
	Invocations int
	// Predicted is the plan presyn paper made before its first run (plan.json),
	// nil where there is none.
	Predicted *Prediction
	// NotesSource is the notes file of AddNotes, "" for none.
	NotesSource string
}

// PlanFile is where presyn paper keeps, in the results folder, the plan it
// predicted at its first invocation; later invocations leave it as it is.
const PlanFile = "plan.json"

// Prediction is the part of plan.json the report sets beside the measured wall
// time.
type Prediction struct {
	Created   time.Time `json:"created"`
	Version   string    `json:"presyn_version"`
	Runs      int       `json:"runs"`
	Finished  int       `json:"finished"` // runs already finished when it was made
	CoreHours float64   `json:"core_hours"`
	WallHours float64   `json:"wall_hours"`
	Workers   int       `json:"workers"`
}

// readPrediction reads root's plan.json: nil, nil where there is none.
func readPrediction(root string) (*Prediction, error) {
	path := filepath.Join(root, PlanFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var p Prediction
	if err := json.Unmarshal(raw, &p); err != nil || p.Workers <= 0 {
		return nil, fmt.Errorf("report: %s is damaged (%v): delete it; the next presyn paper writes a new one", path, err)
	}
	return &p, nil
}

// Build reads the results folder and, for every artefact of artefacts (in
// their order), asks its check for a finding from the finished runs of its
// study folders, copies its figures into the figures folder as
// <id><suffix>.png|svg|pdf and writes the numbers the check judged as
// <id><suffix>.csv. A source's folder is found by its marker anywhere under
// the results folder (locate). An artefact none of whose studies is found is
// "not run", saying what was looked for where;
// a check that finds part of what it compares unfinished is "not run" with what
// is missing; a check that finds a damaged file is "error", naming it.
func Build(resultsDir, figuresDir string, artefacts []paper.Artefact, machine Machine) (*Report, error) {
	if info, err := os.Stat(resultsDir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("report: results folder %s not found: run the experiments first (make figures)", resultsDir)
	}
	if err := os.MkdirAll(figuresDir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	rep := &Report{Results: resultsDir, Figures: figuresDir, Created: time.Now().UTC().Truncate(time.Second), Machine: machine}
	studies, err := findStudies(resultsDir)
	if err != nil {
		return nil, err
	}
	for _, a := range artefacts {
		e, err := build(a, resultsDir, figuresDir, studies)
		if err != nil {
			return nil, err
		}
		rep.Entries = append(rep.Entries, e)
	}
	rep.Experiments, err = experiments(resultsDir)
	rep.PaperWall, rep.Invocations = paperWall(resultsDir)
	if err != nil {
		return rep, err
	}
	rep.Predicted, err = readPrediction(resultsDir)
	return rep, err
}

// PaperStep is the experiment name presyn paper records its wall time under.
const PaperStep = "paper"

// paperWall sums the wall times presyn paper recorded in root.
func paperWall(root string) (seconds float64, invocations int) {
	t, err := results.ReadTable(filepath.Join(root, WallTimesFile), "experiment", "seconds")
	if err != nil {
		return 0, 0
	}
	for _, row := range t.Rows {
		if s, err := strconv.ParseFloat(row[1], 64); err == nil && row[0] == PaperStep {
			seconds, invocations = seconds+s, invocations+1
		}
	}
	return seconds, invocations
}

// build checks one artefact and copies its files; studies are the study
// folders of the results folder (findStudies).
func build(a paper.Artefact, resultsDir, figuresDir string, studies []found) (Entry, error) {
	e := Entry{Artefact: a}
	dirs := make([]string, len(a.Sources))
	found := false
	for i, src := range a.Sources {
		dir, err := locate(src, resultsDir, studies)
		if err != nil {
			e.Finding = paper.Finding{Verdict: paper.Error, Note: err.Error()}
			return e, nil
		}
		dirs[i], found = dir, found || dir != ""
	}
	runIt := "run `" + a.Command + "`"
	if !found {
		note := a.NotRunNote
		if note == "" {
			note = runIt
		}
		e.Finding = paper.Finding{Verdict: paper.NotRun, Note: lookedFor(a.Sources, resultsDir) + "; " + note}
		return e, nil
	}
	e.found = true
	f, err := a.Check(dirs)
	switch {
	case err == nil && study.Smoke(dirs...):
		f = f.AsSmoke() // a smoke run's (--quick) numbers are shown, not judged
	case errors.Is(err, paper.ErrNotRun):
		f = paper.Finding{Ours: f.Ours, Verdict: paper.NotRun, Note: strings.TrimPrefix(err.Error(), paper.ErrNotRun.Error()+": ") + "; " + runIt}
	case err != nil:
		f = paper.Finding{Verdict: paper.Error, Note: err.Error()}
	}
	e.Finding = f
	for i, src := range a.Sources {
		if dirs[i] == "" || src.Figure == "" {
			continue
		}
		for _, ext := range []string{"png", "svg", "pdf"} {
			from := filepath.Join(dirs[i], src.Figure+"."+ext)
			if _, err := os.Stat(from); err != nil {
				continue
			}
			name := a.ID + src.Suffix + "." + ext
			if err := copyFile(from, filepath.Join(figuresDir, name)); err != nil {
				return e, err
			}
			e.Figures = append(e.Figures, name)
		}
	}
	// The sources' tables first, in the sources' order, then the others.
	var suffixes []string
	for _, src := range a.Sources {
		if _, ok := f.Files[src.Suffix+".csv"]; ok && !slices.Contains(suffixes, src.Suffix+".csv") {
			suffixes = append(suffixes, src.Suffix+".csv")
		}
	}
	for _, suffix := range slices.Sorted(maps.Keys(f.Files)) {
		if !slices.Contains(suffixes, suffix) {
			suffixes = append(suffixes, suffix)
		}
	}
	for _, suffix := range suffixes {
		name := a.ID + suffix
		if err := results.WriteFileAtomic(filepath.Join(figuresDir, name), f.Files[suffix]); err != nil {
			return e, fmt.Errorf("report: %w", err)
		}
		if strings.HasSuffix(name, ".csv") {
			e.CSVs = append(e.CSVs, name)
		}
	}
	return e, nil
}

// copyFile copies a file atomically.
func copyFile(from, to string) error {
	raw, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return results.WriteFileAtomic(to, raw)
}

// experiments walks the results folder for study folders (those with an
// experiment.json marker) and sums their runs' manifests.
func experiments(root string) ([]Experiment, error) {
	var out []Experiment
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if d.Name() == "runs" || strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(path, "experiment.json")); err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		e := Experiment{Study: filepath.ToSlash(rel)}
		runs, _ := os.ReadDir(filepath.Join(path, "runs"))
		for _, r := range runs {
			if !r.IsDir() || strings.HasPrefix(r.Name(), ".") {
				continue
			}
			raw, err := os.ReadFile(filepath.Join(path, "runs", r.Name(), results.ManifestFile))
			if err != nil {
				continue // an analysis run without a manifest
			}
			var m results.Manifest
			if err := json.Unmarshal(raw, &m); err != nil {
				return fmt.Errorf("report: %s: %w", filepath.Join(path, "runs", r.Name(), results.ManifestFile), err)
			}
			e.Runs++
			e.Seconds += m.Seconds
			if !slices.Contains(e.Versions, m.Version) {
				e.Versions = append(e.Versions, m.Version)
			}
			if m.Backend != "" && !slices.Contains(e.Backends, m.Backend) {
				e.Backends = append(e.Backends, m.Backend)
			}
			if e.First.IsZero() || m.Created.Before(e.First) {
				e.First = m.Created
			}
			if m.Created.After(e.Last) {
				e.Last = m.Created
			}
		}
		out = append(out, e)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return out, err
	}
	// Study commands run by hand or by scripts record their wall time, once per
	// invocation (presyn paper's is the whole paper's: paperWall).
	if t, err := results.ReadTable(filepath.Join(root, WallTimesFile), "experiment", "seconds"); err == nil {
		for _, row := range t.Rows {
			s, err := strconv.ParseFloat(row[1], 64)
			if err != nil {
				continue
			}
			for i := range out {
				if out[i].Study == row[0] {
					out[i].Wall += s
				}
			}
		}
	}
	return out, nil
}

// WallTimesFile is where presyn paper (experiment "paper") and scripts record
// each command's wall time in the results folder: experiment,seconds,finished.
const WallTimesFile = "wall_times.csv"

// Counts returns how many entries have each verdict.
func (r *Report) Counts() map[paper.Verdict]int {
	c := map[paper.Verdict]int{}
	for _, e := range r.Entries {
		c[e.Verdict]++
	}
	return c
}

// CountLine says how many artefacts have each verdict, as "11 matches, 12
// differs, 1 not run, 1 without a claim, of 25 artefacts" (smoke runs not
// judged and errors only when there are some).
func (r *Report) CountLine() string {
	c := r.Counts()
	line := fmt.Sprintf("%d matches, %d differs, %d not run, %d without a claim", c[paper.Matched], c[paper.Differs], c[paper.NotRun], c[paper.NoClaim])
	if c[paper.NotJudged] > 0 {
		line += fmt.Sprintf(", %d not judged (smoke runs)", c[paper.NotJudged])
	}
	if c[paper.Error] > 0 {
		line += fmt.Sprintf(", %d errors", c[paper.Error])
	}
	return line + fmt.Sprintf(", of %d artefacts", len(r.Entries))
}

// SmokeNote says which artefacts were drawn from smoke runs, "" for none.
func (r *Report) SmokeNote() string {
	n := r.Counts()[paper.NotJudged]
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("Smoke run: %d artefacts come from studies made with --quick (one seed, shortened training); their numbers show that the pipeline works and are not judged against the paper's.", n)
}

// NotFound lists the ids of the artefacts none of whose studies was found.
func (r *Report) NotFound() []string {
	var ids []string
	for _, e := range r.Entries {
		if e.Verdict == paper.NotRun && !e.found {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// SmokeMark is " (smoke run)" for an entry drawn from a smoke run.
func (e Entry) SmokeMark() string {
	if e.Verdict == paper.NotJudged {
		return " (smoke run)"
	}
	return ""
}

// Markdown writes the report. figurePrefix is prepended to figure paths (the
// folder of the figures relative to where the Markdown file will be).
func (r *Report) Markdown(figurePrefix string) string {
	var b strings.Builder
	b.WriteString("# presyn: reproduction report\n\n")
	b.WriteString("Schug, Benzing & Steger, \"Presynaptic stochasticity improves energy efficiency and helps alleviate the stability-plasticity dilemma\", eLife 2021: every figure and table of the paper (docs/PAPER_RESULTS.md), with our numbers computed from the finished runs beside the paper's and a verdict computed from them when the report is made. A number matches when it lies within 3 combined standard errors of the paper's, or within 1.5 points where the paper gives an SE below 0.5 or none (a point is 0.01 for a fraction or a correlation); a claim matches when the check in its row holds.\n\n")
	fmt.Fprintf(&b, "Generated %s by presyn %s on %s.\n\n", r.Created.Format(time.RFC3339), r.Machine.Version, r.Machine.String())
	fmt.Fprintf(&b, "Verdicts: %s.\n\n", r.CountLine())
	if smoke := r.SmokeNote(); smoke != "" {
		fmt.Fprintf(&b, "**%s**\n\n", smoke)
	}
	if r.NotesSource != "" {
		fmt.Fprintf(&b, "The \"What was tried\" paragraphs come from %s, written by hand from measurements of the runs they name; they explain verdicts and never set them.\n\n", r.NotesSource)
	}
	rows := make([][]string, 0, len(r.Entries))
	for _, e := range r.Entries {
		rows = append(rows, []string{"[" + e.ID + "](#" + e.ID + ")", mdCell(e.Claim), mdCell(e.Ours), string(e.Verdict)})
	}
	b.WriteString(study.MarkdownTable([]string{"id", "paper", "ours", "verdict"}, rows))
	for _, e := range r.Entries {
		fmt.Fprintf(&b, "\n## %s%s\n\n%s.\n\n", e.ID, e.SmokeMark(), upperFirst(e.What))
		fmt.Fprintf(&b, "- Paper: %s\n- Ours: %s\n- Verdict: **%s**", e.Claim, orDash(e.Ours), e.Verdict)
		if e.Note != "" {
			fmt.Fprintf(&b, " (%s)", e.Note)
		}
		fmt.Fprintf(&b, "\n- Check: %s\n- Made by: `%s`", e.Rule, e.Command)
		if len(e.CSVs) > 0 {
			links := make([]string, len(e.CSVs))
			for i, f := range e.CSVs {
				links[i] = "[" + f + "](" + figurePrefix + f + ")"
			}
			fmt.Fprintf(&b, "; data: %s", strings.Join(links, ", "))
		}
		b.WriteString("\n")
		if e.Tried != "" {
			fmt.Fprintf(&b, "\n**What was tried** (%s):\n\n%s\n", r.NotesSource, e.Tried)
		}
		for _, f := range e.Figures {
			if strings.HasSuffix(f, ".png") {
				fmt.Fprintf(&b, "\n![%s](%s%s)\n", strings.TrimSuffix(f, ".png"), figurePrefix, f)
			}
		}
	}
	b.WriteString(r.valuesSection())
	b.WriteString("\n## Machine and experiments\n\n")
	fmt.Fprintf(&b, "Report made on %s; Go %s; BLAS %s; element-wise kernels %s.\n\n", r.Machine.String(), r.Machine.GoVersion, r.Machine.BLAS, r.Machine.Kernels)
	rows = rows[:0]
	var total, wall float64
	for _, x := range r.Experiments {
		total += x.Seconds
		wall += x.Wall
		dates := ""
		if !x.First.IsZero() {
			dates = x.First.Format("2006-01-02")
			if l := x.Last.Format("2006-01-02"); l != dates {
				dates += " to " + l
			}
		}
		command := "-"
		if x.Wall > 0 {
			command = formatSeconds(x.Wall)
		}
		rows = append(rows, []string{x.Study, fmt.Sprint(x.Runs), command, formatSeconds(x.Seconds), strings.Join(x.Backends, ", "), strings.Join(x.Versions, ", "), dates})
	}
	b.WriteString(study.MarkdownTable([]string{"experiment", "runs", "command wall time", "summed run wall time", "BLAS", "presyn versions", "runs started"}, rows))
	commands := "not recorded"
	if wall > 0 {
		commands = formatSeconds(wall)
	}
	fmt.Fprintf(&b, "\nSummed wall time of all runs: %s; of the study commands run one by one: %s (a study runs its runs in parallel, one per core, so its command takes less than its runs' sum; \"-\": not recorded).\n", formatSeconds(total), commands)
	if r.Invocations > 0 {
		fmt.Fprintf(&b, "\nThe whole paper (presyn paper, every study's runs on one queue): %s of wall time over %d invocations (a kill and a resume are two).\n", formatSeconds(r.PaperWall), r.Invocations)
	}
	if line := r.PredictionLine(); line != "" {
		fmt.Fprintf(&b, "\n%s\n", line)
	}
	return b.String()
}

// valuesSection lists every number of the paper an artefact is held to by the
// tolerance rule, with the row of docs/PAPER_RESULTS.md it comes from.
func (r *Report) valuesSection() string {
	var rows [][]string
	for _, e := range r.Entries {
		for _, v := range e.Values {
			rows = append(rows, []string{e.ID, v.String(), fmt.Sprint(v.Point), v.Source})
		}
	}
	if len(rows) == 0 {
		return ""
	}
	return "\n## The paper's numbers\n\nEvery number above that is held to the paper's by the tolerance rule; a point is what 1.5 points of tolerance are counted in.\n\n" +
		study.MarkdownTable([]string{"artefact", "paper", "point", "PAPER_RESULTS.md"}, rows)
}

func formatSeconds(s float64) string {
	switch {
	case s >= 3600:
		return fmt.Sprintf("%.1f h", s/3600)
	case s >= 60:
		return fmt.Sprintf("%.1f min", s/60)
	}
	return fmt.Sprintf("%.0f s", math.Round(s))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mdCell keeps text on one line inside a Markdown table cell (MarkdownTable
// escapes the bars).
func mdCell(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// Machine describes where the report was made.
type Machine struct {
	CPU       string
	Cores     int
	OS        string
	GoVersion string
	BLAS      string
	Kernels   string
	Version   string // presyn's
}

// String is the CPU, cores and OS.
func (m Machine) String() string {
	return fmt.Sprintf("%s, %d cores, %s", m.CPU, m.Cores, m.OS)
}

// ThisMachine describes the running machine; blas and kernels name the BLAS core
// and kernels in use, version presyn's.
func ThisMachine(blas, kernels, version string) Machine {
	return Machine{CPU: cpuModel(), Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, GoVersion: runtime.Version(), BLAS: blas, Kernels: kernels, Version: version}
}

// cpuModel reads the CPU's model name on Linux.
func cpuModel() string {
	raw, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// PredictionLine sets the plan presyn paper predicted before its first run
// beside the wall time it measured, "" without a plan.
func (r *Report) PredictionLine() string {
	p := r.Predicted
	if p == nil {
		return ""
	}
	line := fmt.Sprintf("Predicted before the first run (presyn paper's plan of %s, presyn %s): %d runs, %.2f core-hours, %s of wall time on %d workers",
		p.Created.Format("2006-01-02 15:04 MST"), p.Version, p.Runs, p.CoreHours, formatSeconds(p.WallHours*3600), p.Workers)
	if p.Finished > 0 {
		line += fmt.Sprintf(" (%d runs were already finished and are not in it)", p.Finished)
	}
	if r.PaperWall > 0 && p.WallHours > 0 {
		line += fmt.Sprintf("; measured %s, %.2f of the prediction", formatSeconds(r.PaperWall), r.PaperWall/(p.WallHours*3600))
	}
	return line + "."
}
