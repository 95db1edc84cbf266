package study

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/presyn/presyn/internal/progress"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/tensor"
	"github.com/presyn/presyn/internal/version"
)

// MarkerFile marks a results folder with the study that owns it and its spec, so
// that one study never resumes from another's runs and presyn collect can rebuild
// it.
const MarkerFile = "experiment.json"

// ReportFile is the Markdown report section Render's report is written to.
const ReportFile = "report.md"

// Marker is the content of MarkerFile.
type Marker struct {
	Experiment string          `json:"experiment"`
	Version    string          `json:"presyn_version"`
	Spec       json.RawMessage `json:"spec,omitempty"` // absent in folders made before studies
}

// Options say how to execute a study.
type Options struct {
	Dir      string    // the results folder: DIR/runs/<ID> per run, tables and figures in DIR
	Workers  int       // runs at once; < 1 means one per core
	Shard    Shard     // the part of the plan to run; the zero Shard is all of it
	Progress io.Writer // progress lines and warnings; nil for none
	// Weight, when set, is a run's predicted seconds (or any measure of its
	// work): the progress line's ETA then counts the work done, not the
	// runs, as runs of one study can differ tenfold (BGD's and the rest).
	Weight func(Run) float64
}

// Outcome is what Execute did.
type Outcome struct {
	Planned  int      // runs in the whole plan
	Finished int      // runs of the plan finished in the folder at the end
	Ran      int      // runs this call executed
	Busy     []string // runs of this shard left to other live processes
	Waiting  []string // runs of this shard whose Execute said ErrNotReady
	Missing  []Run    // runs of the plan not finished at the end
	Report   *Report  // the rendered report; nil for a shard, which renders nothing
	Seconds  float64
}

// Execute runs the unfinished runs of s's plan that belong to opts.Shard, in
// parallel, each in its own claimed folder; a run another live process owns is
// left to it. Without a shard it then collects every finished run and renders the
// study into opts.Dir (with report.md). A failed run does not stop the others; the
// failures are reported together after the rest have finished (the report is still
// rendered from the finished runs). Cancelling ctx stops between steps, keeping
// the finished runs.
func Execute[R any](ctx context.Context, s Study[R], opts Options) (Outcome, error) {
	start := time.Now()
	name := s.Name()
	runs, err := Prepare(s, opts.Dir)
	if err != nil {
		return Outcome{}, err
	}
	dirs := runDirs(opts.Dir)
	var todo []Run
	for _, r := range runs {
		if opts.Shard.Has(r.ID) && !dirs.Done(r.ID) {
			todo = append(todo, r)
		}
	}
	out := Outcome{Planned: len(runs)}
	mine := 0
	for _, r := range runs {
		if opts.Shard.Has(r.ID) {
			mine++
		}
	}
	switch {
	case opts.Progress == nil || len(todo) == mine:
	case len(todo) == 0:
		fmt.Fprintf(opts.Progress, "%s: all %s%s already finished in %s; nothing to run\n",
			name, Count(mine, "run"), shardNote(opts.Shard), opts.Dir)
	default:
		fmt.Fprintf(opts.Progress, "%s: %d of %s%s already finished in %s; running the other %d\n",
			name, mine-len(todo), Count(mine, "run"), shardNote(opts.Shard), opts.Dir, len(todo))
	}
	report := progress.New(opts.Progress, name, len(todo))
	weights := make([]float64, len(todo))
	if opts.Weight != nil {
		var total float64
		for i, r := range todo {
			weights[i] = max(opts.Weight(r), 0)
			total += weights[i]
		}
		if total > 0 {
			report = progress.NewWeighted(opts.Progress, name, len(todo), total)
		}
	}
	busy := make([]bool, len(todo))
	waiting := make([]bool, len(todo))
	errs := forEach(ctx, opts.Workers, len(todo), func(ctx context.Context, i int) error {
		r := todo[i]
		ran, err := executeRun(ctx, s, dirs, r, func(msg string) { report.DoneWork(1, weights[i], msg) }, opts.Progress)
		if errors.Is(err, ErrNotReady) {
			if opts.Progress != nil {
				fmt.Fprintf(opts.Progress, "%s: run %s waits: %v\n", name, r.ID, err)
			}
			waiting[i], err = true, nil
		}
		busy[i] = !ran && err == nil && !waiting[i]
		return err
	})
	var failed []string
	for i, err := range errs {
		switch {
		case err != nil && ctx.Err() != nil:
			return out, fmt.Errorf("%s: stopped (%w); finished runs are kept, run the same command to resume", name, ctx.Err())
		case err != nil:
			failed = append(failed, fmt.Sprintf("%s (%v)", todo[i].ID, err))
		case busy[i]:
			out.Busy = append(out.Busy, todo[i].ID)
		case waiting[i]:
			out.Waiting = append(out.Waiting, todo[i].ID)
		default:
			out.Ran++
		}
	}
	var runErr error
	if len(failed) > 0 {
		runErr = fmt.Errorf("%s: %d of %d runs failed: %s", name, len(failed), len(todo), strings.Join(failed, "; "))
	}
	for _, r := range runs {
		if dirs.Done(r.ID) {
			out.Finished++
		} else {
			out.Missing = append(out.Missing, r)
		}
	}
	if opts.Shard.Whole() && out.Finished > 0 {
		rep, _, err := render(s, opts.Dir, runs)
		if err != nil {
			return out, errors.Join(runErr, err)
		}
		out.Report = &rep
	}
	out.Seconds = time.Since(start).Seconds()
	if runErr == nil && out.Finished == 0 && opts.Shard.Whole() {
		runErr = fmt.Errorf("%s: no finished runs in %s", name, opts.Dir)
	}
	return out, runErr
}

