package experiment

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every row of docs/PAPER_RESULTS.md has exactly one artefact, in the
// document's order, and every paper value an artefact is judged by cites a row
// (or a cell of Appendix 1 table 1) of it.
func TestArtefactsArePaperResults(t *testing.T) {
	raw, err := os.ReadFile("../../docs/PAPER_RESULTS.md")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range regexp.MustCompile(`(?m)^\| ([a-z]+[0-9]*[a-z]?) \|`).FindAllStringSubmatch(string(raw), -1) {
		if m[1] != "id" && m[1] != "method" {
			ids = append(ids, m[1])
		}
	}
	arts := Artefacts()
	var got []string
	for _, a := range arts {
		got = append(got, a.ID)
		if a.Check == nil || len(a.Sources) == 0 || a.Command == "" || a.Rule == "" || a.What == "" || a.Claim == "" {
			t.Errorf("%s is not complete: %+v", a.ID, a)
		}
		for _, v := range a.Values {
			id, _, _ := strings.Cut(v.Source, ":")
			if !strings.Contains(string(raw), "| "+id+" |") || v.Point <= 0 {
				t.Errorf("%s: value %v cites %q, not a row of PAPER_RESULTS.md", a.ID, v, v.Source)
			}
		}
	}
	if strings.Join(got, " ") != strings.Join(ids, " ") {
		t.Errorf("artefacts\n%v\nPAPER_RESULTS.md\n%v", got, ids)
	}
}

// Every study a results folder can hold is in the registry.
func TestStudiesRegistry(t *testing.T) {
	reg := Studies(nil)
	for _, name := range []string{"energy", "energy-fixed-p", "importance", "lifelong", "ablation", "perceptron", "sweep", "tune"} {
		if reg[name] == nil {
			t.Errorf("no study %q in the registry", name)
		}
	}
}
