package experiment

import (
	"bytes"
	"encoding/json"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/study"
)

// Studies returns the registry that rebuilds every study of this package from the
// spec its results folder records (for presyn collect); loader gives their data
// sets should they train.
func Studies(loader data.Loader) study.Registry {
	return study.Registry{
		Energy{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[Energy](raw)
			s.Data = loader
			return study.Of(s), err
		},
		FixedP{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[FixedP](raw)
			s.Data = loader
			return study.Of(s), err
		},
		PerceptronConfig{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[PerceptronConfig](raw)
			return study.Of(s), err
		},
		Lifelong{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[Lifelong](raw)
			s.Data = loader
			return study.Of(s), err
		},
		Ablation{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[Ablation](raw)
			s.Data = loader
			return study.Of(s), err
		},
		Tune{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[Tune](raw)
			s.Data = loader
			return study.Of(s), err
		},
		Sweep{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[Sweep](raw)
			s.Data = loader
			return study.Of(s), err
		},
		Importance{}.Name(): func(dir string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[Importance](raw)
			s.Data, s.Dir = loader, dir
			return study.Of(s), err
		},
	}
}

// decodeSpec reads a recorded spec strictly.
func decodeSpec[S any](raw json.RawMessage) (S, error) {
	var s S
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&s)
	return s, err
}