// executeRun claims, executes and commits one run, then calls done with its
// progress line. It reports false, without an error, when another live process
// owns the run (or has just finished it).
func executeRun[R any](ctx context.Context, s Study[R], dirs results.RunDirs, r Run, done func(msg string), warn io.Writer) (bool, error) {
	claim, err := dirs.Claim(r.ID)
	switch {
	case errors.Is(err, results.ErrDone):
		return false, nil
	case errors.Is(err, results.ErrOwned):
		if warn != nil {
			fmt.Fprintf(warn, "%s: %v\n", s.Name(), err)
		}
		return false, nil
	case err != nil:
		return false, err
	}
	if claim.Reclaimed != nil && warn != nil {
		fmt.Fprintf(warn, "%s: run %s was left unfinished by %s; starting it again\n", s.Name(), r.ID, *claim.Reclaimed)
	}
	start := time.Now()
	summary, err := func() (string, error) {
		if err := results.NewManifest(s.Name(), r.Config, r.Seed, tensor.Core()).Write(claim.Dir); err != nil {
			return "", err
		}
		summary, err := s.Execute(ctx, r, claim.Dir)
		if err != nil {
			return "", err
		}
		return summary, recordSeconds(claim.Dir, time.Since(start).Seconds())
	}()
	if err != nil {
		if relErr := claim.Release(); relErr != nil {
			err = errors.Join(err, relErr)
		}
		return false, err
	}
	if err := claim.Commit(); err != nil {
		return false, err
	}
	done(fmt.Sprintf("%s: %s (%.0fs)", r.ID, summary, time.Since(start).Seconds()))
	return true, nil
}

// recordSeconds adds a finished run's wall time to the manifest in dir.
func recordSeconds(dir string, seconds float64) error {
	m, err := results.ReadManifestConfig(dir, nil)
	if err != nil {
		return err
	}
	m.Seconds = seconds
	return m.Write(dir)
}

// RunSeconds returns the wall time a finished run's manifest records (0 for runs
// made before it was recorded).
func RunSeconds(dir string) float64 {
	m, err := results.ReadManifestConfig(dir, nil)
	if err != nil {
		return 0
	}
	return m.Seconds
}

func shardNote(s Shard) string {
	if s.Whole() {
		return ""
	}
	return " of shard " + s.String()
}

// Finished reports, for each of runs, whether it is finished in the results
// folder dir, as Execute decides it (its folder DIR/runs/<ID> is in place). It
// only reads: a folder that does not exist has no finished runs.
func Finished(dir string, runs []Run) []bool {
	dirs := runDirs(dir)
	done := make([]bool, len(runs))
	for i, r := range runs {
		done[i] = dirs.Done(r.ID)
	}
	return done
}

func runDirs(dir string) results.RunDirs { return results.RunDirs{Root: filepath.Join(dir, "runs")} }

