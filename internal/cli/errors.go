package cli

import (
	"errors"
	"fmt"
)

// Exit statuses of the presyn command.
const (
	ExitOK      = 0
	ExitFailure = 1 // data, I/O and run failures
	ExitUsage   = 2 // bad flags, arguments or configs
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

// exitStatus maps an error returned by a command to the process exit status.
func exitStatus(err error) int {
	if err == nil {
		return ExitOK
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFailure
}
