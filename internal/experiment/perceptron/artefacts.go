package perceptron

import (
	"fmt"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/study"
)

// The folder of a results folder the study is made in, and its figures (saved as
// <id>.png, .svg and .pdf).
const (
	Folder = "perceptron"
	Fig5b  = "fig5b" // the first task's accuracy over the sequence
	Fig5c  = "fig5c" // mean accuracy over tasks per model, with the t-test
)

// Artefacts are Figure 5b and c.
func Artefacts() []paper.Artefact {
	return []paper.Artefact{
		{ID: Fig5b, What: "perceptron: the first task's accuracy over the 5 tasks, SE over the seeds (10 in the paper)", Claim: "consolidated perceptron keeps task 1 better",
			Command: "presyn perceptron", Sources: []paper.Source{{Dir: Folder, Study: Study{}.Name(), Figure: Fig5b}},
			Rule: "task 1's mean accuracy after the last pass: consolidated above standard", Check: checkFirstTask},
		{ID: Fig5c, What: "perceptron: mean accuracy over 5 tasks, t-test", Claim: "consolidated > standard, significant",
			Command: "presyn perceptron", Sources: []paper.Source{{Dir: Folder, Study: Study{}.Name(), Figure: Fig5c}},
			Rule: "mean over seeds consolidated above standard, Student's t-test p < 0.05", Check: checkMean},
	}
}

// load collects the perceptron study in dir; a damaged curves.csv (cut short,
// out of order, an accuracy not between 0 and 1) is an error naming the run's
// file: Study.Collect checks it.
func load(dir string) (*Result, int, error) {
	s, runs, missing, err := study.Load[Study, Run](dir)
	if err != nil {
		return nil, 0, err
	}
	if len(runs) == 0 {
		return nil, 0, paper.NotRunError("%s has no finished runs", dir)
	}
	return s.result(runs), len(missing), nil
}

func checkFirstTask(dirs []string) (paper.Finding, error) {
	res, missing, err := load(dirs[0])
	if err != nil {
		return paper.Finding{}, err
	}
	c, s := res.Summary.Presyn.FirstTaskAcc, res.Summary.Standard.FirstTaskAcc
	curves, _ := res.tables()
	return paper.Finding{Ours: fmt.Sprintf("task 1 after the last pass: consolidated %.4f, standard %.4f", c, s), Verdict: paper.Judge(c > s),
		Note: paper.MissingNote(missing), Files: paper.Table(curves)}, nil
}

func checkMean(dirs []string) (paper.Finding, error) {
	res, missing, err := load(dirs[0])
	if err != nil {
		return paper.Finding{}, err
	}
	sum := res.Summary
	c, s := sum.Presyn, sum.Standard
	_, means := res.tables()
	return paper.Finding{Ours: fmt.Sprintf("consolidated %s, standard %s (n %d), %s",
		study.PM(c.MeanAcc, c.MeanAccSE, 4), study.PM(s.MeanAcc, s.MeanAccSE, 4), sum.Seeds, tTest(sum.T, sum.P, 2)),
		Verdict: paper.Judge(c.MeanAcc > s.MeanAcc && sum.P < 0.05), Note: paper.MissingNote(missing),
		Files: paper.Table(means)}, nil
}
