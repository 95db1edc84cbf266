package study

import (
	"encoding/json"
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
