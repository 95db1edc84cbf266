package lifelong

import (
	"fmt"
	"strings"

	"github.com/presyn/presyn/internal/experiment/runkit"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/stats"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/train"
)

// The artefacts of the lifelong benchmarks (each figure saved as <id>.png, .svg
// and .pdf) and the tables a benchmark's study writes.
const (
	Fig4b = "fig4b" // Split MNIST: the first task while later ones are learnt
	Fig4c = "fig4c" // Split MNIST: mean accuracy per method
	App3a = "app3a" // Split MNIST: every task after the last, per method
	App3b = "app3b" // Permuted MNIST: presyn's mean p and frozen fraction
	Tab1  = "tab1"  // Appendix 1 table 1
	Cont  = "cont"  // continuous Permuted MNIST

	SummaryFile    = runkit.SummaryFile   // SummaryRow: every run
	AggregateFile  = runkit.AggregateFile // Aggregate: per method, with the paper's value
	TTestsFile     = "ttests.csv"         // TTestRow
	FinalTasksFile = "final_tasks.csv"    // FinalTaskRow
	TestModesFile  = train.TestModesFile  // TestModeAggregate: the runs' test modes over seeds
	// Tab1File and Tab1MarkdownFile are Appendix 1 table 1 in TableFolder.
	Tab1File         = "tab1.csv"
	Tab1MarkdownFile = "tab1.md"
)

// Artefacts are the paper's artefacts this package reproduces, in
// PAPER_RESULTS.md's order.
func Artefacts() []paper.Artefact {
	split, _ := LookupBenchmark(SplitMNIST)
	perm, _ := LookupBenchmark(PermMNIST)
	cont, _ := LookupBenchmark(PermMNISTCont)
	command := func(task string) string { return "presyn lifelong --task " + task }
	var tab1 []paper.Source
	var tab1Values []paper.Value
	for _, b := range Benchmarks { // continuous Permuted MNIST too, as presyn lifelong table shows it
		tab1 = append(tab1, paper.Source{Dir: Folder(b.Name), Study: Study{}.Name(), Task: b.Name})
		if b.InTable {
			tab1Values = append(tab1Values, values(b)...)
		}
	}
	return []paper.Artefact{
		{ID: Fig4b, What: "Split MNIST: the first task's accuracy while later tasks are learnt", Claim: "consolidation forgets more slowly",
			Command: command(SplitMNIST), Sources: []paper.Source{{Dir: Folder(SplitMNIST), Study: Study{}.Name(), Task: SplitMNIST, Figure: split.Figures.First}},
			Rule: "task 1's accuracy after the last task: presyn above no consolidation", Check: checkFirstTask},
		{ID: Fig4c, What: "Split MNIST mean accuracy over 5 tasks per method, with t-tests",
			Claim:   fmt.Sprintf("%s (%s)", paperMeans(split), strings.Join(labels(split.Methods()), ", ")),
			Command: command(SplitMNIST), Sources: []paper.Source{{Dir: Folder(SplitMNIST), Study: Study{}.Name(), Task: SplitMNIST, Figure: split.Figures.Mean}},
			Values: values(split), Rule: "every method's mean within tolerance of the paper's", Check: checkBenchmark(split)},
		{ID: App3a, What: "Split MNIST per-task accuracy after all tasks, all methods", Claim: "(shown without a claim)",
			Command: command(SplitMNIST), Sources: []paper.Source{{Dir: Folder(SplitMNIST), Study: Study{}.Name(), Task: SplitMNIST, Figure: split.Figures.Final}},
			Rule: "none", Check: checkShown},
		{ID: App3b, What: "mean release probability and percentage of frozen weights while learning 10 Permuted MNIST tasks", Claim: "both rise task by task",
			Command: command(PermMNIST), Sources: []paper.Source{{Dir: Folder(PermMNIST), Study: Study{}.Name(), Task: PermMNIST, Figure: perm.Figures.Release}},
			Rule:  "presyn runs: mean p and frozen fraction after each task, mean over seeds, never falling from one task to the next",
			Check: checkRelease},
		{ID: Tab1, What: "mean accuracy over all tasks, 4 benchmarks x 5 methods (Appendix 1 table 1)", Claim: "the table of PAPER_RESULTS.md",
			Command: "presyn lifelong --task T, for each benchmark of the table", Sources: tab1, Values: tab1Values,
			Rule: fmt.Sprintf("every one of the %d cells within tolerance", len(tab1Values)), Check: checkTab1},
		{ID: Cont, What: "continuous Permuted MNIST, presynaptic consolidation", Claim: cont.Paper[MethodPresyn].String(),
			Command: command(PermMNISTCont), Sources: []paper.Source{{Dir: Folder(PermMNISTCont), Study: Study{}.Name(), Task: PermMNISTCont, Figure: cont.Figures.Mean}},
			Values: values(cont), Rule: "presyn's mean within tolerance", Check: checkBenchmark(cont)},
	}
}

