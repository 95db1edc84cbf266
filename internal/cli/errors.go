package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/presyn/presyn/internal/study"
)

// Exit statuses of the presyn command. The same condition gets the same status
// from every command, by one rule that exitStatus applies:
//
//   - 2 (usage) when the request is wrong: a flag, argument, config key or value,
//     two settings that conflict, or a results folder that holds another study
//     or other settings than asked for (a choice of folder the request refuses).
//   - 1 (failure) when the files themselves fail: a file or folder that cannot be
//     read, created or written (an unwritable --out or --figures, a config file
//     without read permission), a damaged or unreadable file (a finished run's
//     config.json, a data file), or a run that fails. This holds wherever the
//     path came from, even when the user named it, and even when the error was
//     met while checking a request: an error whose chain holds an I/O error
//     (fs.PathError, os.LinkError, syscall.Errno) or study.ErrUnreadable is a
//     failure inside a *UsageError too.
const (
	ExitOK      = 0
	ExitFailure = 1 // the files failed: I/O, damaged data, a failed run
	ExitUsage   = 2 // the request is wrong: flags, arguments, configs, conflicts
)

// UsageError marks an error the user can fix by changing the command line or the
// config. It makes presyn exit with status 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usageErrorf returns a *UsageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// asUsage wraps err as a usage error; nil stays nil.
func asUsage(err error) error {
	if err == nil {
		return nil
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return err
	}
	return &UsageError{Err: err}
}

// exitStatus maps an error returned by a command to the process exit status,
// by the rule above.
func exitStatus(err error) int {
	if err == nil {
		return ExitOK
	}
	if filesFailed(err) {
		return ExitFailure
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFailure
}

// filesFailed reports whether err's chain holds a failure of files or folders
// themselves: an I/O error, or a results file that cannot be read.
func filesFailed(err error) bool {
	var pathErr *fs.PathError
	var linkErr *os.LinkError
	var errno syscall.Errno
	return errors.As(err, &pathErr) || errors.As(err, &linkErr) || errors.As(err, &errno) || errors.Is(err, study.ErrUnreadable)
}

// badFlagValue is pflag's error for a value its type does not parse, which
// names Go's parser ("strconv.ParseInt: parsing ...").
var badFlagValue = regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: `)

// flagError is the usage error of a bad flag, with a value of the wrong kind
// said in words: --trials: "x" is not a whole number.
func flagError(cmd *cobra.Command, err error) error {
	m := badFlagValue.FindStringSubmatch(err.Error())
	if m == nil {
		return asUsage(err)
	}
	value, name := m[1], m[2]
	long := name
	if i := strings.LastIndex(name, "--"); i >= 0 {
		long = name[i+2:]
	}
	want := "a valid value"
	if f := cmd.Flags().Lookup(long); f != nil {
		switch f.Value.Type() {
		case "int", "int8", "int16", "int32", "int64":
			want = "a whole number"
		case "uint", "uint8", "uint16", "uint32", "uint64":
			want = "a whole number >= 0"
		case "float32", "float64":
			want = "a number"
		case "bool":
			want = "true or false"
		case "duration":
			want = "a duration such as 90s or 2h"
		}
	}
	return usageErrorf("%s: %q is not %s", name, value, want)
}
