package study

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
)

// Job is one unfinished run of a study, to run in a queue shared with other
// studies' runs (RunQueue): presyn paper puts the whole paper's runs on one
// pool of workers, so that no core idles at the end of one study while the next
// waits.
type Job struct {
	Study string // the study's name
	Dir   string // its results folder
	Run   Run
	exec  func(ctx context.Context, done func(string), warn io.Writer) (bool, error)
}

// ID names the job in messages: folder and run.
func (j Job) ID() string { return j.Dir + ": " + j.Run.ID }

// jobs prepares dir for s and returns its unfinished runs of shard as jobs.
func jobs[R any](s Study[R], dir string, shard Shard) ([]Job, error) {
	runs, err := Prepare(s, dir)
	if err != nil {
		return nil, err
	}
	dirs := runDirs(dir)
	var out []Job
	for _, r := range runs {
		if !shard.Has(r.ID) || dirs.Done(r.ID) {
			continue
		}
		r := r
		out = append(out, Job{Study: s.Name(), Dir: dir, Run: r,
			exec: func(ctx context.Context, done func(string), warn io.Writer) (bool, error) {
				return executeRun(ctx, s, dirs, r, done, warn)
			}})
	}
	return out, nil
}

// QueueOutcome is what RunQueue did, each list naming jobs by Job.ID.
type QueueOutcome struct {
	Ran     int
	Busy    []string // left to other live processes that own them
	Waiting []string // never ready: what they need did not finish
	Failed  []string // with their errors
}

// RunQueue runs jobs on workers goroutines (one per core when workers < 1),
// starting them in the order given (presyn paper gives the longest first). A
// job whose run is not ready (ErrNotReady: it needs another job's result, as an
// importance analysis needs its trained network) goes back to wait and is
// tried again after the next job finishes; it is given up only when nothing
// else is left to run. done is called after each job that ran with its index
// and progress line. A failed job does not stop the others. Cancelling ctx
// stops handing out jobs and returns ctx's error; the finished runs are kept.
func RunQueue(ctx context.Context, jobs []Job, workers int, done func(i int, msg string), warn io.Writer) (QueueOutcome, error) {
	if workers < 1 {
		workers = runtime.NumCPU()
	}
	type result struct {
		i   int
		ran bool
		err error
	}
	var (
		out     QueueOutcome
		mu      sync.Mutex // guards done's calls
		results = make(chan result)
		pending = make([]int, len(jobs))
		waiting []int
		running int
	)
	for i := range pending {
		pending[i] = i
	}
	start := func(i int) {
		running++
		go func() {
			ran, err := jobs[i].exec(ctx, func(msg string) {
				mu.Lock()
				defer mu.Unlock()
				if done != nil {
					done(i, msg)
				}
			}, warn)
			results <- result{i, ran, err}
		}()
	}
	for {
		for running < workers && len(pending) > 0 && ctx.Err() == nil {
			start(pending[0])
			pending = pending[1:]
		}
		if running == 0 {
			break
		}
		r := <-results
		running--
		switch {
		case errors.Is(r.err, ErrNotReady):
			if warn != nil {
				fmt.Fprintf(warn, "%s: run %s waits: %v\n", jobs[r.i].Study, jobs[r.i].Run.ID, r.err)
			}
			waiting = append(waiting, r.i)
			continue // not a finish: what it waits for has not changed
		case r.err != nil && ctx.Err() != nil:
		case r.err != nil:
			out.Failed = append(out.Failed, fmt.Sprintf("%s (%v)", jobs[r.i].ID(), r.err))
		case r.ran:
			out.Ran++
		default:
			out.Busy = append(out.Busy, jobs[r.i].ID())
		}
		// Something finished: what waited may be ready now, ahead of the rest.
		pending, waiting = append(waiting, pending...), nil
	}
	if err := ctx.Err(); err != nil {
		return out, fmt.Errorf("stopped (%w); finished runs are kept, run the same command to resume", err)
	}
	for _, i := range waiting {
		out.Waiting = append(out.Waiting, jobs[i].ID())
	}
	if len(out.Failed) > 0 {
		return out, fmt.Errorf("%d of %d runs failed: %s", len(out.Failed), len(jobs), strings.Join(out.Failed, "; "))
	}
	return out, nil
}
