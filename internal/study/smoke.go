package study

import (
	"encoding/json"

	"github.com/presyn/presyn/internal/paper"
)

// Smoke reports whether any of the study folders dirs ("" for none) holds a
// smoke run: a study made with its command's --quick, whose spec records
// "quick": true in the folder's marker.
//
// The flag, not the number of seeds, decides: a smoke profile shortens training
// as well as the seeds (presyn perceptron --quick keeps three seeds yet is no
// reproduction), while a study a user runs with one seed on purpose is still
// held to the paper, its missing standard error then counted as zero by the
// tolerance rule. A folder without a readable marker is not a smoke run.
func Smoke(dirs ...string) bool {
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		m, err := ReadMarker(dir)
		if err != nil {
			continue
		}
		var spec struct {
			Quick bool `json:"quick"`
		}
		if json.Unmarshal(m.Spec, &spec) == nil && spec.Quick {
			return true
		}
	}
	return false
}

// SmokeAware wraps the checks of artefacts so that a finding drawn from a
// smoke run (Smoke of the check's folders) is shown but not judged
// (paper.Finding.AsSmoke); it returns artefacts.
func SmokeAware(artefacts []paper.Artefact) []paper.Artefact {
	for i := range artefacts {
		check := artefacts[i].Check
		artefacts[i].Check = func(dirs []string) (paper.Finding, error) {
			f, err := check(dirs)
			if err == nil && Smoke(dirs...) {
				f = f.AsSmoke()
			}
			return f, err
		}
	}
	return artefacts
}
