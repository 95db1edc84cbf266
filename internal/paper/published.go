package paper

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/presyn/presyn/internal/stats"
)

// publishedCSV is what the authors' published code gives (published/README.md
// names its sources): a run per row.
//
//go:embed published/published-code-mean-accuracy.csv
var publishedCSV []byte

// Published is what the authors' published code gives for a cell of a
// lifelong table: the mean accuracy of its runs in percent, with the
// standard error over them (0 for one run) and where the runs come from.
type Published struct {
	Value          // in percent; Source names the code and its commit
	N       int    // runs
	Seeds   string // their seeds, as "2019,2020,2021"
	Setting string // how they were run
}

// PublishedCode returns the published code's value for method on a lifelong
// benchmark (split-mnist, perm-mnist, ...), if it was run.
func PublishedCode(benchmark, method string) (Published, bool) {
	all, err := publishedRuns()
	if err != nil {
		panic(err) // the embedded file is the project's: a broken one is a bug
	}
	p, ok := all[benchmark+"/"+method]
	return p, ok
}

var publishedRuns = sync.OnceValues(func() (map[string]Published, error) {
	records, err := csv.NewReader(bytes.NewReader(publishedCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("paper: the embedded published-code runs: %w", err)
	}
	if len(records) == 0 || strings.Join(records[0], ",") != "benchmark,method,seed,mean_acc,source,setting" {
		return nil, fmt.Errorf("paper: the embedded published-code runs have the header %v", records[:min(len(records), 1)])
	}
	accs := map[string][]float64{}
	out := map[string]Published{}
	var order []string
	for _, row := range records[1:] {
		acc, err := strconv.ParseFloat(row[3], 64)
		if err != nil {
			return nil, fmt.Errorf("paper: the embedded published-code runs: mean_acc %q: %w", row[3], err)
		}
		key := row[0] + "/" + row[1]
		p, seen := out[key]
		if !seen {
			order = append(order, key)
			p.Source, p.Setting = row[4], row[5]
		} else {
			p.Seeds += ","
		}
		p.Seeds += row[2]
		p.N++
		out[key] = p
		accs[key] = append(accs[key], 100*acc)
	}
	for _, key := range order {
		p := out[key]
		e := stats.EstimateOf(accs[key])
		se := e.SE
		if p.N < 2 {
			se = 0
		}
		p.Value = Value{Mean: e.Mean, SE: se, Point: 1, Digits: 2, Source: p.Source}
		out[key] = p
	}
	return out, nil
})

// MatchesPublishedOnly is a lifelong cell's verdict when it misses the
// paper's number but meets its authors' published code's, by the same rule
// (Matches): the paper's number is not reached by its authors' code either.
const MatchesPublishedOnly Verdict = "matches the published code only"

// JudgeCell judges a lifelong table's cell: Matched when it matches the
// paper's value, else MatchesPublishedOnly when it matches the published
// code's (where there is one), else Differs.
func JudgeCell(ours stats.Estimate, paper Value, published *Published) Verdict {
	switch {
	case Matches(ours, paper):
		return Matched
	case published != nil && Matches(ours, published.Value):
		return MatchesPublishedOnly
	}
	return Differs
}