func values(b Benchmark) []paper.Value {
	var out []paper.Value
	for _, m := range b.Methods() {
		if v, ok := b.Paper[m]; ok {
			out = append(out, v)
		}
	}
	return out
}

func paperMeans(b Benchmark) string {
	var out []string
	for _, v := range values(b) {
		out = append(out, fmt.Sprintf("%.2f", v.Mean))
	}
	return strings.Join(out, ", ")
}

func labels(methods []string) []string {
	var out []string
	for _, m := range methods {
		out = append(out, methodLabel(m))
	}
	return out
}

// collected is a benchmark's study as its finished runs give it.
type collected struct {
	study   Study
	runs    []Run
	summary Summary
	missing int // planned runs not finished
}

// load collects the benchmark study in dir. A damaged file of a finished run
// (cut short, a row repeated, an accuracy or release probability out of [0, 1])
// is an error naming the run and its file: Study.Collect checks them.
func load(dir string) (collected, error) {
	s, runs, missing, err := study.Load[Study, Run](dir)
	if err != nil {
		return collected{}, err
	}
	b, err := LookupBenchmark(s.Task)
	if err != nil {
		return collected{}, err
	}
	sum := Summarise(b, runs)
	if s.Quick {
		sum.notJudged()
	}
	return collected{study: s, runs: runs, summary: sum, missing: len(missing)}, nil
}

// loadFirst collects the study of an artefact's first source.
func loadFirst(dirs []string) (collected, error) {
	c, err := load(dirs[0])
	if err == nil && len(c.runs) == 0 {
		err = paper.NotRunError("%s has no finished runs", dirs[0])
	}
	return c, err
}

func checkFirstTask(dirs []string) (paper.Finding, error) {
	c, err := loadFirst(dirs)
	if err != nil {
		return paper.Finding{}, err
	}
	acc := map[string]stats.Estimate{}
	for _, r := range c.summary.Final {
		if r.Task == 1 {
			acc[r.Method] = r.Accuracy
		}
	}
	p, okP := acc[MethodPresyn]
	n, okN := acc[MethodNoCons]
	if !okP || !okN {
		return paper.Finding{}, paper.NotRunError("%s has no finished runs of %s or %s", dirs[0], MethodPresyn, MethodNoCons)
	}
	p, n = p.Scaled(100), n.Scaled(100)
	return paper.Finding{Ours: fmt.Sprintf("task 1 after the last task: presyn %s, no consolidation %s", study.PM(p.Mean, p.SE, 2), study.PM(n.Mean, n.SE, 2)),
		Verdict: paper.Judge(p.Mean > n.Mean), Note: paper.MissingNote(c.missing), Files: paper.Table(c.summary.Final)}, nil
}

// checkBenchmark holds every method's mean accuracy over tasks to the paper's.
func checkBenchmark(b Benchmark) func([]string) (paper.Finding, error) {
	return func(dirs []string) (paper.Finding, error) {
		c, err := loadFirst(dirs)
		if err != nil {
			return paper.Finding{}, err
		}
		var parts, differ, codeOnly, absent []string
		got := map[string]bool{}
		for _, a := range c.summary.Aggregate {
			got[a.Method] = true
			parts = append(parts, fmt.Sprintf("%s %s", a.Method, study.PM(a.MeanAcc.Mean, a.MeanAcc.SE, 2)))
			if pv, ok := b.Paper[a.Method]; ok && !paper.Matches(a.MeanAcc, pv) {
				differ = append(differ, a.Method)
				if a.Verdict == string(paper.MatchesPublishedOnly) {
					codeOnly = append(codeOnly, a.Method)
				}
			}
		}
		for _, m := range b.Methods() {
			if _, ok := b.Paper[m]; ok && !got[m] {
				absent = append(absent, m)
			}
		}
		f := paper.Finding{Ours: strings.Join(parts, ", "), Verdict: paper.Judge(len(differ) == 0), Files: paper.Table(c.summary.Aggregate)}
		if len(differ) > 0 {
			f.Note = "differs: " + strings.Join(differ, ", ")
		}
		if len(codeOnly) > 0 {
			f.Note = paper.JoinNotes(f.Note, string(paper.MatchesPublishedOnly)+": "+strings.Join(codeOnly, ", "))
		}
		f.Note = paper.JoinNotes(f.Note, paper.MissingNote(c.missing))
		if len(absent) > 0 {
			return f, paper.NotRunError("no finished runs of %s", strings.Join(absent, ", "))
		}
		return f, nil
	}
}