// Prepare plans s and readies its results folder: it refuses a folder that holds
// another study's results, finished runs made with other settings than planned
// (resuming would mix them), or finished runs of another plan that s's plan leaves
// out (the marker names one plan, so they would be orphaned: presyn collect could
// no longer find them); all are the user's to fix with another folder. A plan
// that extends the folder's (more seeds, models or points) resumes in it. It
// writes the marker with s's spec and returns the plan.
func Prepare[R any](s Study[R], dir string) ([]Run, error) {
	runs, err := plan(s)
	if err != nil {
		return nil, err
	}
	if err := results.PrepareOutDir(dir); err != nil {
		return nil, err
	}
	if err := checkOwner(s.Name(), dir, nil); err != nil {
		return nil, err
	}
	if err := checkFinished(s.Name(), dir, runs); err != nil {
		return nil, err
	}
	spec, err := json.Marshal(s.Spec())
	if err != nil {
		return nil, fmt.Errorf("%s: encode spec: %w", s.Name(), err)
	}
	if err := checkOrphans(s.Name(), dir, spec, runs); err != nil {
		return nil, err
	}
	marker := Marker{Experiment: s.Name(), Version: version.String(), Spec: spec}
	if err := results.WriteJSONAtomic(filepath.Join(dir, MarkerFile), marker); err != nil {
		return nil, err
	}
	return runs, nil
}

// plan returns s's plan after checking that its IDs are unique.
func plan[R any](s Study[R]) ([]Run, error) {
	runs, err := s.Plan()
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("%s: the plan has no runs", s.Name())
	}
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
	}
	if err := Unique("run", ids); err != nil {
		return nil, fmt.Errorf("%s: %w (two settings give the same run)", s.Name(), err)
	}
	return runs, nil
}

// ReadMarker reads the marker of the results folder dir.
func ReadMarker(dir string) (Marker, error) {
	path := filepath.Join(dir, MarkerFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Marker{}, fmt.Errorf("%s holds no study (no %s)", dir, MarkerFile)
		}
		return Marker{}, err
	}
	var m Marker
	if err := json.Unmarshal(raw, &m); err != nil || m.Experiment == "" {
		return Marker{}, fmt.Errorf("%s is not a study marker", path)
	}
	return m, nil
}

// Own readies dir as the results folder of the experiment name for a command that
// writes a folder but is no Study (presyn sjostrom), as Prepare does for studies:
// it refuses a folder that holds another experiment's results or files not its
// own, and one inside another experiment's folder, then writes the marker with
// spec. made are the names (path.Match patterns) of the files the experiment
// wrote before it marked its folders: a folder without a marker that holds only
// those is its own.
func Own(name, dir string, spec any, made ...string) error {
	if outer, other := Enclosing(filepath.Dir(filepath.Clean(dir))); outer != "" {
		return fmt.Errorf("%s: --out %s is inside %s, the results folder of %s; choose another folder", name, dir, outer, other)
	}
	if err := results.PrepareOutDir(dir); err != nil {
		return fmt.Errorf("%s: --out: %w", name, err)
	}
	if err := checkOwner(name, dir, made); err != nil {
		return err
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		return fmt.Errorf("%s: encode spec: %w", name, err)
	}
	return results.WriteJSONAtomic(filepath.Join(dir, MarkerFile), Marker{Experiment: name, Version: version.String(), Spec: raw})
}

// Enclosing returns the results folder that holds dir (dir itself or a folder
// above it with a marker) and the experiment it belongs to, or "" for none: a
// command that writes into dir would overwrite that experiment's files.
func Enclosing(dir string) (folder, experiment string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if m, err := ReadMarker(d); err == nil {
			return d, m.Experiment
		} else if _, statErr := os.Stat(filepath.Join(d, MarkerFile)); statErr == nil {
			return d, "an unknown experiment"
		}
		if filepath.Dir(d) == d {
			return "", ""
		}
	}
}

// checkOwner returns an error if dir holds another study's results, or files that
// are not a study's. A folder without a marker whose manifest (config.json) names
// the study, or whose files all match made (see Own), is one it made before
// markers.
func checkOwner(name, dir string, made []string) error {
	// List the folder before reading the marker: a study writes its marker
	// before anything else, so when shards start together in a new folder,
	// whatever another shard made after this listing comes with a marker
	// that the read below finds.
	entries, _ := os.ReadDir(dir)
	m, err := ReadMarker(dir)
	if err == nil {
		if m.Experiment != name {
			return fmt.Errorf("%s: --out %s holds results of another experiment (%q); choose another folder", name, dir, m.Experiment)
		}
		return nil
	}
	if _, statErr := os.Stat(filepath.Join(dir, MarkerFile)); statErr == nil {
		return fmt.Errorf("%s: --out %s: %v; choose another folder", name, dir, err)
	}
	if legacy, err := results.ReadManifestConfig(dir, nil); err == nil && legacy.Experiment == name {
		return nil
	}
	for _, e := range entries {
		// Dot files are another process's passing probes and locks.
		if !strings.HasPrefix(e.Name(), ".") && !matchesAny(e.Name(), made) {
			return fmt.Errorf("%s: --out %s is not empty and holds no %s results; choose another folder", name, dir, name)
		}
	}
	return nil
}

