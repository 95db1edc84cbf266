package experiment

import (
	"bytes"
	"encoding/json"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/experiment/ablation"
	"github.com/presyn/presyn/internal/experiment/energy"
	"github.com/presyn/presyn/internal/experiment/importance"
	"github.com/presyn/presyn/internal/experiment/lifelong"
	"github.com/presyn/presyn/internal/experiment/perceptron"
	"github.com/presyn/presyn/internal/experiment/sweep"
	"github.com/presyn/presyn/internal/study"
)

// Studies returns the registry that rebuilds every study of this package from the
// spec its results folder records (for presyn collect); loader gives their data
// sets should they train.
func Studies(loader data.Loader) study.Registry {
	return study.Registry{
		energy.Study{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[energy.Study](raw)
			s.Data = loader
			return study.Of(s), err
		},
		energy.FixedP{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[energy.FixedP](raw)
			s.Data = loader
			return study.Of(s), err
		},
		perceptron.Study{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[perceptron.Study](raw)
			return study.Of(s), err
		},
		lifelong.Study{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[lifelong.Study](raw)
			s.Data = loader
			return study.Of(s), err
		},
		ablation.Study{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[ablation.Study](raw)
			s.Data = loader
			return study.Of(s), err
		},
		sweep.Tune{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[sweep.Tune](raw)
			s.Data = loader
			return study.Of(s), err
		},
		sweep.Study{}.Name(): func(_ string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[sweep.Study](raw)
			s.Data = loader
			return study.Of(s), err
		},
		importance.Study{}.Name(): func(dir string, raw json.RawMessage) (study.Handle, error) {
			s, err := decodeSpec[importance.Study](raw)
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
