package papertest_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/paper/papertest"
)

// recorder is a testing.TB that keeps what Errorf reports instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// checking is an artefact whose check gives f and err.
func checking(id string, f paper.Finding, err error) paper.Artefact {
	return paper.Artefact{ID: id, Check: func([]string) (paper.Finding, error) { return f, err }}
}

func TestCoverageRequire(t *testing.T) {
	arts := []paper.Artefact{{ID: "fig1"}, {ID: "fig2"}, {ID: "fig3"}, {ID: "tab1"}}
	var c papertest.Coverage
	c.Add("fig1", paper.Matched)
	c.Add("fig1", paper.Differs)
	c.Add("fig2", paper.Matched)
	c.Add("fig3", paper.NoClaim) // stands for matching and differing
	c.Add("fig3", "")            // names fig3, no verdict
	c.Add("fig9", paper.Matched)
	r := &recorder{TB: t}
	c.Require(r, arts, paper.Matched, paper.Differs)
	want := []string{
		`fig2 has no case whose outcome is "differs"`,
		"tab1 has no case",
		"a case names fig9: no such artefact",
	}
	if !reflect.DeepEqual(r.errs, want) {
		t.Errorf("Require reports %q, want %q", r.errs, want)
	}
	r = &recorder{TB: t}
	c.Require(r, arts[:3])
	if want := []string{"a case names fig9: no such artefact"}; !reflect.DeepEqual(r.errs, want) {
		t.Errorf("Require without verdicts reports %q, want %q", r.errs, want)
	}
}

func TestWantErrorAndNotRun(t *testing.T) {
	damaged := errors.New("runs/a/metrics.csv: test_acc is NaN")
	notRun := paper.NotRunError("lifelong/split-mnist has no finished runs")
	for _, c := range []struct {
		name            string
		a               paper.Artefact
		errors, notRuns int // the failures WantError and WantNotRun report
	}{
		{"a finding", checking("fig1", paper.Finding{Verdict: paper.Matched}, nil), 1, 1},
		{"damaged", checking("fig1", paper.Finding{}, damaged), 0, 1},
		{"another error", checking("fig1", paper.Finding{}, errors.New("out of memory")), 2, 1},
		{"not run", checking("fig1", paper.Finding{}, notRun), 1, 0},
	} {
		r := &recorder{TB: t}
		papertest.WantError(r, c.a, nil, "metrics.csv", "is NaN")
		if len(r.errs) != c.errors {
			t.Errorf("%s: WantError reports %q", c.name, r.errs)
		}
		r = &recorder{TB: t}
		papertest.WantNotRun(r, c.a, nil, "split-mnist")
		if len(r.errs) != c.notRuns {
			t.Errorf("%s: WantNotRun reports %q", c.name, r.errs)
		}
	}
}

func TestFind(t *testing.T) {
	arts := []paper.Artefact{{ID: "fig1"}, {ID: "fig2", What: "second"}}
	if a := papertest.Find(t, arts, "fig2"); a.What != "second" {
		t.Errorf("Find gives %+v", a)
	}
}

func TestWantUnchanged(t *testing.T) {
	table := "matches" // what a check that reads the tables would see
	reads := paper.Artefact{ID: "fig1", Check: func([]string) (paper.Finding, error) {
		return paper.Finding{Verdict: paper.Verdict(table)}, nil
	}}
	runs := checking("fig2", paper.Finding{Verdict: paper.Matched}, nil)
	r := &recorder{TB: t}
	before := papertest.WantUnchanged(r, []paper.Artefact{reads, runs}, nil, func() { table = "differs" })
	if len(r.errs) != 1 || before["fig1"].Verdict != paper.Matched || before["fig2"].Verdict != paper.Matched {
		t.Errorf("WantUnchanged reports %q and gives %+v; want fig1 changed", r.errs, before)
	}
}
