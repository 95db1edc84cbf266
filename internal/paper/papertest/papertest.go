package papertest

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/paper"
)

// Coverage records, by artefact id, the verdicts that the cases of the
// artefact give or must give. The zero value is ready to use; a Coverage is
// not safe for concurrent use.
type Coverage struct {
	seen map[string]map[paper.Verdict]bool
}

// Add records that a case of artefact id gives (or must give) verdict v. A v
// of "" records only that a case names id: a case whose outcome is none of the
// verdicts, such as an error that is not a damaged file.
func (c *Coverage) Add(id string, v paper.Verdict) {
	if c.seen == nil {
		c.seen = map[string]map[paper.Verdict]bool{}
	}
	if c.seen[id] == nil {
		c.seen[id] = map[paper.Verdict]bool{}
	}
	if v != "" {
		c.seen[id][v] = true
	}
}

// Require fails t for every id given to Add that names no artefact of arts,
// and for every artefact of arts without a case of each verdict of want (with
// no want: without a case). An artefact that a case shows without a claim
// (paper.NoClaim) can neither match nor differ: it is held to NoClaim in place
// of Matched and Differs.
func (c *Coverage) Require(t testing.TB, arts []paper.Artefact, want ...paper.Verdict) {
	t.Helper()
	known := map[string]bool{}
	for _, a := range arts {
		known[a.ID] = true
		seen, ok := c.seen[a.ID]
		if !ok {
			t.Errorf("%s has no case", a.ID)
			continue
		}
		var lacks []paper.Verdict
		for _, v := range want {
			if seen[paper.NoClaim] && (v == paper.Matched || v == paper.Differs) {
				v = paper.NoClaim
			}
			if !seen[v] && !slices.Contains(lacks, v) {
				lacks = append(lacks, v)
			}
		}
		for _, v := range lacks {
			t.Errorf("%s has no case whose outcome is %q", a.ID, v)
		}
	}
	var unknown []string
	for id := range c.seen {
		if !known[id] {
			unknown = append(unknown, id)
		}
	}
	slices.Sort(unknown)
	for _, id := range unknown {
		t.Errorf("a case names %s: no such artefact", id)
	}
}

// Find returns the artefact of arts whose ID is id; without one it stops t.
func Find(t testing.TB, arts []paper.Artefact, id string) paper.Artefact {
	t.Helper()
	for _, a := range arts {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no artefact %s", id)
	return paper.Artefact{}
}

// WantError runs a's check on dirs and fails t unless the check fails with an
// error that does not wrap paper.ErrNotRun and says every one of says: as a
// rule the damaged file's path and what in it is damaged. It returns the
// check's error.
func WantError(t testing.TB, a paper.Artefact, dirs []string, says ...string) error {
	t.Helper()
	f, err := a.Check(dirs)
	switch {
	case err == nil:
		t.Errorf("%s gives %q (%s; %s), want an error saying %q", a.ID, f.Verdict, f.Ours, f.Note, says)
	case errors.Is(err, paper.ErrNotRun):
		t.Errorf("%s: %v is not run, want an error saying %q", a.ID, err, says)
	default:
		saysAll(t, a, err, says)
	}
	return err
}

// WantNotRun runs a's check on dirs and fails t unless the check fails with an
// error wrapping paper.ErrNotRun that says every one of says, such as the
// folder or file it lacks. It returns the check's error.
func WantNotRun(t testing.TB, a paper.Artefact, dirs []string, says ...string) error {
	t.Helper()
	f, err := a.Check(dirs)
	if !errors.Is(err, paper.ErrNotRun) {
		t.Errorf("%s gives %+v, %v; want an error wrapping %v", a.ID, f, err, paper.ErrNotRun)
		return err
	}
	saysAll(t, a, err, says)
	return err
}

// saysAll fails t for every string of says that err does not contain.
func saysAll(t testing.TB, a paper.Artefact, err error, says []string) {
	t.Helper()
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: %q does not say %q", a.ID, err, s)
		}
	}
}

// WantUnchanged checks every artefact of arts on dirs, calls edit, and checks
// them again: it fails t for a check that fails and for a finding that edit
// changed. It is how a test shows that the checks read the runs, not the tables
// Render writes from them (edit rewrites those). It returns the findings, by
// artefact id.
func WantUnchanged(t testing.TB, arts []paper.Artefact, dirs []string, edit func()) map[string]paper.Finding {
	t.Helper()
	before := map[string]paper.Finding{}
	for _, a := range arts {
		f, err := a.Check(dirs)
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		before[a.ID] = f
	}
	edit()
	for _, a := range arts {
		after, err := a.Check(dirs)
		if err != nil {
			t.Fatalf("%s after the edit: %v", a.ID, err)
		}
		if !reflect.DeepEqual(after, before[a.ID]) {
			t.Errorf("%s: the edit changed the finding from %+v to %+v", a.ID, before[a.ID], after)
		}
	}
	return before
}
