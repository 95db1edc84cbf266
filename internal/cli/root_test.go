package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// run executes presyn with args and returns its exit status and what it printed.
func run(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	status = Main(args, &out, &errb)
	return status, out.String(), errb.String()
}

// runSeam runs `presyn args...` with cmd, a command built with its runF, as the
// root's only command: presyn's persistent flags and error handling, and the exit
// status Main would return. It returns that status and what was printed to stderr.
func runSeam(t *testing.T, cmd *cobra.Command, args ...string) (status int, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRoot(Streams{Out: &out, Err: &errb}, nil)
	root.AddCommand(cmd)
	status = execute(root, args, &errb)
	return status, errb.String()
}

// discard are streams for commands whose output a test does not read.
func discard() Streams { return Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}} }

func TestRootExitStatuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args       []string
		wantStatus int
		wantOut    string
		wantErr    string
	}{
		{[]string{"version"}, ExitOK, "presyn ", ""},
		{[]string{"--help"}, ExitOK, "Examples:", ""},
		{[]string{"version", "extra"}, ExitUsage, "", "takes no arguments"},
		{[]string{"no-such-command"}, ExitUsage, "", "unknown command"},
		{[]string{"version", "--no-such-flag"}, ExitUsage, "", "unknown flag"},
		{[]string{"--threads", "0", "version"}, ExitUsage, "", "--threads"},
		{[]string{"--threads", "2", "version"}, ExitOK, "presyn ", ""},
	}
	for _, tt := range tests {
		status, out, errOut := run(t, tt.args...)
		if status != tt.wantStatus {
			t.Errorf("presyn %v: status %d, want %d (stderr %q)", tt.args, status, tt.wantStatus, errOut)
		}
		if !strings.Contains(out, tt.wantOut) {
			t.Errorf("presyn %v: stdout %q, want it to contain %q", tt.args, out, tt.wantOut)
		}
		if !strings.Contains(errOut, tt.wantErr) {
			t.Errorf("presyn %v: stderr %q, want it to contain %q", tt.args, errOut, tt.wantErr)
		}
		if strings.Contains(errOut, "goroutine ") {
			t.Errorf("presyn %v printed a stack trace", tt.args)
		}
	}
}

// The root's help lists every command under a heading of its job, and its
// examples show the main jobs.
func TestRootHelpListsEveryCommand(t *testing.T) {
	t.Parallel()
	status, out, _ := run(t, "--help")
	if status != ExitOK {
		t.Fatalf("status %d", status)
	}
	if strings.Contains(out, "Additional Commands:") || strings.Contains(out, "so far") {
		t.Errorf("help has commands without a heading, or an old list:\n%s", out)
	}
	for _, want := range []string{"presyn energy ", "presyn lifelong --task split-mnist", "make figures"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks the example %q:\n%s", want, out)
		}
	}
	for _, c := range NewRootCmd(discard(), nil).Commands() {
		if !strings.Contains(out, "\n  "+c.Name()+" ") {
			t.Errorf("help does not list presyn %s:\n%s", c.Name(), out)
		}
	}
	headings := 0
	for _, g := range commandGroups {
		headings += strings.Count(out, "\n"+g.Title+"\n")
	}
	if headings != len(commandGroups) {
		t.Errorf("%d of the %d headings in the help:\n%s", headings, len(commandGroups), out)
	}
}

// Every command documents itself with examples.
func TestEveryCommandHasHelpWithExamples(t *testing.T) {
	t.Parallel()
	root := NewRootCmd(discard(), nil)
	var check func(cmd *cobra.Command)
	check = func(cmd *cobra.Command) {
		if cmd.Hidden || cmd.Name() == "help" {
			return
		}
		if cmd.Short == "" || cmd.Example == "" {
			t.Errorf("%s lacks a short description or examples", cmd.CommandPath())
		}
		for _, sub := range cmd.Commands() {
			check(sub)
		}
	}
	check(root)
}
