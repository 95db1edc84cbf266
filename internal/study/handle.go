package study

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Handle is a study with its row type erased, for commands: they execute and
// rebuild studies without naming their rows.
type Handle interface {
	Name() string
	// Plan lists the runs (for dry runs and messages).
	Plan() ([]Run, error)
	// Prepare checks the plan and the results folder dir and marks it (see
	// Prepare); Execute does it too.
	Prepare(dir string) error
	Execute(ctx context.Context, opts Options) (Outcome, error)
	// Rebuild collects the finished runs in dir and renders the study again.
	Rebuild(dir string) (Report, []Run, error)
	// Jobs prepares dir (as Prepare) and returns the runs of shard that are
	// not finished there, to run in a queue shared with other studies
	// (RunQueue).
	Jobs(dir string, shard Shard) ([]Job, error)
}

// Of returns s as a Handle.
func Of[R any](s Study[R]) Handle { return handle[R]{s} }

type handle[R any] struct{ s Study[R] }

// Unwrap returns the Study behind a Handle that Of made (nil for another
// Handle), for what other packages ask of a study beyond what a Handle says:
// package cost asks it what its runs compute.
func Unwrap(h Handle) any {
	if u, ok := h.(interface{ study() any }); ok {
		return u.study()
	}
	return nil
}

func (h handle[R]) study() any           { return h.s }
func (h handle[R]) Name() string         { return h.s.Name() }
func (h handle[R]) Plan() ([]Run, error) { return plan(h.s) }
func (h handle[R]) Prepare(dir string) error {
	_, err := Prepare(h.s, dir)
	return err
}
func (h handle[R]) Rebuild(dir string) (Report, []Run, error) { return Rebuild(h.s, dir) }
func (h handle[R]) Jobs(dir string, shard Shard) ([]Job, error) {
	return jobs(h.s, dir, shard)
}
func (h handle[R]) Execute(ctx context.Context, opts Options) (Outcome, error) {
	return Execute(ctx, h.s, opts)
}

// Registry rebuilds studies from the spec their folder's marker records: each
// entry decodes a spec into its study, whose results folder is dir.
type Registry map[string]func(dir string, spec json.RawMessage) (Handle, error)

// Open returns the study whose results are in dir, as its marker describes it.
func (reg Registry) Open(dir string) (Handle, error) {
	m, err := ReadMarker(dir)
	if err != nil {
		return nil, err
	}
	open, ok := reg[m.Experiment]
	if !ok {
		return nil, fmt.Errorf("%s holds results of %q, which this presyn cannot collect (it knows %s)", dir, m.Experiment, strings.Join(reg.names(), ", "))
	}
	if len(m.Spec) == 0 {
		return nil, fmt.Errorf("%s was made by a presyn that did not record the study's settings; run its command once more on that folder (finished runs are kept) to record them", dir)
	}
	h, err := open(dir, m.Spec)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", dir, MarkerFile, err)
	}
	return h, nil
}

func (reg Registry) names() []string {
	var names []string
	for n := range reg {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ReadSpec reads the spec of the study named name that dir's marker records,
// strictly (an unknown field is an error), for an experiment that collects its
// own study's folder.
func ReadSpec[S any](dir, name string) (S, error) {
	var s S
	m, err := ReadMarker(dir)
	if err != nil {
		return s, err
	}
	if m.Experiment != name {
		return s, fmt.Errorf("%s holds results of %q, not of %q", dir, m.Experiment, name)
	}
	if len(m.Spec) == 0 {
		return s, fmt.Errorf("%s was made by a presyn that did not record the study's settings; run its command once more on that folder (finished runs are kept) to record them", dir)
	}
	if s, err = DecodeSpec[S](m.Spec); err != nil {
		return s, fmt.Errorf("%s: %s: %w", dir, MarkerFile, err)
	}
	return s, nil
}

// DecodeSpec reads a recorded spec strictly: an unknown field is an error.
func DecodeSpec[S any](raw json.RawMessage) (S, error) {
	var s S
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&s)
	return s, err
}

// Load reads the study that dir's marker records and collects its finished runs
// (Collect): the study, the rows of its finished runs in plan order and the
// planned runs that have not finished.
func Load[S Study[R], R any](dir string) (S, []R, []Run, error) {
	var zero S
	s, err := ReadSpec[S](dir, zero.Name())
	if err != nil {
		return s, nil, nil, err
	}
	rows, missing, err := Collect[R](s, dir)
	return s, rows, missing, err
}
