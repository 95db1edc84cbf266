package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment"
	"github.com/presyn/presyn/internal/paper"
	"github.com/presyn/presyn/internal/report"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
	"github.com/presyn/presyn/internal/version"
)

// reportOptions are the resolved flags of `presyn report`.
type reportOptions struct {
	ResultsDir string        // the results folder the experiments wrote
	FiguresDir string        // where the artefacts and index.html go
	Out        string        // the Markdown report
	Notes      string        // what was tried per artefact (report.ReadNotes), "" for none
	notes      *report.Notes // Notes as the command read it, nil for none
}

// newReportCmd builds `presyn report`; runF replaces the run function in tests.
func newReportCmd(streams Streams, runF func(reportOptions) error) *cobra.Command {
	var resultsDir, figuresDir, out, notes string
	cmd := &cobra.Command{
		Use:   "report [--results DIR] [--figures DIR] [--out REPORT.md]",
		Short: "The whole-paper report: every figure and table, our numbers beside the paper's, a verdict for each",
		Long: `Read the results folder as the experiments leave it (results/energy,
results/lifelong/split-mnist, ...), copy every artefact of the paper into the
figures folder as <id>.png, <id>.svg, <id>.pdf (where it has a figure) and
<id>.csv (the numbers behind it), and write a Markdown report (--out) and
figures/index.html with, for every artefact id, the figure, our numbers (mean,
SE, n) beside the paper's, and a verdict computed from the CSVs: matches (within
3 combined SE, or 1.5 points where the paper's SE is below 0.5 or not given),
differs, not run, or no claim; plus the machine, versions, BLAS backend and the
wall time of each experiment's runs. Nothing is trained: run the experiments
first ('make figures', or the commands the report names for what is not run).

With --notes FILE, a Markdown file with a section "## <id>" per artefact, each
section's text goes into that artefact's part of the report as "What was tried":
how a verdict that is not "matches" was looked into, with its numbers
(docs/residuals.md is the one for docs/REPORT.md). Notes never set a verdict.`,
		Example: `  presyn report
  presyn report --results /shared/results --figures /tmp/figures --out /tmp/REPORT.md
  presyn report --figures docs/figures --out docs/REPORT.md --notes docs/residuals.md`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				out = filepath.Join(figuresDir, "REPORT.md")
			}
			// The report copies artefacts as <id>.png, ... and writes index.html:
			// inside an experiment's folder they would overwrite its files.
			for _, w := range []struct{ flag, dir string }{{"--figures", figuresDir}, {"--out", filepath.Dir(out)}} {
				if folder, name := study.Enclosing(w.dir); folder != "" {
					return usageErrorf("report: %s %s is inside %s, the results folder of %s, whose files it would overwrite; choose another folder", w.flag, w.dir, folder, name)
				}
			}
			opts := reportOptions{ResultsDir: resultsDir, FiguresDir: figuresDir, Out: out, Notes: notes}
			// Read before anything is written: a bad notes file is the
			// command's error, not a half-made report.
			if cmd.Flags().Changed("notes") {
				n, err := report.ReadNotes(notes, artefactIDs())
				if err != nil {
					return asUsage(err)
				}
				opts.notes = &n
			}
			if runF != nil {
				return runF(opts)
			}
			return runReport(streams, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&resultsDir, "results", resultsRoot, "the results folder the experiments wrote")
	f.StringVar(&figuresDir, "figures", "figures", "where the artefacts are copied as <id>.png|svg|pdf|csv, with index.html")
	f.StringVar(&out, "out", "", "the Markdown report (default <figures>/REPORT.md)")
	f.StringVar(&notes, "notes", "", "a Markdown file of what was tried per artefact, a section \"## <id>\" each (see above)")
	return cmd
}

// runReport builds the report from the results, copies the artefacts and writes
// the Markdown report and index.html.
func runReport(streams Streams, opts reportOptions) error {
	resultsDir, figuresDir, out := opts.ResultsDir, opts.FiguresDir, opts.Out
	machine := report.ThisMachine(tensor.Core(), synapse.Kernels(), version.String())
	rep, err := report.Build(resultsDir, figuresDir, experiment.Artefacts(), machine)
	if err != nil {
		return err
	}
	if opts.notes != nil {
		rep.AddNotes(*opts.notes)
	}
	prefix, err := filepath.Rel(filepath.Dir(out), figuresDir)
	if err != nil {
		prefix = figuresDir
	}
	if prefix == "." {
		prefix = ""
	} else {
		prefix = filepath.ToSlash(prefix) + "/"
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(out, []byte(rep.Markdown(prefix))); err != nil {
		return err
	}
	page, err := rep.HTML()
	if err != nil {
		return err
	}
	index := filepath.Join(figuresDir, "index.html")
	if err := results.WriteFileAtomic(index, page); err != nil {
		return err
	}
	c := rep.Counts()
	if ids := rep.NotFound(); len(ids) > 0 {
		fmt.Fprintf(streams.Out, "report: no study under %s for %s (no experiment.json of theirs in any folder below it): %s says which command makes each\n",
			resultsDir, strings.Join(ids, ", "), out)
	}
	_, err = fmt.Fprintf(streams.Out, "report: %s\nreport: wrote %s, %s and the figures in %s\n", rep.CountLine(), out, index, figuresDir)
	if err != nil {
		return err
	}
	// A damaged file is a failure of the run, not a verdict: the report is
	// written, and the command fails naming the first one.
	for _, e := range rep.Entries {
		if e.Verdict == paper.Error {
			return fmt.Errorf("report: %d artefacts could not be judged; %s: %s", c[paper.Error], e.ID, e.Note)
		}
	}
	return nil
}

// artefactIDs are the ids of the paper's artefacts, in their order.
func artefactIDs() []string {
	var ids []string
	for _, a := range experiment.Artefacts() {
		ids = append(ids, a.ID)
	}
	return ids
}
