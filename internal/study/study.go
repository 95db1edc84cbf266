package study

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/presyn/presyn/internal/rngs"
)

// Run is one planned run of a study.
type Run struct {
	ID     string // the run's folder name: stable, readable, unique in the study
	Seed   uint64
	Config any // the resolved config, recorded in the run's config.json and checked on resume
	// Point is the study's own description of the run (a model and an L2
	// strength, say), handed back to its Collect.
	Point any
}

// Study is one experiment. R is the row Collect reads back from a finished run.
type Study[R any] interface {
	// Name marks the results folder as this study's, e.g. "energy".
	Name() string
	// Spec is the study's resolved parameters, recorded in the folder's marker so
	// that presyn collect can rebuild the study (see Registry).
	Spec() any
	// Plan lists the runs.
	Plan() ([]Run, error)
	// Execute performs run r, writing its files into dir (which exists and holds
	// r's manifest); it returns a one-line summary for the progress line.
	Execute(ctx context.Context, r Run, dir string) (string, error)
	// Collect reads finished run r back from its folder dir.
	Collect(r Run, dir string) (R, error)
	// Render writes the study's tables and figures into dir from the rows of the
	// finished runs (in plan order) and returns its report; missing lists the
	// planned runs that have not finished.
	Render(dir string, rows []R, missing []Run) (Report, error)
}

// Report is what Render produced: a Markdown section (starting with its "##"
// heading) and the files written.
type Report struct {
	Markdown string
	Files    []string
}

// Shard selects a fixed part of a plan: run IDs are hashed (FNV-1a, then mixed by
// SplitMix64 so that every bit of the ID reaches the low bits) into N shards, and
// shard K (from 1) takes those that hash to K-1. The zero Shard is the whole plan.
type Shard struct{ K, N int }

// ParseShard reads "K/N" with 1 <= K <= N.
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	ki, errK := strconv.Atoi(k)
	ni, errN := strconv.Atoi(n)
	if !ok || errK != nil || errN != nil || ni < 1 || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("shard %q is not K/N with 1 <= K <= N (such as 1/4)", s)
	}
	return Shard{K: ki, N: ni}, nil
}

// Whole reports whether s is the whole plan.
func (s Shard) Whole() bool { return s.N <= 1 }

// Has reports whether run id belongs to the shard.
func (s Shard) Has(id string) bool {
	if s.Whole() {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	return rngs.SplitMix64(h.Sum64())%uint64(s.N) == uint64(s.K-1)
}

func (s Shard) String() string {
	if s.Whole() {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// ErrNotReady is returned (wrapped) by a Study's Execute for a run that depends on
// something not there yet, such as a network another shard is still training: the
// run is given up without counting as failed, and listed in Outcome.Waiting.
var ErrNotReady = errors.New("not ready")

// Unique returns an error naming the first value of xs given twice, as "seed 3
// given twice"; what names the values.
func Unique[T comparable](what string, xs []T) error {
	seen := make(map[T]bool, len(xs))
	for _, x := range xs {
		if seen[x] {
			return fmt.Errorf("%s %v given twice", what, x)
		}
		seen[x] = true
	}
	return nil
}
