package cli

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/data"
)

// dataOptions are the resolved flags of `presyn data`.
type dataOptions struct {
	DataDir string
}

// newDataCmd builds `presyn data`; runF replaces the run function in tests.
func newDataCmd(streams Streams, runF func(dataOptions) error) *cobra.Command {
	return &cobra.Command{
		Use:   "data [--data-dir DIR]",
		Short: "Check that the 8 data files are present and intact",
		Long: `Look for the 8 IDX files of MNIST and Fashion-MNIST and check each one: format,
sample count and the SHA-256 of its decompressed content. Each file is searched in
  DIR/mnist/ or DIR/fashion-mnist/     (DIR is --data-dir; make setup fills them)
  the GoMNIST Go module                (MNIST, in the Go module cache)
  /usr/share/datasets/fashion-mnist/   (Fashion-MNIST, Debian's dataset-fashion-mnist)
and the first copy found is the one used: a damaged file in DIR is reported, not
replaced by another copy.

Prints one line per file: data set, file, where it was found, sample count, and
"ok" or the problem with how to fix it. Exits 0 when all 8 files are fine, 1
otherwise.`,
		Example: `  presyn data                      # check the files in ./data (or $PRESYN_DATA)
  presyn data --data-dir ~/mnist   # check a folder holding mnist/ and fashion-mnist/`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dataDir, err := cmd.Flags().GetString("data-dir")
			if err != nil {
				return err
			}
			opts := dataOptions{DataDir: dataDir}
			if runF != nil {
				return runF(opts)
			}
			return runData(streams, opts)
		},
	}
}

// runData checks the 8 files and prints a line for each.
func runData(streams Streams, opts dataOptions) error {
	reports := data.Check(opts.DataDir)
	w := tabwriter.NewWriter(streams.Out, 0, 0, 2, ' ', 0)
	problems := 0
	for _, r := range reports {
		where, samples, status := "not found", "-", "ok"
		if r.Location.Path != "" {
			where = fmt.Sprintf("%s (%s)", r.Location.Path, r.Location.Source)
		}
		if r.Err == nil {
			samples = strconv.Itoa(r.Samples)
		} else {
			problems++
			problem, fix := r.Problem()
			status = problem
			if fix != "" {
				status += "; to fix: " + fix
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.Dataset, r.File, where, samples, status)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	switch problems {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("data: 1 of %d data files has a problem (see its line above)", len(reports))
	default:
		return fmt.Errorf("data: %d of %d data files have problems (see their lines above)", problems, len(reports))
	}
}
