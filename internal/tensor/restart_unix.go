//go:build cgo && openblas && unix

package tensor

import (
	"os"
	"syscall"
)

// restartSelf replaces the process by a new run of the same executable and
// arguments, with extra added to the environment.
func restartSelf(extra []string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return syscall.Exec(exe, os.Args, append(os.Environ(), extra...))
}
