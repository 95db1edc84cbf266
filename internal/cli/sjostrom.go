package cli

import (
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/experiment/sjostrom"
	"github.com/presyn/presyn/internal/study"
)

// sjostromName marks the folders presyn sjostrom writes.
const sjostromName = sjostrom.Experiment

// sjostromOptions are the resolved flags of `presyn sjostrom`.
type sjostromOptions struct {
	DataFile string           // the CSV export, one row per connection
	Out      string           // the output folder, made only once the data are read
	Read     sjostrom.Options // release sites and whether to skip bad rows
	// ReleaseSitesGiven says --release-sites was on the command line: a file that
	// gives p_initial itself makes it unused, which is worth a warning.
	ReleaseSitesGiven bool
}

// newSjostromCmd builds `presyn sjostrom`; runF replaces the run function in tests.
func newSjostromCmd(streams Streams, runF func(sjostromOptions) error) *cobra.Command {
	var (
		dataFile string
		out      string
		opts     sjostrom.Options
	)
	cmd := &cobra.Command{
		Use:   "sjostrom --data FILE [--out DIR] [--release-sites N] [--skip-bad]",
		Short: "Release probability against relative change of strength in Sjöström et al. 2001's data (Appendix 1 figure 4)",
		Long: `Re-analyse the spike-timing-dependent plasticity recordings of Sjöström et al.
2001, made public by Costa, Froemke, Sjöström & van Rossum 2015 (Dryad,
https://doi.org/` + sjostrom.DOI + `): correlate each connection's relative
change of strength under the pairing protocols with its release probability
before pairing. The paper finds r = -0.4416, p < 0.01: synapses with high release
probability change less. presyn cannot ship the data: download them and export
one row per connection to --data, a CSV file with a header, in one of two layouts
(column names in any case; other columns are ignored):

  p_initial,relative_change
      the release probability before pairing, in (0, 1], and the relative change
      of strength, after/before - 1 (at least -1)
  mean_before,var_before,mean_after
      the EPSP mean (> 0) and variance (>= 0; a variance, not an SD) before
      pairing and the EPSP mean after (>= 0). P is estimated with the binomial
      model of Costa et al. 2015 with N release sites (--release-sites, 5.5):
      q = var_before/mean_before + mean_before/N, P = mean_before/(N q); the
      relative change is mean_after/mean_before - 1.

Either layout may add a label or protocol column (such as LTP, LTD): the figure
colours the points by it and the report gives each label's correlation; the
headline r pools every connection, as the paper does. A row that is not a
possible connection (a cell that is not a finite number, P outside (0, 1], a
mean_before <= 0, a negative variance or mean) stops the analysis with its line
number, unless --skip-bad leaves such rows out and reports them.

Writes into --out:
  app4.csv            p_initial,relative_change,label: one row per connection
  app4-stats.csv      n,r,p,paper_r,verdict: Pearson r and its two-sided p-value;
                      verdict "matches" when r < 0 and p < 0.01, else "differs"
  app4.{png,svg,pdf}  relative change against P, with the least-squares line
  report.md           the report section, also printed`,
		Example: `  presyn sjostrom --data sjostrom2001.csv                 # into results/sjostrom
  presyn sjostrom --data epsp_moments.csv --release-sites 5 --out /tmp/app4
  presyn sjostrom --data export.csv --skip-bad           # leave out unusable rows`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dataFile == "" {
				return usageErrorf("sjostrom: --data FILE is required: %s", sjostrom.Expected)
			}
			if out == "" {
				return usageErrorf("sjostrom: --out must not be empty")
			}
			if info, err := os.Stat(out); err == nil && !info.IsDir() {
				return usageErrorf("sjostrom: --out %s exists and is not a folder", out)
			}
			// 0 would mean the default to the experiment package: a user's 0 is an error.
			if !(opts.ReleaseSites > 0) || math.IsInf(opts.ReleaseSites, 0) {
				return usageErrorf("sjostrom: --release-sites is %v, want a positive number (Costa et al. used %g)",
					opts.ReleaseSites, sjostrom.DefaultReleaseSites)
			}
			o := sjostromOptions{DataFile: dataFile, Out: out, Read: opts, ReleaseSitesGiven: cmd.Flags().Changed("release-sites")}
			if runF != nil {
				return runF(o)
			}
			return runSjostrom(streams, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&dataFile, "data", "", "CSV export of the Sjöström et al. 2001 data, one row per connection (see above)")
	f.StringVar(&out, "out", defaultOut(sjostrom.Folder), "output folder")
	f.Float64Var(&opts.ReleaseSites, "release-sites", sjostrom.DefaultReleaseSites, "release sites N of the binomial estimator of P (layout mean_before,var_before,mean_after)")
	f.BoolVar(&opts.SkipBad, "skip-bad", false, "leave out and report rows that cannot be a connection, instead of stopping")
	return cmd
}

// runSjostrom reads the recordings, correlates the change of strength with the
// release probability, and writes the table, figure and report into o.Out.
func runSjostrom(streams Streams, o sjostromOptions) error {
	dataFile, out, opts := o.DataFile, o.Out, o.Read
	data, err := sjostrom.Read(dataFile, opts)
	var bad *sjostrom.BadRow
	if errors.As(err, &bad) {
		return fmt.Errorf("%w (--skip-bad leaves such rows out)", err)
	}
	if err != nil {
		return err
	}
	if data.Layout == sjostrom.LayoutDirect && o.ReleaseSitesGiven {
		fmt.Fprintf(streams.Err, "sjostrom: --release-sites is not used: %s gives p_initial\n", dataFile)
	}
	if len(data.Skipped) > 0 {
		fmt.Fprintf(streams.Err, "sjostrom: left out %d rows of %s that cannot be a connection\n", len(data.Skipped), dataFile)
	}
	res, err := sjostrom.Analyse(data)
	if err != nil {
		return err
	}
	// Made only now, so that a data error leaves no empty folder behind. The
	// folder is marked as the studies' are, so that neither overwrites the other.
	spec := map[string]any{"data": dataFile, "release_sites": opts.ReleaseSites, "skip_bad": opts.SkipBad}
	if err := study.Own(sjostromName, out, spec, sjostrom.PointsFile, sjostrom.StatsFile, sjostrom.Figure+".*", study.ReportFile); err != nil {
		return asUsage(err)
	}
	rep, err := res.Write(out)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(streams.Out, rep.Markdown)
	return err
}
