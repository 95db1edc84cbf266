package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// RunDirs is a folder of finished runs, one sub-folder each. A run is built in a
// partial folder, Root/.partial-<id>, and renamed to Root/<id> when it is complete,
// so a folder under its final name is always a finished run and a sweep killed
// half-way resumes with only the unfinished runs.
//
// Several processes may share Root (cluster shards, or two shards on one machine).
// A process takes a run with Claim, which leaves an owner record in the partial
// folder and holds a lock on it until Commit or Release. A partial folder is taken
// over only when its owner is known to be dead: a process on this host that no
// longer holds its lock, or a folder without a readable owner record (one left by a
// presyn older than claims, or killed while claiming). A run owned by another host
// is never touched, since its owner cannot be probed from here: delete its partial
// folder by hand once that process is known to be gone.
//
// All decisions are made while holding a lock on Root/.claims.lock, so two claims
// of one run never both succeed, across processes or goroutines. Across hosts this
// relies on the file system honouring flock (NFS does; Lustre needs -o flock).
type RunDirs struct{ Root string }

// Final is the folder of a finished run.
func (r RunDirs) Final(id string) string { return filepath.Join(r.Root, id) }

// Done reports whether the run id has finished.
func (r RunDirs) Done(id string) bool {
	info, err := os.Stat(r.Final(id))
	return err == nil && info.IsDir()
}

const (
	partialPrefix  = ".partial-"
	claimingPrefix = ".claiming-" // a partial folder while its owner record is written
	ownerFile      = ".owner"
	claimsLock     = ".claims.lock"
)

// partial is the folder run id is built in.
func (r RunDirs) partial(id string) string { return filepath.Join(r.Root, partialPrefix+id) }

// ErrDone is wrapped by Claim's error when the run has already finished, and by
// Commit's when a finished run is in the way.
var ErrDone = errors.New("run already finished")

// ErrOwned is wrapped by Claim's error when another live process owns the run.
var ErrOwned = errors.New("run in progress elsewhere")

// Owner is the record a claim leaves in its partial folder, in the file .owner. It
// stays in the run's folder after Commit, saying which process built it.
type Owner struct {
	Host    string    `json:"host"`
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
}

// String says who the owner is, e.g. "pid 1234 on host hpc-17 since
// 2026-11-27T14:00:00Z". The zero Owner, which Claim reports for a partial folder
// without a readable record, is "an unknown process (no owner record)".
func (o Owner) String() string {
	if o == (Owner{}) {
		return "an unknown process (no owner record)"
	}
	return fmt.Sprintf("pid %d on host %s since %s", o.PID, o.Host, o.Started.Format(time.RFC3339))
}

// A Claim is a run this process is building in Dir (Root/.partial-<id>). The
// claim holds a lock that marks this process as alive to other claimants until
// Commit or Release; a Claim dropped without either loses its lock when the process
// exits (or when the garbage collector closes its file), and the run is then taken
// over by the next Claim on this host. A Claim is not for use by several goroutines
// at once, though a second Commit or Release only returns an error.
type Claim struct {
	ID  string
	Dir string
	// Reclaimed is non-nil when Claim took over a partial folder left by a dead
	// process, and says whose it was: the zero Owner when the folder had no
	// readable owner record (left by an older presyn, or by a process killed while
	// claiming).
	Reclaimed *Owner

	dirs RunDirs
	mu   sync.Mutex
	lock *os.File // the owner file, locked; nil once committed or released
	done string   // "committed" or "released", for the error of a second call
}

// PartialRun is a run in progress, or left behind, as Partials finds it.
type PartialRun struct {
	ID    string
	Owner *Owner // nil when the folder has no readable owner record
	// Alive is true when the owner runs on this host and holds its lock. It is
	// false for a dead owner, a missing record and a remote owner.
	Alive bool
	// Remote is true when the owner runs on another host, whose liveness cannot
	// be probed from here.
	Remote bool
}

// thisHost is the host name owner records are compared against.
var thisHost = sync.OnceValues(func() (string, error) {
	h, err := os.Hostname()
	if err == nil && h == "" {
		err = errors.New("empty host name")
	}
	if err != nil {
		return "", fmt.Errorf("results: cannot name this host for the run owner record: %w", err)
	}
	return h, nil
})

