package paper

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/presyn/presyn/internal/results"
)

// Artefact is one figure or table of the paper as presyn reproduces it.
type Artefact struct {
	ID      string // PAPER_RESULTS.md's id, e.g. "fig4c"; also the figure's file name
	What    string // what it shows
	Claim   string // the paper's value or claim, in words
	Command string // the presyn command that makes it
	Rule    string // what Check compares
	// Values are the paper's numbers Check holds ours to; none for a
	// qualitative claim.
	Values []Value
	// Sources are where, in a results folder, the figure and the numbers
	// behind it are; Check is given their folders in this order.
	Sources []Source
	// Check computes the finding from the finished runs in the sources'
	// folders (results/<Source.Dir>); a folder that holds no study is given
	// as "". It is called when at least one source holds a study.
	Check func(dirs []string) (Finding, error)
	// NotRunNote says what to do when no source holds a study; "" for "run
	// Command".
	NotRunNote string
}

// Source is a study folder an artefact draws on, with the figure drawn there
// (saved as .png, .svg and .pdf; "" for a table). The report finds it by its
// marker anywhere in the results folder: the folder whose experiment.json names
// Study (and, where Task is given, records that task in its spec); Dir is where
// the commands make it by default, preferred when two folders match.
type Source struct {
	Dir   string // the standard place, relative to the results folder: e.g. "lifelong/split-mnist"
	Study string // the experiment its marker names: e.g. "lifelong"; "" to take Dir as it is
	Task  string // the task its spec records, e.g. "split-mnist"; "" for a study without one
	// Figure is the figure's file name without extension, e.g. "fig4c".
	Figure string
	// Suffix tells the copies of a second source apart: figures/<id><suffix>.png.
	Suffix string
}

// Finding is a check's outcome.
type Finding struct {
	Ours    string // our numbers, in words
	Verdict Verdict
	Note    string // why it differs, what is missing, or a caveat
	// Files are the numbers behind the verdict (CSV, or a Markdown table), by
	// what follows the id in their file name: ".csv", "-perm-mnist.csv",
	// ".md". The report writes them beside the figures as <id><suffix>.
	Files map[string][]byte
}

// Verdict is the outcome of an artefact's check (see the package comment).
type Verdict string

// The verdicts.
const (
	Matched Verdict = "matches"
	Differs Verdict = "differs"
	NotRun  Verdict = "not run"
	NoClaim Verdict = "no claim"
	Error   Verdict = "error"
	// NotJudged is a smoke run's (--quick) finding: one seed and shortened
	// training say whether the pipeline works, not whether the paper
	// reproduces, so its numbers are shown and not held to the paper's.
	NotJudged Verdict = "not judged: smoke run"
)

// SmokeNote says why a smoke run's finding is not judged.
const SmokeNote = "smoke run (--quick): its numbers are shown, not judged against the paper's"

// AsSmoke returns f as a smoke run's finding: a verdict of Matched or Differs
// becomes NotJudged, with SmokeNote first among the notes; the numbers stay.
//
// With one seed a standard error is 0 by convention (stats.MeanSE), not a
// measured spread, and a t-test is undefined: Ours drops " ± 0.00" and says
// "no t-test: one seed" for a NaN one.
func (f Finding) AsSmoke() Finding {
	if f.Verdict == Matched || f.Verdict == Differs {
		f.Verdict = NotJudged
	}
	f.Ours = zeroSE.ReplaceAllString(f.Ours, "$2")
	f.Ours = nanTTest.ReplaceAllString(f.Ours, "no t-test: one seed")
	f.Note = JoinNotes(SmokeNote, f.Note)
	return f
}

var (
	zeroSE   = regexp.MustCompile(` ± 0(\.0+)?([^\d.]|$)`)
	nanTTest = regexp.MustCompile(`t = NaN, p = NaN`)
)

// Judge returns Matched when ok, else Differs.
func Judge(ok bool) Verdict {
	if ok {
		return Matched
	}
	return Differs
}

// ErrNotRun marks what a check lacks to be judged: some of what it compares has
// no finished run. Checks wrap it (NotRunError); any other error of a check is a
// damaged file.
var ErrNotRun = errors.New("not run")

// NotRunError returns an error wrapping ErrNotRun that says what is missing.
func NotRunError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotRun, fmt.Sprintf(format, args...))
}

// MissingNote says how many planned runs a finding was computed without; "" for
// none.
func MissingNote(missing int) string {
	switch missing {
	case 0:
		return ""
	case 1:
		return "1 planned run not finished"
	}
	return fmt.Sprintf("%d planned runs not finished", missing)
}

// JoinNotes joins the non-empty notes with "; ".
func JoinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// Table is rows as a finding's one table, written beside the figure as
// <id>.csv (Finding.Files).
func Table[R any](rows []R) map[string][]byte {
	return map[string][]byte{".csv": results.EncodeRows(rows)}
}