// matchesAny reports whether name matches one of the path.Match patterns.
func matchesAny(name string, patterns []string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// checkFinished compares every finished run's recorded config with the planned
// one, as JSON: a recorded config is decoded into the planned config's type first,
// so that a type with its own decoding (config.Train reads older layouts) compares
// by what it means. A finished run whose inputs changed (a permutations file's
// content) is made with other settings; one that did not record them is not.
func checkFinished(name, dir string, runs []Run) error {
	dirs := runDirs(dir)
	for _, r := range runs {
		if !dirs.Done(r.ID) {
			continue
		}
		done := reflect.New(reflect.TypeOf(r.Config))
		if _, err := results.ReadManifestConfig(dirs.Final(r.ID), done.Interface()); err != nil {
			return unreadable{fmt.Errorf("%s: finished run %s is unreadable (%v); delete that folder to redo it", name, r.ID, err)}
		}
		same, err := sameRun(r.Config, done.Elem().Interface())
		if err != nil {
			return fmt.Errorf("%s: run %s: %w", name, r.ID, err)
		}
		if !same {
			return fmt.Errorf("%s: --out %s holds run %s made with other settings; choose another folder or the same settings", name, dir, r.ID)
		}
	}
	return nil
}

// checkOrphans returns an error if dir's marker records another spec than spec
// and dir holds finished runs that runs leaves out: writing the new marker would
// orphan them. The error suggests a folder for the new plan, named after a short
// hash of its spec so that the same plan always gets the same one.
func checkOrphans(name, dir string, spec []byte, runs []Run) error {
	m, err := ReadMarker(dir)
	if err != nil || bytes.Equal(compactJSON(m.Spec), compactJSON(spec)) {
		return nil // a new folder (checkOwner vouched for it), or the same plan
	}
	planned := make(map[string]bool, len(runs))
	for _, r := range runs {
		planned[r.ID] = true
	}
	entries, _ := os.ReadDir(runDirs(dir).Root)
	var orphans []string
	for _, e := range entries {
		// Dot folders are partial runs and locks, not finished runs.
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && !planned[e.Name()] {
			orphans = append(orphans, e.Name())
		}
	}
	if len(orphans) == 0 {
		return nil
	}
	sum := sha256.Sum256(spec)
	return fmt.Errorf("%s: --out %s holds %d finished runs of another plan that this one leaves out (such as %s); put this plan in another folder, such as --out %s-%x",
		name, dir, len(orphans), orphans[0], strings.TrimRight(dir, string(filepath.Separator)), sum[:3])
}

// compactJSON is raw without insignificant space, for comparing specs.
func compactJSON(raw []byte) []byte {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// ErrUnreadable marks an error about a file of a results folder that exists but
// cannot be read or parsed: a failure of the files, whichever command meets it
// (collect, or a study resuming), not of the request (errors.Is).
var ErrUnreadable = errors.New("unreadable results file")

// unreadable is an error that Is ErrUnreadable, with its own message.
type unreadable struct{ error }

func (e unreadable) Unwrap() error        { return e.error }
func (e unreadable) Is(target error) bool { return target == ErrUnreadable }

// runConfig is a run config that says itself whether a finished run's recorded
// config is the same run (config.Train: everything but its name, and a
// permutations file by its content).
type runConfig interface{ SameRun(done any) bool }

// sameRun reports whether the finished run that recorded done is the planned
// run of config: config's SameRun, or, for a config without one, equal JSON.
func sameRun(config, done any) (bool, error) {
	if c, ok := config.(runConfig); ok {
		return c.SameRun(done), nil
	}
	got, err1 := json.Marshal(done)
	want, err2 := json.Marshal(config)
	if err := errors.Join(err1, err2); err != nil {
		return false, err
	}
	return string(got) == string(want), nil
}
