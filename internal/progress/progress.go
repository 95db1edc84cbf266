// Package progress prints one line per finished unit of long work (an epoch, a run
// of a sweep) with the elapsed time and an estimate of the time left. Lines, not a
// redrawn bar: they read the same in a terminal, a log file and CI.
package progress

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Reporter counts finished units of work out of a known total. A nil *Reporter or
// one with a nil writer reports nothing, so callers need not check. It is safe for
// concurrent use.
type Reporter struct {
	w     io.Writer
	label string
	total int
	done  int
	// work and doneWork weigh the units by their predicted cost (NewWeighted);
	// work is 0 when every unit counts the same.
	work, doneWork float64
	start          time.Time
	now            func() time.Time
	mu             sync.Mutex
}

// New returns a reporter for total units, printing to w (nil: silent).
func New(w io.Writer, label string, total int) *Reporter {
	return &Reporter{w: w, label: label, total: total, start: time.Now(), now: time.Now}
}

// NewWeighted returns a reporter for total units of work weighing work in all
// (predicted seconds, say), whose ETA counts the work done rather than the
// units: the runs of a whole paper differ in length a hundredfold.
func NewWeighted(w io.Writer, label string, total int, work float64) *Reporter {
	r := New(w, label, total)
	r.work = work
	return r
}

// Done records n more finished units and prints a line with msg, the count, the
// elapsed time and the ETA.
func (r *Reporter) Done(n int, msg string) { r.DoneWork(n, 0, msg) }

// DoneWork is Done for units weighing work (see NewWeighted).
func (r *Reporter) DoneWork(n int, work float64, msg string) {
	if r == nil || r.w == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done += n
	r.doneWork += work
	elapsed := r.now().Sub(r.start)
	eta := ETA(elapsed, r.done, r.total)
	if r.work > 0 && r.done < r.total {
		eta = WorkETA(elapsed, r.doneWork, r.work)
	}
	share := ""
	if r.work > 0 {
		share = fmt.Sprintf(" (%.0f%% of the work)", 100*min(r.doneWork/r.work, 1))
	}
	fmt.Fprintf(r.w, "%s [%d/%d] %s  elapsed %s, ETA %s%s\n", r.label, r.done, r.total, msg, Round(elapsed), eta, share)
}

// WorkETA estimates the time left after done of total work took elapsed.
func WorkETA(elapsed time.Duration, done, total float64) string {
	if done <= 0 {
		return "unknown"
	}
	if done >= total {
		return "0s"
	}
	return Round(time.Duration(float64(elapsed) / done * (total - done))).String()
}

// ETA estimates the time left after done of total units took elapsed.
func ETA(elapsed time.Duration, done, total int) string {
	if done <= 0 {
		return "unknown"
	}
	if done >= total {
		return "0s"
	}
	left := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
	return Round(left).String()
}

// Round rounds a duration for display: to seconds above a minute, else to 0.1 s.
func Round(d time.Duration) time.Duration {
	if d >= time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(100 * time.Millisecond)
}
