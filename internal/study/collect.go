package study

import (
	"fmt"
	"path/filepath"

	"github.com/presyn/presyn/internal/results"
)

// Collect reads every finished run of s in the results folder dir, in plan
// order, and lists the planned runs that have not finished. A finished run that
// cannot be read is an error naming it.
func Collect[R any](s Study[R], dir string) ([]R, []Run, error) {
	runs, err := plan(s)
	if err != nil {
		return nil, nil, err
	}
	return collect(s, dir, runs)
}

func collect[R any](s Study[R], dir string, runs []Run) ([]R, []Run, error) {
	dirs := runDirs(dir)
	var rows []R
	var missing []Run
	for _, r := range runs {
		if !dirs.Done(r.ID) {
			missing = append(missing, r)
			continue
		}
		row, err := s.Collect(r, dirs.Final(r.ID))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: run %s: %w", s.Name(), r.ID, err)
		}
		rows = append(rows, row)
	}
	return rows, missing, nil
}

// Rebuild collects s from dir and renders it again, writing report.md; it
// returns the report and the runs still missing. It is presyn collect.
func Rebuild[R any](s Study[R], dir string) (Report, []Run, error) {
	runs, err := plan(s)
	if err != nil {
		return Report{}, nil, err
	}
	if err := checkFinished(s.Name(), dir, runs); err != nil {
		return Report{}, nil, err
	}
	return render(s, dir, runs)
}

func render[R any](s Study[R], dir string, runs []Run) (Report, []Run, error) {
	rows, missing, err := collect(s, dir, runs)
	if err != nil {
		return Report{}, nil, err
	}
	if len(rows) == 0 {
		return Report{}, missing, fmt.Errorf("%s: no finished runs in %s", s.Name(), dir)
	}
	rep, err := s.Render(dir, rows, missing)
	if err != nil {
		return Report{}, missing, err
	}
	if len(missing) > 0 {
		rep.Markdown += missingNote(missing)
	}
	rep.Markdown += computeNote(runDirs(dir), runs)
	path := filepath.Join(dir, ReportFile)
	if err := results.WriteFileAtomic(path, []byte(rep.Markdown)); err != nil {
		return Report{}, missing, err
	}
	rep.Files = append(rep.Files, path)
	return rep, missing, nil
}

// computeNote says what the finished runs cost: their summed wall time (each
// run has one core), read from their manifests, so a search's or a benchmark's
// core-hours come from the folder rather than from a log.
func computeNote(dirs results.RunDirs, runs []Run) string {
	var seconds float64
	var timed, untimed int
	for _, r := range runs {
		if !dirs.Done(r.ID) {
			continue
		}
		sec := RunSeconds(dirs.Final(r.ID))
		if sec == 0 {
			untimed++ // made before runs recorded their time
			continue
		}
		seconds += sec
		timed++
	}
	if timed == 0 {
		return ""
	}
	s := fmt.Sprintf("\nCompute: %d finished runs took %.2f core-hours (their summed wall time, one core each)", timed, seconds/3600)
	if untimed > 0 {
		s += fmt.Sprintf("; %d more recorded no time", untimed)
	}
	return s + ".\n"
}

// missingNote is the report's list of unfinished runs.
func missingNote(missing []Run) string {
	s := fmt.Sprintf("\n%d planned runs have not finished, and the tables leave them out:", len(missing))
	for i, r := range missing {
		if i == 20 {
			s += fmt.Sprintf(" and %d more", len(missing)-i)
			break
		}
		s += " " + r.ID
	}
	return s + ".\n"
}
