package sjostrom

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/presyn/presyn/internal/paper"
)

// Folder is where presyn sjostrom writes by default in a results folder.
const Folder = "sjostrom"

// Experiment is the experiment the marker of presyn sjostrom's folder names.
const Experiment = "sjostrom"

// Artefacts is Appendix 1 figure 4.
func Artefacts() []paper.Artefact {
	return []paper.Artefact{{
		ID: Figure, What: "relative change of strength against initial release probability (Sjöström et al. 2001 data)",
		Claim: "r = " + paperR.String() + ", p < 0.01", Command: "presyn sjostrom --data FILE",
		Sources: []paper.Source{{Dir: Folder, Study: Experiment, Figure: Figure}}, Values: []paper.Value{paperR},
		Rule:  "r within tolerance of -0.4416 and p < 0.01, computed from the connections in app4.csv",
		Check: check,
		NotRunNote: "needs the Sjöström et al. 2001 data as published by Costa et al. 2015 (Dryad, doi:" + DOI +
			"): download it, export it as CSV and run `presyn sjostrom --data FILE` (see its --help for the columns)",
	}}
}

// check correlates the connections the analysis wrote (app4.csv) again. It
// reads them as Read reads the user's data file, so a connection that cannot be
// one (a NaN, a P outside (0, 1]) is an error naming the file and line; a folder
// without app4.csv has not been analysed.
func check(dirs []string) (paper.Finding, error) {
	path := filepath.Join(dirs[0], PointsFile)
	data, err := Read(path, Options{})
	if errors.Is(err, fs.ErrNotExist) {
		return paper.Finding{}, paper.NotRunError("%s has no %s", dirs[0], PointsFile)
	}
	if err != nil {
		return paper.Finding{}, err
	}
	res, err := Analyse(data)
	if err != nil {
		return paper.Finding{}, err
	}
	st := res.Stats
	return paper.Finding{Ours: fmt.Sprintf("r = %.4f, p = %.2g, n = %d", st.R, st.P, st.N), Verdict: paper.Verdict(st.Verdict),
		Files: paper.Table([]Stats{st})}, nil
}
