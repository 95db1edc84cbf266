package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/study"
)

// found is a study folder of the results folder.
type found struct {
	Dir        string // relative to the results folder, with slashes
	Experiment string // what its marker names
	Task       string // the task its spec records; "" for none
	// Nested is a study inside another study's folder (the networks presyn
	// importance trains in importance/trained): it stands for another
	// artefact's source only at that source's standard place.
	Nested bool
}

// findStudies walks the results folder for study folders: those with a
// marker (study.MarkerFile), skipping runs/ folders and those whose name
// starts with a dot. A marker that cannot be read is no study.
func findStudies(root string) ([]found, error) {
	var out []found
	var marked []string // the study folders above the walk's position
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && (d.Name() == "runs" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		m, err := study.ReadMarker(path)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		f := found{Dir: filepath.ToSlash(rel), Experiment: m.Experiment}
		var spec struct {
			Task string `json:"task"`
		}
		if json.Unmarshal(m.Spec, &spec) == nil {
			f.Task = spec.Task
		}
		for _, outer := range marked {
			if strings.HasPrefix(f.Dir, outer+"/") || outer == "." {
				f.Nested = true
			}
		}
		marked = append(marked, f.Dir)
		out = append(out, f)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("report: %w", err)
	}
	return out, nil
}

// locate returns the folder that holds src's study: the one whose marker
// names src.Study (with src.Task in its spec, where given), anywhere under the
// results folder; "" for none. A study nested in another study's folder
// counts only at src.Dir. Of two that match, the one at src.Dir is taken; two
// elsewhere are an error naming both. A source without a Study is its Dir, as
// is a folder at Dir without a marker (made before markers).
func locate(src paper.Source, root string, studies []found) (string, error) {
	standard := filepath.Join(root, filepath.FromSlash(src.Dir))
	if src.Study == "" {
		return existing(standard), nil
	}
	var matches []string
	for _, f := range studies {
		if f.Experiment != src.Study || (src.Task != "" && f.Task != src.Task) {
			continue
		}
		if f.Dir == src.Dir {
			return standard, nil
		}
		if !f.Nested {
			matches = append(matches, f.Dir)
		}
	}
	switch len(matches) {
	case 0:
		if _, err := study.ReadMarker(standard); err != nil {
			if _, statErr := os.Stat(filepath.Join(standard, study.MarkerFile)); statErr != nil {
				return existing(standard), nil
			}
		}
		return "", nil
	case 1:
		return filepath.Join(root, filepath.FromSlash(matches[0])), nil
	}
	return "", fmt.Errorf("report: %s and %s under %s both hold the %s and neither is at %s: move one of them out of %s",
		matches[0], matches[1], root, describe(src), src.Dir, root)
}

// existing returns dir if it is a folder, else "".
func existing(dir string) string {
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		return dir
	}
	return ""
}

// describe names a source's study, as "lifelong study of split-mnist".
func describe(src paper.Source) string {
	if src.Study == "" {
		return "folder " + src.Dir
	}
	if src.Task != "" {
		return src.Study + " study of " + src.Task
	}
	return src.Study + " study"
}

// lookedFor says what an artefact none of whose studies was found looked for,
// and where: "no lifelong study of split-mnist or perm-mnist under results
// (looked for experiment.json in every folder below it; by default
// results/lifelong/split-mnist, results/lifelong/perm-mnist)".
func lookedFor(sources []paper.Source, root string) string {
	var tasks, dirs []string
	what := describe(sources[0])
	for _, src := range sources {
		dirs = append(dirs, filepath.Join(root, filepath.FromSlash(src.Dir)))
		if src.Task != "" && src.Study == sources[0].Study {
			tasks = append(tasks, src.Task)
		}
	}
	if len(tasks) == len(sources) && len(tasks) > 1 {
		what = sources[0].Study + " study of " + strings.Join(tasks[:len(tasks)-1], ", ") + " or " + tasks[len(tasks)-1]
	}
	return fmt.Sprintf("no %s under %s (looked for its %s in every folder below it; by default %s)",
		what, root, study.MarkerFile, strings.Join(dirs, ", "))
}
