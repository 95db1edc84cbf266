package report

import (
	"fmt"
	"os"
	"slices"
	"strings"
)

// Notes are what was tried for artefacts whose verdict is not "matches", by
// artefact id, as a Markdown file of the report's authors gives them: a
// section "## <id>" per artefact, its text (Markdown) going into that
// artefact's section of the report. Text before the first section (the file's
// own title, say for which run it was written) is not copied. The verdicts
// stay computed from the runs: notes explain them, they never set them.
type Notes struct {
	Source string            // the file they were read from
	ByID   map[string]string // the text of each artefact's section, trimmed
}

// ReadNotes reads a notes file; ids are the artefacts' ids, and a section for
// any other id is an error naming it (a typo would silently drop a note).
func ReadNotes(path string, ids []string) (Notes, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Notes{}, fmt.Errorf("report: --notes: %w", err)
	}
	n := Notes{Source: path, ByID: map[string]string{}}
	id, lines := "", []string(nil)
	flush := func() error {
		if id == "" {
			return nil
		}
		if !slices.Contains(ids, id) {
			return fmt.Errorf("report: --notes %s: section %q is no artefact of the paper (%s)", path, id, strings.Join(ids, ", "))
		}
		if _, dup := n.ByID[id]; dup {
			return fmt.Errorf("report: --notes %s: two sections for %s", path, id)
		}
		n.ByID[id] = strings.TrimSpace(strings.Join(lines, "\n"))
		return nil
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "## "); ok {
			if err := flush(); err != nil {
				return Notes{}, err
			}
			fields := strings.Fields(rest)
			if len(fields) == 0 {
				return Notes{}, fmt.Errorf("report: --notes %s: a section without an artefact id", path)
			}
			id, lines = fields[0], nil
			continue
		}
		lines = append(lines, line)
	}
	if err := flush(); err != nil {
		return Notes{}, err
	}
	return n, nil
}

// AddNotes puts each note into its artefact's entry.
func (r *Report) AddNotes(n Notes) {
	r.NotesSource = n.Source
	for i := range r.Entries {
		r.Entries[i].Tried = n.ByID[r.Entries[i].ID]
	}
}
