//go:build cgo && openblas && !unix

package tensor

import "errors"

func restartSelf([]string) error {
	return errors.New("restarting a process is not supported on this system")
}
