package results

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// childEnv makes the test binary, re-executed, claim the run <root>/<id>, print
// "claimed" and block until its stdin closes, standing in for a sweep in another
// process.
const childEnv = "PRESYN_RESULTS_TEST_CLAIM"

func TestMain(m *testing.M) {
	if run := os.Getenv(childEnv); run != "" {
		os.Exit(claimAndBlock(filepath.Dir(run), filepath.Base(run)))
	}
	os.Exit(m.Run())
}

func claimAndBlock(root, id string) int {
	c, err := RunDirs{Root: root}.Claim(id)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("claimed")
	// Block until the parent closes stdin or dies; give up after a minute so that
	// no child outlives a broken test for long.
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	time.Sleep(time.Minute)
	_ = c.Release()
	return 0
}

func hostname(t *testing.T) string {
	t.Helper()
	h, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// writePartial leaves a partial folder for run id with the given owner record (none
// if raw is nil) and a file of results.
func writePartial(t *testing.T, r RunDirs, id string, raw []byte) {
	t.Helper()
	dir := r.partial(id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "metrics.csv"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if raw != nil {
		if err := os.WriteFile(filepath.Join(dir, ownerFile), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func ownerJSON(t *testing.T, o Owner) []byte {
	t.Helper()
	raw, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// readOwnerFile reads the owner record in dir, failing the test if there is none.
func readOwnerFile(t *testing.T, dir string) Owner {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		t.Fatal(err)
	}
	var o Owner
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func names(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, e := range entries {
		s = append(s, e.Name())
	}
	return strings.Join(s, " ")
}

func TestClaimCommit(t *testing.T) {
	runs := RunDirs{Root: filepath.Join(t.TempDir(), "runs")} // Claim creates Root
	before := time.Now().UTC().Truncate(time.Second)
	c, err := runs.Claim("a")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "a" || c.Dir != filepath.Join(runs.Root, ".partial-a") || c.Reclaimed != nil {
		t.Fatalf("claim %+v", c)
	}
	if got := names(t, c.Dir); got != ownerFile {
		t.Fatalf("fresh partial folder holds %q, want only %s", got, ownerFile)
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "metrics.csv"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if runs.Done("a") {
		t.Fatal("a claimed run counts as done")
	}
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if !runs.Done("a") {
		t.Fatal("committed run not done")
	}
	if got := names(t, runs.Final("a")); got != ".owner metrics.csv" {
		t.Fatalf("finished run holds %q, want its results and the owner record", got)
	}
	o := readOwnerFile(t, runs.Final("a"))
	if o.Host != hostname(t) || o.PID != os.Getpid() || o.Started.Before(before) || o.Started.After(time.Now()) {
		t.Fatalf("owner record %+v", o)
	}
	if err := c.Commit(); err == nil {
		t.Fatal("second Commit: want an error")
	}
	if err := c.Release(); err == nil {
		t.Fatal("Release after Commit: want an error")
	}
	if !runs.Done("a") {
		t.Fatal("Release after Commit removed the finished run")
	}
	if _, err := runs.Claim("a"); !errors.Is(err, ErrDone) {
		t.Fatalf("claim of a finished run: got %v, want ErrDone", err)
	}
	if got := names(t, runs.Root); got != ".claims.lock a" {
		t.Fatalf("runs folder holds %q", got)
	}

	// A finished run in the way of Commit: the claim is kept, for Release.
	b, err := runs.Claim("b")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(runs.Final("b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); !errors.Is(err, ErrDone) {
		t.Fatalf("commit onto a finished run: got %v, want ErrDone", err)
	}
	if err := b.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(b.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("released partial folder: %v", err)
	}
}

func TestClaimHeldThenReleased(t *testing.T) {
	runs := RunDirs{Root: t.TempDir()}
	first, err := runs.Claim("a")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(first.Dir, "metrics.csv"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = runs.Claim("a")
	if !errors.Is(err, ErrOwned) {
		t.Fatalf("second claim while held: got %v, want ErrOwned", err)
	}
	want := fmt.Sprintf("results: run a is in progress by pid %d on host %s since ", os.Getpid(), hostname(t))
	if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "left alone") || !strings.Contains(err.Error(), first.Dir) {
		t.Fatalf("error %q, want it to start %q, name the folder and say it is left alone", err, want)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := first.Release(); err == nil {
		t.Fatal("second Release: want an error")
	}
	if err := first.Commit(); err == nil {
		t.Fatal("Commit after Release: want an error")
	}
	second, err := runs.Claim("a")
	if err != nil {
		t.Fatal(err)
	}
	defer second.Release()
	if second.Reclaimed != nil {
		t.Fatalf("claim after Release reclaimed %v", second.Reclaimed)
	}
	if got := names(t, second.Dir); got != ownerFile {
		t.Fatalf("claim after Release: folder holds %q, want it fresh", got)
	}
}

func TestClaimInvalidID(t *testing.T) {
	runs := RunDirs{Root: t.TempDir()}
	for _, id := range []string{"", ".", "..", ".partial-a", "a/b", "../a", `a\b`} {
		if c, err := runs.Claim(id); err == nil || errors.Is(err, ErrOwned) || errors.Is(err, ErrDone) {
			t.Errorf("Claim(%q) = %v, %v; want an invalid-id error", id, c, err)
		}
	}
}

// TestClaimLeftovers covers partial folders that no live claim holds.
func TestClaimLeftovers(t *testing.T) {
	host := hostname(t)
	since := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	// No process has pid 1<<30 (Linux allows at most 1<<22); nor does it matter: the
	// record is not locked, which is what marks its owner dead.
	dead := Owner{Host: host, PID: 1 << 30, Started: since}
	remote := Owner{Host: "elsewhere.invalid", PID: 1234, Started: since}
	tests := []struct {
		name      string
		setup     func(t *testing.T, r RunDirs)
		owned     bool   // Claim refuses with ErrOwned and leaves the folder as it was
		reclaimed *Owner // else, what Claim reports having taken over
	}{
		{
			name:      "legacy folder without owner record",
			setup:     func(t *testing.T, r RunDirs) { writePartial(t, r, "x", nil) },
			reclaimed: &Owner{},
		},
		{
			name:      "corrupt owner record",
			setup:     func(t *testing.T, r RunDirs) { writePartial(t, r, "x", []byte(`{"host": "`)) },
			reclaimed: &Owner{},
		},
		{
			name:      "owner record without pid",
			setup:     func(t *testing.T, r RunDirs) { writePartial(t, r, "x", []byte(`{"host": "h"}`)) },
			reclaimed: &Owner{},
		},
		{
			name: "partial is a file",
			setup: func(t *testing.T, r RunDirs) {
				if err := os.WriteFile(r.partial("x"), []byte("?"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			reclaimed: &Owner{},
		},
		{
			// A claim killed before its folder got its name: the next claim on
			// this host removes the temporary folder and starts afresh.
			name: "killed while claiming",
			setup: func(t *testing.T, r RunDirs) {
				tmp := filepath.Join(r.Root, fmt.Sprintf("%sx-%s-%d", claimingPrefix, host, 1<<30))
				if err := os.MkdirAll(tmp, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(tmp, ownerFile), ownerJSON(t, dead), 0o644); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name:  "owner on another host",
			setup: func(t *testing.T, r RunDirs) { writePartial(t, r, "x", ownerJSON(t, remote)) },
			owned: true,
		},
		{
			name:      "dead owner on this host",
			setup:     func(t *testing.T, r RunDirs) { writePartial(t, r, "x", ownerJSON(t, dead)) },
			owned:     !canProbeOwners, // without flock, owners with a record are kept
			reclaimed: &dead,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := RunDirs{Root: t.TempDir()}
			tt.setup(t, runs)
			var before []byte
			if tt.owned {
				before, _ = os.ReadFile(filepath.Join(runs.partial("x"), ownerFile))
			}
			c, err := runs.Claim("x")
			if tt.owned {
				if !errors.Is(err, ErrOwned) {
					t.Fatalf("got %v, want ErrOwned", err)
				}
				if got := names(t, runs.partial("x")); got != ".owner metrics.csv" {
					t.Fatalf("refused folder now holds %q", got)
				}
				after, _ := os.ReadFile(filepath.Join(runs.partial("x"), ownerFile))
				if string(after) != string(before) {
					t.Fatalf("owner record changed from %s to %s", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Release()
			if (c.Reclaimed == nil) != (tt.reclaimed == nil) || c.Reclaimed != nil && *c.Reclaimed != *tt.reclaimed {
				t.Fatalf("Reclaimed = %v, want %v", c.Reclaimed, tt.reclaimed)
			}
			if got := names(t, runs.Root); got != ".claims.lock .partial-x" {
				t.Fatalf("the runs folder holds %q", got)
			}
			if got := names(t, c.Dir); got != ownerFile {
				t.Fatalf("reclaimed folder holds %q, want it fresh", got)
			}
			if o := readOwnerFile(t, c.Dir); o.PID != os.Getpid() {
				t.Fatalf("reclaimed folder has owner %v", o)
			}
		})
	}
}

// startClaimer starts a child process that claims root/id and blocks until killed,
// returning once it has claimed.
func startClaimer(t *testing.T, root, id string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+filepath.Join(root, id))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe() // closed when the test ends, so the child exits
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "claimed\n" {
		t.Fatalf("child said %q (%v), want claimed", line, err)
	}
	return cmd
}

func TestClaimOwnerKilled(t *testing.T) {
	if !canProbeOwners {
		t.Skip("no flock: a dead owner cannot be told from a live one")
	}
	runs := RunDirs{Root: t.TempDir()}
	child := startClaimer(t, runs.Root, "a")
	pid := child.Process.Pid

	_, err := runs.Claim("a")
	if !errors.Is(err, ErrOwned) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d ", pid)) {
		t.Fatalf("claim while the child lives: got %v, want ErrOwned naming pid %d", err, pid)
	}
	parts, err := runs.Partials()
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].Owner == nil || parts[0].Owner.PID != pid || !parts[0].Alive || parts[0].Remote {
		t.Fatalf("Partials while the child lives: %+v", parts)
	}

	if err := child.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
		t.Fatal(err)
	}
	child.Wait()
	parts, err = runs.Partials()
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].Alive {
		t.Fatalf("Partials after the child died: %+v", parts)
	}
	c, err := runs.Claim("a")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if c.Reclaimed == nil || c.Reclaimed.PID != pid || c.Reclaimed.Host != hostname(t) {
		t.Fatalf("Reclaimed = %v, want the child, pid %d", c.Reclaimed, pid)
	}
}

// TestClaimRace has goroutines race for the same runs: each is claimed once. The
// winner commits even runs (the losers then find them done) and holds odd ones
// (the losers find them owned).
func TestClaimRace(t *testing.T) {
	const workers, ids = 8, 20
	runs := RunDirs{Root: t.TempDir()}
	var (
		mu     sync.Mutex
		wins   [ids]int
		held   []*Claim
		start  = make(chan struct{})
		finish sync.WaitGroup
	)
	for w := range workers {
		finish.Add(1)
		go func() {
			defer finish.Done()
			<-start
			for k := range ids {
				i := (k + w*7) % ids // each worker starts elsewhere, meeting the others
				c, err := runs.Claim(fmt.Sprint("run-", i))
				if errors.Is(err, ErrOwned) || errors.Is(err, ErrDone) {
					continue
				}
				if err != nil {
					t.Error(err)
					continue
				}
				mu.Lock()
				wins[i]++
				mu.Unlock()
				if i%2 == 0 {
					if err := c.Commit(); err != nil {
						t.Error(err)
					}
					continue
				}
				mu.Lock()
				held = append(held, c)
				mu.Unlock()
			}
		}()
	}
	close(start)
	finish.Wait()
	for i, n := range wins {
		if n != 1 {
			t.Errorf("run-%d claimed %d times, want once", i, n)
		}
	}
	for _, c := range held {
		if err := c.Release(); err != nil {
			t.Error(err)
		}
	}
}

func TestPartials(t *testing.T) {
	missing := RunDirs{Root: filepath.Join(t.TempDir(), "none")}
	if parts, err := missing.Partials(); err != nil || parts != nil {
		t.Fatalf("Partials of a missing folder: %v, %v", parts, err)
	}

	host := hostname(t)
	since := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	dead := Owner{Host: host, PID: 1 << 30, Started: since}
	remote := Owner{Host: "elsewhere.invalid", PID: 1234, Started: since}
	runs := RunDirs{Root: t.TempDir()}
	live, err := runs.Claim("live")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Release()
	done, err := runs.Claim("done")
	if err != nil {
		t.Fatal(err)
	}
	if err := done.Commit(); err != nil {
		t.Fatal(err)
	}
	writePartial(t, runs, "dead", ownerJSON(t, dead))
	writePartial(t, runs, "far", ownerJSON(t, remote))
	writePartial(t, runs, "old", nil)

	liveOwner := readOwnerFile(t, live.Dir)
	want := []PartialRun{ // sorted by id; "done" is finished, not partial
		{ID: "dead", Owner: &dead, Alive: !canProbeOwners},
		{ID: "far", Owner: &remote, Remote: true},
		{ID: "live", Owner: &liveOwner, Alive: true},
		{ID: "old"},
	}
	got, err := runs.Partials()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("Partials = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Alive != w.Alive || g.Remote != w.Remote || (g.Owner == nil) != (w.Owner == nil) || (g.Owner != nil && *g.Owner != *w.Owner) {
			t.Errorf("Partials[%d] = %+v (owner %v), want %+v (owner %v)", i, g, g.Owner, w, w.Owner)
		}
	}
}

func TestOwnerString(t *testing.T) {
	tests := []struct {
		owner Owner
		want  string
	}{
		{Owner{Host: "hpc-17", PID: 1234, Started: time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)}, "pid 1234 on host hpc-17 since 2026-11-27T14:00:00Z"},
		{Owner{}, "an unknown process (no owner record)"},
	}
	for _, tt := range tests {
		if got := tt.owner.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.owner, got, tt.want)
		}
	}
}