// checkID returns an error for an id that is not a single plain folder name.
func checkID(id string) error {
	if id == "" || id == "." || id == ".." || strings.HasPrefix(id, ".") || strings.ContainsAny(id, `/\`) || filepath.Base(id) != id {
		return fmt.Errorf("results: invalid run id %q: want a plain folder name not starting with a dot", id)
	}
	return nil
}

// Claim takes run id for this process, creating Root if needed. It returns the
// Claim of a fresh, empty partial folder holding this process's owner record, or
// an error wrapping ErrDone if the run has finished, or ErrOwned if a live process
// (or any process on another host) owns it. A partial folder whose owner is dead
// is removed and started afresh; Claim.Reclaimed then names the dead owner.
func (r RunDirs) Claim(id string) (*Claim, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	host, err := thisHost()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(r.Root, 0o755); err != nil {
		return nil, fmt.Errorf("results: cannot create runs folder %s: %w", r.Root, unwrapPathError(err))
	}
	unlock, err := lockClaims(r.Root)
	if err != nil {
		return nil, err
	}
	defer unlock()

	final := r.Final(id)
	if info, err := os.Lstat(final); err == nil {
		if !info.IsDir() {
			return nil, fmt.Errorf("results: %s is in the way of run %s: not a folder", final, id)
		}
		return nil, fmt.Errorf("results: %s: %w", final, ErrDone)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("results: %w", err)
	}

	dir := r.partial(id)
	var reclaimed *Owner
	if info, err := os.Lstat(dir); err == nil {
		var owner *Owner
		if info.IsDir() {
			if owner, err = readOwner(dir); err != nil {
				return nil, err
			}
		}
		switch {
		case owner == nil:
			reclaimed = &Owner{}
		case owner.Host != host:
			return nil, ownedError(id, dir, *owner)
		default:
			alive, err := ownerAlive(dir)
			if err != nil {
				return nil, err
			}
			if alive {
				return nil, ownedError(id, dir, *owner)
			}
			reclaimed = owner
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("results: cannot remove %s, left by %s: %w", dir, reclaimed, unwrapPathError(err))
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("results: %w", err)
	}

	lock, err := create(dir, Owner{Host: host, PID: os.Getpid(), Started: time.Now().UTC().Truncate(time.Second)})
	if err != nil {
		return nil, err
	}
	return &Claim{ID: id, Dir: dir, Reclaimed: reclaimed, dirs: r, lock: lock}, nil
}

// create makes the partial folder dir with owner's record and returns the record's
// file, locked. The folder appears with its record already in it and locked: it
// is built under a temporary name and renamed, so a process killed while claiming
// never leaves a partial folder without an owner (only, at worst, a temporary
// folder, which the next claim of the run on this host removes). The caller holds
// the claims lock.
func create(dir string, owner Owner) (*os.File, error) {
	tmp := fmt.Sprintf("%s%s-%s-%d", claimingPrefix, strings.TrimPrefix(filepath.Base(dir), partialPrefix), owner.Host, owner.PID)
	tmp = filepath.Join(filepath.Dir(dir), tmp)
	if err := removeStaleClaiming(dir, owner.Host); err != nil {
		return nil, err
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("results: cannot create %s: %w", tmp, unwrapPathError(err))
	}
	path := filepath.Join(tmp, ownerFile)
	if err := WriteJSONAtomic(path, owner); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	f, err := os.Open(path)
	if err == nil {
		err = holdOwner(f)
		if err != nil {
			f.Close()
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("results: cannot lock %s: %w", path, unwrapPathError(err))
	}
	// Rename never replaces a folder with a record in it: should the claims lock
	// not hold (a file system that ignores flock), two claimants still cannot
	// both own the run.
	if err := os.Rename(tmp, dir); err != nil {
		f.Close()
		os.RemoveAll(tmp)
		if errors.Is(err, fs.ErrExist) || errors.Is(err, syscall.ENOTEMPTY) {
			return nil, fmt.Errorf("results: %s appeared while claiming it: %w", dir, ErrOwned)
		}
		return nil, fmt.Errorf("results: cannot create %s: %w", dir, unwrapPathError(err))
	}
	return f, nil
}

// removeStaleClaiming removes the temporary folders of earlier claims of the
// run in dir made on this host: the caller holds the claims lock, so no process
// of this host is claiming the run, and a folder left is a killed claim's.
func removeStaleClaiming(dir, host string) error {
	prefix := claimingPrefix + strings.TrimPrefix(filepath.Base(dir), partialPrefix) + "-" + host + "-"
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	for _, e := range entries {
		if rest, ok := strings.CutPrefix(e.Name(), prefix); ok && !strings.Contains(rest, "-") {
			if err := os.RemoveAll(filepath.Join(filepath.Dir(dir), e.Name())); err != nil {
				return fmt.Errorf("results: cannot remove %s, left by a killed claim: %w", e.Name(), unwrapPathError(err))
			}
		}
	}
	return nil
}

// readOwner reads the owner record in dir. It returns nil, and no error, when the
// record is missing or is not one (empty, truncated, or missing host or pid): such
// a folder is stale. Other errors (a record that cannot be read) leave the folder
// alone.
func readOwner(dir string) (*Owner, error) {
	path := filepath.Join(dir, ownerFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("results: cannot read owner record %s; run left alone: %w", path, unwrapPathError(err))
	}
	var o Owner
	if err := json.Unmarshal(raw, &o); err != nil || o.Host == "" || o.PID <= 0 {
		return nil, nil
	}
	return &o, nil
}

func ownedError(id, dir string, o Owner) error {
	return fmt.Errorf("results: run %s is in progress by %s; left alone (%s): %w", id, o, dir, ErrOwned)
}

// Commit moves the finished run from Dir to its final folder, keeping the owner
// record inside it, and releases the claim. It fails, keeping the claim, if the
// final folder already exists (an error wrapping ErrDone); Release then gives the
// run up. Commit after Commit or Release returns an error.
func (c *Claim) Commit() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lock == nil {
		return fmt.Errorf("results: commit run %s (%s): claim already %s", c.ID, c.Dir, c.done)
	}
	unlock, err := lockClaims(c.dirs.Root)
	if err != nil {
		return err
	}
	defer unlock()
	final := c.dirs.Final(c.ID)
	// Rename replaces an empty folder, so look first, under the claims lock.
	if _, err := os.Lstat(final); err == nil {
		return fmt.Errorf("results: commit run %s: %s: %w", c.ID, final, ErrDone)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("results: commit run %s: %w", c.ID, err)
	}
	if err := os.Rename(c.Dir, final); err != nil {
		return fmt.Errorf("results: commit run %s: %w", c.ID, err)
	}
	c.close("committed")
	return nil
}

// Release gives the run up: it removes Dir and everything in it and releases the
// claim, for a run that failed. Release after Commit or Release returns an error.
func (c *Claim) Release() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lock == nil {
		return fmt.Errorf("results: release run %s (%s): claim already %s", c.ID, c.Dir, c.done)
	}
	unlock, err := lockClaims(c.dirs.Root)
	if err != nil {
		return err
	}
	defer unlock()
	// Remove while still locked, so that no claimant sees a half-removed folder
	// without its owner record and starts over in it.
	if err := os.RemoveAll(c.Dir); err != nil {
		return fmt.Errorf("results: release run %s: cannot remove %s: %w", c.ID, c.Dir, unwrapPathError(err))
	}
	c.close("released")
	return nil
}

// close drops the owner lock. The file is read-only, so closing it loses nothing.
func (c *Claim) close(how string) {
	c.lock.Close()
	c.lock = nil
	c.done = how
}

// Partials lists the partial folders in Root, sorted by run id, with their owner
// records and whether the owners are alive, so that a command can say which runs
// are in progress where. A missing Root holds none.
func (r RunDirs) Partials() ([]PartialRun, error) {
	if _, err := os.Stat(r.Root); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	host, err := thisHost()
	if err != nil {
		return nil, err
	}
	// Probe under the claims lock: a claim in progress is then not mistaken for a
	// dead one, and two probes of one owner never see each other's lock.
	unlock, err := lockClaims(r.Root)
	if err != nil {
		return nil, err
	}
	defer unlock()
	entries, err := os.ReadDir(r.Root)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	var runs []PartialRun
	for _, e := range entries {
		id, ok := strings.CutPrefix(e.Name(), partialPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		dir := filepath.Join(r.Root, e.Name())
		owner, err := readOwner(dir)
		if err != nil {
			return nil, err
		}
		p := PartialRun{ID: id, Owner: owner}
		switch {
		case owner == nil:
		case owner.Host != host:
			p.Remote = true
		default:
			if p.Alive, err = ownerAlive(dir); err != nil {
				return nil, err
			}
		}
		runs = append(runs, p)
	}
	return runs, nil
}
