package paper

import (
	"errors"
	"fmt"
	"strings"
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

// Source is a study folder an artefact draws on, relative to the results
// folder, with the figure drawn there (saved as .png, .svg and .pdf; "" for a
// table).
type Source struct {
	Dir    string // e.g. "lifelong/split-mnist"
	Figure string // e.g. "fig4c"
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