func checkShown(dirs []string) (paper.Finding, error) {
	c, err := loadFirst(dirs)
	if err != nil {
		return paper.Finding{}, err
	}
	return paper.Finding{Ours: "see the figure", Verdict: paper.NoClaim, Note: paper.MissingNote(c.missing), Files: paper.Table(c.summary.Final)}, nil
}

func checkRelease(dirs []string) (paper.Finding, error) {
	c, err := loadFirst(dirs)
	if err != nil {
		return paper.Finding{}, err
	}
	rows := releaseRows(c.runs)
	var ends []ReleaseRow // each task's last epoch
	for i, r := range rows {
		if i == len(rows)-1 || rows[i+1].Task != r.Task {
			ends = append(ends, r)
		}
	}
	if len(ends) < 2 {
		return paper.Finding{}, paper.NotRunError("%s has no finished presyn run of two tasks or more", dirs[0])
	}
	ok := true
	for i := 1; i < len(ends); i++ {
		ok = ok && ends[i].MeanP.Mean >= ends[i-1].MeanP.Mean && ends[i].FracFrozen.Mean >= ends[i-1].FracFrozen.Mean
	}
	first, last := ends[0], ends[len(ends)-1]
	return paper.Finding{Ours: fmt.Sprintf("after task 1: mean p %.3f, frozen %.1f%%; after task %d: %.3f, %.1f%%", first.MeanP.Mean, 100*first.FracFrozen.Mean, last.Task, last.MeanP.Mean, 100*last.FracFrozen.Mean),
		Verdict: paper.Judge(ok), Note: paper.MissingNote(c.missing), Files: paper.Table(rows)}, nil
}

// checkTab1 holds every cell of Appendix 1 table 1 to the paper's; the folders
// of Benchmarks are its sources, in their order.
func checkTab1(dirs []string) (paper.Finding, error) {
	found := map[string]string{}
	var tableBenchmarks []Benchmark
	for i, b := range Benchmarks {
		if dirs[i] != "" {
			found[b.Name] = dirs[i]
		}
		if b.InTable {
			tableBenchmarks = append(tableBenchmarks, b)
		}
	}
	rows, md, err := table(found)
	if err != nil {
		return paper.Finding{}, err
	}
	cells, match, unjudged := 0, 0, 0
	var differ, codeOnly []string
	measured := map[string]bool{}
	for _, r := range rows {
		measured[r.Task+"/"+r.Method] = true
		if _, ok := paperCell(r.Task, r.Method); !ok {
			continue
		}
		cells++
		switch r.Verdict {
		case string(paper.Matched):
			match++
		case string(paper.NotJudged):
			unjudged++
		case string(paper.MatchesPublishedOnly):
			codeOnly = append(codeOnly, r.Task+"/"+r.Method)
			differ = append(differ, r.Task+"/"+r.Method)
		default:
			differ = append(differ, r.Task+"/"+r.Method)
		}
	}
	want := 0
	var absent []string
	for _, b := range tableBenchmarks {
		for _, m := range b.Methods() {
			want++
			if !measured[b.Name+"/"+m] {
				absent = append(absent, b.Name+"/"+m)
			}
		}
	}
	f := paper.Finding{Ours: fmt.Sprintf("%d of %d cells with a paper value match", match, cells), Verdict: paper.Judge(match == cells),
		Files: map[string][]byte{".csv": results.EncodeRows(rows), ".md": []byte(md)}}
	if unjudged > 0 {
		f.Ours = fmt.Sprintf("%d of %d cells with a paper value from smoke runs, not judged", unjudged, cells)
	}
	if len(differ) > 0 {
		f.Note = "differs: " + strings.Join(differ, ", ")
	}
	if len(codeOnly) > 0 {
		f.Note = paper.JoinNotes(f.Note, fmt.Sprintf("%s: %s", paper.MatchesPublishedOnly, strings.Join(codeOnly, ", ")))
		f.Ours += fmt.Sprintf("; %d more match the published code only", len(codeOnly))
	}
	if len(absent) > 0 {
		f.Note = paper.JoinNotes(f.Note, fmt.Sprintf("%d of the table's %d cells not run", len(absent), want))
		return f, paper.NotRunError("%s", f.Note)
	}
	return f, nil
}

// paperCell is the paper's value of a cell of Appendix 1 table 1.
func paperCell(task, method string) (paper.Value, bool) {
	b, err := LookupBenchmark(task)
	if err != nil || !b.InTable {
		return paper.Value{}, false
	}
	v, ok := b.Paper[method]
	return v, ok
}
