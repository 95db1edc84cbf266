//go:build unix && !aix

package results

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// canProbeOwners reports whether ownerAlive can tell a dead owner from a live one.
const canProbeOwners = true

// flock applies how to f's open file description, retrying if a signal
// interrupts it.
func flock(f *os.File, how int) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) {
		for {
			ferr = unix.Flock(int(fd), how)
			if ferr != unix.EINTR {
				return
			}
		}
	}); err != nil {
		return err
	}
	return ferr
}

// lockClaims takes the exclusive lock on root/.claims.lock, waiting for it, and
// returns the function that releases it. Each call opens the file anew, so the
// lock excludes other goroutines of this process as well as other processes.
func lockClaims(root string) (unlock func(), err error) {
	path := filepath.Join(root, claimsLock)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if errors.Is(err, fs.ErrPermission) {
		// A folder this user may only read: flock works on a read-only file, so
		// Partials can still report, and Claim fails later, naming what it writes.
		f, err = os.Open(path)
	}
	if err != nil {
		return nil, fmt.Errorf("results: cannot open claims lock %s: %w", path, unwrapPathError(err))
	}
	if err := flock(f, unix.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("results: cannot lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil // closing drops the lock
}

// holdOwner locks a new owner record for as long as f stays open. Nothing else
// can hold it: the caller created the file under the claims lock.
func holdOwner(f *os.File) error {
	return flock(f, unix.LOCK_EX|unix.LOCK_NB)
}

// ownerAlive reports whether the owner of the partial folder dir, on this host,
// still holds the lock on its record. A flock lock lives exactly as long as the
// process holding it (it is dropped even on SIGKILL), so a lock that can be taken
// belongs to a dead owner, whatever has become of its pid since.
func ownerAlive(dir string) (bool, error) {
	path := filepath.Join(dir, ownerFile)
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("results: cannot probe owner record %s; run left alone: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	err = flock(f, unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("results: cannot probe owner record %s; run left alone: %w", path, err)
	}
	return false, nil // the lock goes with f
}
