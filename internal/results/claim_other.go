//go:build !unix || aix

package results

import (
	"os"
	"sync"
)

// Without flock, a live owner cannot be told from a dead one: a partial folder
// with an owner record is never taken over (delete it by hand once its process is
// gone), only one without a record. Claims are serialised within this process by
// a mutex; across processes, the partial folder's creation (os.Mkdir) is the only
// arbiter.

// canProbeOwners reports whether ownerAlive can tell a dead owner from a live one.
const canProbeOwners = false

var claimsMu sync.Mutex

// lockClaims serialises claims within this process.
func lockClaims(string) (unlock func(), err error) {
	claimsMu.Lock()
	return claimsMu.Unlock, nil
}

// holdOwner does nothing: there is no lock to hold.
func holdOwner(*os.File) error { return nil }

// ownerAlive presumes every owner with a record alive.
func ownerAlive(string) (bool, error) { return true, nil }
